package io.eventkit.node.subhire;

import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies one received message exactly once (§17.4): in one transaction it locks the negotiation,
 * answers a replayed message ID with the stored ack (or ALREADY_EXISTS if the bytes differ),
 * enforces the sequence, applies the message, and stores the ack in the inbox.
 */
final class MessageReceiver {
  private final Jdbi jdbi;
  private final Transitions t;
  private final Outbox outbox;
  private final SupplierSide supplier;
  private final BorrowerSide borrower;
  private final Clock clock;
  private final Runnable wakeRelay;
  private final SubHireMetrics metrics;

  MessageReceiver(
      Jdbi jdbi,
      Transitions t,
      Outbox outbox,
      SupplierSide supplier,
      BorrowerSide borrower,
      Clock clock,
      Runnable wakeRelay,
      SubHireMetrics metrics) {
    this.metrics = metrics;
    this.jdbi = jdbi;
    this.t = t;
    this.outbox = outbox;
    this.supplier = supplier;
    this.borrower = borrower;
    this.clock = clock;
    this.wakeRelay = wakeRelay;
  }

  /**
   * Returns the encoded ack: the one stored with the message, so a replay gets the very same bytes.
   */
  byte[] receive(Incoming in, Partner caller) {
    byte[] ack;
    try {
      ack = jdbi.inTransaction(h -> apply(h, in, caller));
    } catch (RuntimeException e) {
      // Two deliveries of one new request raced; the loser now finds the winner's inbox row.
      if (!Pg.is(e, Pg.UNIQUE_VIOLATION, null)) {
        throw e;
      }
      ack = jdbi.inTransaction(h -> apply(h, in, caller));
    }
    wakeRelay.run();
    return ack;
  }

  private byte[] apply(Handle h, Incoming in, Partner caller) {
    NegotiationDao store = Daos.of(h, NegotiationDao.class);
    InboxDao inbox = Daos.of(h, InboxDao.class);
    UUID negotiationId = in.negotiationId();
    UUID messageId = in.messageId();
    Optional<Negotiation> found = store.lock(negotiationId);
    Optional<InboxDao.Stored> stored = inbox.find(messageId);
    if (stored.isPresent()) {
      InboxDao.Stored s = stored.get();
      if (!s.sender().equals(caller.nodeId()) || !Arrays.equals(s.payloadSha256(), in.sha256())) {
        throw new DomainException(
            ErrorCode.ALREADY_EXISTS,
            "message "
                + messageId
                + " was already received with different content; a message ID"
                + " must never be reused");
      }
      metrics.received("replay");
      return s.ack();
    }
    String who = caller.nodeId();
    SupplierSide.Outcome outcome;
    if (found.isEmpty()) {
      if (in.kind() != Incoming.Kind.REQUEST) {
        throw DomainException.notFound("no negotiation " + negotiationId + " with " + who);
      }
      if (in.sequence() != 1) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION, "a new negotiation starts with sequence 1");
      }
      requireLevel(caller);
      outcome =
          supplier.request(
              h, negotiationId, caller, in.body().requestDetails(), in.body().requestLines());
    } else {
      Negotiation n = found.get();
      Role expectedRole = in.method() == Outbox.Method.ORDER ? Role.SUPPLIER : Role.BORROWER;
      if (!n.partner().equals(who) || n.role() != expectedRole) {
        throw DomainException.notFound("no negotiation " + negotiationId + " with " + who);
      }
      if (in.kind() == Incoming.Kind.REQUEST) {
        throw new DomainException(
            ErrorCode.ALREADY_EXISTS,
            "negotiation " + negotiationId + " already exists; a request starts a new one");
      }
      if (in.sequence() != n.lastInSeq() + 1) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION,
            "sequence "
                + in.sequence()
                + " is out of order: the next expected is "
                + (n.lastInSeq() + 1)
                + "; messages are applied in order only");
      }
      outcome =
          switch (in.kind()) {
            case ACCEPT ->
                supplier.accept(
                    h, n, caller, in.body().quoteVersion(), MessageReceiver::requireLevel);
            case CANCEL ->
                supplier.cancel(h, n, who, text(in.body().cancelReason(), "cancel.reason"));
            case CHANGE ->
                supplier.change(h, n, caller, in.body().change(), MessageReceiver::requireLevel);
            case RETURN_GOODS ->
                supplier.returned(h, n, who, text(in.body().returnNote(), "return_goods.note"));
            case SNAPSHOT -> {
              borrower.onSnapshot(h, n, in.body().snapshot(who));
              yield SupplierSide.Outcome.APPLIED;
            }
            case REQUEST -> throw new IllegalStateException("refused above");
          };
    }
    if (outcome.applied() && in.method() == Outbox.Method.ORDER) {
      // The borrower's own step (it moved its copy when it sent the order) is its state now.
      NegotiationState borrowerState =
          switch (in.kind()) {
            case ACCEPT -> NegotiationState.ACCEPTED;
            case CANCEL -> NegotiationState.CANCEL_REQUESTED;
            case RETURN_GOODS -> NegotiationState.RETURNED;
            default -> null;
          };
      if (borrowerState != null) {
        store.setPeerState(negotiationId, borrowerState);
      }
    }
    store.setLastInSeq(negotiationId, in.sequence());
    outbox.partnerHeard(h, who, clock.instant());
    Negotiation after = store.find(negotiationId).orElseThrow();
    byte[] ack =
        Wire.ack(
            new Ack(
                outcome.applied(),
                outcome.reason(),
                after.role() == Role.SUPPLIER ? t.snapshot(h, after) : null));
    metrics.received(outcome.applied() ? "applied" : "rejected");
    inbox.store(messageId, who, negotiationId, in.sequence(), in.sha256(), ack, clock.instant());
    return ack;
  }

  /** The callee's view of a negotiation with the caller (resync). */
  Snapshot state(UUID id, Partner caller) {
    return jdbi.inTransaction(
        h -> {
          Negotiation n =
              Daos.of(h, NegotiationDao.class)
                  .find(id)
                  .filter(x -> x.partner().equals(caller.nodeId()))
                  .orElseThrow(
                      () ->
                          DomainException.notFound(
                              "no negotiation " + id + " with " + caller.nodeId()));
          return t.snapshot(h, n);
        });
  }

  private static String text(String s, String field) {
    if (s.length() > Wire.MAX_TEXT) {
      throw DomainException.invalid(field + ": at most " + Wire.MAX_TEXT + " characters");
    }
    return s;
  }

  static void requireLevel(Partner caller) {
    if (!caller.grantedLevel().allows(TrustLevel.SUBHIRE_REQUEST)) {
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED,
          "partner "
              + caller.nodeId()
              + " has level "
              + caller.grantedLevel()
              + " here; sub-hire requests and acceptances need SUBHIRE_REQUEST");
    }
  }
}
