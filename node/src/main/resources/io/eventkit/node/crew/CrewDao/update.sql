UPDATE crew_member
SET name = :m.name, email = :m.email, phone = :m.phone, employment = :m.employment,
    currency = :m.currency, day_rate_minor = :m.dayRateMinor, hour_rate_minor = :m.hourRateMinor,
    user_id = :m.userId, notes = :m.notes, archived = :m.archived, updated_at = :m.updatedAt
WHERE tenant_id = :tenant AND id = :m.id
