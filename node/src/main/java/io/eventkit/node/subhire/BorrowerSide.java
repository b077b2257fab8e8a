package io.eventkit.node.subhire;

import static io.eventkit.node.subhire.NegotiationState.ACCEPTED;
import static io.eventkit.node.subhire.NegotiationState.CANCEL_REFUSED;
import static io.eventkit.node.subhire.NegotiationState.CANCEL_REQUESTED;
import static io.eventkit.node.subhire.NegotiationState.DECLINED;
import static io.eventkit.node.subhire.NegotiationState.DISPATCHED;
import static io.eventkit.node.subhire.NegotiationState.ON_HIRE;
import static io.eventkit.node.subhire.NegotiationState.QUOTED;
import static io.eventkit.node.subhire.NegotiationState.REQUESTED;
import static io.eventkit.node.subhire.NegotiationState.RETURNED;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The borrower's half (§17.3). The borrower owns request, accept, cancel and return: it applies
 * them to its copy at once and sends them. Otherwise its copy follows the supplier's snapshots,
 * newest version first, and adopts the supplier's state whenever none of its own messages is still
 * unacknowledged (so a local ACCEPTED is not undone by an older QUOTED snapshot in flight).
 */
final class BorrowerSide {
  private final Transitions t;
  private final Outbox outbox;
  private final Clock clock;
  private final java.util.function.Predicate<String> partnerRevoked;

  BorrowerSide(
      Transitions t,
      Outbox outbox,
      Clock clock,
      java.util.function.Predicate<String> partnerRevoked) {
    this.t = t;
    this.outbox = outbox;
    this.clock = clock;
    this.partnerRevoked = partnerRevoked;
  }

  Negotiation request(
      Handle h, UUID id, String supplier, Negotiation.RequestDetails details, List<Line> lines) {
    Instant now = clock.instant();
    Negotiation n =
        new Negotiation(
            id,
            Role.BORROWER,
            supplier,
            REQUESTED,
            null,
            0,
            1,
            0,
            details,
            null,
            null,
            "",
            null,
            "",
            now,
            now);
    NegotiationDao store = Daos.of(h, NegotiationDao.class);
    store.insert(n, lines);
    store.addHistory(
        id, now, io.eventkit.node.kernel.Actor.name(), null, REQUESTED, "sent to " + supplier);
    t.send(h, n, new Message.Request(details, lines));
    return store.find(id).orElseThrow();
  }

  Negotiation change(Handle h, Negotiation n, String who, Change c) {
    requireBorrower(n);
    if (n.state() != REQUESTED
        && n.state() != NegotiationState.ACKNOWLEDGED
        && n.state() != QUOTED) {
      throw SupplierSide.wrongState(
          n, "change", List.of(REQUESTED, NegotiationState.ACKNOWLEDGED, QUOTED));
    }
    java.util.Set<String> mine =
        new java.util.HashSet<>(
            store(h).lines(n.id()).stream().map(Line::supplierProductId).toList());
    for (Map.Entry<String, Integer> e : c.quantities().entrySet()) {
      if (!mine.contains(e.getKey())) {
        throw DomainException.invalid("quantities: " + e.getKey() + " is not in this negotiation");
      }
      if (e.getValue() < 1 || e.getValue() > Wire.MAX_QUANTITY) {
        throw DomainException.invalid("quantities: must be between 1 and " + Wire.MAX_QUANTITY);
      }
    }
    if (c.note() != null && c.note().length() > 4000) {
      throw DomainException.invalid("note: at most 4000 characters");
    }
    if (c.quantities().isEmpty() && c.usage() == null && c.delivery() == null && c.note() == null) {
      throw DomainException.invalid("nothing to change: give quantities, periods or a note");
    }
    t.note(h, n, n.state(), who, "change requested: " + c.describe());
    t.send(h, n, new Message.ChangeOrder(n.peerState(), c));
    return store(h).find(n.id()).orElseThrow();
  }

