SELECT 'event ''' || e.name || ''' (' || e.id || ') from ' || lower(b.hold_period) || ' to '
       || upper(b.hold_period)
FROM booking_line b JOIN event e ON e.id = b.event_id
WHERE b.asset_id = :assetId AND b.holds AND b.hold_period && tstzrange(:start, :end, '[)')
LIMIT 1
