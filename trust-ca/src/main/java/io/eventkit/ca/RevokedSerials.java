package io.eventkit.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * An immutable set of revoked serials per issuer DN. Issuing CAs get unique DNs per generation (see
 * {@link CertificateAuthority#createIssuingCa}), so (issuer DN, serial) is unambiguous.
 */
public final class RevokedSerials implements RevocationChecker {
  private static final RevokedSerials EMPTY = new RevokedSerials(Map.of());

  private final Map<X500Principal, Set<BigInteger>> byIssuer;

  private RevokedSerials(Map<X500Principal, Set<BigInteger>> byIssuer) {
    this.byIssuer = byIssuer;
  }

  public static RevokedSerials empty() {
    return EMPTY;
  }

  /** The serials revoked by {@code issuer}. */
  public static RevokedSerials of(X509Certificate issuer, Collection<BigInteger> serials) {
    return EMPTY.plus(issuer, serials);
  }

  /**
   * The entries of a CRL, after checking it is signed by {@code issuer}.
   *
   * @throws CaException UNTRUSTED_ISSUER if the CRL is not issued and signed by {@code issuer}
   */
  public static RevokedSerials fromCrl(X509CRL crl, X509Certificate issuer) {
    return EMPTY.plus(crl, issuer);
  }

  public RevokedSerials plus(X509Certificate issuer, Collection<BigInteger> serials) {
    Map<X500Principal, Set<BigInteger>> copy = new HashMap<>(byIssuer);
    Set<BigInteger> set =
        new HashSet<>(copy.getOrDefault(issuer.getSubjectX500Principal(), Set.of()));
    set.addAll(serials);
    copy.put(issuer.getSubjectX500Principal(), Set.copyOf(set));
    return new RevokedSerials(Map.copyOf(copy));
  }

  public RevokedSerials plus(X509CRL crl, X509Certificate issuer) {
    if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new CaException(
          CaException.Reason.UNTRUSTED_ISSUER,
          "CRL issued by "
              + crl.getIssuerX500Principal()
              + ", not by "
              + issuer.getSubjectX500Principal());
    }
    try {
      crl.verify(issuer.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CaException(
          CaException.Reason.UNTRUSTED_ISSUER,
          "CRL signature does not verify with " + issuer.getSubjectX500Principal());
    }
    Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
    if (entries == null) {
      return this;
    }
    return plus(issuer, entries.stream().map(X509CRLEntry::getSerialNumber).toList());
  }

  @Override
  public boolean isRevoked(X509Certificate cert) {
    Set<BigInteger> serials = byIssuer.get(cert.getIssuerX500Principal());
    return serials != null && serials.contains(cert.getSerialNumber());
  }

  public int size() {
    return byIssuer.values().stream().mapToInt(Set::size).sum();
  }

  @Override
  public String toString() {
    return "RevokedSerials[" + size() + " serials, " + byIssuer.size() + " issuers]";
  }
}
