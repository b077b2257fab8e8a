-- The health last reported for a partner as partner.health_changed. Health itself is kept in memory
-- per replica; a change is compared with this column under the partner row's lock, so replicas that
-- see the same outage report it once. (Until now the comparison read domain_event, which
-- housekeeping empties after 30 days.)
ALTER TABLE partner ADD COLUMN reported_health text NOT NULL DEFAULT 'HEALTHY';

UPDATE partner p SET reported_health = last.health
FROM (
    SELECT DISTINCT ON (tenant_id, subject_id) tenant_id, subject_id, payload->>'health' AS health
    FROM domain_event
    WHERE type = 'partner.health_changed' AND subject_kind = 'partner'
    ORDER BY tenant_id, subject_id, occurred_at DESC, seq DESC
) last
WHERE p.tenant_id = last.tenant_id AND p.node_id = last.subject_id AND last.health IS NOT NULL;
