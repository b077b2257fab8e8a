package io.eventkit.node.federation.trust;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Partner rows and their state machine. Every state or level change goes through here, in a
 * transaction that also writes the audit entry; listeners (the auth cache, channels) hear about
 * each change after commit.
 */
public final class PartnerRegistry {
  private static final String COLUMNS =
      "node_id, state, federation_endpoint, granted_level, received_level, auto_confirm_max_qty,"
          + " auto_confirm_max_value, auto_confirm_currency, rate_limit_per_second, bundle_text,"
          + " bundle_sequence, bundle_fetched_at, client_not_after, client_issued_at, created_at,"
          + " state_changed_at";

  private final Jdbi jdbi;
  private final Clock clock;
  private final TrustAudit audit;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  public PartnerRegistry(Jdbi jdbi, Clock clock, TrustAudit audit) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.audit = audit;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public TrustAudit audit() {
    return audit;
  }

  /** Called with the partner's node ID after each committed change. */
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  public void changed(String nodeId) {
    listeners.forEach(l -> l.accept(nodeId));
  }

  public Optional<Partner> find(String nodeId) {
    return jdbi.withHandle(h -> find(h, nodeId, false));
  }

  public Optional<Partner> find(Handle h, String nodeId, boolean forUpdate) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM partner WHERE node_id = :id"
                + (forUpdate ? " FOR UPDATE" : ""))
        .bind("id", nodeId)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  public Partner require(String nodeId) {
    return find(nodeId)
        .orElseThrow(
            () -> DomainException.notFound("no partner " + nodeId + ": see 'eventkit trust list'"));
  }

  /** Partners ordered by node ID, after {@code afterId} (keyset pagination). */
  public List<Partner> list(String afterId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM partner WHERE node_id > :after ORDER BY node_id LIMIT :limit")
                .bind("after", afterId == null ? "" : afterId)
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list());
  }

  /** Partners whose client certificate we hold and that are not revoked (for channels). */
  public List<Partner> withChannels() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM partner WHERE state IN ('PENDING','ACTIVE','SUSPENDED')"
                        + " AND client_chain_pem IS NOT NULL ORDER BY node_id")
                .map((rs, ctx) -> map(rs))
                .list());
  }

  /**
   * Moves a partner to {@code to} if its state is one of {@code from}; else FAILED_PRECONDITION.
   */
  public Partner transition(
      String nodeId,
      List<PartnerState> from,
      PartnerState to,
      TrustAudit.Actor actor,
      String action,
      String detail,
      Consumer<Handle> alsoInTransaction) {
    Partner result =
        jdbi.inTransaction(
            h -> {
              Partner p =
                  find(h, nodeId, true)
                      .orElseThrow(
                          () ->
                              DomainException.notFound(
                                  "no partner " + nodeId + ": see 'eventkit trust list'"));
              if (!from.contains(p.state())) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "partner "
                        + nodeId
                        + " is "
                        + p.state()
                        + "; "
                        + action.toLowerCase(java.util.Locale.ROOT)
                        + " needs it to be "
                        + from);
              }
              h.createUpdate(
                      "UPDATE partner SET state = :to, state_changed_at = :now WHERE node_id = :id")
                  .bind("to", to.name())
                  .bind("now", clock.instant())
                  .bind("id", nodeId)
                  .execute();
              if (alsoInTransaction != null) {
                alsoInTransaction.accept(h);
              }
              audit.record(h, actor, nodeId, action, detail);
              return find(h, nodeId, false).orElseThrow();
            });
    changed(nodeId);
    return result;
  }

  public Partner setLevel(
      String nodeId,
      TrustLevel level,
      int maxQuantity,
      long maxValue,
      String currency,
      int rateLimit,
      TrustAudit.Actor actor) {
    Partner result =
        jdbi.inTransaction(
            h -> {
              Partner p =
                  find(h, nodeId, true)
                      .orElseThrow(
                          () ->
                              DomainException.notFound(
                                  "no partner " + nodeId + ": see 'eventkit trust list'"));
              if (p.state().ended()) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "partner " + nodeId + " is revoked; invite it again");
              }
              int limit = rateLimit > 0 ? rateLimit : p.rateLimitPerSecond();
              h.createUpdate(
                      "UPDATE partner SET granted_level = :level, auto_confirm_max_qty = :qty,"
                          + " auto_confirm_max_value = :value, auto_confirm_currency = :currency,"
                          + " rate_limit_per_second = :limit WHERE node_id = :id")
                  .bind("level", level.name())
                  .bind("qty", maxQuantity)
                  .bind("value", maxValue)
                  .bind("currency", currency == null ? "" : currency)
                  .bind("limit", limit)
                  .bind("id", nodeId)
                  .execute();
              audit.record(
                  h,
                  actor,
                  nodeId,
                  "SET_LEVEL",
                  p.grantedLevel()
                      + " -> "
                      + level
                      + ", rate limit "
                      + limit
                      + "/s"
                      + (level == TrustLevel.SUBHIRE_AUTO_CONFIRM
                          ? ", auto-confirm up to "
                              + maxQuantity
                              + " items / "
                              + maxValue
                              + " "
                              + currency
                          : ""));
              return find(h, nodeId, false).orElseThrow();
            });
    changed(nodeId);
    return result;
  }

  /** Stores a newer bundle of the partner (ignored if not newer). Returns true if stored. */
  public boolean storeBundle(String nodeId, String bundleText, long sequence) {
    int n =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE partner SET bundle_text = :text, bundle_sequence = :seq, bundle_fetched_at = :now"
                            + " WHERE node_id = :id AND bundle_sequence < :seq")
                    .bind("text", bundleText)
                    .bind("seq", sequence)
                    .bind("now", clock.instant())
                    .bind("id", nodeId)
                    .execute());
    if (n == 0) {
      jdbi.useHandle(
          h ->
              h.createUpdate("UPDATE partner SET bundle_fetched_at = :now WHERE node_id = :id")
                  .bind("now", clock.instant())
                  .bind("id", nodeId)
                  .execute());
    }
    return n > 0;
  }

  /** Our client credentials at the partner (chain PEM + encrypted key). */
  public record ClientCredentials(String chainPem, String encryptedKey) {
    @Override
    public String toString() {
      return "ClientCredentials[***]";
    }
  }

  public Optional<ClientCredentials> clientCredentials(String nodeId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT client_chain_pem, client_key_pem FROM partner WHERE node_id = :id"
                        + " AND client_chain_pem IS NOT NULL")
                .bind("id", nodeId)
                .map((rs, ctx) -> new ClientCredentials(rs.getString(1), rs.getString(2)))
                .findOne());
  }

  public void storeClientCredentials(
      Handle h, String nodeId, String chainPem, String encryptedKey, Instant notAfter) {
    h.createUpdate(
            "UPDATE partner SET client_chain_pem = :chain, client_key_pem = :key, client_not_after = :notAfter,"
                + " client_issued_at = :now, pending_key_pem = NULL WHERE node_id = :id")
        .bind("chain", chainPem)
        .bind("key", encryptedKey)
        .bind("notAfter", notAfter)
        .bind("now", clock.instant())
        .bind("id", nodeId)
        .execute();
  }

  private static Partner map(ResultSet rs) throws SQLException {
    String received = rs.getString("received_level");
    return new Partner(
        rs.getString("node_id"),
        PartnerState.valueOf(rs.getString("state")),
        rs.getString("federation_endpoint"),
        TrustLevel.valueOf(rs.getString("granted_level")),
        received == null ? TrustLevel.NONE : TrustLevel.valueOf(received),
        rs.getInt("auto_confirm_max_qty"),
        rs.getLong("auto_confirm_max_value"),
        rs.getString("auto_confirm_currency"),
        rs.getInt("rate_limit_per_second"),
        rs.getString("bundle_text"),
        rs.getLong("bundle_sequence"),
        instant(rs.getTimestamp("bundle_fetched_at")),
        instant(rs.getTimestamp("client_not_after")),
        instant(rs.getTimestamp("client_issued_at")),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("state_changed_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
