package io.eventkit.ca;

import java.security.cert.X509Certificate;

/**
 * The identity in a partner client certificate: URI SAN {@code
 * spiffe://<trustDomain>/partner/<partnerId>}, where {@code trustDomain} is the issuing node and
 * {@code partnerId} the node the certificate was issued to.
 */
public record PartnerIdentity(NodeId trustDomain, NodeId partnerId) {

  /**
   * Reads the identity of an already <em>verified</em> leaf (this does not validate the chain).
   *
   * @throws CaException BAD_IDENTITY if the leaf does not carry exactly one partner SPIFFE ID
   */
  public static PartnerIdentity fromCertificate(X509Certificate leaf) {
    return fromSpiffeId(SpiffeId.fromCertificate(leaf));
  }

  /**
   * @throws CaException BAD_IDENTITY if the ID is not of the partner shape
   */
  public static PartnerIdentity fromSpiffeId(SpiffeId id) {
    String prefix = "/partner/";
    if (!id.path().startsWith(prefix) || !NodeId.isValid(id.path().substring(prefix.length()))) {
      throw new CaException(
          CaException.Reason.BAD_IDENTITY,
          "'" + id + "' is not a partner ID (spiffe://<node>/partner/<partner>)");
    }
    return new PartnerIdentity(id.trustDomain(), new NodeId(id.path().substring(prefix.length())));
  }

  public SpiffeId spiffeId() {
    return SpiffeId.forPartner(trustDomain, partnerId);
  }
}
