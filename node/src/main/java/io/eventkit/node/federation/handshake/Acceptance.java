package io.eventkit.node.federation.handshake;

import io.eventkit.ca.CaException;
import io.eventkit.ca.Csrs;
import io.eventkit.ca.Fingerprints;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.KeyPurpose;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.Pem;
import io.eventkit.ca.RevocationChecker;
import io.eventkit.ca.SpiffeId;
import io.eventkit.ca.TrustBundle;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.proto.v1.CompleteEnrollmentRequest;
import io.eventkit.proto.v1.EnrollRequest;
import io.eventkit.proto.v1.EnrollResponse;
import io.eventkit.proto.v1.FederationEnrollmentServiceGrpc;
import io.eventkit.proto.v1.Invitation;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The invitee's side of the handshake (see docs/federation.md, "Handshake"): pin the inviter's
 * root, enrol, sign the reverse CSR, complete enrolment over mTLS, ping, mark ACTIVE.
 */
public final class Acceptance {
  private final NodePki pki;
  private final PartnerRegistry partners;
  private final PartnerChannels channels;
  private final Clock clock;
  private final java.util.function.Supplier<String> ourFederationEndpoint;
  private final Duration clientLifetime;
  private final Duration maxClientLifetime;
  private final int defaultRateLimit;

  public Acceptance(
      NodePki pki,
      PartnerRegistry partners,
      PartnerChannels channels,
      Clock clock,
      java.util.function.Supplier<String> ourFederationEndpoint,
      Duration clientLifetime,
      Duration maxClientLifetime,
      int defaultRateLimit) {
    this.pki = pki;
    this.partners = partners;
    this.channels = channels;
    this.clock = clock;
    this.ourFederationEndpoint = ourFederationEndpoint;
    this.clientLifetime = clientLifetime;
    this.maxClientLifetime = maxClientLifetime;
    this.defaultRateLimit = defaultRateLimit;
  }

  /** Every refusal of the inviter's response starts with this (docs §6.1 step 5). */
  static final String INVALID_RESPONSE = "invalid enrolment response: ";

