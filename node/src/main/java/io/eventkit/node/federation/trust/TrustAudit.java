package io.eventkit.node.federation.trust;

import java.time.Clock;
import org.jdbi.v3.core.Handle;

/** Appends to the trust audit log, inside the transaction of the change it records. */
public final class TrustAudit {
  private final Clock clock;

  public TrustAudit(Clock clock) {
    this.clock = clock;
  }

  /** Who made a change and from where. */
  public record Actor(String name, String address) {
    public static final Actor SYSTEM = new Actor("system", "");

    public static Actor partner(String nodeId, String address) {
      return new Actor("partner:" + nodeId, address == null ? "" : address);
    }
  }

  public void record(Handle h, Actor actor, String partner, String action, String detail) {
    h.createUpdate(
            "INSERT INTO trust_audit (at, actor, actor_address, partner_node_id, action, detail)"
                + " VALUES (:at, :actor, :address, :partner, :action, :detail)")
        .bind("at", clock.instant())
        .bind("actor", actor.name())
        .bind("address", actor.address())
        .bind("partner", partner)
        .bind("action", action)
        .bind("detail", detail == null ? "" : detail)
        .execute();
  }
}
