package io.eventkit.node.identity;

import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.api.grpc.CallerAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The auth audit log (table {@code auth_audit}, append-only): who created tokens, created or
 * changed users and set passwords. Entries are written in the transaction of the change they
 * describe. Never holds a secret: details name fields and roles, not values of passwords or tokens.
 */
public final class AuthAudit {
  private final Jdbi jdbi;
  private final Clock clock;

  public AuthAudit(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public record Entry(
      long id,
      Instant at,
      String actor,
      String actorAddress,
      String action,
      String subject,
      String detail) {}

  /**
   * The current caller as the log names it: "token:<name>", "user:<email>" or "system" outside a
   * call.
   */
  static String actor() {
    Principal p = Principal.current();
    return p == null ? "system" : p.label();
  }

  public void record(Handle h, String action, String subject, String detail) {
    record(
        h,
        actor(),
        Principal.current() == null ? "" : CallerAddress.current(),
        action,
        subject,
        detail);
  }

  /** As {@link #record(Handle, String, String, String)} for a caller with no principal (Login). */
  public void record(
      Handle h, String actor, String address, String action, String subject, String detail) {
    h.createUpdate(
            "INSERT INTO auth_audit (at, actor, actor_address, action, subject, detail)"
                + " VALUES (:at, :actor, :address, :action, :subject, :detail)")
        .bind("at", clock.instant())
        .bind("actor", actor)
        .bind("address", address == null ? "" : address)
        .bind("action", action)
        .bind("subject", subject)
        .bind("detail", detail)
        .execute();
  }

  /** Newest first: entries with an id below {@code before}, at most {@code limit}. */
  public List<Entry> list(long before, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM auth_audit WHERE id < :before ORDER BY id DESC LIMIT :limit")
                .bind("before", before)
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new Entry(
                            rs.getLong("id"),
                            rs.getTimestamp("at").toInstant(),
                            rs.getString("actor"),
                            rs.getString("actor_address"),
                            rs.getString("action"),
                            rs.getString("subject"),
                            rs.getString("detail")))
                .list());
  }
}
