-- Crew members by (lower(name), id), keyset-paged (crew_member_list / crew_member_list_all). The
-- text filter is a trigram match (crew_member_search); the skill filter an indexed semi-join
-- (crew_qualification_skill), a qualification counting while unexpired on :validOn.
SELECT m.id, m.name, m.email, m.phone, m.employment, m.currency, m.day_rate_minor,
       m.hour_rate_minor, m.user_id, m.notes, m.archived, m.created_at, m.updated_at
FROM crew_member m
WHERE m.tenant_id = :tenant
  AND (:all OR m.user_id = :me)
  AND (:includeArchived OR NOT m.archived)
  AND (CAST(:like AS text) IS NULL OR (m.name || ' ' || m.email) ILIKE CAST(:like AS text))
  AND (CAST(:skill AS text) IS NULL
       OR EXISTS (SELECT 1 FROM crew_qualification q
                  WHERE q.tenant_id = :tenant AND q.skill = CAST(:skill AS text)
                    AND q.crew_member_id = m.id
                    AND (q.expires_on IS NULL OR q.expires_on >= CAST(:validOn AS date))))
  AND (CAST(:afterName AS text) IS NULL
       OR (lower(m.name), m.id) > (CAST(:afterName AS text), :afterId))
ORDER BY lower(m.name), m.id
LIMIT :limit
