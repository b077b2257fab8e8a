UPDATE booking_line
SET quantity = :l.quantity, period = tstzrange(:l.start, :l.end, '[)'),
    hold_period = tstzrange(:l.holdStart, :l.holdEnd, '[)'), priority = :l.priority
WHERE tenant_id = :tenant AND id = :l.id
