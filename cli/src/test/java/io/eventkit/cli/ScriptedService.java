package io.eventkit.cli;

import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Services on a real loopback gRPC server that answer from a script: each {@link #expect} queues
 * the answer (a message or a {@link Status}) for one call of one method (its simple name, e.g.
 * GetDeal), in order. Every unary method of the given services is served generically, so a fake is
 * just its service descriptors. Every call is recorded with its request and Authorization header; a
 * call nobody scripted fails with INTERNAL and is listed in {@link #unexpected}.
 */
class ScriptedService implements AutoCloseable {
  private static final Context.Key<String> AUTHORIZATION = Context.key("authorization");
  private static final Context.Key<String> TENANT = Context.key("eventkit-tenant");

  /** {@code tenant}: the EventKit-Tenant header, or null. */
  record Call(String method, Message request, String authorization, String tenant) {}

  private record Answer(String method, Object response) {}

  private final Deque<Answer> script = new ArrayDeque<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final Server server;

  ScriptedService(ServiceDescriptor... services) throws IOException {
    ServerInterceptor headers =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata md, ServerCallHandler<Q, R> next) {
            String auth =
                md.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
            String tenant =
                md.get(Metadata.Key.of("eventkit-tenant", Metadata.ASCII_STRING_MARSHALLER));
            return Contexts.interceptCall(
                Context.current().withValue(AUTHORIZATION, auth).withValue(TENANT, tenant),
                call,
                md,
                next);
          }
        };
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    for (ServiceDescriptor service : services) {
      builder.addService(ServerInterceptors.intercept(definition(service), headers));
    }
    server = builder.build().start();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ServerServiceDefinition definition(ServiceDescriptor service) {
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(service);
    for (MethodDescriptor<?, ?> m : service.getMethods()) {
      if (m.getType() != MethodDescriptor.MethodType.UNARY) {
        throw new IllegalArgumentException("only unary methods can be scripted: " + m);
      }
      String name = m.getBareMethodName();
      b.addMethod(
          (MethodDescriptor) m,
          ServerCalls.asyncUnaryCall(
              (request, observer) ->
                  answer(name, (Message) request, (StreamObserver<Object>) observer)));
    }
    return b.build();
  }

  String url() {
    return "grpc://127.0.0.1:" + server.getPort();
  }

  /** Queues the answer to the next call of {@code method} (its simple name, e.g. GetDeal). */
  synchronized ScriptedService expect(String method, Object responseOrStatus) {
    script.add(new Answer(method, responseOrStatus));
    return this;
  }

  synchronized int pending() {
    return script.size();
  }

  /** The requests received for {@code method}, in order. */
  @SuppressWarnings("unchecked")
  <T extends Message> List<T> requests(String method) {
    List<T> out = new ArrayList<>();
    for (Call c : calls) {
      if (c.method().equals(method)) {
        out.add((T) c.request());
      }
    }
    return out;
  }

  /** The only request received, which must have been for {@code method}. */
  @SuppressWarnings("unchecked")
  <T extends Message> T only(String method) {
    if (calls.size() != 1 || !calls.get(0).method().equals(method)) {
      throw new AssertionError("expected exactly one " + method + " call, got " + calls);
    }
    return (T) calls.get(0).request();
  }

  private void answer(String method, Message request, StreamObserver<Object> observer) {
    calls.add(new Call(method, request, AUTHORIZATION.get(), TENANT.get()));
    Answer next;
    synchronized (this) {
      next = script.peek();
      if (next != null && next.method().equals(method)) {
        script.poll();
      } else {
        next = null;
      }
    }
    if (next == null) {
      unexpected.add(method + " " + request);
      observer.onError(
          Status.INTERNAL.withDescription("unexpected call " + method).asRuntimeException());
      return;
    }
    if (next.response() instanceof Status status) {
      observer.onError(status.asRuntimeException());
    } else {
      observer.onNext(next.response());
      observer.onCompleted();
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
