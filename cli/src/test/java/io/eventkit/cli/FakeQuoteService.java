package io.eventkit.cli;

import com.google.protobuf.Message;
import io.eventkit.proto.v1.QuoteServiceGrpc;
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
 * A QuoteService on a real loopback gRPC server that answers from a script, like {@link
 * FakeTrustService}: each {@link #expect} queues the answer (a message or a {@link Status}) for one
 * call of one method, in order. Every call is recorded with its request and Authorization header; a
 * call nobody scripted fails with INTERNAL and is listed in {@link #unexpected}.
 */
final class FakeQuoteService extends QuoteServiceGrpc.QuoteServiceImplBase
    implements AutoCloseable {
  private static final Context.Key<String> AUTHORIZATION = Context.key("authorization");

  record Call(String method, Message request, String authorization) {}

  private record Answer(String method, Object response) {}

  private final Deque<Answer> script = new ArrayDeque<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final Server server;

  FakeQuoteService() throws IOException {
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

  /** Queues the answer to the next call of {@code method} (its simple name, e.g. GetQuote). */
  synchronized FakeQuoteService expect(String method, Object responseOrStatus) {
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
  public void getQuote(
      io.eventkit.proto.v1.GetQuoteRequest request,
      StreamObserver<io.eventkit.proto.v1.Quote> observer) {
    answer("GetQuote", request, observer);
  }

  @Override
  public void listQuotes(
      io.eventkit.proto.v1.ListQuotesRequest request,
      StreamObserver<io.eventkit.proto.v1.ListQuotesResponse> observer) {
    answer("ListQuotes", request, observer);
  }

  @Override
  public void createQuote(
      io.eventkit.proto.v1.CreateQuoteRequest request,
      StreamObserver<io.eventkit.proto.v1.Quote> observer) {
    answer("CreateQuote", request, observer);
  }

  @Override
  public void addQuoteLine(
      io.eventkit.proto.v1.AddQuoteLineRequest request,
      StreamObserver<io.eventkit.proto.v1.Quote> observer) {
    answer("AddQuoteLine", request, observer);
  }

  @Override
  public void updateQuoteLine(
      io.eventkit.proto.v1.UpdateQuoteLineRequest request,
      StreamObserver<io.eventkit.proto.v1.Quote> observer) {
    answer("UpdateQuoteLine", request, observer);
  }

  @Override
  public void removeQuoteLine(
      io.eventkit.proto.v1.RemoveQuoteLineRequest request,
      StreamObserver<io.eventkit.proto.v1.Quote> observer) {
    answer("RemoveQuoteLine", request, observer);
  }

  @Override
  public void approveQuote(
      io.eventkit.proto.v1.ApproveQuoteRequest request,
      StreamObserver<io.eventkit.proto.v1.Quote> observer) {
    answer("ApproveQuote", request, observer);
  }

  @Override
  public void sendQuote(
      io.eventkit.proto.v1.SendQuoteRequest request,
      StreamObserver<io.eventkit.proto.v1.SendQuoteResponse> observer) {
    answer("SendQuote", request, observer);
  }

  @Override
  public void acceptQuote(
      io.eventkit.proto.v1.AcceptQuoteRequest request,
      StreamObserver<io.eventkit.proto.v1.AcceptQuoteResponse> observer) {
    answer("AcceptQuote", request, observer);
  }

  @Override
  public void declineQuote(
      io.eventkit.proto.v1.DeclineQuoteRequest request,
      StreamObserver<io.eventkit.proto.v1.Quote> observer) {
    answer("DeclineQuote", request, observer);
  }

  @Override
  public void diffQuoteVersions(
      io.eventkit.proto.v1.DiffQuoteVersionsRequest request,
      StreamObserver<io.eventkit.proto.v1.QuoteDiff> observer) {
    answer("DiffQuoteVersions", request, observer);
  }

  @Override
  public void renderQuotePdf(
      io.eventkit.proto.v1.RenderQuotePdfRequest request,
      StreamObserver<io.eventkit.proto.v1.RenderQuotePdfResponse> observer) {
    answer("RenderQuotePdf", request, observer);
  }

  @Override
  public void setRateCard(
      io.eventkit.proto.v1.SetRateCardRequest request,
      StreamObserver<io.eventkit.proto.v1.RateCard> observer) {
    answer("SetRateCard", request, observer);
  }

  @Override
  public void listRateCards(
      io.eventkit.proto.v1.ListRateCardsRequest request,
      StreamObserver<io.eventkit.proto.v1.ListRateCardsResponse> observer) {
    answer("ListRateCards", request, observer);
  }

  @Override
  public void setTaxRate(
      io.eventkit.proto.v1.SetTaxRateRequest request,
      StreamObserver<io.eventkit.proto.v1.TaxRate> observer) {
    answer("SetTaxRate", request, observer);
  }

  @Override
  public void listTaxRates(
      io.eventkit.proto.v1.ListTaxRatesRequest request,
      StreamObserver<io.eventkit.proto.v1.ListTaxRatesResponse> observer) {
    answer("ListTaxRates", request, observer);
  }

  @Override
  public void setExchangeRate(
      io.eventkit.proto.v1.SetExchangeRateRequest request,
      StreamObserver<io.eventkit.proto.v1.ExchangeRate> observer) {
    answer("SetExchangeRate", request, observer);
  }

  @Override
  public void listExchangeRates(
      io.eventkit.proto.v1.ListExchangeRatesRequest request,
      StreamObserver<io.eventkit.proto.v1.ListExchangeRatesResponse> observer) {
    answer("ListExchangeRates", request, observer);
  }

  @Override
  public void getQuoteSettings(
      io.eventkit.proto.v1.GetQuoteSettingsRequest request,
      StreamObserver<io.eventkit.proto.v1.QuoteSettings> observer) {
    answer("GetQuoteSettings", request, observer);
  }

  @Override
  public void updateQuoteSettings(
      io.eventkit.proto.v1.UpdateQuoteSettingsRequest request,
      StreamObserver<io.eventkit.proto.v1.QuoteSettings> observer) {
    answer("UpdateQuoteSettings", request, observer);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
