package io.eventkit.node.subhire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventkit.node.federation.channels.PartnerCalls;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.platform.DaemonThreads;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import io.eventkit.node.platform.tracing.Tracing;
import io.eventkit.proto.v1.FederationSubHireServiceGrpc;
import io.eventkit.proto.v1.SubHireAck;
import io.eventkit.proto.v1.SubHireEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbox rows to partners (§17.5). Each pass claims due rows with a lease and a claim token,
 * sends each over the partner's mTLS channel and records the result: delivered (the ack is
 * applied), retried later (transport errors back off the whole partner; refusals that concern this
 * negotiation only — level too low, out of sequence — back off this message), dropped for good
 * (malformed, conflicting: the receiver will never take it), or abandoned (partner revoked).
 */
final class OutboxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  /** Sends in flight per replica, and so the most rows one pass claims. */
  private static final int IN_FLIGHT = 8;

  private final Jdbi jdbi;
  private final Transitions t;
  private final Outbox outbox;
  private final BorrowerSide borrower;
  private final PartnerRegistry partners;
  private final PartnerChannels channels;
  private final Clock clock;
  private final Duration sendDeadline;
  private final SubHireMetrics metrics;
  private final RelayInstance instance;
  private final Runnable wake;
  private final java.util.concurrent.Semaphore slots =
      new java.util.concurrent.Semaphore(IN_FLIGHT);
  private final java.util.concurrent.ExecutorService senders =
      java.util.concurrent.Executors.newFixedThreadPool(
          IN_FLIGHT, DaemonThreads.named("subhire-sender"));

  OutboxRelay(
      Jdbi jdbi,
      Transitions t,
      Outbox outbox,
      BorrowerSide borrower,
      PartnerRegistry partners,
      PartnerChannels channels,
      Clock clock,
      Duration sendDeadline,
      SubHireMetrics metrics,
      RelayInstance instance,
      Runnable wake) {
    this.wake = wake;
    this.jdbi = jdbi;
    this.t = t;
    this.outbox = outbox;
    this.borrower = borrower;
    this.partners = partners;
    this.channels = channels;
    this.clock = clock;
    this.sendDeadline = sendDeadline;
    this.metrics = metrics;
    this.instance = instance;
  }

  /**
   * One pass; returns how many rows it claimed (the caller loops while there is work). It claims
   * only as many due rows as sends may still start ({@value #IN_FLIGHT} in flight), heads of
   * different negotiations, and starts them without waiting for them: each send that ends frees its
   * slot and wakes the relay, so a row that became due meanwhile goes at once rather than after the
   * slowest send of a batch. Once a partner proves unreachable, the rows of this pass not yet sent
   * to it go back unsent. Called from one thread at a time (the module's worker).
   */
  int pass() {
    int free = slots.availablePermits();
    if (free == 0) {
      return 0;
    }
    // The lease outlasts any send and its recording, so no other replica re-claims a row in flight.
    Duration lease = sendDeadline.multipliedBy(IN_FLIGHT + 2);
    UUID token = UUID.randomUUID();
    Instant now = clock.instant();
    List<Outbox.Pending> due =
        jdbi.inTransaction(
            h -> outbox.claim(h, now, lease, free, token, instance.id(), instance.timeout()));
    // Only this thread acquires, so the permits counted above are still there.
    slots.acquireUninterruptibly(due.size());
    Set<String> unreachable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    for (Outbox.Pending p : due) {
      try {
        senders.execute(() -> sendOne(p, token, unreachable));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        slots.release(); // stopping: the lease runs out and the row is sent again
      }
    }
    return due.size();
  }

  private void sendOne(Outbox.Pending p, UUID token, Set<String> unreachable) {
    try {
      if (unreachable.contains(p.partner())) {
        jdbi.useTransaction(h -> outbox.release(h, p.id(), token));
      } else if (!send(p, token)) {
        unreachable.add(p.partner());
      }
    } catch (RuntimeException e) {
      LOG.error("sub-hire send failed; the row is retried when its lease ends", e);
    } finally {
      slots.release();
      wake.run();
    }
  }

  /** Stops the sender threads (the module's stop). */
  void close() {
    senders.shutdownNow();
  }

  /** False when the partner could not be reached (it is now backing off). */
  private boolean send(Outbox.Pending p, UUID token) {
    Optional<Partner> partner = partners.find(p.partner());
    if (partner.isEmpty() || partner.get().state().ended()) {
      jdbi.useTransaction(
          h ->
              store(h)
                  .lock(p.negotiationId())
                  .ifPresent(
                      neg -> {
                        int n = outbox.abandon(h, p.negotiationId(), "partner revoked");
                        t.note(
                            h,
                            neg,
                            neg.state(),
                            "system",
                            n
                                + " unsent message(s) dropped: partner "
                                + p.partner()
                                + " is revoked");
                      }));
      metrics.delivery("abandoned");
      return true;
    }
    SubHireEnvelope envelope;
    try {
      envelope = SubHireEnvelope.parseFrom(p.envelope());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("outbox row " + p.id() + " is unreadable", e);
    }
    SubHireAck ack;
    try (io.opentelemetry.context.Scope trace = Tracing.resume(p.traceParent())) {
      var stub =
          FederationSubHireServiceGrpc.newBlockingStub(channels.channel(p.partner()).channel())
              .withDeadlineAfter(sendDeadline.toMillis(), TimeUnit.MILLISECONDS);
      ack = p.method() == Outbox.Method.ORDER ? stub.order(envelope) : stub.respond(envelope);
    } catch (RuntimeException e) {
      // A failed call, or no channel (credentials missing, bundle unreadable): classified once.
      return failed(p, token, envelope, PartnerCalls.classify(e));
    }
    metrics.delivery("delivered");
    try {
      jdbi.useTransaction(h -> delivered(h, p, token, envelope, ack, true));
    } catch (RuntimeException e) {
      if (!unusable(e)) {
        throw e; // the database is in trouble: the lease runs out and the row is sent again
      }
      // The partner's ack cannot be applied (malformed snapshot): never loop on it. The row is
      // delivered; the error is shown and a resync can fetch the partner's state later.
      LOG.warn("sub-hire {}: ack from {} not applicable", p.negotiationId(), p.partner(), e);
      jdbi.useTransaction(
          h -> {
            delivered(h, p, token, envelope, ack, false);
            Negotiation n = store(h).find(p.negotiationId()).orElseThrow();
            store(h).setFailedMessage(n.id(), "ack of " + kind(envelope) + ": " + e.getMessage());
            t.note(
                h,
                n,
                n.state(),
                "system",
                "the partner's answer could not be applied: " + e.getMessage());
          });
    }
    return true;
  }

  private void delivered(
      Handle h,
      Outbox.Pending p,
      UUID token,
      SubHireEnvelope envelope,
      SubHireAck ack,
      boolean apply) {
    // Lock order everywhere: negotiation, then outbox, then backoff (as the receiver does).
    Negotiation n = store(h).lock(p.negotiationId()).orElseThrow();
    if (!outbox.delivered(h, p.id(), token, clock.instant())) {
      return; // another pass re-claimed and handled it
    }
    outbox.partnerHeard(h, p.partner(), clock.instant());
    if (!apply) {
      return;
    }
    if (n.role() == Role.BORROWER) {
      borrower.onAck(
          h,
          n,
          ack.getOutcome() == SubHireAck.Outcome.APPLIED,
          ack.getReason(),
          ack.hasSnapshot() ? Wire.snapshot(ack.getSnapshot(), n.id(), n.partner()) : null,
          kind(envelope));
    } else if (ack.getOutcome() == SubHireAck.Outcome.APPLIED && envelope.hasSnapshot()) {
      // The borrower took this snapshot: its state is what the borrower last acknowledged. Rows
      // are delivered in sequence order, so a later snapshot always overwrites an earlier one.
      NegotiationState acked = Wire.state(envelope.getSnapshot().getState());
      if (acked != null) {
        store(h).setPeerState(n.id(), acked);
      }
    } else if (ack.getOutcome() == SubHireAck.Outcome.REJECTED) {
      t.note(
          h,
          n,
          n.state(),
          p.partner(),
          "the borrower refused the update: " + Wire.clip(ack.getReason()));
    }
  }

  private boolean failed(
      Outbox.Pending p, UUID token, SubHireEnvelope envelope, PartnerCalls.Failure f) {
    String error = Wire.clip(f.summary());
    Instant now = clock.instant();
    if (f.retry() == PartnerCalls.Retry.NEVER) {
      metrics.delivery("failed");
      LOG.warn(
          "sub-hire {} message {} refused by {}: {}",
          p.negotiationId(),
          p.sequence(),
          p.partner(),
          error);
      jdbi.useTransaction(
          h -> {
            Negotiation n = store(h).lock(p.negotiationId()).orElseThrow();
            int later = outbox.dropFrom(h, p.negotiationId(), p.sequence());
            String detail =
                "delivery of "
                    + kind(envelope)
                    + " failed for good: "
                    + error
                    + (later > 0 ? "; " + later + " later message(s) dropped" : "");
            store(h).setFailedMessage(n.id(), kind(envelope) + ": " + error);
            if (n.role() == Role.BORROWER) {
              borrower.onDeliveryFailed(h, n, kind(envelope), detail);
            } else {
              t.note(h, n, n.state(), "system", detail);
            }
          });
      return true;
    }
    metrics.delivery("retry");
    if (f.retry() == PartnerCalls.Retry.THIS_REQUEST_LATER) {
      jdbi.useTransaction(
          h -> outbox.retryAt(h, p.id(), token, error, now.plus(outbox.delay(p.attempts()))));
      return true;
    }
    jdbi.useTransaction(
        h -> {
          outbox.retry(h, p.id(), token, error);
          Instant next = outbox.partnerFailed(h, p.partner(), error, now);
          LOG.info(
              "sub-hire message to {} not delivered ({}); next attempt at {}",
              p.partner(),
              error,
              next);
        });
    return false;
  }

  private static NegotiationDao store(Handle h) {
    return Daos.of(h, NegotiationDao.class);
  }

  /** Errors that come from the ack's content, not from the database being unavailable. */
  private static boolean unusable(RuntimeException e) {
    return e instanceof DomainException || Pg.sqlState(e).startsWith("23");
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
