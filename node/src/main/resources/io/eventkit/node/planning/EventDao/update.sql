UPDATE event
SET name = :e.name, client_name = :e.clientName, venue = :e.venue, time_zone = :e.timeZone,
    period = tstzrange(:e.start, :e.end, '[)'), priority = :e.priority, notes = :e.notes,
    updated_at = :e.updatedAt, client_company_id = :e.clientCompanyId,
    client_contact_id = :e.clientContactId
WHERE tenant_id = :tenant AND id = :e.id
