package io.eventkit.node.identity;

import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.api.grpc.CallerAddress;
import io.eventkit.node.platform.db.Daos;
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
final class AuthAudit {
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
   * call; "operator" for the deployment's operator writing into another company account's log
   * (creating its first administrator, suspending it): the account sees that its operator acted,
   * not who among the operator's staff.
   */
  static String actor() {
    Principal p = Principal.current();
    if (p == null) {
      return "system";
    }
    return byOperator(p) ? OPERATOR : p.label();
  }

  static final String OPERATOR = "operator";

  private static boolean byOperator(Principal p) {
    return !p.tenant().equals(io.eventkit.node.kernel.TenantContext.current());
  }

  public void record(Handle h, String action, String subject, String detail) {
    Principal p = Principal.current();
    record(
        h,
        actor(),
        p == null || byOperator(p) ? "" : CallerAddress.current(),
        action,
        subject,
        detail);
  }

  /** As {@link #record(Handle, String, String, String)} for a caller with no principal (Login). */
  public void record(
      Handle h, String actor, String address, String action, String subject, String detail) {
    Daos.of(h, AuthAuditDao.class)
        .insert(clock.instant(), actor, address == null ? "" : address, action, subject, detail);
  }

  /** Newest first: entries with an id below {@code before}, at most {@code limit}. */
  public List<Entry> list(long before, int limit) {
    return Daos.with(jdbi, AuthAuditDao.class, dao -> dao.list(before, limit));
  }
}
