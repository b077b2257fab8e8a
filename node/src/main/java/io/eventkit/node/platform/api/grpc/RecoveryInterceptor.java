package io.eventkit.node.platform.api.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns every exception a service or an inner interceptor throws (or passes to {@code onError})
 * into a proper status via {@link ErrorMapper}, so no stack trace ever reaches a client.
 */
final class RecoveryInterceptor implements ServerInterceptor {

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    MappingCall<Q, R> mapping = new MappingCall<>(call, method);
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(mapping, headers);
    } catch (RuntimeException e) {
      mapping.fail(e);
      return new ServerCall.Listener<>() {};
    }
    return new SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        if (mapping.isClosed()) {
          return;
        }
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          mapping.fail(e);
        }
      }

      @Override
      public void onHalfClose() {
        if (mapping.isClosed()) {
          return;
        }
        try {
          super.onHalfClose();
        } catch (RuntimeException e) {
          mapping.fail(e);
        }
      }

      @Override
      public void onReady() {
        if (mapping.isClosed()) {
          return;
        }
        try {
          super.onReady();
        } catch (RuntimeException e) {
          mapping.fail(e);
        }
      }
    };
  }

  private static final class MappingCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private final String method;
    private final AtomicBoolean closed = new AtomicBoolean();

    MappingCall(ServerCall<Q, R> delegate, String method) {
      super(delegate);
      this.method = method;
    }

    boolean isClosed() {
      return closed.get();
    }

    void fail(Throwable t) {
      ErrorMapper.Mapped mapped = ErrorMapper.map(t, method);
      close(mapped.status(), mapped.trailers());
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      if (!status.isOk() && status.getCause() != null) {
        // A service passed an exception to onError: map it the same way as a thrown one.
        ErrorMapper.Mapped mapped = ErrorMapper.map(status.getCause(), method);
        trailers.merge(mapped.trailers());
        super.close(mapped.status(), trailers);
        return;
      }
      super.close(status, trailers);
    }
  }
}
