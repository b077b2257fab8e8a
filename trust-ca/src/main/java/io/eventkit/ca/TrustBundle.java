package io.eventkit.ca;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * The CA certificates of one trust domain (a node): its root(s) and issuing CA(s), with a sequence
 * number that increases on every change. Immutable. Partners pin each other's bundle; bundles are
 * never merged, and validation uses exactly this bundle's roots as trust anchors (never the JDK's
 * cacerts).
 *
 * <p>Text form (stable, {@link #toText()} / {@link #parse(String)}):
 *
 * <pre>
 * # eventkit-trust-bundle v1
 * trust-domain: acme-av.example
 * sequence: 3
 * -----BEGIN CERTIFICATE-----
 * ...one PEM block per certificate, in bundle order...
 * </pre>
 */
public final class TrustBundle {
  public static final String HEADER = "# eventkit-trust-bundle v1";
  private static final int MAX_PATH = 4;

  private final NodeId trustDomain;
  private final long sequence;
  private final List<X509Certificate> certificates;
  private final List<X509Certificate> roots;
  private final List<X509Certificate> intermediates;
  private final Set<TrustAnchor> anchors;

  /**
   * @throws CaException INVALID_ARGUMENT if {@code sequence < 0}, a certificate is not a CA, a
   *     certificate is duplicated, or there is no self-signed root
   */
  public TrustBundle(NodeId trustDomain, long sequence, List<X509Certificate> certificates) {
    this.trustDomain = Objects.requireNonNull(trustDomain);
    this.sequence = sequence;
    this.certificates = List.copyOf(certificates);
    if (sequence < 0) {
      throw new CaException(CaException.Reason.INVALID_ARGUMENT, "negative bundle sequence");
    }
    if (new HashSet<>(this.certificates).size() != this.certificates.size()) {
      throw new CaException(CaException.Reason.INVALID_ARGUMENT, "duplicate bundle certificate");
    }
    List<X509Certificate> r = new ArrayList<>();
    List<X509Certificate> i = new ArrayList<>();
    Set<TrustAnchor> a = new HashSet<>();
    for (X509Certificate c : this.certificates) {
      if (c.getBasicConstraints() < 0) {
        throw new CaException(
            CaException.Reason.INVALID_ARGUMENT,
            "bundle certificate " + c.getSubjectX500Principal() + " is not a CA");
      }
      if (isSelfSigned(c)) {
        r.add(c);
        a.add(new TrustAnchor(c, null));
      } else {
        i.add(c);
      }
    }
    if (r.isEmpty()) {
      throw new CaException(
          CaException.Reason.INVALID_ARGUMENT, "trust bundle of " + trustDomain + " has no root");
    }
    for (X509Certificate c : this.certificates) {
      List<String> hosts = permittedUriHosts(c);
      if (!hosts.isEmpty() && !hosts.contains(trustDomain.value())) {
        // Such a CA can never issue a valid SPIFFE ID of this trust domain (docs §2.3): a bundle
        // labelled with one domain but constrained to another is refused, not held uselessly.
        throw new CaException(
            CaException.Reason.WRONG_TRUST_DOMAIN,
            describe(c)
                + " is name-constrained to URI host(s) "
                + hosts
                + ", not to trust domain "
                + trustDomain);
      }
    }
    this.roots = List.copyOf(r);
    this.intermediates = List.copyOf(i);
    this.anchors = Set.copyOf(a);
  }

  public NodeId trustDomain() {
    return trustDomain;
  }

  public long sequence() {
    return sequence;
  }

  /** All certificates, in bundle order. */
  public List<X509Certificate> certificates() {
    return certificates;
  }

  /** The self-signed certificates: the trust anchors. */
  public List<X509Certificate> roots() {
    return roots;
  }

  /** The issuing CAs (not self-signed). */
  public List<X509Certificate> intermediates() {
    return intermediates;
  }

  /** This bundle plus {@code cert}, sequence + 1 (unchanged if {@code cert} is already in it). */
  public TrustBundle withAdded(X509Certificate cert) {
    if (certificates.contains(cert)) {
      return this;
    }
    List<X509Certificate> list = new ArrayList<>(certificates);
    list.add(cert);
    return new TrustBundle(trustDomain, sequence + 1, list);
  }

  /** This bundle minus {@code cert}, sequence + 1 (unchanged if {@code cert} is not in it). */
  public TrustBundle withRemoved(X509Certificate cert) {
    if (!certificates.contains(cert)) {
      return this;
    }
    List<X509Certificate> list = new ArrayList<>(certificates);
    list.remove(cert);
    return new TrustBundle(trustDomain, sequence + 1, list);
  }

  public String toText() {
    return HEADER
        + "\ntrust-domain: "
        + trustDomain.value()
        + "\nsequence: "
        + sequence
        + "\n"
        + Pem.writeCertificates(certificates);
  }

  /**
   * @throws CaException MALFORMED_BUNDLE if the text is not a v1 bundle (§4.3) or its content
   *     breaks §4.1 (including a PEM block that does not decode); WRONG_TRUST_DOMAIN if a CA of it
   *     is name-constrained to another trust domain than the one it is labelled with
   */
  public static TrustBundle parse(String text) {
    try (BufferedReader r = new BufferedReader(new StringReader(text == null ? "" : text))) {
      if (!HEADER.equals(r.readLine())) {
        throw new CaException(
            CaException.Reason.MALFORMED_BUNDLE, "missing '" + HEADER + "' header");
      }
      String domain = field(r.readLine(), "trust-domain: ");
      long seq;
      try {
        seq = Long.parseLong(field(r.readLine(), "sequence: "));
      } catch (NumberFormatException e) {
        throw new CaException(CaException.Reason.MALFORMED_BUNDLE, "bad bundle sequence");
      }
      StringBuilder pem = new StringBuilder();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        pem.append(line).append('\n');
      }
      if (!NodeId.isValid(domain)) {
        throw new CaException(
            CaException.Reason.MALFORMED_BUNDLE, "bad trust domain '" + domain + "'");
      }
      try {
        return new TrustBundle(NodeId.of(domain), seq, Pem.readCertificates(pem.toString()));
      } catch (CaException e) {
        if (e.reason() == CaException.Reason.WRONG_TRUST_DOMAIN) {
          throw e;
        }
        throw new CaException(CaException.Reason.MALFORMED_BUNDLE, e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new CaException(CaException.Reason.MALFORMED_BUNDLE, "unreadable bundle", e);
    }
  }

  private static String field(String line, String prefix) {
    if (line == null || !line.startsWith(prefix)) {
      throw new CaException(CaException.Reason.MALFORMED_BUNDLE, "expected '" + prefix + "...'");
    }
    return line.substring(prefix.length()).trim();
  }

  /** {@link #validate(List, Instant, Duration, RevocationChecker, KeyPurpose)} with ANY purpose. */
  public SpiffeId validate(
      List<X509Certificate> peerChain, Instant now, Duration skew, RevocationChecker revocation) {
    return validate(peerChain, now, skew, revocation, KeyPurpose.ANY);
  }

  /**
   * Validates a peer chain (leaf first, intermediates optional: the bundle's own are used too)
   * against this bundle's roots only, and returns the leaf's SPIFFE ID.
   *
   * <p>Checks, in order: a path from the leaf to one of this bundle's roots exists ({@code
   * UNTRUSTED_ISSUER}); every certificate of the path, the root included, is valid at {@code now}
   * within {@code skew}, i.e. {@code now ∈ [notBefore - skew, notAfter + skew]} ({@code EXPIRED},
   * {@code NOT_YET_VALID}); JDK PKIX validation (signatures, basic constraints, path length, name
   * constraints: {@code NAME_CONSTRAINT_VIOLATION}, {@code INVALID_CHAIN}) at {@code now} clamped
   * into the path's common validity window; revocation of every non-anchor certificate ({@code
   * REVOKED}); the leaf is not a CA and has {@code purpose}'s EKU ({@code WRONG_KEY_PURPOSE}); its
   * single SPIFFE URI SAN ({@code BAD_IDENTITY}) names this trust domain ({@code
   * WRONG_TRUST_DOMAIN}).
   *
   * @throws CaException with the reasons above
   */
  // The validity window skips the anchor object appended last, by identity on purpose.
  @SuppressWarnings("ReferenceEquality")
  public SpiffeId validate(
      List<X509Certificate> peerChain,
      Instant now,
      Duration skew,
      RevocationChecker revocation,
      KeyPurpose purpose) {
    if (peerChain == null || peerChain.isEmpty()) {
      throw new CaException(CaException.Reason.INVALID_ARGUMENT, "empty peer chain");
    }
    X509Certificate leaf = peerChain.get(0);
    List<X509Certificate> path = new ArrayList<>();
    X509Certificate anchor = buildPath(leaf, peerChain, path);

    Instant latestStart = Instant.MIN;
    Instant earliestEnd = Instant.MAX;
    List<X509Certificate> all = new ArrayList<>(path);
    all.add(anchor);
    for (X509Certificate c : all) {
      Instant nb = c.getNotBefore().toInstant();
      Instant na = c.getNotAfter().toInstant();
      if (now.isAfter(na.plus(skew))) {
        throw new CaException(
            CaException.Reason.EXPIRED,
            describe(c) + " expired at " + na + " (now " + now + ", skew " + skew + ")");
      }
      if (now.isBefore(nb.minus(skew))) {
        throw new CaException(
            CaException.Reason.NOT_YET_VALID,
            describe(c) + " is not valid before " + nb + " (now " + now + ", skew " + skew + ")");
      }
      if (c != anchor) {
        latestStart = nb.isAfter(latestStart) ? nb : latestStart;
        earliestEnd = na.isBefore(earliestEnd) ? na : earliestEnd;
      }
    }
    Instant pkixDate = now;
    if (!latestStart.isAfter(earliestEnd)) {
      pkixDate =
          now.isBefore(latestStart) ? latestStart : now.isAfter(earliestEnd) ? earliestEnd : now;
    }
    pkix(path, pkixDate);

    for (X509Certificate c : path) {
      if (revocation.isRevoked(c)) {
        throw new CaException(CaException.Reason.REVOKED, describe(c) + " is revoked");
      }
    }
    if (leaf.getBasicConstraints() >= 0) {
      throw new CaException(
          CaException.Reason.INVALID_CHAIN, describe(leaf) + " is a CA, not a leaf");
    }
    if (purpose.oid != null && !hasEku(leaf, purpose.oid)) {
      throw new CaException(
          CaException.Reason.WRONG_KEY_PURPOSE, describe(leaf) + " lacks EKU " + purpose);
    }
    SpiffeId id = SpiffeId.fromCertificate(leaf);
    if (!id.trustDomain().equals(trustDomain)) {
      throw new CaException(
          CaException.Reason.WRONG_TRUST_DOMAIN,
          describe(leaf) + " names '" + id + "', not trust domain " + trustDomain);
    }
    return id;
  }

  /** The URI hosts of a CA's permitted name-constraint subtrees (empty: none constrained). */
  private static List<String> permittedUriHosts(X509Certificate c) {
    byte[] ext = c.getExtensionValue(Extension.nameConstraints.getId());
    if (ext == null) {
      return List.of();
    }
    List<String> hosts = new ArrayList<>();
    try {
      NameConstraints nc =
          NameConstraints.getInstance(ASN1OctetString.getInstance(ext).getOctets());
      GeneralSubtree[] permitted = nc.getPermittedSubtrees();
      if (permitted != null) {
        for (GeneralSubtree t : permitted) {
          if (t.getBase().getTagNo() == GeneralName.uniformResourceIdentifier) {
            hosts.add(t.getBase().getName().toString());
          }
        }
      }
    } catch (IllegalArgumentException e) {
      throw new CaException(
          CaException.Reason.INVALID_ARGUMENT, describe(c) + " has unreadable name constraints");
    }
    return hosts;
  }

  /** Fills {@code path} (leaf first, anchor excluded) and returns the anchor. */
  private X509Certificate buildPath(
      X509Certificate leaf, List<X509Certificate> peerChain, List<X509Certificate> path) {
    List<X509Certificate> candidates = new ArrayList<>(peerChain.subList(1, peerChain.size()));
    candidates.addAll(intermediates);
    X509Certificate current = leaf;
    path.add(leaf);
    while (path.size() <= MAX_PATH) {
      for (X509Certificate root : roots) {
        if (issuedBy(current, root)) {
          return root;
        }
      }
      X509Certificate next = null;
      for (X509Certificate c : candidates) {
        if (!path.contains(c) && !isSelfIssued(c) && issuedBy(current, c)) {
          next = c;
          break;
        }
      }
      if (next == null) {
        break;
      }
      path.add(next);
      current = next;
    }
    throw new CaException(
        CaException.Reason.UNTRUSTED_ISSUER,
        describe(leaf)
            + " does not chain to a root of trust domain "
            + trustDomain
            + " (issuer "
            + current.getIssuerX500Principal().getName()
            + " unknown)");
  }

  private void pkix(List<X509Certificate> path, Instant date) {
    try {
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(date));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
    } catch (CertPathValidatorException e) {
      throw new CaException(mapReason(e.getReason()), "path validation failed: " + e.getMessage());
    } catch (InvalidAlgorithmParameterException e) {
      throw new CaException(CaException.Reason.INTERNAL, "PKIX parameters", e);
    } catch (GeneralSecurityException e) {
      throw new CaException(CaException.Reason.INVALID_CHAIN, "path validation failed", e);
    }
  }

  private static CaException.Reason mapReason(CertPathValidatorException.Reason reason) {
    if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
      return CaException.Reason.EXPIRED;
    }
    if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
      return CaException.Reason.NOT_YET_VALID;
    }
    if (reason == CertPathValidatorException.BasicReason.REVOKED) {
      return CaException.Reason.REVOKED;
    }
    if (reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE
        || reason == PKIXReason.NO_TRUST_ANCHOR) {
      return CaException.Reason.UNTRUSTED_ISSUER;
    }
    if (reason == PKIXReason.INVALID_NAME) {
      return CaException.Reason.NAME_CONSTRAINT_VIOLATION;
    }
    return CaException.Reason.INVALID_CHAIN;
  }

  /** Same DN and, when both carry them, matching AKI/SKI key identifiers. */
  private static boolean issuedBy(X509Certificate cert, X509Certificate issuer) {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    byte[] aki = authorityKeyId(cert);
    byte[] ski = subjectKeyId(issuer);
    return aki == null || ski == null || Arrays.equals(aki, ski);
  }

  private static byte[] authorityKeyId(X509Certificate c) {
    byte[] ext = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    if (ext == null) {
      return null;
    }
    return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets())
        .getKeyIdentifier();
  }

  private static byte[] subjectKeyId(X509Certificate c) {
    byte[] ext = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ext == null) {
      return null;
    }
    return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
  }

  private static boolean isSelfIssued(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }

  private static boolean isSelfSigned(X509Certificate c) {
    if (!isSelfIssued(c)) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean hasEku(X509Certificate leaf, String oid) {
    try {
      List<String> ekus = leaf.getExtendedKeyUsage();
      return ekus != null && ekus.contains(oid);
    } catch (java.security.cert.CertificateParsingException e) {
      return false;
    }
  }

  static String describe(X509Certificate c) {
    return "certificate '"
        + c.getSubjectX500Principal().getName()
        + "' (serial "
        + c.getSerialNumber().toString(16)
        + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustBundle b
        && trustDomain.equals(b.trustDomain)
        && sequence == b.sequence
        && certificates.equals(b.certificates);
  }

  @Override
  public int hashCode() {
    return Objects.hash(trustDomain, sequence, certificates);
  }

  @Override
  public String toString() {
    return "TrustBundle[" + trustDomain + " #" + sequence + ", " + certificates.size() + " certs]";
  }
}
