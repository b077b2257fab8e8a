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
 * kept in memory per replica, so a change is compared with the health last reported for the partner
 * ({@code partner.reported_health}, HEALTHY at first) under the partner row's lock: replicas that
 * see the same outage record it once, and only a real change is recorded. A node ID that is not a
 * partner (any more) records nothing.
 */
final class PartnerHealthEvents {
  private static final String LAST =
      "SELECT reported_health FROM partner WHERE tenant_id = :tenant AND node_id = :partner"
          + " FOR UPDATE";
  private static final String REPORT =
      "UPDATE partner SET reported_health = :health WHERE tenant_id = :tenant AND node_id = :partner";

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
          String last =
              h.createQuery(LAST)
                  .bind("tenant", tenant)
                  .bind("partner", nodeId)
                  .mapTo(String.class)
                  .findOne()
                  .orElse(null);
          if (last == null || last.equals(health.name())) {
            return false;
          }
          h.createUpdate(REPORT)
              .bind("health", health.name())
              .bind("tenant", tenant)
              .bind("partner", nodeId)
              .execute();
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
