package io.eventkit.node.federation.handshake;

import io.eventkit.ca.NodeId;
import io.eventkit.node.federation.channels.PartnerCalls;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.proto.v1.CompleteEnrollmentRequest;
import io.eventkit.proto.v1.EnrollRequest;
import io.eventkit.proto.v1.EnrollResponse;
import io.eventkit.proto.v1.FederationEnrollmentServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The invitee's client edge of the handshake (docs/federation.md §6.1 steps 4 and 6): records in,
 * records out, the generated types stay here.
 */
final class EnrollmentClient {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final PartnerChannels channels;
  private final Clock clock;
  private final Duration skew;

  EnrollmentClient(PartnerChannels channels, Clock clock, Duration skew) {
    this.channels = channels;
    this.clock = clock;
    this.skew = skew;
  }

  /** Our side of {@code Enroll}. */
  record Ask(
      String nodeId,
      String federationEndpoint,
      String trustBundle,
      String csrPem,
      TrustLevel grantedLevel) {}

  /** The inviter's answer; {@code grantedLevel} is null if it names none. */
  record Answer(
      String nodeId,
      String federationEndpoint,
      String clientCertificateChainPem,
      String trustBundle,
      String reverseCsrPem,
      TrustLevel grantedLevel) {}

  /**
   * Enrols at the inviter's enrolment port, trusting only the root the invitation pins. A refusal
   * becomes a DomainException with the inviter's code where a person can act on it.
   */
  Answer enroll(InvitationDetails inv, Ask ask) {
    PinnedRootTrustManager pinned =
        new PinnedRootTrustManager(
            NodeId.of(inv.issuerNodeId()), inv.rootCaFingerprintSha256(), clock, skew);
    ManagedChannel channel;
    try {
      channel =
          NettyChannelBuilder.forTarget(inv.enrollmentEndpoint())
              .sslContext(GrpcSslContexts.forClient().trustManager(pinned).build())
              .overrideAuthority(inv.issuerNodeId())
              .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw DomainException.invalid(
          "cannot connect to " + inv.enrollmentEndpoint() + ": " + e.getMessage());
    }
    try {
      EnrollResponse r =
          FederationEnrollmentServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
              .enroll(
                  EnrollRequest.newBuilder()
                      .setInvitationId(inv.invitationId())
                      .setSecret(inv.secret())
                      .setNodeId(ask.nodeId())
                      .setFederationEndpoint(ask.federationEndpoint())
                      .setTrustBundle(ask.trustBundle())
                      .setCsrPem(ask.csrPem())
                      .setGrantedLevel(toWire(ask.grantedLevel()))
                      .build());
      return new Answer(
          r.getNodeId(),
          r.getFederationEndpoint(),
          r.getClientCertificateChainPem(),
          r.getTrustBundle(),
          r.getReverseCsrPem(),
          fromWire(r.getGrantedLevel()));
    } catch (StatusRuntimeException e) {
      if (pinned.failure() != null) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION, pinned.failure() + "; nothing was changed");
      }
      PartnerCalls.Failure f = PartnerCalls.classify(e);
      throw new DomainException(
          f.passedOn(), inv.issuerNodeId() + " refused the enrolment: " + f.description());
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * Delivers the inviter's client certificate over the new mTLS channel.
   *
   * @throws StatusRuntimeException if the call fails (for the caller to classify)
   */
  void completeEnrollment(String partner, String clientCertificateChainPem) {
    channels.call(
        partner,
        DEADLINE,
        stub ->
            stub.completeEnrollment(
                CompleteEnrollmentRequest.newBuilder()
                    .setClientCertificateChainPem(clientCertificateChainPem)
                    .build()));
  }

  static io.eventkit.proto.v1.TrustLevel toWire(TrustLevel level) {
    return level == null
        ? io.eventkit.proto.v1.TrustLevel.TRUST_LEVEL_UNSPECIFIED
        : io.eventkit.proto.v1.TrustLevel.valueOf("TRUST_LEVEL_" + level.name());
  }

  /** Null for UNSPECIFIED or a value this node does not know. */
  static TrustLevel fromWire(io.eventkit.proto.v1.TrustLevel level) {
    return level == io.eventkit.proto.v1.TrustLevel.TRUST_LEVEL_UNSPECIFIED
            || level == io.eventkit.proto.v1.TrustLevel.UNRECOGNIZED
        ? null
        : TrustLevel.valueOf(level.name().replace("TRUST_LEVEL_", ""));
  }

  /** The wire name, as messages quote it. */
  static String wireName(TrustLevel level) {
    return toWire(level).name();
  }
}
