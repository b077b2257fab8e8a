(SELECT id FROM subhire
 WHERE state = 'QUOTED' AND role = 'SUPPLIER' AND quote_valid_until <= :now LIMIT :limit)
UNION ALL
(SELECT id FROM subhire
 WHERE state = 'DISPATCHED' AND role = 'SUPPLIER' AND lower(usage_period) <= :now LIMIT :limit)
