package io.eventkit.node.federation.handshake;

import io.eventkit.ca.CaException;
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
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.db.Daos;
import io.grpc.StatusRuntimeException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * The inviter receives its client certificate from the invitee (second half of enrolment), pings
 * the invitee over mTLS and marks it ACTIVE.
 */
public final class Completion {
  private final NodePki pki;
  private final PartnerRegistry partners;
  private final PartnerChannels channels;
  private final Clock clock;

  public Completion(NodePki pki, PartnerRegistry partners, PartnerChannels channels, Clock clock) {
    this.pki = pki;
    this.partners = partners;
    this.channels = channels;
    this.clock = clock;
  }

  private static boolean keyMatches(java.security.PrivateKey key, X509Certificate cert) {
    try {
      byte[] probe = "eventkit-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
      s.initSign(key);
      s.update(probe);
      byte[] signature = s.sign();
      java.security.Signature v = java.security.Signature.getInstance("SHA256withECDSA");
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      return v.verify(signature);
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  public void complete(Partner partner, String chainPem, String peerAddress) {
    if (partner.state() != PartnerState.PENDING) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION, "enrolment is already complete (" + partner.state() + ")");
    }
    // The reverse-CSR key; once a first CompleteEnrollment stored the chain, the key is the stored
    // client key, so a retry while still PENDING (the ping back failed) verifies the delivered
    // chain against it and completes (docs §6.1 step 6).
    String pendingKey =
        Daos.with(partners.jdbi(), HandshakeDao.class, dao -> dao.enrolmentKey(partner.nodeId()))
            .map(HandshakeDao.EnrolmentKey::keyPem)
            .orElse(null);
    if (pendingKey == null) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION, "no enrolment in progress with " + partner.nodeId());
    }
    List<X509Certificate> chain;
    try {
      chain = Pem.readCertificates(chainPem);
      SpiffeId id =
          TrustBundle.parse(partner.bundleText())
              .validate(
                  chain,
                  clock.instant(),
                  pki.clockSkew(),
                  RevocationChecker.none(),
                  KeyPurpose.CLIENT_AUTH);
      if (!id.equals(SpiffeId.forPartner(NodeId.of(partner.nodeId()), pki.nodeId()))) {
        throw DomainException.invalid(
            "client_certificate_chain_pem refused: "
                + CaException.Reason.WRONG_IDENTITY
                + ": the certificate names "
                + id
                + ", expected "
                + SpiffeId.forPartner(NodeId.of(partner.nodeId()), pki.nodeId()));
      }
    } catch (CaException e) {
      throw DomainException.invalid("client_certificate_chain_pem refused: " + e.getMessage());
    }
    if (!keyMatches(pki.vault().decrypt(pendingKey), chain.get(0))) {
      throw DomainException.invalid("the certificate is not for the key of our enrolment request");
    }
    partners
        .jdbi()
        .useTransaction(
            h -> {
              partners.storeClientCredentials(
                  h,
                  partner.nodeId(),
                  chainPem,
                  pendingKey,
                  chain.get(0).getNotAfter().toInstant());
              partners
                  .audit()
                  .record(
                      h,
                      TrustAudit.Actor.partner(partner.nodeId(), peerAddress),
                      partner.nodeId(),
                      "COMPLETE_ENROLLMENT",
                      "received our client certificate, valid until "
                          + chain.get(0).getNotAfter().toInstant());
            });
    channels.open(partner.nodeId());
    try {
      channels.verifiedPing(partner.nodeId());
    } catch (StatusRuntimeException e) {
      throw new DomainException(
          ErrorCode.UNAVAILABLE,
          "cannot reach "
              + partner.nodeId()
              + " over mTLS at "
              + partner.federationEndpoint()
              + ": "
              + PartnerCalls.classify(e).description());
    }
    partners.activateAfterPing(partner.nodeId());
  }
}
