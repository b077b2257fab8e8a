package io.eventkit.node.federation.handshake;

import io.eventkit.ca.CaException;
import io.eventkit.ca.Csrs;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.TrustBundle;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The inviter's side of the handshake. {@link #enroll} redeems an invitation in ONE transaction:
 * the invitation is consumed (row-locked, so exactly one concurrent attempt wins), the partner
 * becomes PENDING, its client certificate is issued and recorded, and a reverse CSR is prepared;
 * any refusal rolls all of it back.
 */
public final class Enrollment {
  private final NodePki pki;
  private final PartnerRegistry partners;
  private final Clock clock;
  private final Duration clientLifetime;
  private final Duration maxClientLifetime;

  public Enrollment(
      NodePki pki,
      PartnerRegistry partners,
      Clock clock,
      Duration clientLifetime,
      Duration maxClientLifetime) {
    this.pki = pki;
    this.partners = partners;
    this.clock = clock;
    this.clientLifetime = clientLifetime;
    this.maxClientLifetime = maxClientLifetime;
  }

  public record Request(
      String invitationId,
      String secret,
      String nodeId,
      String federationEndpoint,
      String trustBundle,
      String csrPem,
      TrustLevel grantedToUs,
      String peerAddress) {
    @Override
    public String toString() {
      return "Request[invitation=" + invitationId + ", node=" + nodeId + ", secret=***]";
    }
  }

  public record Result(
      List<X509Certificate> clientChain,
      TrustBundle ourBundle,
      String reverseCsrPem,
      TrustLevel grantedLevel) {}

