WITH RECURSIVE up(id, parent_case_id, depth) AS (
    SELECT id, parent_case_id, 0 FROM case_container WHERE id = :id
    UNION ALL
    SELECT c.id, c.parent_case_id, up.depth + 1
    FROM case_container c JOIN up ON c.id = up.parent_case_id
    WHERE up.depth < 100
)
SELECT id FROM up ORDER BY depth
