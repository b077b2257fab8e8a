package io.eventkit.node.federation.channels;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On every outbound call of one partner's channel (whoever makes it: admin, fan-out, sub-hire
 * relay): transport failures get a description that names the failed check ({@link TlsFailures}),
 * logged at WARN with the partner's ID (once per distinct message and minute); a refusal that says
 * the partner revoked this node is reported to {@code revokedByPartner}; and the partner's
 * response-time header ({@link #TIME_HEADER}) gives a clock-offset sample.
 */
final class PartnerCallWatcher implements ClientInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(PartnerChannels.class);

  /** Sent by EventKit callees on every federation response: the callee's clock, epoch millis. */
  static final Metadata.Key<String> TIME_HEADER =
      Metadata.Key.of("eventkit-time-ms", Metadata.ASCII_STRING_MARSHALLER);

  private final String partnerId;
  private final String endpoint;
  private final PartnerStats stats;
  private final Clock clock;
  private final Events events;
  private String lastLogged = "";
  private Instant lastLoggedAt = Instant.EPOCH;

  PartnerCallWatcher(
      String partnerId, String endpoint, PartnerStats stats, Clock clock, Events events) {
    this.partnerId = partnerId;
    this.endpoint = endpoint;
    this.stats = stats;
    this.clock = clock;
    this.events = events;
  }

  /** What the watcher reports to the partner's channels. */
  interface Events {
    void failed(String partnerId, TlsFailures.Failure failure);

    void clockSampled(String partnerId, PartnerStats.ClockOffset offset);
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        long sentNanos = System.nanoTime();
        Instant sentAt = clock.instant();
        super.start(
            new SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onHeaders(Metadata h) {
                String t = h.get(TIME_HEADER);
                if (t != null) {
                  sample(t, sentAt, System.nanoTime() - sentNanos);
                }
                super.onHeaders(h);
              }

              @Override
              public void onClose(Status status, Metadata trailers) {
                super.onClose(watch(status), trailers);
              }
            },
            headers);
      }
    };
  }

  private void sample(String serverMillis, Instant sentAt, long rttNanos) {
    try {
      long server = Long.parseLong(serverMillis);
      stats.clockSample(server, sentAt, Duration.ofNanos(rttNanos), clock.instant());
      events.clockSampled(partnerId, stats.clockOffset());
    } catch (NumberFormatException e) {
      // not a time: ignore the sample
    }
  }

  private Status watch(Status status) {
    if (status.isOk()) {
      return status;
    }
    TlsFailures.Failure f = TlsFailures.classify(partnerId, endpoint, status);
    if (f == null) {
      String clean = TlsFailures.clean(status.getDescription());
      return clean.equals(status.getDescription() == null ? "" : status.getDescription())
          ? status
          : status.withDescription(clean);
    }
    logOnce(f.message());
    events.failed(partnerId, f);
    return status.withDescription(f.message());
  }

  private synchronized void logOnce(String message) {
    Instant now = clock.instant();
    if (!message.equals(lastLogged) || now.isAfter(lastLoggedAt.plusSeconds(60))) {
      lastLogged = message;
      lastLoggedAt = now;
      LOG.warn("partner {}: {}", partnerId, message);
    }
  }
}
