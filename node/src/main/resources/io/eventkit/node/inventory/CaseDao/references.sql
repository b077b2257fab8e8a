SELECT (SELECT count(*) FROM case_asset WHERE case_id = :id)                  AS assets,
       (SELECT count(*) FROM case_bulk WHERE case_id = :id)                   AS bulk_products,
       (SELECT count(*) FROM case_container WHERE parent_case_id = :id)       AS child_cases,
       (SELECT count(*) FROM booking_line WHERE case_id = :id)                AS booking_lines,
       (SELECT count(DISTINCT event_id) FROM booking_line WHERE case_id = :id) AS events,
       (SELECT e.name FROM booking_line b JOIN event e ON e.id = b.event_id
         WHERE b.case_id = :id ORDER BY e.name LIMIT 1)                        AS an_event_name
