UPDATE crew_assignment
SET function = :a.function, call = tstzrange(:a.callStart, :a.callEnd, '[)'),
    currency = :a.currency, rate_minor = :a.rateMinor, rate_unit = :a.rateUnit,
    required_skills = :a.requiredSkills, status = :a.status,
    overridden_conflicts = CAST(:a.overridden AS jsonb), override_reason = :a.overrideReason,
    decline_reason = :a.declineReason, notes = :a.notes, responded_at = :a.respondedAt,
    updated_at = :a.updatedAt
WHERE tenant_id = :tenant AND id = :a.id
