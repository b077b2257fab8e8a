package io.eventkit.cli;

import com.google.protobuf.Message;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.AcceptInvitationResponse;
import io.eventkit.proto.v1.AssetResolutionServiceGrpc;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CertificateAuthorityInfo;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.CreateInvitationResponse;
import io.eventkit.proto.v1.DecideProductMappingRequest;
import io.eventkit.proto.v1.DecideProductMappingResponse;
import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.FindSuppliersForShortagesRequest;
import io.eventkit.proto.v1.FindSuppliersForShortagesResponse;
import io.eventkit.proto.v1.GetCertificateAuthorityRequest;
import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.GetNodeInfoResponse;
import io.eventkit.proto.v1.GetPartnerRequest;
import io.eventkit.proto.v1.ListPartnerHealthRequest;
import io.eventkit.proto.v1.ListPartnerHealthResponse;
import io.eventkit.proto.v1.ListPartnerProductsRequest;
import io.eventkit.proto.v1.ListPartnerProductsResponse;
import io.eventkit.proto.v1.ListPartnersRequest;
import io.eventkit.proto.v1.ListPartnersResponse;
import io.eventkit.proto.v1.ListProductMappingsRequest;
import io.eventkit.proto.v1.ListProductMappingsResponse;
import io.eventkit.proto.v1.ListTrustAuditRequest;
import io.eventkit.proto.v1.ListTrustAuditResponse;
import io.eventkit.proto.v1.ListUnmatchedProductsRequest;
import io.eventkit.proto.v1.ListUnmatchedProductsResponse;
import io.eventkit.proto.v1.NodeServiceGrpc;
import io.eventkit.proto.v1.Partner;
import io.eventkit.proto.v1.PartnerActionRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityResponse;
import io.eventkit.proto.v1.ResolveLocalAssetsRequest;
import io.eventkit.proto.v1.ResolveLocalAssetsResponse;
import io.eventkit.proto.v1.RotateIssuingCaRequest;
import io.eventkit.proto.v1.SetPartnerLevelRequest;
import io.eventkit.proto.v1.TrustServiceGrpc;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.eventkit.proto.v1.WhoAmIResponse;
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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TrustService (plus NodeService.GetNodeInfo, AuthService.WhoAmI, the FederationQueryService and
 * AssetResolutionService) on a real loopback gRPC server that answers from a script: each {@link
 * #expect} queues the answer (a message or a {@link Status}) for one call of one method. Every call
 * is recorded with its request and Authorization header; a call nobody scripted fails with INTERNAL
 * and is listed in {@link #unexpected}.
 */
final class FakeTrustService extends TrustServiceGrpc.TrustServiceImplBase
    implements AutoCloseable {
  private static final Context.Key<String> AUTHORIZATION = Context.key("authorization");

  record Call(String method, Message request, String authorization) {}

  private record Answer(String method, Object response, Duration delay) {}

  private final Deque<Answer> script = new ArrayDeque<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final Server server;

  FakeTrustService() throws IOException {
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
            .addService(
                ServerInterceptors.intercept(
                    new NodeServiceGrpc.NodeServiceImplBase() {
                      @Override
                      public void getNodeInfo(
                          GetNodeInfoRequest request, StreamObserver<GetNodeInfoResponse> o) {
                        answer("GetNodeInfo", request, o);
                      }
                    },
                    headers))
            .addService(
                ServerInterceptors.intercept(
                    new AuthServiceGrpc.AuthServiceImplBase() {
                      @Override
                      public void whoAmI(WhoAmIRequest request, StreamObserver<WhoAmIResponse> o) {
                        answer("WhoAmI", request, o);
                      }
                    },
                    headers))
            .addService(ServerInterceptors.intercept(new FederationQueryFake(), headers))
            .addService(ServerInterceptors.intercept(new ResolutionFake(), headers))
            .build()
            .start();
  }

  /** The local federation APIs the availability, mapping and resolve commands call. */
  private final class FederationQueryFake
      extends FederationQueryServiceGrpc.FederationQueryServiceImplBase {
    @Override
    public void queryPartnerAvailability(
        QueryPartnerAvailabilityRequest r, StreamObserver<QueryPartnerAvailabilityResponse> o) {
      answer("QueryPartnerAvailability", r, o);
    }

    @Override
    public void findSuppliersForShortages(
        FindSuppliersForShortagesRequest r, StreamObserver<FindSuppliersForShortagesResponse> o) {
      answer("FindSuppliersForShortages", r, o);
    }

    @Override
    public void listProductMappings(
        ListProductMappingsRequest r, StreamObserver<ListProductMappingsResponse> o) {
      answer("ListProductMappings", r, o);
    }

    @Override
    public void listUnmatchedProducts(
        ListUnmatchedProductsRequest r, StreamObserver<ListUnmatchedProductsResponse> o) {
      answer("ListUnmatchedProducts", r, o);
    }

    @Override
    public void listPartnerProducts(
        ListPartnerProductsRequest r, StreamObserver<ListPartnerProductsResponse> o) {
      answer("ListPartnerProducts", r, o);
    }

    @Override
    public void decideProductMapping(
        DecideProductMappingRequest r, StreamObserver<DecideProductMappingResponse> o) {
      answer("DecideProductMapping", r, o);
    }
  }

  private final class ResolutionFake
      extends AssetResolutionServiceGrpc.AssetResolutionServiceImplBase {
    @Override
    public void resolveAssets(
        ResolveLocalAssetsRequest r, StreamObserver<ResolveLocalAssetsResponse> o) {
      answer("ResolveAssets", r, o);
    }
  }

  String url() {
    return "grpc://127.0.0.1:" + server.getPort();
  }

  /** Queues the answer to the next call of {@code method} (its simple name, e.g. GetPartner). */
  synchronized FakeTrustService expect(String method, Object responseOrStatus) {
    return expect(method, responseOrStatus, Duration.ZERO);
  }

  synchronized FakeTrustService expect(String method, Object responseOrStatus, Duration delay) {
    script.add(new Answer(method, responseOrStatus, delay));
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
    if (!next.delay().isZero()) {
      try {
        Thread.sleep(next.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (next.response() instanceof Status status) {
      observer.onError(status.asRuntimeException());
    } else {
      observer.onNext((R) next.response());
      observer.onCompleted();
    }
  }

  @Override
  public void createInvitation(
      CreateInvitationRequest request, StreamObserver<CreateInvitationResponse> observer) {
    answer("CreateInvitation", request, observer);
  }

  @Override
  public void acceptInvitation(
      AcceptInvitationRequest request, StreamObserver<AcceptInvitationResponse> observer) {
    answer("AcceptInvitation", request, observer);
  }

  @Override
  public void listPartners(
      ListPartnersRequest request, StreamObserver<ListPartnersResponse> observer) {
    answer("ListPartners", request, observer);
  }

  @Override
  public void getPartner(GetPartnerRequest request, StreamObserver<Partner> observer) {
    answer("GetPartner", request, observer);
  }

  @Override
  public void setPartnerLevel(SetPartnerLevelRequest request, StreamObserver<Partner> observer) {
    answer("SetPartnerLevel", request, observer);
  }

  @Override
  public void suspendPartner(PartnerActionRequest request, StreamObserver<Partner> observer) {
    answer("SuspendPartner", request, observer);
  }

  @Override
  public void resumePartner(PartnerActionRequest request, StreamObserver<Partner> observer) {
    answer("ResumePartner", request, observer);
  }

  @Override
  public void revokePartner(PartnerActionRequest request, StreamObserver<Partner> observer) {
    answer("RevokePartner", request, observer);
  }

  @Override
  public void refreshPartner(PartnerActionRequest request, StreamObserver<Partner> observer) {
    answer("RefreshPartner", request, observer);
  }

  @Override
  public void listPartnerHealth(
      ListPartnerHealthRequest request, StreamObserver<ListPartnerHealthResponse> observer) {
    answer("ListPartnerHealth", request, observer);
  }

  @Override
  public void getCertificateAuthority(
      GetCertificateAuthorityRequest request, StreamObserver<CertificateAuthorityInfo> observer) {
    answer("GetCertificateAuthority", request, observer);
  }

  @Override
  public void rotateIssuingCa(
      RotateIssuingCaRequest request, StreamObserver<CertificateAuthorityInfo> observer) {
    answer("RotateIssuingCa", request, observer);
  }

  @Override
  public void listTrustAudit(
      ListTrustAuditRequest request, StreamObserver<ListTrustAuditResponse> observer) {
    answer("ListTrustAudit", request, observer);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
