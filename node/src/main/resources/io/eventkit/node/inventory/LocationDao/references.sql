SELECT (SELECT count(*) FROM location WHERE parent_id = :id) AS bins,
       (SELECT count(*) FROM asset WHERE home_location_id = :id) AS assets_homed,
       (SELECT count(*) FROM asset WHERE location_id = :id) AS assets_here,
       (SELECT coalesce(sum(quantity), 0) FROM bulk_stock WHERE location_id = :id) AS bulk_units,
       (SELECT count(*) FROM stock_adjustment WHERE location_id = :id) AS stock_adjustments,
       (SELECT count(*) FROM transfer WHERE from_location_id = :id OR to_location_id = :id)
           AS transfers,
       (SELECT count(*) FROM case_container WHERE location_id = :id) AS cases
