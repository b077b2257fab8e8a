UPDATE crm_deal
SET title = :d.title, contact_id = :d.contactId, stage_id = :d.stageId,
    value_currency = :d.currency, value_minor = :d.minor, probability = :d.probability,
    expected_close = :d.expectedClose, owner_user_id = :d.ownerUserId,
    lost_reason = :d.lostReason, notes = :d.notes, closed_at = :d.closedAt,
    updated_at = :d.updatedAt
WHERE tenant_id = :tenant AND id = :d.id
