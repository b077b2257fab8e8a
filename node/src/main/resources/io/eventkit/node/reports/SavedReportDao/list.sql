-- The caller's own saved reports and the shared ones, by name (case-insensitive) then ID.
SELECT id, owner_id, owner_name, name, description, report, CAST(spec AS text) AS spec, display,
       shared, pinned, revision, created_at, updated_at
FROM saved_report
WHERE tenant_id = :tenant
  AND (owner_id = :owner OR shared)
  AND (CAST(:afterName AS text) IS NULL OR (lower(name), id) > (CAST(:afterName AS text), :afterId))
ORDER BY lower(name), id
LIMIT :limit
