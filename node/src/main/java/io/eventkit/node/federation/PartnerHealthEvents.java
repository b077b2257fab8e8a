package io.eventkit.node.federation;

import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * partner.health_changed when a partner's circuit breaker opens or closes again. Partner health is
 * kept in memory per replica, so the last recorded health of the partner (its latest
 * partner.health_changed, HEALTHY when there is none) is what a change is compared with, under an
 * advisory lock: replicas that see the same outage record it once, and only a real change is
 * recorded.
 */
final class PartnerHealthEvents {
  static final String LAST =
      "SELECT payload->>'health' FROM domain_event"
          + " WHERE tenant_id = :tenant AND type = :type AND subject_kind = 'partner'"
          + " AND subject_id = :partner ORDER BY occurred_at DESC, seq DESC LIMIT 1";

  private final Jdbi jdbi;
  private final DomainEvents events;
  private final PartnerRegistry partners;

  PartnerHealthEvents(Jdbi jdbi, DomainEvents events, PartnerRegistry partners) {
    this.jdbi = jdbi;
    this.events = events;
    this.partners = partners;
  }

  /** Records the change if it is one; returns whether it did. */
  boolean changed(String nodeId, PartnerChannels.Health health, String lastError) {
    return jdbi.inTransaction(
        h -> {
          String tenant = TenantContext.current();
          h.execute(
              "SELECT pg_advisory_xact_lock(hashtext(?))",
              "partner.health:" + tenant + ":" + nodeId);
          String last =
              h.createQuery(LAST)
                  .bind("tenant", tenant)
                  .bind("type", EventType.PARTNER_HEALTH_CHANGED.wireName())
                  .bind("partner", nodeId)
                  .mapTo(String.class)
                  .findOne()
                  .orElse(PartnerChannels.Health.HEALTHY.name());
          if (last.equals(health.name())) {
            return false;
          }
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("partner", nodeId);
          p.put("partnerName", partners.find(nodeId).map(Partner::displayName).orElse(""));
          p.put("health", health.name());
          p.put("previous", last);
          if (health == PartnerChannels.Health.UNREACHABLE && lastError != null) {
            p.put("lastError", lastError.length() > 200 ? lastError.substring(0, 200) : lastError);
          }
          return events
              .record(h, DomainEvent.of(EventType.PARTNER_HEALTH_CHANGED, "partner", nodeId, p))
              .isPresent();
        });
  }
}
