package io.eventkit.cli;

import com.google.protobuf.Message;
import io.eventkit.proto.v1.Activity;
import io.eventkit.proto.v1.AddActivityRequest;
import io.eventkit.proto.v1.Company;
import io.eventkit.proto.v1.Contact;
import io.eventkit.proto.v1.CreateCompanyRequest;
import io.eventkit.proto.v1.CreateContactRequest;
import io.eventkit.proto.v1.CreateDealRequest;
import io.eventkit.proto.v1.CrmServiceGrpc;
import io.eventkit.proto.v1.Deal;
import io.eventkit.proto.v1.FindDuplicatesRequest;
import io.eventkit.proto.v1.FindDuplicatesResponse;
import io.eventkit.proto.v1.GetCompanyRequest;
import io.eventkit.proto.v1.GetCompanyResponse;
import io.eventkit.proto.v1.GetContactRequest;
import io.eventkit.proto.v1.GetDealRequest;
import io.eventkit.proto.v1.ListActivitiesRequest;
import io.eventkit.proto.v1.ListActivitiesResponse;
import io.eventkit.proto.v1.ListCompaniesRequest;
import io.eventkit.proto.v1.ListCompaniesResponse;
import io.eventkit.proto.v1.ListContactsRequest;
import io.eventkit.proto.v1.ListContactsResponse;
import io.eventkit.proto.v1.ListDealStagesRequest;
import io.eventkit.proto.v1.ListDealStagesResponse;
import io.eventkit.proto.v1.ListDealsRequest;
import io.eventkit.proto.v1.ListDealsResponse;
import io.eventkit.proto.v1.SetDealStagesRequest;
import io.eventkit.proto.v1.UpdateCompanyRequest;
import io.eventkit.proto.v1.UpdateContactRequest;
import io.eventkit.proto.v1.UpdateDealRequest;
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
 * A CrmService on a real loopback gRPC server that answers from a script, like {@link
 * FakeTrustService}: each {@link #expect} queues the answer (a message or a {@link Status}) for one
 * call of one method, in order. Every call is recorded with its request and Authorization header; a
 * call nobody scripted fails with INTERNAL and is listed in {@link #unexpected}.
 */
final class FakeCrmService extends CrmServiceGrpc.CrmServiceImplBase implements AutoCloseable {
  private static final Context.Key<String> AUTHORIZATION = Context.key("authorization");

  record Call(String method, Message request, String authorization) {}

  private record Answer(String method, Object response) {}

  private final Deque<Answer> script = new ArrayDeque<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final Server server;

  FakeCrmService() throws IOException {
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

  /** Queues the answer to the next call of {@code method} (its simple name, e.g. GetDeal). */
  synchronized FakeCrmService expect(String method, Object responseOrStatus) {
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
  public void createCompany(CreateCompanyRequest request, StreamObserver<Company> observer) {
    answer("CreateCompany", request, observer);
  }

  @Override
  public void updateCompany(UpdateCompanyRequest request, StreamObserver<Company> observer) {
    answer("UpdateCompany", request, observer);
  }

  @Override
  public void getCompany(GetCompanyRequest request, StreamObserver<GetCompanyResponse> observer) {
    answer("GetCompany", request, observer);
  }

  @Override
  public void listCompanies(
      ListCompaniesRequest request, StreamObserver<ListCompaniesResponse> observer) {
    answer("ListCompanies", request, observer);
  }

  @Override
  public void findDuplicates(
      FindDuplicatesRequest request, StreamObserver<FindDuplicatesResponse> observer) {
    answer("FindDuplicates", request, observer);
  }

  @Override
  public void createContact(CreateContactRequest request, StreamObserver<Contact> observer) {
    answer("CreateContact", request, observer);
  }

  @Override
  public void updateContact(UpdateContactRequest request, StreamObserver<Contact> observer) {
    answer("UpdateContact", request, observer);
  }

  @Override
  public void getContact(GetContactRequest request, StreamObserver<Contact> observer) {
    answer("GetContact", request, observer);
  }

  @Override
  public void listContacts(
      ListContactsRequest request, StreamObserver<ListContactsResponse> observer) {
    answer("ListContacts", request, observer);
  }

  @Override
  public void addActivity(AddActivityRequest request, StreamObserver<Activity> observer) {
    answer("AddActivity", request, observer);
  }

  @Override
  public void listActivities(
      ListActivitiesRequest request, StreamObserver<ListActivitiesResponse> observer) {
    answer("ListActivities", request, observer);
  }

  @Override
  public void listDealStages(
      ListDealStagesRequest request, StreamObserver<ListDealStagesResponse> observer) {
    answer("ListDealStages", request, observer);
  }

  @Override
  public void setDealStages(
      SetDealStagesRequest request, StreamObserver<ListDealStagesResponse> observer) {
    answer("SetDealStages", request, observer);
  }

  @Override
  public void createDeal(CreateDealRequest request, StreamObserver<Deal> observer) {
    answer("CreateDeal", request, observer);
  }

  @Override
  public void updateDeal(UpdateDealRequest request, StreamObserver<Deal> observer) {
    answer("UpdateDeal", request, observer);
  }

  @Override
  public void getDeal(GetDealRequest request, StreamObserver<Deal> observer) {
    answer("GetDeal", request, observer);
  }

  @Override
  public void listDeals(ListDealsRequest request, StreamObserver<ListDealsResponse> observer) {
    answer("ListDeals", request, observer);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
