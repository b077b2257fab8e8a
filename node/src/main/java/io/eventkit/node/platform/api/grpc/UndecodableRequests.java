package io.eventkit.node.platform.api.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests whose bytes are not a valid message get INVALID_ARGUMENT (docs/federation.md §3.3).
 * grpc-java parses a request before any interceptor sees it and answers a parse failure with
 * UNKNOWN plus a logged stack trace. {@link #lenient} swaps each method's request marshaller for
 * one that yields {@code null} instead of throwing, and {@link #INTERCEPTOR} closes a call that
 * delivers {@code null} — the only way a null request can arise — before it reaches the service.
 * Both must be used together, and only on listeners whose requests come from the network.
 */
final class UndecodableRequests {
  private UndecodableRequests() {}

  public static ServerServiceDefinition lenient(ServerServiceDefinition def) {
    // The service keeps its schema descriptor, so that server reflection still describes it.
    ServiceDescriptor original = def.getServiceDescriptor();
    ServiceDescriptor.Builder service =
        ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> m : def.getMethods()) {
      ServerMethodDefinition<?, ?> lenient = lenient(m);
      service.addMethod(lenient.getMethodDescriptor());
      methods.add(lenient);
    }
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(service.build());
    methods.forEach(b::addMethod);
    return b.build();
  }

  private static <Q, R> ServerMethodDefinition<Q, R> lenient(ServerMethodDefinition<Q, R> m) {
    MethodDescriptor<Q, R> md = m.getMethodDescriptor();
    MethodDescriptor.Marshaller<Q> strict = md.getRequestMarshaller();
    MethodDescriptor.Marshaller<Q> lenient =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(Q value) {
            return strict.stream(value);
          }

          @Override
          public Q parse(InputStream stream) {
            try {
              return strict.parse(stream);
            } catch (RuntimeException e) {
              return null;
            }
          }
        };
    return ServerMethodDefinition.create(
        md.toBuilder().setRequestMarshaller(lenient).build(), m.getServerCallHandler());
  }

  /** Closes calls whose request did not parse; put it inside the observability interceptor. */
  public static final ServerInterceptor INTERCEPTOR =
      new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
          return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
              next.startCall(call, headers)) {
            private boolean rejected;

            @Override
            public void onMessage(Q message) {
              if (rejected) {
                return;
              }
              if (message == null) {
                rejected = true;
                call.close(
                    Status.INVALID_ARGUMENT.withDescription(
                        "the request is not a valid "
                            + call.getMethodDescriptor().getFullMethodName()
                            + " message (it does not decode)"),
                    new Metadata());
                return;
              }
              super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
              if (!rejected) {
                super.onHalfClose();
              }
            }
          };
        }
      };
}
