package io.eventkit.cli;

import com.google.protobuf.Message;
import io.eventkit.proto.v1.DispatchSubHireRequest;
import io.eventkit.proto.v1.GetSubHireRequest;
import io.eventkit.proto.v1.ListSubHiresRequest;
import io.eventkit.proto.v1.ListSubHiresResponse;
import io.eventkit.proto.v1.QuoteSubHireRequest;
import io.eventkit.proto.v1.RequestSubHireRequest;
import io.eventkit.proto.v1.SubHire;
import io.eventkit.proto.v1.SubHireActionRequest;
import io.eventkit.proto.v1.SubHireServiceGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
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
 * A SubHireService on a real loopback gRPC server that answers from a script, like {@link
 * FakeTrustService}: each {@link #expect} queues the answer (a message or a {@link Status}) for one
 * call of one method, in order. Every call is recorded with its request and Authorization header; a
 * call nobody scripted fails with INTERNAL and is listed in {@link #unexpected}.
 */
final class FakeSubHireService extends SubHireServiceGrpc.SubHireServiceImplBase
    implements AutoCloseable {
  private static final Context.Key<String> AUTHORIZATION = Context.key("authorization");

  record Call(String method, Message request, String authorization) {}

  private record Answer(String method, Object response) {}

  private final Deque<Answer> script = new ArrayDeque<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final Server server;

  FakeSubHireService() throws IOException {
    ServerInterceptor headers =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata md, ServerCallHandler<Q, R> next) {
            String auth =
                md.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
            return Contexts.interceptCall(
                Context.current().withValue(AUTHORIZATION, auth), call, md, next);
          }
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(ServerInterceptors.intercept(this, headers))
            .build()
            .start();
  }

  String url() {
    return "grpc://127.0.0.1:" + server.getPort();
  }

  /** Queues the answer to the next call of {@code method} (its simple name, e.g. GetSubHire). */
  synchronized FakeSubHireService expect(String method, Object responseOrStatus) {
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

  @SuppressWarnings("unchecked")
  private <R> void answer(String method, Message request, StreamObserver<R> observer) {
    calls.add(new Call(method, request, AUTHORIZATION.get()));
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
      observer.onNext((R) next.response());
      observer.onCompleted();
    }
  }

  @Override
  public void requestSubHire(RequestSubHireRequest request, StreamObserver<SubHire> observer) {
    answer("RequestSubHire", request, observer);
  }

  @Override
  public void listSubHires(
      ListSubHiresRequest request, StreamObserver<ListSubHiresResponse> observer) {
    answer("ListSubHires", request, observer);
  }

  @Override
  public void getSubHire(GetSubHireRequest request, StreamObserver<SubHire> observer) {
    answer("GetSubHire", request, observer);
  }

  @Override
  public void changeSubHire(
      io.eventkit.proto.v1.ChangeSubHireRequest request, StreamObserver<SubHire> observer) {
    answer("ChangeSubHire", request, observer);
  }

  @Override
  public void acceptSubHire(SubHireActionRequest request, StreamObserver<SubHire> observer) {
    answer("AcceptSubHire", request, observer);
  }

  @Override
  public void cancelSubHire(SubHireActionRequest request, StreamObserver<SubHire> observer) {
    answer("CancelSubHire", request, observer);
  }

  @Override
  public void returnSubHire(SubHireActionRequest request, StreamObserver<SubHire> observer) {
    answer("ReturnSubHire", request, observer);
  }

  @Override
  public void quoteSubHire(QuoteSubHireRequest request, StreamObserver<SubHire> observer) {
    answer("QuoteSubHire", request, observer);
  }

  @Override
  public void confirmSubHire(SubHireActionRequest request, StreamObserver<SubHire> observer) {
    answer("ConfirmSubHire", request, observer);
  }

  @Override
  public void declineSubHire(SubHireActionRequest request, StreamObserver<SubHire> observer) {
    answer("DeclineSubHire", request, observer);
  }

  @Override
  public void dispatchSubHire(DispatchSubHireRequest request, StreamObserver<SubHire> observer) {
    answer("DispatchSubHire", request, observer);
  }

  @Override
  public void checkInSubHire(SubHireActionRequest request, StreamObserver<SubHire> observer) {
    answer("CheckInSubHire", request, observer);
  }

  @Override
  public void resyncSubHire(SubHireActionRequest request, StreamObserver<SubHire> observer) {
    answer("ResyncSubHire", request, observer);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
