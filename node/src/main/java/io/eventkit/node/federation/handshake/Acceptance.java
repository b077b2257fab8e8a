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
import io.eventkit.node.federation.channels.PartnerCalls;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.db.Daos;
import io.grpc.StatusRuntimeException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
  private final EnrollmentClient client;

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
    this.client = new EnrollmentClient(channels, clock, pki.clockSkew());
  }

  /** Every refusal of the inviter's response starts with this (docs §6.1 step 5). */
  static final String INVALID_RESPONSE = "invalid enrolment response: ";

  public Partner accept(String invitationText, TrustLevel level, TrustAudit.Actor actor) {
    InvitationDetails inv = InvitationCodec.decode(invitationText);
    String self = pki.nodeId().value();
    String issuer = inv.issuerNodeId();
    if (!NodeId.isValid(issuer)) {
      throw DomainException.invalid("the invitation names an invalid node ID '" + issuer + "'");
    }
    if (issuer.equals(self)) {
      throw DomainException.invalid(
          "the invitation was issued by this node; a node cannot be its own partner");
    }
    if (!Endpoints.isHostPort(inv.enrollmentEndpoint())) {
      throw DomainException.invalid(
          "the invitation's enrollment_endpoint '"
              + inv.enrollmentEndpoint()
              + "' "
              + Endpoints.SYNTAX);
    }
    if (inv.offeredLevel() == null) {
      throw DomainException.invalid("the invitation offers no trust level (UNSPECIFIED)");
    }
    if (!inv.partnerNodeId().equals(self)) {
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED,
          Enrollment.OTHER_PARTNER
              + ": it names "
              + inv.partnerNodeId()
              + ", this node is "
              + self);
    }
    // A pre-check only (the inviter's clock decides, §6.1 step 4): with the skew allowance, so
    // that a clock running fast does not refuse an invitation the inviter would still take.
    Instant expires = inv.expiresAt();
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
    TrustLevel offered = inv.offeredLevel();
    TrustLevel granted = level != null ? level : offered;

    KeyPair key = KeyPairs.generateP256();
    String csr = Csrs.createPartnerCsr(key, NodeId.of(issuer), pki.nodeId());
    EnrollmentClient.Answer response =
        client.enroll(
            inv,
            new EnrollmentClient.Ask(
                self, ourFederationEndpoint.get(), pki.bundle().toText(), csr, granted));

    TrustBundle theirBundle;
    List<X509Certificate> ourChain;
    try {
      theirBundle = TrustBundle.parse(response.trustBundle());
      if (!theirBundle.trustDomain().value().equals(issuer)
          || theirBundle.roots().stream()
              .noneMatch(
                  r -> Fingerprints.sha256Hex(r).equalsIgnoreCase(inv.rootCaFingerprintSha256()))) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION,
            INVALID_RESPONSE
                + issuer
                + " sent a trust bundle that does not contain the pinned root");
      }
      ourChain = Pem.readCertificates(response.clientCertificateChainPem());
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
    if (!response.nodeId().equals(issuer)) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          INVALID_RESPONSE + "node_id is '" + response.nodeId() + "', expected " + issuer);
    }
    if (response.grantedLevel() != offered) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          INVALID_RESPONSE
              + "granted_level "
              + EnrollmentClient.wireName(response.grantedLevel())
              + " differs from the offered "
              + EnrollmentClient.wireName(offered));
    }
    if (!Endpoints.isHostPort(response.federationEndpoint())) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          INVALID_RESPONSE
              + "federation_endpoint '"
              + response.federationEndpoint()
              + "' "
              + Endpoints.SYNTAX);
    }

    Instant now = clock.instant();
    List<X509Certificate> chainForThem =
        partners
            .jdbi()
            .inTransaction(
                h -> {
                  Daos.of(h, HandshakeDao.class)
                      .upsertAccepted(
                          issuer,
                          response.federationEndpoint(),
                          granted.name(),
                          offered.name(),
                          defaultRateLimit,
                          theirBundle.toText(),
                          theirBundle.sequence(),
                          now);
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
                            response.reverseCsrPem(),
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
                          "invitation " + inv.invitationId() + " accepted, level " + granted);
                  return chain;
                });
    partners.changed(issuer);
    channels.open(issuer);
    try {
      client.completeEnrollment(issuer, Pem.writeCertificates(chainForThem));
      channels.verifiedPing(issuer);
    } catch (StatusRuntimeException e) {
      throw new DomainException(
          ErrorCode.UNAVAILABLE,
          "enrolled with "
              + issuer
              + " but could not complete the mutual-TLS step ("
              + PartnerCalls.classify(e).summary()
              + "); both sides stay PENDING: retry with 'eventkit trust refresh "
              + issuer
              + "'");
    }
    return partners.activateAfterPing(issuer);
  }
}
