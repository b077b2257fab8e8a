package io.eventkit.node.platform.tracing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/**
 * A CLIENT span per call to a partner, child of the current context (the request being served, or a
 * resumed outbox row), sent to the partner as W3C {@code traceparent}. Nothing current and nothing
 * recording: the call goes out untouched.
 */
final class TracingClientInterceptor implements ClientInterceptor {
  private final Tracing tracing;

  TracingClientInterceptor(Tracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    Context parent = Context.current();
    if (!tracing.recording() && !Span.fromContext(parent).getSpanContext().isValid()) {
      return next.newCall(method, options);
    }
    Span span =
        tracing
            .tracer()
            .spanBuilder(method.getFullMethodName())
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(Tracing.RPC_SYSTEM, "grpc")
            .setAttribute(Tracing.RPC_SERVICE, String.valueOf(method.getServiceName()))
            .setAttribute(Tracing.RPC_METHOD, String.valueOf(method.getBareMethodName()))
            .setAttribute(Tracing.PARTNER, String.valueOf(next.authority()))
            .startSpan();
    if (!span.getSpanContext().isValid()) {
      return next.newCall(method, options);
    }
    Context ctx = parent.with(span);
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        Tracing.W3C.inject(ctx, headers, Tracing.METADATA_SETTER);
        super.start(
            new SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onClose(Status status, Metadata trailers) {
                span.setAttribute(Tracing.RPC_GRPC_STATUS_CODE, status.getCode().value());
                if (!status.isOk()) {
                  span.setStatus(
                      StatusCode.ERROR, status.getCode() + ": " + status.getDescription());
                }
                span.end();
                super.onClose(status, trailers);
              }
            },
            headers);
      }

      @Override
      public void cancel(String message, Throwable cause) {
        try {
          super.cancel(message, cause);
        } finally {
          span.end();
        }
      }
    };
  }
}
