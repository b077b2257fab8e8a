package io.eventkit.node.federation.trust;

import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Appends to the trust audit log, inside the transaction of the change it records. */
public final class TrustAudit {
  private final Jdbi jdbi;
  private final Clock clock;

  public TrustAudit(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Who made a change and from where. */
  public record Actor(String name, String address) {
    public static final Actor SYSTEM = new Actor("system", "");

    public static Actor partner(String nodeId, String address) {
      return new Actor("partner:" + nodeId, address == null ? "" : address);
    }
  }

  /** One entry of the log. */
  public record Entry(
      long id,
      Instant at,
      String actor,
      String address,
      String partner,
      String action,
      String detail) {}

  public void record(Handle h, Actor actor, String partner, String action, String detail) {
    Daos.of(h, TrustAuditDao.class)
        .append(
            clock.instant(),
            actor.name(),
            actor.address(),
            partner,
            action,
            detail == null ? "" : detail);
  }

  /** An entry on its own (a change that writes nothing else). */
  public void record(Actor actor, String partner, String action, String detail) {
    jdbi.useHandle(h -> record(h, actor, partner, action, detail));
  }

  /** Newest first, with IDs below {@code beforeId}; {@code partner} null or '' means all. */
  public List<Entry> page(String partner, long beforeId, int limit) {
    return Daos.onDemand(jdbi, TrustAuditDao.class)
        .page(partner == null ? "" : partner, beforeId, limit);
  }
}