  public Partner accept(String invitationText, TrustLevel level, TrustAudit.Actor actor) {
    Invitation inv = InvitationCodec.decode(invitationText);
    String self = pki.nodeId().value();
    String issuer = inv.getIssuerNodeId();
    if (!NodeId.isValid(issuer)) {
      throw DomainException.invalid("the invitation names an invalid node ID '" + issuer + "'");
    }
    if (issuer.equals(self)) {
      throw DomainException.invalid(
          "the invitation was issued by this node; a node cannot be its own partner");
    }
    if (!Endpoints.isHostPort(inv.getEnrollmentEndpoint())) {
      throw DomainException.invalid(
          "the invitation's enrollment_endpoint '"
              + inv.getEnrollmentEndpoint()
              + "' "
              + Endpoints.SYNTAX);
    }
    if (inv.getOfferedLevel() == io.eventkit.proto.v1.TrustLevel.TRUST_LEVEL_UNSPECIFIED
        || inv.getOfferedLevel() == io.eventkit.proto.v1.TrustLevel.UNRECOGNIZED) {
      throw DomainException.invalid("the invitation offers no trust level (UNSPECIFIED)");
    }
    if (!inv.getPartnerNodeId().equals(self)) {
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED,
          Enrollment.OTHER_PARTNER
              + ": it names "
              + inv.getPartnerNodeId()
              + ", this node is "
              + self);
    }
    // A pre-check only (the inviter's clock decides, §6.1 step 4): with the skew allowance, so
    // that a clock running fast does not refuse an invitation the inviter would still take.
    Instant expires =
        Instant.ofEpochSecond(inv.getExpiresAt().getSeconds(), inv.getExpiresAt().getNanos());
    if (!expires.plus(pki.clockSkew()).isAfter(clock.instant())) {
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED,
          Enrollment.EXPIRED + " (at " + expires + "); ask " + issuer + " for a new one");
    }
    partners
        .find(issuer)
        .filter(p -> p.state() == PartnerState.ACTIVE || p.state() == PartnerState.SUSPENDED)
        .ifPresent(
            p -> {
              throw new DomainException(
                  ErrorCode.ALREADY_EXISTS, issuer + " is already a partner (" + p.state() + ")");
            });
    TrustLevel offered =
        TrustLevel.valueOf(inv.getOfferedLevel().name().replace("TRUST_LEVEL_", ""));
    TrustLevel granted = level != null ? level : offered;

    KeyPair key = KeyPairs.generateP256();
    String csr = Csrs.createPartnerCsr(key, NodeId.of(issuer), pki.nodeId());
    EnrollResponse response = enroll(inv, csr, granted);

    TrustBundle theirBundle;
    List<X509Certificate> ourChain;
    try {
      theirBundle = TrustBundle.parse(response.getTrustBundle());
      if (!theirBundle.trustDomain().value().equals(issuer)
          || theirBundle.roots().stream()
              .noneMatch(
                  r ->
                      Fingerprints.sha256Hex(r)
                          .equalsIgnoreCase(inv.getRootCaFingerprintSha256()))) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION,
            INVALID_RESPONSE
                + issuer
                + " sent a trust bundle that does not contain the pinned root");
      }
      ourChain = Pem.readCertificates(response.getClientCertificateChainPem());
      SpiffeId id =
          theirBundle.validate(
              ourChain,
              clock.instant(),
              pki.clockSkew(),
              RevocationChecker.none(),
              KeyPurpose.CLIENT_AUTH);
      if (!id.equals(SpiffeId.forPartner(NodeId.of(issuer), pki.nodeId()))
          || !ourChain.get(0).getPublicKey().equals(key.getPublic())) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION,
            INVALID_RESPONSE + issuer + " issued a certificate that is not ours");
      }
    } catch (CaException e) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          INVALID_RESPONSE + issuer + " sent invalid credentials: " + e.getMessage());
    }
    if (!response.getNodeId().equals(issuer)) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          INVALID_RESPONSE + "node_id is '" + response.getNodeId() + "', expected " + issuer);
    }
    if (response.getGrantedLevel() != inv.getOfferedLevel()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          INVALID_RESPONSE
              + "granted_level "
              + response.getGrantedLevel()
              + " differs from the offered "
              + inv.getOfferedLevel());
    }
    if (!Endpoints.isHostPort(response.getFederationEndpoint())) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          INVALID_RESPONSE
              + "federation_endpoint '"
              + response.getFederationEndpoint()
              + "' "
              + Endpoints.SYNTAX);
    }

    Instant now = clock.instant();
    List<X509Certificate> chainForThem =
        partners
            .jdbi()
            .inTransaction(
                h -> {
                  h.createUpdate(
                          "INSERT INTO partner (node_id, state, federation_endpoint, granted_level, received_level,"
                              + " rate_limit_per_second, bundle_text, bundle_sequence, bundle_fetched_at,"
                              + " created_at, state_changed_at)"
                              + " VALUES (:id, 'PENDING', :endpoint, :granted, :received, :limit, :bundle, :seq, :now, :now, :now)"
                              + " ON CONFLICT (node_id) DO UPDATE SET state = 'PENDING', federation_endpoint = :endpoint,"
                              + " granted_level = :granted, received_level = :received, bundle_text = :bundle,"
                              + " bundle_sequence = :seq, bundle_fetched_at = :now, state_changed_at = :now")
                      .bind("id", issuer)
                      .bind("endpoint", response.getFederationEndpoint())
                      .bind("granted", granted.name())
                      .bind("received", offered.name())
                      .bind("limit", defaultRateLimit)
                      .bind("bundle", theirBundle.toText())
                      .bind("seq", theirBundle.sequence())
                      .bind("now", now)
                      .execute();
                  partners.storeClientCredentials(
                      h,
                      issuer,
                      Pem.writeCertificates(ourChain),
                      pki.vault().encryptLeaf(key.getPrivate()),
                      ourChain.get(0).getNotAfter().toInstant());
                  List<X509Certificate> chain;
                  try {
                    chain =
                        pki.issuePartnerCertificate(
                            h,
                            response.getReverseCsrPem(),
                            NodeId.of(issuer),
                            clientLifetime,
                            maxClientLifetime);
                  } catch (CaException e) {
                    throw new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        INVALID_RESPONSE + "reverse_csr_pem refused: " + e.getMessage());
                  }
                  partners
                      .audit()
                      .record(
                          h,
                          actor,
                          issuer,
                          "ACCEPT",
                          "invitation " + inv.getInvitationId() + " accepted, level " + granted);
                  return chain;
                });
    partners.changed(issuer);
    channels.open(issuer);
    try {
      channels.call(
          issuer,
          Duration.ofSeconds(10),
          stub ->
              stub.completeEnrollment(
                  CompleteEnrollmentRequest.newBuilder()
                      .setClientCertificateChainPem(Pem.writeCertificates(chainForThem))
                      .build()));
      PartnerPing.verified(channels, partners, clock, issuer);
    } catch (StatusRuntimeException e) {
      throw new DomainException(
          ErrorCode.UNAVAILABLE,
          "enrolled with "
              + issuer
              + " but could not complete the mutual-TLS step ("
              + e.getStatus().getCode()
              + ": "
              + e.getStatus().getDescription()
              + "); both sides stay PENDING: retry with 'eventkit trust refresh "
              + issuer
              + "'");
    }
    return partners.transition(
        issuer,
        List.of(PartnerState.PENDING),
        PartnerState.ACTIVE,
        TrustAudit.Actor.SYSTEM,
        "ACTIVATE",
        "mTLS ping succeeded",
        null);
  }

  private EnrollResponse enroll(Invitation inv, String csr, TrustLevel granted) {
    PinnedRootTrustManager pinned =
        new PinnedRootTrustManager(
            NodeId.of(inv.getIssuerNodeId()),
            inv.getRootCaFingerprintSha256(),
            clock,
            pki.clockSkew());
    ManagedChannel channel;
    try {
      channel =
          NettyChannelBuilder.forTarget(inv.getEnrollmentEndpoint())
              .sslContext(GrpcSslContexts.forClient().trustManager(pinned).build())
              .overrideAuthority(inv.getIssuerNodeId())
              .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw DomainException.invalid(
          "cannot connect to " + inv.getEnrollmentEndpoint() + ": " + e.getMessage());
    }
    try {
      return FederationEnrollmentServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .enroll(
              EnrollRequest.newBuilder()
                  .setInvitationId(inv.getInvitationId())
                  .setSecret(inv.getSecret())
                  .setNodeId(pki.nodeId().value())
                  .setFederationEndpoint(ourFederationEndpoint.get())
                  .setTrustBundle(pki.bundle().toText())
                  .setCsrPem(csr)
                  .setGrantedLevel(
                      io.eventkit.proto.v1.TrustLevel.valueOf("TRUST_LEVEL_" + granted.name()))
                  .build());
    } catch (StatusRuntimeException e) {
      if (pinned.failure() != null) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION, pinned.failure() + "; nothing was changed");
      }
      ErrorCode code =
          switch (e.getStatus().getCode()) {
            case PERMISSION_DENIED -> ErrorCode.PERMISSION_DENIED;
            case INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
            case ALREADY_EXISTS -> ErrorCode.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> ErrorCode.FAILED_PRECONDITION;
            case RESOURCE_EXHAUSTED -> ErrorCode.RESOURCE_EXHAUSTED;
            default -> ErrorCode.UNAVAILABLE;
          };
      throw new DomainException(
          code,
          inv.getIssuerNodeId() + " refused the enrolment: " + e.getStatus().getDescription());
    } finally {
      channel.shutdownNow();
    }
  }
}
