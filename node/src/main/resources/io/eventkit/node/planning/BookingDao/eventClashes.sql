-- Lines of this event whose asset or case is already held by another event in an overlapping
-- period (checked before the event starts holding stock, for a precise error).
SELECT coalesce('asset ' || a.barcode, 'case ' || c.barcode) || ' is already booked by event '''
       || oe.name || ''' (' || oe.id || ') from ' || lower(o.hold_period) || ' to '
       || upper(o.hold_period)
FROM booking_line b
JOIN booking_line o ON o.holds AND o.event_id <> b.event_id
                   AND o.hold_period && b.hold_period
                   AND (o.asset_id = b.asset_id OR o.case_id = b.case_id)
JOIN event oe ON oe.id = o.event_id
LEFT JOIN asset a ON a.id = b.asset_id
LEFT JOIN case_container c ON c.id = b.case_id
WHERE b.event_id = :eventId AND (b.asset_id IS NOT NULL OR b.case_id IS NOT NULL)
LIMIT 5
