package io.eventkit.node.platform.tracing;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * A SERVER span per call, child of the caller's {@code traceparent} when it sent one. The span's
 * context is current, and its IDs are in the MDC ({@code trace_id}, {@code span_id}), during each
 * of the listener's callbacks, which is where the services and the interceptors inside this one run
 * (the request log line included). A call with no trace to join and nothing recording costs one
 * header lookup.
 */
final class TracingServerInterceptor implements ServerInterceptor {
  private final Tracing tracing;
  private final String transport;

  TracingServerInterceptor(Tracing tracing, String transport) {
    this.tracing = tracing;
    this.transport = transport;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!tracing.recording() && !headers.containsKey(TRACEPARENT)) {
      return next.startCall(call, headers);
    }
    Context parent = Tracing.W3C.extract(Context.root(), headers, Tracing.METADATA_GETTER);
    String fullName = call.getMethodDescriptor().getFullMethodName();
    Span span =
        tracing
            .tracer()
            .spanBuilder(fullName)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(Tracing.RPC_SYSTEM, "grpc")
            .setAttribute(
                Tracing.RPC_SERVICE, String.valueOf(call.getMethodDescriptor().getServiceName()))
            .setAttribute(
                Tracing.RPC_METHOD, String.valueOf(call.getMethodDescriptor().getBareMethodName()))
            .setAttribute(Tracing.TRANSPORT, transport)
            .startSpan();
    SpanContext sc = span.getSpanContext();
    if (!sc.isValid()) {
      return next.startCall(call, headers);
    }
    Context ctx = parent.with(span);
    ServerCall<Q, R> traced =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            span.setAttribute(Tracing.RPC_GRPC_STATUS_CODE, status.getCode().value());
            if (serverFault(status.getCode())) {
              span.setStatus(StatusCode.ERROR, String.valueOf(status.getDescription()));
            }
            try {
              super.close(status, trailers);
            } finally {
              span.end();
            }
          }
        };
    ServerCall.Listener<Q> delegate;
    try (Scope ignored = ctx.makeCurrent();
        Mdc mdc = Mdc.of(sc)) {
      delegate = next.startCall(traced, headers);
    }
    return new SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        inSpan(ctx, sc, () -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        inSpan(ctx, sc, super::onHalfClose);
      }

      @Override
      public void onCancel() {
        try {
          inSpan(ctx, sc, super::onCancel);
        } finally {
          span.end(); // ending twice is ignored: close() may have ended it
        }
      }

      @Override
      public void onComplete() {
        inSpan(ctx, sc, super::onComplete);
      }

      @Override
      public void onReady() {
        inSpan(ctx, sc, super::onReady);
      }
    };
  }

  /** Runs one listener callback with the call's span current and its IDs in the MDC. */
  private static void inSpan(Context ctx, SpanContext sc, Runnable callback) {
    try (Scope ignored = ctx.makeCurrent();
        Mdc mdc = Mdc.of(sc)) {
      callback.run();
    }
  }

  static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

  /** OpenTelemetry's rule for gRPC servers: the client's own mistakes are not the server's. */
  private static boolean serverFault(Status.Code code) {
    return switch (code) {
      case UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS -> true;
      default -> false;
    };
  }

  /** The span's IDs in the MDC for one callback; the previous values are put back after. */
  private static final class Mdc implements AutoCloseable {
    private final String previousTrace;
    private final String previousSpan;

    private Mdc(SpanContext sc) {
      previousTrace = MDC.get("trace_id");
      previousSpan = MDC.get("span_id");
      MDC.put("trace_id", sc.getTraceId());
      MDC.put("span_id", sc.getSpanId());
    }

    static Mdc of(SpanContext sc) {
      return new Mdc(sc);
    }

    @Override
    public void close() {
      restore("trace_id", previousTrace);
      restore("span_id", previousSpan);
    }

    private static void restore(String key, String value) {
      if (value == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, value);
      }
    }
  }
}
