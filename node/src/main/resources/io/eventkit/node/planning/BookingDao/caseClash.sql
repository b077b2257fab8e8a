SELECT 'case ' || c.barcode || ' is already booked by event ''' || e.name || ''' (' || e.id
       || ') from ' || lower(b.hold_period) || ' to ' || upper(b.hold_period)
FROM booking_line b
JOIN event e ON e.id = b.event_id
JOIN case_container c ON c.id = b.case_id
WHERE b.case_id = ANY(:caseIds) AND b.holds AND b.hold_period && tstzrange(:start, :end, '[)')
LIMIT 1
