SELECT (SELECT count(*) FROM booking_line WHERE product_id = :id)        AS booking_lines,
       (SELECT count(*) FROM asset WHERE product_id = :id)               AS assets,
       (SELECT count(*) FROM stock_adjustment WHERE product_id = :id)    AS stock_adjustments,
       (SELECT e.name FROM booking_line b JOIN event e ON e.id = b.event_id
         WHERE b.product_id = :id LIMIT 1)                              AS an_event_name
