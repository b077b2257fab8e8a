package io.eventkit.node.platform.api.grpc;

import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.metrics.RpcMetrics;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Outermost interceptor: one structured log line and the Prometheus series per call, with the final
 * status (after recovery). Calls through the in-process server come from the Connect servlet, which
 * passes the HTTP client's address in {@link #PEER_ADDRESS}; that header is trusted only on the
 * in-process transport.
 */
final class ObservabilityInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> PEER_ADDRESS =
      Metadata.Key.of("eventkit-peer-address", Metadata.ASCII_STRING_MARSHALLER);

  private static final Logger LOG = LoggerFactory.getLogger("eventkit.rpc");

  /**
   * The company account a call is counted under in a shared deployment, set by the auth interceptor
   * once it knows it (a verified credential's, or a known account a public call is addressed to),
   * read here when the call closes, whatever closed it: the handler, an exception (recovery), or a
   * refusal.
   */
  static final io.grpc.Context.Key<java.util.concurrent.atomic.AtomicReference<String>>
      TENANT_LABEL = io.grpc.Context.key("eventkit-tenant-label");

  private final RpcMetrics metrics;
  private final String fixedTransport;

  ObservabilityInterceptor(RpcMetrics metrics) {
    this(metrics, null);
  }

  /** With a fixed transport label (the federation and enrolment listeners). */
  ObservabilityInterceptor(RpcMetrics metrics, String fixedTransport) {
    this.metrics = metrics;
    this.fixedTransport = fixedTransport;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long startNanos = System.nanoTime();
    String method = call.getMethodDescriptor().getFullMethodName();
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    boolean viaConnect = remote instanceof InProcessSocketAddress;
    String transport = fixedTransport != null ? fixedTransport : viaConnect ? "connect" : "grpc";
    String peer =
        viaConnect && fixedTransport == null
            ? headers.get(PEER_ADDRESS)
            : CallerAddress.format(remote);
    java.util.concurrent.atomic.AtomicReference<String> tenant =
        new java.util.concurrent.atomic.AtomicReference<>();
    ServerCall<Q, R> observed =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            metrics.record(method, transport, status.getCode().name(), seconds);
            String account = tenant.get();
            if (account != null) {
              metrics.recordTenant(account, status.getCode().name(), seconds);
            }
            log(method, transport, peer, status, seconds);
            super.close(status, trailers);
          }
        };
    return io.grpc.Contexts.interceptCall(
        io.grpc.Context.current()
            .withValue(CallerAddress.KEY, String.valueOf(peer))
            .withValue(TENANT_LABEL, tenant),
        observed,
        headers,
        next);
  }

  /**
   * The call's line, at INFO on {@code eventkit.rpc}, with its fields in the MDC for the JSON
   * layout. Setting that logger to WARN turns the lines off and skips all of this; the benchmark
   * measures the difference (conformance-tests/README.md).
   */
  private void log(String method, String transport, String peer, Status status, double seconds) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    Principal principal = Principal.current();
    String durationMs = millis(seconds);
    MDC.put("rpc.method", method);
    MDC.put("rpc.transport", transport);
    MDC.put("rpc.code", status.getCode().name());
    MDC.put("rpc.durationMs", durationMs);
    MDC.put("rpc.peer", String.valueOf(peer));
    MDC.put("rpc.principal", principal == null ? "-" : principal.name());
    try {
      if (status.isOk()) {
        LOG.info("{} {} OK {}ms", transport, method, durationMs);
      } else {
        LOG.info(
            "{} {} {} {}ms: {}",
            transport,
            method,
            status.getCode(),
            durationMs,
            status.getDescription());
      }
    } finally {
      MDC.remove("rpc.method");
      MDC.remove("rpc.transport");
      MDC.remove("rpc.code");
      MDC.remove("rpc.durationMs");
      MDC.remove("rpc.peer");
      MDC.remove("rpc.principal");
    }
  }

  /** Milliseconds with two decimals, as {@code String.format("%.2f")} without a Formatter. */
  static String millis(double seconds) {
    long hundredths = Math.round(seconds * 100_000);
    long frac = hundredths % 100;
    return (hundredths / 100) + (frac < 10 ? ".0" : ".") + frac;
  }
}
