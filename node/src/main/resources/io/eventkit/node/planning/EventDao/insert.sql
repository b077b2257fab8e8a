INSERT INTO event (tenant_id, id, name, client_name, venue, time_zone, period, status, priority, notes,
                   created_at, updated_at, client_company_id, client_contact_id)
VALUES (:tenant, :e.id, :e.name, :e.clientName, :e.venue, :e.timeZone, tstzrange(:e.start, :e.end, '[)'),
        :e.status, :e.priority, :e.notes, :e.createdAt, :e.updatedAt, :e.clientCompanyId,
        :e.clientContactId)
