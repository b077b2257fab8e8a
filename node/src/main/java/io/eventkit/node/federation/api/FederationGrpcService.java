package io.eventkit.node.federation.api;

import io.eventkit.ca.Pem;
import io.eventkit.node.federation.handshake.Completion;
import io.eventkit.node.federation.handshake.Enrollment;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.proto.v1.CompleteEnrollmentRequest;
import io.eventkit.proto.v1.CompleteEnrollmentResponse;
import io.eventkit.proto.v1.FederationServiceGrpc;
import io.eventkit.proto.v1.GetTrustBundleRequest;
import io.eventkit.proto.v1.GetTrustBundleResponse;
import io.eventkit.proto.v1.PingRequest;
import io.eventkit.proto.v1.PingResponse;
import io.eventkit.proto.v1.RenewCertificateRequest;
import io.eventkit.proto.v1.RenewCertificateResponse;
import io.eventkit.proto.v1.TrustLevel;
import io.grpc.stub.StreamObserver;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/** gRPC adapter for {@code eventkit.v1.FederationService} on the mTLS port. */
final class FederationGrpcService extends FederationServiceGrpc.FederationServiceImplBase {
  private final NodePki pki;
  private final Enrollment enrollment;
  private final Completion completion;
  private final Clock clock;
  private final String displayName;

  /** {@code displayName}: this node's company name, announced in Ping answers. */
  public FederationGrpcService(
      NodePki pki, Enrollment enrollment, Completion completion, Clock clock, String displayName) {
    this.pki = pki;
    this.displayName = displayName;
    this.enrollment = enrollment;
    this.completion = completion;
    this.clock = clock;
  }

  /** Registers the minimum level of each method. */
  public static void register(FederationMethods methods) {
    methods
        .require(
            FederationServiceGrpc.getPingMethod().getFullMethodName(),
            io.eventkit.node.federation.trust.TrustLevel.NONE)
        .require(
            FederationServiceGrpc.getGetTrustBundleMethod().getFullMethodName(),
            io.eventkit.node.federation.trust.TrustLevel.NONE)
        .require(
            FederationServiceGrpc.getRenewCertificateMethod().getFullMethodName(),
            io.eventkit.node.federation.trust.TrustLevel.NONE)
        .require(
            FederationServiceGrpc.getCompleteEnrollmentMethod().getFullMethodName(),
            io.eventkit.node.federation.trust.TrustLevel.NONE)
        .allowWhilePending(FederationServiceGrpc.getPingMethod().getFullMethodName())
        .allowWhilePending(FederationServiceGrpc.getRenewCertificateMethod().getFullMethodName())
        .allowWhilePending(FederationServiceGrpc.getCompleteEnrollmentMethod().getFullMethodName());
  }

  @Override
  public void completeEnrollment(
      CompleteEnrollmentRequest request, StreamObserver<CompleteEnrollmentResponse> out) {
    FederationPeer peer = FederationPeer.current();
    completion.complete(peer.partner(), request.getClientCertificateChainPem(), peer.address());
    out.onNext(CompleteEnrollmentResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void ping(PingRequest request, StreamObserver<PingResponse> out) {
    FederationPeer peer = FederationPeer.current();
    out.onNext(
        PingResponse.newBuilder()
            .setNodeId(pki.nodeId().value())
            .setGrantedLevel(
                TrustLevel.valueOf("TRUST_LEVEL_" + peer.partner().grantedLevel().name()))
            .setServerTime(ProtoTime.timestamp(clock.instant()))
            .setDisplayName(displayName)
            .build());
    out.onCompleted();
  }

  @Override
  public void renewCertificate(
      RenewCertificateRequest request, StreamObserver<RenewCertificateResponse> out) {
    FederationPeer peer = FederationPeer.current();
    List<X509Certificate> chain =
        enrollment.renew(peer.nodeId(), request.getCsrPem(), peer.address());
    out.onNext(
        RenewCertificateResponse.newBuilder()
            .setClientCertificateChainPem(Pem.writeCertificates(chain))
            .setNotAfter(ProtoTime.timestamp(chain.get(0).getNotAfter().toInstant()))
            .build());
    out.onCompleted();
  }

  @Override
  public void getTrustBundle(
      GetTrustBundleRequest request, StreamObserver<GetTrustBundleResponse> out) {
    var bundle = pki.bundle();
    GetTrustBundleResponse.Builder r =
        GetTrustBundleResponse.newBuilder().setSequence(bundle.sequence());
    if (request.getKnownSequence() == bundle.sequence()) {
      r.setUnchanged(true);
    } else {
      r.setTrustBundle(bundle.toText()).setCrlPem(pki.crlPem());
    }
    out.onNext(r.build());
    out.onCompleted();
  }
}
