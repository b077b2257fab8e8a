package io.eventkit.node.subhire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.db.Pg;
import io.eventkit.proto.v1.NegotiationSnapshot;
import io.eventkit.proto.v1.SubHireAck;
import io.eventkit.proto.v1.SubHireEnvelope;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
  private final Inbox inbox;
  private final SupplierSide supplier;
  private final BorrowerSide borrower;
  private final Clock clock;
  private final Runnable wakeRelay;
  private final SubHireMetrics metrics;

  MessageReceiver(
      Jdbi jdbi,
      Transitions t,
      Inbox inbox,
      SupplierSide supplier,
      BorrowerSide borrower,
      Clock clock,
      Runnable wakeRelay,
      SubHireMetrics metrics) {
    this.metrics = metrics;
    this.jdbi = jdbi;
    this.t = t;
    this.inbox = inbox;
    this.supplier = supplier;
    this.borrower = borrower;
    this.clock = clock;
    this.wakeRelay = wakeRelay;
  }

  SubHireAck receive(Outbox.Method method, SubHireEnvelope env, Partner caller) {
    UUID negotiationId = uuid(env.getNegotiationId(), "negotiation_id");
    UUID messageId = uuid(env.getMessageId(), "message_id");
    if (env.getSequence() < 1) {
      throw DomainException.invalid("sequence: must be 1 or more");
    }
    checkBody(method, env);
    byte[] hash = sha256(env.toByteArray());
    SubHireAck ack;
    try {
      ack = jdbi.inTransaction(h -> apply(h, method, env, negotiationId, messageId, hash, caller));
    } catch (RuntimeException e) {
      // Two deliveries of one new request raced; the loser now finds the winner's inbox row.
      if (!Pg.is(e, Pg.UNIQUE_VIOLATION, null)) {
        throw e;
      }
      ack = jdbi.inTransaction(h -> apply(h, method, env, negotiationId, messageId, hash, caller));
    }
    wakeRelay.run();
    return ack;
  }

  private SubHireAck apply(
      Handle h,
      Outbox.Method method,
      SubHireEnvelope env,
      UUID negotiationId,
      UUID messageId,
      byte[] hash,
      Partner caller) {
    Optional<Negotiation> found = t.store().lock(h, negotiationId);
    Optional<Inbox.Stored> stored = inbox.find(h, messageId);
    if (stored.isPresent()) {
      Inbox.Stored s = stored.get();
      if (!s.sender().equals(caller.nodeId()) || !Arrays.equals(s.payloadSha256(), hash)) {
        throw new DomainException(
            ErrorCode.ALREADY_EXISTS,
            "message "
                + messageId
                + " was already received with different content; a message ID"
                + " must never be reused");
      }
      metrics.received("replay");
      try {
        return SubHireAck.parseFrom(s.ack());
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("stored ack of " + messageId + " is unreadable", e);
      }
    }
    String who = caller.nodeId();
    SupplierSide.Outcome outcome;
    Negotiation n;
    if (found.isEmpty()) {
      if (env.getBodyCase() != SubHireEnvelope.BodyCase.REQUEST) {
        throw DomainException.notFound("no negotiation " + negotiationId + " with " + who);
      }
      if (env.getSequence() != 1) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION, "a new negotiation starts with sequence 1");
      }
      requireLevel(caller);
      outcome =
          supplier.request(
              h,
              negotiationId,
              caller,
              Wire.details(env.getRequest()),
              Wire.lines(env.getRequest()));
      n = t.store().find(h, negotiationId).orElseThrow();
    } else {
      n = found.get();
      Role expectedRole = method == Outbox.Method.ORDER ? Role.SUPPLIER : Role.BORROWER;
      if (!n.partner().equals(who) || n.role() != expectedRole) {
        throw DomainException.notFound("no negotiation " + negotiationId + " with " + who);
      }
      if (env.getBodyCase() == SubHireEnvelope.BodyCase.REQUEST) {
        throw new DomainException(
            ErrorCode.ALREADY_EXISTS,
            "negotiation " + negotiationId + " already exists; a request starts a new one");
      }
      if (env.getSequence() != n.lastInSeq() + 1) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION,
            "sequence "
                + env.getSequence()
                + " is out of order: the next expected is "
                + (n.lastInSeq() + 1)
                + "; messages are applied in order only");
      }
      outcome =
          switch (env.getBodyCase()) {
            case ACCEPT ->
                supplier.accept(
                    h, n, caller, env.getAccept().getQuoteVersion(), MessageReceiver::requireLevel);
            case CANCEL ->
                supplier.cancel(h, n, who, text(env.getCancel().getReason(), "cancel.reason"));
            case CHANGE ->
                supplier.change(
                    h, n, caller, Wire.change(env.getChange()), MessageReceiver::requireLevel);
            case RETURN_GOODS ->
                supplier.returned(
                    h, n, who, text(env.getReturnGoods().getNote(), "return_goods.note"));
            case SNAPSHOT -> {
              borrower.onSnapshot(h, n, Wire.snapshot(env.getSnapshot(), negotiationId, who));
              yield SupplierSide.Outcome.APPLIED;
            }
            default -> throw new IllegalStateException("checked in checkBody");
          };
    }
    if (outcome.applied() && method == Outbox.Method.ORDER) {
      // The borrower's own step (it moved its copy when it sent the order) is its state now.
      NegotiationState borrowerState =
          switch (env.getBodyCase()) {
            case ACCEPT -> NegotiationState.ACCEPTED;
            case CANCEL -> NegotiationState.CANCEL_REQUESTED;
            case RETURN_GOODS -> NegotiationState.RETURNED;
            default -> null;
          };
      if (borrowerState != null) {
        t.store().setPeerState(h, negotiationId, borrowerState);
      }
    }
    t.store().setLastInSeq(h, negotiationId, env.getSequence());
    t.outbox().partnerHeard(h, who, clock.instant());
    Negotiation after = t.store().find(h, negotiationId).orElseThrow();
    SubHireAck.Builder ack =
        SubHireAck.newBuilder()
            .setOutcome(
                outcome.applied() ? SubHireAck.Outcome.APPLIED : SubHireAck.Outcome.REJECTED)
            .setReason(outcome.reason());
    if (after.role() == Role.SUPPLIER) {
      ack.setSnapshot(Wire.snapshot(t.snapshot(h, after)));
    }
    SubHireAck built = ack.build();
    metrics.received(outcome.applied() ? "applied" : "rejected");
    inbox.store(
        h,
        messageId,
        who,
        negotiationId,
        env.getSequence(),
        hash,
        built.toByteArray(),
        clock.instant());
    return built;
  }

  /** The callee's view of a negotiation with the caller (resync). */
  NegotiationSnapshot state(String negotiationId, Partner caller) {
    UUID id = uuid(negotiationId, "negotiation_id");
    return jdbi.inTransaction(
        h -> {
          Negotiation n =
              t.store()
                  .find(h, id)
                  .filter(x -> x.partner().equals(caller.nodeId()))
                  .orElseThrow(
                      () ->
                          DomainException.notFound(
                              "no negotiation " + id + " with " + caller.nodeId()));
          return Wire.snapshot(t.snapshot(h, n));
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

  private static void checkBody(Outbox.Method method, SubHireEnvelope env) {
    boolean ok =
        switch (env.getBodyCase()) {
          case REQUEST, CHANGE, ACCEPT, CANCEL, RETURN_GOODS -> method == Outbox.Method.ORDER;
          case SNAPSHOT -> method == Outbox.Method.RESPOND;
          case BODY_NOT_SET -> false;
        };
    if (!ok) {
      throw DomainException.invalid(
          "body: "
              + env.getBodyCase()
              + (method == Outbox.Method.ORDER
                  ? " cannot be sent with Order (request, change, accept, cancel or return_goods)"
                  : " cannot be sent with Respond (snapshot only)"));
    }
  }

  static UUID uuid(String s, String field) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(field + ": '" + abbreviate(s) + "' is not a UUID");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
