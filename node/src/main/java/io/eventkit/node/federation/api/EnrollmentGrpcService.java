package io.eventkit.node.federation.api;

import io.eventkit.ca.Pem;
import io.eventkit.node.federation.handshake.Enrollment;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.proto.v1.EnrollRequest;
import io.eventkit.proto.v1.EnrollResponse;
import io.eventkit.proto.v1.FederationEnrollmentServiceGrpc;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;

/** gRPC adapter for the enrolment listener (server-auth TLS only). */
final class EnrollmentGrpcService
    extends FederationEnrollmentServiceGrpc.FederationEnrollmentServiceImplBase {
  /** Remote address of the current enrolment call, set by the listener's interceptor. */
  static final Context.Key<String> PEER = Context.key("eventkit-enrollment-peer");

  private final Enrollment enrollment;
  private final java.util.function.Supplier<String> ourFederationEndpoint;

  public EnrollmentGrpcService(
      Enrollment enrollment, java.util.function.Supplier<String> ourFederationEndpoint) {
    this.enrollment = enrollment;
    this.ourFederationEndpoint = ourFederationEndpoint;
  }

  @Override
  public void enroll(EnrollRequest r, StreamObserver<EnrollResponse> out) {
    // UNSPECIFIED or an unknown value: null, refused by Enrollment as INVALID_ARGUMENT (§3.3).
    TrustLevel grantedToUs =
        r.getGrantedLevel() == io.eventkit.proto.v1.TrustLevel.TRUST_LEVEL_UNSPECIFIED
                || r.getGrantedLevel() == io.eventkit.proto.v1.TrustLevel.UNRECOGNIZED
            ? null
            : TrustLevel.valueOf(r.getGrantedLevel().name().replace("TRUST_LEVEL_", ""));
    Enrollment.Result result =
        enrollment.enroll(
            new Enrollment.Request(
                r.getInvitationId(),
                r.getSecret(),
                r.getNodeId(),
                r.getFederationEndpoint(),
                r.getTrustBundle(),
                r.getCsrPem(),
                grantedToUs,
                PEER.get()));
    out.onNext(
        EnrollResponse.newBuilder()
            .setNodeId(result.ourBundle().trustDomain().value())
            .setFederationEndpoint(ourFederationEndpoint.get())
            .setClientCertificateChainPem(Pem.writeCertificates(result.clientChain()))
            .setTrustBundle(result.ourBundle().toText())
            .setTrustBundleSequence(result.ourBundle().sequence())
            .setReverseCsrPem(result.reverseCsrPem())
            .setGrantedLevel(
                io.eventkit.proto.v1.TrustLevel.valueOf(
                    "TRUST_LEVEL_" + result.grantedLevel().name()))
            .build());
    out.onCompleted();
  }
}
