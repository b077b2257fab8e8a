INSERT INTO crm_deal (tenant_id, id, title, company_id, contact_id, stage_id, value_currency,
                      value_minor, probability, expected_close, owner_user_id, lost_reason, notes,
                      closed_at, created_at, updated_at)
VALUES (:tenant, :d.id, :d.title, :d.companyId, :d.contactId, :d.stageId, :d.currency, :d.minor,
        :d.probability, :d.expectedClose, :d.ownerUserId, :d.lostReason, :d.notes, :d.closedAt,
        :d.createdAt, :d.updatedAt)