  Negotiation accept(Handle h, Negotiation n, String who, Long expectedVersion) {
    requireBorrower(n);
    if (n.state() != QUOTED) {
      throw SupplierSide.wrongState(n, "accept", List.of(QUOTED));
    }
    if (expectedVersion != null && !expectedVersion.equals(n.quoteVersion())) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "the quote changed: version "
              + n.quoteVersion()
              + " is current, not "
              + expectedVersion
              + "; review it and accept again");
    }
    if (!clock.instant().isBefore(n.quoteValidUntil())) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "the quote expired at "
              + n.quoteValidUntil()
              + "; ask "
              + n.partner()
              + " for a new one");
    }
    Negotiation after = t.move(h, n, ACCEPTED, who, "quote version " + n.quoteVersion());
    t.send(h, after, new Message.Accept(QUOTED, n.quoteVersion()));
    return after;
  }

  Negotiation cancel(Handle h, Negotiation n, String who, String reason) {
    requireBorrower(n);
    if (n.state().isTerminal() || n.state() == RETURNED || n.state() == CANCEL_REQUESTED) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "cannot cancel negotiation " + n.id() + ": it is " + n.state());
    }
    Negotiation after = t.move(h, n, CANCEL_REQUESTED, who, reason);
    t.send(h, after, new Message.Cancel(n.peerState(), reason));
    return after;
  }

  Negotiation returned(Handle h, Negotiation n, String who, String note) {
    requireBorrower(n);
    if (n.state() != DISPATCHED && n.state() != ON_HIRE) {
      throw SupplierSide.wrongState(n, "return", List.of(DISPATCHED, ON_HIRE));
    }
    boolean revoked = partnerRevoked.test(n.partner());
    if (!revoked) {
      SupplierSide.requireUsageStarted(n, clock.instant(), "returned");
    }
    Negotiation after = t.move(h, n, RETURNED, who, note);
    if (revoked) {
      // Nobody to tell: the hire ends here (the supplier checks its gear in on its own node).
      return t.move(h, after, NegotiationState.CLOSED, who, "partner revoked; closed locally");
    }
    t.send(h, after, new Message.ReturnGoods(n.peerState(), note));
    return after;
  }

  /**
   * Records a supplier snapshot (older versions are ignored) and adopts it if nothing is pending.
   */
  void onSnapshot(Handle h, Negotiation n, Snapshot s) {
    List<Line> lines = null;
    if (s.version() > n.version()) {
      NegotiationDao store = store(h);
      List<Line> stored = store.lines(n.id());
      lines = new ArrayList<>();
      for (int i = 0; i < stored.size(); i++) {
        Line mine = stored.get(i);
        Line theirs = i < s.lines().size() ? s.lines().get(i) : null;
        boolean same =
            theirs != null && theirs.supplierProductId().equals(mine.supplierProductId());
        lines.add(
            new Line(
                mine.lineNo(),
                mine.supplierProductId(),
                mine.localProductId(),
                same ? theirs.productName() : mine.productName(),
                same && theirs.quantity() >= 1 ? theirs.quantity() : mine.quantity(),
                mine.suggestedUnitPrice(),
                same ? theirs.quotedUnitPrice() : mine.quotedUnitPrice()));
      }
      // Most snapshots change only the state: the lines are written when they differ.
      if (!lines.equals(stored)) {
        store.setLines(n.id(), lines);
      }
      boolean terms = s.usage() != null && s.delivery() != null;
      Negotiation.RequestDetails d = n.details();
      store.adoptSnapshot(
          n.id(),
          (terms ? s.usage() : d.usage()).start(),
          (terms ? s.usage() : d.usage()).end(),
          (terms ? s.delivery() : d.delivery()).start(),
          (terms ? s.delivery() : d.delivery()).end(),
          terms && s.note() != null ? s.note() : d.note(),
          s.quoteValidUntil(),
          s.state() == QUOTED ? Long.valueOf(s.version()) : n.quoteVersion(),
          s.reason(),
          s.supplierName(),
          s.state().name(),
          s.version());
      if (!s.manifest().isEmpty()) {
        store.replaceManifest(n.id(), s.manifest());
      }
    }
    adoptIfSettled(h, n.id(), n.partner(), lines);
  }

  /** Our message was acknowledged (its outbox row is already marked delivered). */
  void onAck(Handle h, Negotiation n, boolean applied, String reason, Snapshot s, String kind) {
    if (!applied) {
      t.note(
          h,
          n,
          n.state() == CANCEL_REQUESTED ? CANCEL_REFUSED : n.state(),
          n.partner(),
          "the supplier refused " + kind + ": " + reason);
    }
    if (s != null) {
      onSnapshot(h, n, s);
    } else {
      adoptIfSettled(h, n.id(), n.partner(), null);
    }
  }

  /**
   * Our message was refused for good (malformed, conflicting): the request fails, others note it.
   */
  void onDeliveryFailed(Handle h, Negotiation n, String kind, String error) {
    store(h).setFailedMessage(n.id(), kind + ": " + error);
    if ("request".equals(kind) && n.peerState() == null && !n.state().isTerminal()) {
      store(h).setReason(n.id(), "the supplier refused the request: " + error);
      t.move(h, n, DECLINED, n.partner(), error);
      return;
    }
    t.note(h, n, n.state(), "system", "delivery of " + kind + " failed: " + error);
    adoptIfSettled(h, n.id(), n.partner(), null);
  }

  /** {@code lines}: the stored lines if the caller has them, else null. */
  private void adoptIfSettled(Handle h, UUID id, String supplier, List<Line> lines) {
    Negotiation n = store(h).find(id).orElseThrow();
    if (n.peerState() == null
        || n.peerState() == n.state()
        || n.state().isTerminal()
        || outbox.hasPending(h, id)) {
      return;
    }
    t.moveThrough(
        h,
        n,
        lines,
        false,
        List.of(
            new Transitions.Step(
                n.peerState(), supplier, "supplier's state, version " + n.version())));
  }

  static void requireBorrower(Negotiation n) {
    if (n.role() != Role.BORROWER) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "this node is the supplier in negotiation "
              + n.id()
              + "; only "
              + n.partner()
              + " can do that");
    }
  }

  private static NegotiationDao store(Handle h) {
    return Daos.of(h, NegotiationDao.class);
  }
}