  /**
   * Step 4 of docs/federation.md §6.1. Order matters: first only the request's own syntax (which
   * tells the caller nothing about any invitation), then the invitation and its secret, and only
   * then anything else; so a caller without the secret learns nothing but {@code
   * PERMISSION_DENIED}, and no bundle or CSR is parsed for it.
   */
  public Result enroll(Request r) {
    new Validation()
        .notBlank(r.invitationId(), "invitation_id")
        .notBlank(r.secret(), "secret")
        .check(NodeId.isValid(r.nodeId()), "node_id", "must be a valid node ID")
        .check(
            !pki.nodeId().value().equals(r.nodeId()),
            "node_id",
            "is this node's own ID; a node cannot be its own partner")
        .check(
            Endpoints.isHostPort(r.federationEndpoint()), "federation_endpoint", Endpoints.SYNTAX)
        .notBlank(r.trustBundle(), "trust_bundle")
        .notBlank(r.csrPem(), "csr_pem")
        .check(
            r.grantedToUs() != null,
            "granted_level",
            "must be a trust level (TRUST_LEVEL_NONE or above), not UNSPECIFIED")
        .throwIfInvalid();
    UUID invitationId;
    try {
      invitationId = UUID.fromString(r.invitationId());
    } catch (IllegalArgumentException e) {
      throw denied(UNKNOWN);
    }
    NodeId partner = NodeId.of(r.nodeId());
    Instant now = clock.instant();
    Result result =
        partners
            .jdbi()
            .inTransaction(
                h -> {
                  HandshakeDao dao = Daos.of(h, HandshakeDao.class);
                  HandshakeDao.InvitationRow inv =
                      dao.lockInvitation(invitationId).orElseThrow(() -> denied(UNKNOWN));
                  if (!MessageDigest.isEqual(inv.secretHash(), Invitations.sha256(r.secret()))) {
                    throw denied(SECRET_MISMATCH);
                  }
                  if (inv.usedAt() != null) {
                    throw denied(USED);
                  }
                  Instant expires = inv.expiresAt();
                  if (!expires.isAfter(now)) {
                    throw denied(EXPIRED + " (at " + expires + "); ask for a new one");
                  }
                  String invited = inv.partnerNodeId();
                  if (!invited.equals(r.nodeId())) {
                    throw denied(OTHER_PARTNER + ": it names " + invited + ", not " + r.nodeId());
                  }
                  var row = partners.find(h, invited, true);
                  if (row.isEmpty() || row.get().state() != PartnerState.INVITED) {
                    throw new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        "partner "
                            + invited
                            + " is "
                            + row.map(p -> p.state().name()).orElse("unknown")
                            + " here; the invitation is no longer valid");
                  }
                  TrustBundle theirBundle;
                  try {
                    theirBundle = TrustBundle.parse(r.trustBundle());
                  } catch (CaException e) {
                    throw DomainException.invalid("trust_bundle refused: " + e.getMessage());
                  }
                  if (!theirBundle.trustDomain().value().equals(r.nodeId())) {
                    throw DomainException.invalid(
                        "trust_bundle refused: "
                            + CaException.Reason.WRONG_TRUST_DOMAIN
                            + ": the bundle is for "
                            + theirBundle.trustDomain().value()
                            + ", not for "
                            + r.nodeId());
                  }
                  dao.markUsed(invitationId, now);
                  List<X509Certificate> chain;
                  try {
                    chain =
                        pki.issuePartnerCertificate(
                            h, r.csrPem(), partner, clientLifetime, maxClientLifetime);
                  } catch (CaException e) {
                    throw csrRefused(e);
                  }
                  KeyPair reverseKey = KeyPairs.generateP256();
                  String reverseCsr = Csrs.createPartnerCsr(reverseKey, partner, pki.nodeId());
                  TrustLevel granted = TrustLevel.valueOf(inv.offeredLevel());
                  dao.markEnrolled(
                      invited,
                      r.federationEndpoint(),
                      r.grantedToUs().name(),
                      theirBundle.toText(),
                      theirBundle.sequence(),
                      pki.vault().encryptLeaf(reverseKey.getPrivate()),
                      now);
                  partners
                      .audit()
                      .record(
                          h,
                          TrustAudit.Actor.partner(invited, r.peerAddress()),
                          invited,
                          "ENROLL",
                          "invitation "
                              + invitationId
                              + " redeemed; client certificate "
                              + chain.get(0).getSerialNumber().toString(16)
                              + " issued until "
                              + chain.get(0).getNotAfter().toInstant());
                  return new Result(chain, pki.bundle(), reverseCsr, granted);
                });
    partners.changed(r.nodeId());
    return result;
  }

  /** Refusal reasons quoted in docs/federation.md §6.1 step 4; messages start with them. */
  static final String UNKNOWN = "unknown invitation";

  static final String SECRET_MISMATCH = "the invitation secret does not match";
  static final String USED = "the invitation has already been used";
  static final String EXPIRED = "the invitation has expired";
  static final String OTHER_PARTNER = "the invitation is for another partner";

  /** CSR-policy refusals: the message starts with the rule name (docs §2.4). */
  static DomainException csrRefused(CaException e) {
    return DomainException.invalid(e.getMessage());
  }

  private static DomainException denied(String message) {
    return new DomainException(ErrorCode.PERMISSION_DENIED, message);
  }

  /** Issues a renewed client certificate for an ACTIVE or PENDING partner. */
  public List<X509Certificate> renew(String partnerId, String csrPem, String peerAddress) {
    if (csrPem == null || csrPem.isBlank()) {
      throw DomainException.invalid("csr_pem is required");
    }
    return partners
        .jdbi()
        .inTransaction(
            h -> {
              var p = partners.find(h, partnerId, true).orElseThrow();
              if (p.state() != PartnerState.ACTIVE && p.state() != PartnerState.PENDING) {
                throw denied("renewal refused: partner is " + p.state());
              }
              List<X509Certificate> chain;
              try {
                chain =
                    pki.issuePartnerCertificate(
                        h, csrPem, NodeId.of(partnerId), clientLifetime, maxClientLifetime);
              } catch (CaException e) {
                throw csrRefused(e);
              }
              partners
                  .audit()
                  .record(
                      h,
                      TrustAudit.Actor.partner(partnerId, peerAddress),
                      partnerId,
                      "RENEW_ISSUED",
                      "client certificate "
                          + chain.get(0).getSerialNumber().toString(16)
                          + " until "
                          + chain.get(0).getNotAfter().toInstant());
              return chain;
            });
  }
}
