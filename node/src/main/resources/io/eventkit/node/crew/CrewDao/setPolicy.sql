INSERT INTO crew_policy (tenant_id, min_rest_minutes, double_booked, missing_skill,
                         qualification_expired, insufficient_rest, unavailable, updated_at)
VALUES (:tenant, :p.minRestMinutes, :p.doubleBooked, :p.missingSkill, :p.qualificationExpired,
        :p.insufficientRest, :p.unavailable, :at)
ON CONFLICT (tenant_id) DO UPDATE
SET min_rest_minutes = excluded.min_rest_minutes, double_booked = excluded.double_booked,
    missing_skill = excluded.missing_skill, qualification_expired = excluded.qualification_expired,
    insufficient_rest = excluded.insufficient_rest, unavailable = excluded.unavailable,
    updated_at = excluded.updated_at
