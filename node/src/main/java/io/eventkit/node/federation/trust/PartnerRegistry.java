package io.eventkit.node.federation.trust;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.TextPolicy;
import io.eventkit.node.platform.cluster.ChangeFeed;
import io.eventkit.node.platform.db.Daos;
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
 * transaction that also writes the audit entry; listeners hear about each change after commit:
 * {@link #onChange} ones (what replicas hold in memory: the auth cache, channels, open connections)
 * on every replica on this database, {@link #onChangeHere} ones (follow-up writes) only on the
 * replica that made the change.
 */
public final class PartnerRegistry {
  private static final String TOPIC = "partner";

  private final Jdbi jdbi;
  private final PartnerDao dao;
  private final Clock clock;
  private final TrustAudit audit;
  private final ChangeFeed changes;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> hereListeners = new CopyOnWriteArrayList<>();

  public PartnerRegistry(Jdbi jdbi, Clock clock, TrustAudit audit, ChangeFeed changes) {
    this.jdbi = jdbi;
    this.dao = Daos.onDemand(jdbi, PartnerDao.class);
    this.clock = clock;
    this.audit = audit;
    this.changes = changes;
    changes.subscribe(TOPIC, this::changedElsewhere);
  }

  /** Another replica changed a partner (or, after a lost feed, any may have changed). */
  private void changedElsewhere(String nodeId) {
    if (!nodeId.equals(ChangeFeed.EVERYTHING)) {
      listeners.forEach(l -> l.accept(nodeId));
      return;
    }
    String after = "";
    List<Partner> page;
    do {
      page = dao.list(after, 500);
      for (Partner p : page) {
        listeners.forEach(l -> l.accept(p.nodeId()));
      }
      after = page.isEmpty() ? after : page.get(page.size() - 1).nodeId();
    } while (page.size() == 500);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public TrustAudit audit() {
    return audit;
  }

  /**
   * Called with the partner's node ID after each committed change, on every replica: for what a
   * replica holds in memory. Must be harmless when called for a partner that did not change.
   */
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  /**
   * Called with the partner's node ID after each committed change, on the replica that made it
   * only: for follow-up work that writes (it must not run once per replica).
   */
  public void onChangeHere(Consumer<String> listener) {
    hereListeners.add(listener);
  }

  /** After a committed change of the partner: tells the listeners here and the other replicas. */
  public void changed(String nodeId) {
    listeners.forEach(l -> l.accept(nodeId));
    hereListeners.forEach(l -> l.accept(nodeId));
    changes.publish(TOPIC, nodeId);
  }

  /**
   * Keeps the company name the partner announced in a verified Ping. Not a trust change: not
   * audited, no change notice.
   */
  public void announcedName(String nodeId, String name) {
    dao.setDisplayName(nodeId, acceptableName(name));
  }

  /**
   * A partner-supplied name as people may see it: trimmed, or empty when it breaks the local API's
   * rules for names (over 200 characters, control characters), so a partner can't put line breaks
   * or terminal escapes on our screens and in our CLI.
   */
  static String acceptableName(String name) {
    String clean = name == null ? "" : TextPolicy.normalize(name, TextPolicy.Kind.NAME);
    return TextPolicy.problem(clean, TextPolicy.Kind.NAME) == null ? clean : "";
  }

  public Optional<Partner> find(String nodeId) {
    return dao.find(nodeId);
  }

  /** The partner, read in the caller's transaction; {@code forUpdate} locks the row. */
  public Optional<Partner> find(Handle h, String nodeId, boolean forUpdate) {
    PartnerDao tx = Daos.of(h, PartnerDao.class);
    return forUpdate ? tx.lock(nodeId) : tx.find(nodeId);
  }

  public Partner require(String nodeId) {
    return find(nodeId).orElseThrow(() -> noPartner(nodeId));
  }

  /** Partners ordered by node ID, after {@code afterId} (keyset pagination). */
  public List<Partner> list(String afterId, int limit) {
    return dao.list(afterId == null ? "" : afterId, limit);
  }

  /** Partners whose client certificate we hold and that are not revoked (for channels). */
  public List<Partner> withChannels() {
    return dao.withChannels();
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
              Partner p = locked(h, nodeId);
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
              Daos.of(h, PartnerDao.class).setState(nodeId, to.name(), clock.instant());
              if (alsoInTransaction != null) {
                alsoInTransaction.accept(h);
              }
              audit.record(h, actor, nodeId, action, detail);
              return find(h, nodeId, false).orElseThrow();
            });
    changed(nodeId);
    return result;
  }

  private static DomainException noPartner(String nodeId) {
    return DomainException.notFound("no partner " + nodeId + ": see 'eventkit trust list'");
  }

  /** PENDING → ACTIVE once the first mTLS ping succeeded (either side of the handshake). */
  public Partner activateAfterPing(String nodeId) {
    return transition(
        nodeId,
        List.of(PartnerState.PENDING),
        PartnerState.ACTIVE,
        TrustAudit.Actor.SYSTEM,
        "ACTIVATE",
        "mTLS ping succeeded",
        null);
  }

  /** The partner, its row locked for this transaction; NOT_FOUND if there is none. */
  private Partner locked(Handle h, String nodeId) {
    return find(h, nodeId, true).orElseThrow(() -> noPartner(nodeId));
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
              Partner p = locked(h, nodeId);
              if (p.state().ended()) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "partner " + nodeId + " is revoked; invite it again");
              }
              int limit = rateLimit > 0 ? rateLimit : p.rateLimitPerSecond();
              Daos.of(h, PartnerDao.class)
                  .setLevel(
                      nodeId,
                      level.name(),
                      maxQuantity,
                      maxValue,
                      currency == null ? "" : currency,
                      limit);
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
    int n = dao.storeNewerBundle(nodeId, bundleText, sequence, clock.instant());
    if (n == 0) {
      dao.bundleChecked(nodeId, clock.instant());
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
    return dao.clientCredentials(nodeId);
  }

  public void storeClientCredentials(
      Handle h, String nodeId, String chainPem, String encryptedKey, Instant notAfter) {
    Daos.of(h, PartnerDao.class)
        .storeClientCredentials(nodeId, chainPem, encryptedKey, notAfter, clock.instant());
  }
}
