package io.eventkit.node.subhire;

import static io.eventkit.node.subhire.NegotiationState.BEFORE_COMMITMENT;
import static io.eventkit.node.subhire.NegotiationState.CANCELLED;
import static io.eventkit.node.subhire.NegotiationState.CANCEL_REQUESTED;

import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Time- and trust-driven transitions (§17.7): quotes expire, dispatched hires go ON_HIRE when their
 * usage starts, and a partner losing SUBHIRE_REQUEST or being revoked leaves no negotiation
 * dangling.
 */
final class Housekeeping {
  private final Jdbi jdbi;
  private final Transitions t;
  private final SupplierSide supplier;
  private final Outbox outbox;
  private final PartnerRegistry partners;
  private final Clock clock;

  Housekeeping(
      Jdbi jdbi,
      Transitions t,
      SupplierSide supplier,
      Outbox outbox,
      PartnerRegistry partners,
      Clock clock) {
    this.jdbi = jdbi;
    this.t = t;
    this.supplier = supplier;
    this.outbox = outbox;
    this.partners = partners;
    this.clock = clock;
  }

  /** Runs due clock transitions; returns how many negotiations changed. */
  int tick() {
    List<UUID> due = jdbi.withHandle(h -> store(h).due(clock.instant(), 100));
    for (UUID id : due) {
      jdbi.useTransaction(h -> store(h).lock(id).ifPresent(n -> supplier.tick(h, n)));
    }
    return due.size();
  }

  /**
   * A partner's trust changed. Revoked (or gone): uncommitted negotiations end (supplier DECLINED,
   * borrower CANCELLED) and unsent messages are dropped; committed ones stay so the gear can be
   * checked in locally. Below SUBHIRE_REQUEST: the supplier declines the uncommitted ones and tells
   * the borrower. Suspension changes nothing: messages wait until the partner is resumed.
   */
  void partnerChanged(String nodeId) {
    Optional<Partner> p = partners.find(nodeId);
    boolean revoked = p.isEmpty() || p.get().state().ended();
    boolean mayRequest = p.isPresent() && p.get().grantedLevel().allows(TrustLevel.SUBHIRE_REQUEST);
    if (!revoked && mayRequest) {
      return;
    }
    jdbi.useTransaction(
        h -> {
          for (Negotiation n : store(h).lockOpenWith(nodeId)) {
            if (revoked) {
              outbox.abandon(h, n.id(), "partner revoked");
              String why = "partner " + nodeId + " was revoked";
              if (n.role() == Role.SUPPLIER && BEFORE_COMMITMENT.contains(n.state())) {
                supplier.trustWithdrawn(h, n, why, false);
              } else if (notDispatched(n)) {
                // Nothing has left the supplier: both sides release what they hold.
                store(h).setReason(n.id(), why);
                t.move(h, n, CANCELLED, "system", why);
              } else {
                t.note(
                    h,
                    n,
                    n.state(),
                    "system",
                    why
                        + "; finish this hire locally ("
                        + (n.role() == Role.SUPPLIER ? "check the gear in" : "return closes it")
                        + ")");
              }
            } else if (n.role() == Role.SUPPLIER) {
              supplier.trustWithdrawn(
                  h, n, "trust level lowered to " + p.get().grantedLevel(), true);
            }
          }
        });
  }

  /** Before dispatch: the gear has not left the supplier. */
  private static boolean notDispatched(Negotiation n) {
    NegotiationState s =
        n.role() == Role.BORROWER && n.state() == CANCEL_REQUESTED ? n.peerState() : n.state();
    return s == null || BEFORE_COMMITMENT.contains(s) || s == NegotiationState.CONFIRMED;
  }

  /**
   * Applies {@link #partnerChanged} to every partner with open negotiations: catches a change made
   * by another replica, or one lost to a crash before its handler ran.
   */
  void reconcileTrust() {
    List<String> open = jdbi.withHandle(h -> store(h).partnersWithOpen());
    open.forEach(this::partnerChanged);
  }

  private static NegotiationDao store(Handle h) {
    return Daos.of(h, NegotiationDao.class);
  }
}
