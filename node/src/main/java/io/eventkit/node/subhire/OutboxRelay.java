package io.eventkit.node.subhire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.proto.v1.FederationSubHireServiceGrpc;
import io.eventkit.proto.v1.SubHireAck;
import io.eventkit.proto.v1.SubHireEnvelope;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbox rows to partners (§17.5). Each pass claims due rows with a lease, sends each over
 * the partner's mTLS channel and records the result: delivered (the ack is applied), retry later
 * with the partner backing off (transport errors, the partner refusing for now), failed for good
 * (malformed, conflicting — the receiver will never take it), or abandoned (partner revoked).
 */
final class OutboxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  /** The receiver will never accept these, however often they are sent. */
  private static final Set<Status.Code> PERMANENT =
      EnumSet.of(
          Status.Code.INVALID_ARGUMENT,
          Status.Code.ALREADY_EXISTS,
          Status.Code.NOT_FOUND,
          Status.Code.UNIMPLEMENTED,
          Status.Code.OUT_OF_RANGE);

  private final Jdbi jdbi;
  private final Transitions t;
  private final BorrowerSide borrower;
  private final PartnerRegistry partners;
  private final PartnerChannels channels;
  private final Clock clock;
  private final Duration sendDeadline;
  private final SubHireMetrics metrics;

  OutboxRelay(
      Jdbi jdbi,
      Transitions t,
      BorrowerSide borrower,
      PartnerRegistry partners,
      PartnerChannels channels,
      Clock clock,
      Duration sendDeadline,
      SubHireMetrics metrics) {
    this.metrics = metrics;
    this.jdbi = jdbi;
    this.t = t;
    this.borrower = borrower;
    this.partners = partners;
    this.channels = channels;
    this.clock = clock;
    this.sendDeadline = sendDeadline;
  }

  /** One pass; returns how many rows it handled (the caller loops while there is work). */
  int pass() {
    Duration lease = sendDeadline.multipliedBy(3);
    List<Outbox.Pending> due =
        jdbi.inTransaction(h -> t.outbox().claim(h, clock.instant(), lease, 16));
    java.util.Set<String> unreachable = new java.util.HashSet<>();
    for (Outbox.Pending p : due) {
      if (unreachable.contains(p.partner())) {
        jdbi.useTransaction(h -> t.outbox().retry(h, p.id(), "partner backing off"));
      } else if (!send(p)) {
        unreachable.add(p.partner());
      }
    }
    return due.size();
  }

  /** False when the partner could not be reached (it is now backing off). */
  private boolean send(Outbox.Pending p) {
    Optional<Partner> partner = partners.find(p.partner());
    if (partner.isEmpty() || partner.get().state() == PartnerState.REVOKED) {
      jdbi.useTransaction(
          h -> {
            int n = t.outbox().abandon(h, p.negotiationId(), "partner revoked");
            t.store()
                .find(h, p.negotiationId())
                .ifPresent(
                    neg ->
                        t.note(
                            h,
                            neg,
                            neg.state(),
                            "system",
                            n
                                + " unsent message(s) dropped: partner "
                                + p.partner()
                                + " is revoked"));
          });
      return true;
    }
    SubHireEnvelope envelope;
    try {
      envelope = SubHireEnvelope.parseFrom(p.envelope());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("outbox row " + p.id() + " is unreadable", e);
    }
    SubHireAck ack;
    try {
      var stub =
          FederationSubHireServiceGrpc.newBlockingStub(channels.channel(p.partner()).channel())
              .withDeadlineAfter(sendDeadline.toMillis(), TimeUnit.MILLISECONDS);
      ack = p.method() == Outbox.Method.ORDER ? stub.order(envelope) : stub.respond(envelope);
    } catch (StatusRuntimeException e) {
      return failed(p, envelope, e.getStatus());
    } catch (RuntimeException e) {
      // No channel (credentials missing, bundle unreadable): the partner cannot be reached now.
      return failed(p, envelope, Status.UNAVAILABLE.withDescription(e.getMessage()));
    }
    metrics.delivery("delivered");
    jdbi.useTransaction(
        h -> {
          t.outbox().delivered(h, p.id(), clock.instant());
          t.outbox().partnerHeard(h, p.partner(), clock.instant());
          Negotiation n = t.store().lock(h, p.negotiationId()).orElseThrow();
          if (n.role() == Role.BORROWER) {
            borrower.onAck(
                h,
                n,
                ack.getOutcome() == SubHireAck.Outcome.APPLIED,
                ack.getReason(),
                ack.hasSnapshot() ? Wire.snapshot(ack.getSnapshot(), n.id()) : null,
                kind(envelope));
          } else if (ack.getOutcome() == SubHireAck.Outcome.REJECTED) {
            t.note(
                h,
                n,
                n.state(),
                p.partner(),
                "the borrower refused the update: " + ack.getReason());
          }
        });
    return true;
  }

  private boolean failed(Outbox.Pending p, SubHireEnvelope envelope, Status status) {
    String error = status.getCode() + ": " + status.getDescription();
    Instant now = clock.instant();
    metrics.delivery(PERMANENT.contains(status.getCode()) ? "failed" : "retry");
    if (PERMANENT.contains(status.getCode())) {
      LOG.warn(
          "sub-hire {} message {} refused by {}: {}",
          p.negotiationId(),
          p.sequence(),
          p.partner(),
          error);
      jdbi.useTransaction(
          h -> {
            t.outbox().failed(h, p.id(), error);
            // Later messages of this negotiation would be out of sequence now: drop them too.
            t.outbox().abandon(h, p.negotiationId(), "an earlier message failed");
            Negotiation n = t.store().lock(h, p.negotiationId()).orElseThrow();
            if (n.role() == Role.BORROWER) {
              borrower.onDeliveryFailed(h, n, kind(envelope), error);
            } else {
              t.store().setFailedMessage(h, n.id(), kind(envelope) + ": " + error);
              t.note(
                  h, n, n.state(), "system", "delivery of " + kind(envelope) + " failed: " + error);
            }
          });
      return true;
    }
    jdbi.useTransaction(
        h -> {
          t.outbox().retry(h, p.id(), error);
          Instant next = t.outbox().partnerFailed(h, p.partner(), error, now);
          LOG.info(
              "sub-hire message to {} not delivered ({}); next attempt at {}",
              p.partner(),
              error,
              next);
        });
    return false;
  }

  private static String kind(SubHireEnvelope e) {
    return switch (e.getBodyCase()) {
      case REQUEST -> "request";
      case ACCEPT -> "accept";
      case CHANGE -> "change";
      case CANCEL -> "cancel";
      case RETURN_GOODS -> "return";
      case SNAPSHOT -> "update (" + e.getSnapshot().getState() + ")";
      case BODY_NOT_SET -> "empty message";
    };
  }
}
