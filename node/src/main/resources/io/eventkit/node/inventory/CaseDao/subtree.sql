WITH RECURSIVE down(id, depth) AS (
    SELECT id, 0 FROM case_container WHERE id = :id
    UNION ALL
    SELECT c.id, down.depth + 1
    FROM case_container c JOIN down ON c.parent_case_id = down.id
    WHERE down.depth < 100
)
SELECT id FROM down ORDER BY depth, id
