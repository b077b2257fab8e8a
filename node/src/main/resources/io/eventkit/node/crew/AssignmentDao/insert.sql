INSERT INTO crew_assignment (id, tenant_id, event_id, crew_member_id, function, call, currency,
                             rate_minor, rate_unit, required_skills, status, overridden_conflicts,
                             override_reason, decline_reason, notes, responded_at, created_at,
                             updated_at)
VALUES (:a.id, :tenant, :a.eventId, :a.crewMemberId, :a.function,
        tstzrange(:a.callStart, :a.callEnd, '[)'), :a.currency, :a.rateMinor, :a.rateUnit,
        :a.requiredSkills, :a.status, CAST(:a.overridden AS jsonb), :a.overrideReason,
        :a.declineReason, :a.notes, :a.respondedAt, :a.createdAt, :a.updatedAt)
