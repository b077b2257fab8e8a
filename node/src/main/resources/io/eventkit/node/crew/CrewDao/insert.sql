INSERT INTO crew_member (tenant_id, id, name, email, phone, employment, currency, day_rate_minor,
                         hour_rate_minor, user_id, notes, archived, created_at, updated_at)
VALUES (:tenant, :m.id, :m.name, :m.email, :m.phone, :m.employment, :m.currency, :m.dayRateMinor,
        :m.hourRateMinor, :m.userId, :m.notes, :m.archived, :m.createdAt, :m.updatedAt)
