INSERT INTO booking_line (tenant_id, id, event_id, parent_line_id, product_id, asset_id, case_id, quantity,
                          period, hold_period, event_status, holds, priority, created_at)
VALUES (:tenant, :l.id, :l.eventId, :l.parentLineId, :l.productId, :l.assetId, :l.caseId, :l.quantity,
        tstzrange(:l.start, :l.end, '[)'), tstzrange(:l.holdStart, :l.holdEnd, '[)'),
        :l.eventStatus, :l.holds, :l.priority, :l.createdAt)
