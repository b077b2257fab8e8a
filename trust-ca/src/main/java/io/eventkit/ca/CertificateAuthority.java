package io.eventkit.ca;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CA of a node: its root (self-signed, pathLen 1) or its federation issuing CA (signed by the
 * root, pathLen 0, name-constrained to URIs of the node's trust domain). Immutable and thread-safe.
 *
 * <p>Validity of everything issued: {@code notBefore = now - backdate} (default 1 min), {@code
 * notAfter = now + lifetime}, capped at this CA's own {@code notAfter} (nothing outlives its
 * issuer). All keys made here are EC P-256, signed SHA256withECDSA.
 */
public final class CertificateAuthority {
  public static final Duration DEFAULT_ROOT_LIFETIME = Duration.ofDays(3650);
  public static final Duration DEFAULT_ISSUING_LIFETIME = Duration.ofDays(365);
  public static final Duration DEFAULT_LEAF_LIFETIME = Duration.ofHours(24);
  public static final Duration DEFAULT_BACKDATE = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);

  private final NodeId nodeId;
  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final Clock clock;
  private final Duration backdate;

  private CertificateAuthority(
      NodeId nodeId, PrivateKey key, List<X509Certificate> chain, Clock clock, Duration backdate) {
    this.nodeId = Objects.requireNonNull(nodeId);
    this.key = Objects.requireNonNull(key);
    this.chain = List.copyOf(chain);
    this.clock = Objects.requireNonNull(clock);
    this.backdate = Objects.requireNonNull(backdate);
    if (this.chain.isEmpty() || this.chain.get(0).getBasicConstraints() < 0) {
      throw new CaException(CaException.Reason.INVALID_ARGUMENT, "chain must start with a CA cert");
    }
  }

  /**
   * A new root: subject {@code CN=EventKit Root CA <node>, O=<node>}, basicConstraints CA pathLen
   * 1, keyUsage keyCertSign|cRLSign, fresh P-256 key.
   */
  public static CertificateAuthority createRoot(NodeId nodeId, Duration lifetime, Clock clock) {
    requirePositive(lifetime);
    KeyPair kp = KeyPairs.generateP256();
    Instant now = clock.instant();
    X500Principal subject = name("EventKit Root CA " + nodeId.value(), nodeId);
    X509Certificate cert =
        Certificates.build(
            subject,
            kp.getPublic(),
            null,
            kp.getPrivate(),
            now.minus(DEFAULT_BACKDATE),
            now.plus(lifetime),
            ext -> {
              ext.add(Extension.basicConstraints, true, new BasicConstraints(1));
              ext.add(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            });
    log.info("created root CA {} for {}", Fingerprints.sha256Hex(cert), nodeId);
    return new CertificateAuthority(
        nodeId, kp.getPrivate(), List.of(cert), clock, DEFAULT_BACKDATE);
  }

  /**
   * A CA from stored material (e.g. decrypted from the database).
   *
   * @param chain this CA's certificate first, then its issuers up to the root
   */
  public static CertificateAuthority load(
      NodeId nodeId, PrivateKey key, List<X509Certificate> chain, Clock clock) {
    return new CertificateAuthority(nodeId, key, chain, clock, DEFAULT_BACKDATE);
  }

  /** The same CA with another backdating of {@code notBefore}. */
  public CertificateAuthority withBackdate(Duration backdate) {
    if (backdate.isNegative()) {
      throw new CaException(CaException.Reason.INVALID_ARGUMENT, "negative backdate");
    }
    return new CertificateAuthority(nodeId, key, chain, clock, backdate);
  }

  /** The same CA reading time from another clock. */
  public CertificateAuthority withClock(Clock clock) {
    return new CertificateAuthority(nodeId, key, chain, clock, backdate);
  }

  /**
   * A new federation issuing CA signed by this root: basicConstraints CA pathLen 0, keyUsage
   * keyCertSign|cRLSign|digitalSignature, critical name constraints permitting only URIs whose host
   * is this node ID. Its DN carries a unique suffix so that generations never share an issuer DN.
   */
  public CertificateAuthority createIssuingCa(Duration lifetime) {
    requirePositive(lifetime);
    if (certificate().getBasicConstraints() < 1) {
      throw new CaException(
          CaException.Reason.INVALID_ARGUMENT,
          "only a root (pathLen >= 1) can create an issuing CA");
    }
    KeyPair kp = KeyPairs.generateP256();
    String generation = HexFormat.of().formatHex(Certificates.randomSerial().toByteArray(), 0, 4);
    X500Principal subject =
        name("EventKit Federation CA " + nodeId.value() + " " + generation, nodeId);
    X509Certificate cert =
        sign(
            subject,
            kp.getPublic(),
            lifetime,
            ext -> {
              ext.add(Extension.basicConstraints, true, new BasicConstraints(0));
              ext.add(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(
                      KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
              ext.add(
                  Extension.nameConstraints,
                  true,
                  new NameConstraints(
                      new GeneralSubtree[] {
                        new GeneralSubtree(
                            new GeneralName(GeneralName.uniformResourceIdentifier, nodeId.value()))
                      },
                      null));
            });
    List<X509Certificate> newChain = new ArrayList<>();
    newChain.add(cert);
    newChain.addAll(chain);
    log.info("created issuing CA {} for {}", Fingerprints.sha256Hex(cert), nodeId);
    return new CertificateAuthority(nodeId, kp.getPrivate(), newChain, clock, backdate);
  }

  /**
   * The node's server certificate: EKU serverAuth, SANs = {@code hostNames} (DNS names, or IP
   * literals which become IP SANs) plus URI {@code spiffe://<node>/node}.
   *
   * @throws CaException WEAK_KEY, INVALID_ARGUMENT (no host name, non-positive lifetime)
   */
  public X509Certificate issueNodeServerCertificate(
      PublicKey key, List<String> hostNames, Duration lifetime) {
    requirePositive(lifetime);
    KeyPolicy.check(key);
    if (hostNames.isEmpty()) {
      throw new CaException(
          CaException.Reason.INVALID_ARGUMENT, "no host name for the server cert");
    }
    List<GeneralName> sans = new ArrayList<>();
    for (String host : hostNames) {
      if (IPAddress.isValid(host)) {
        sans.add(new GeneralName(GeneralName.iPAddress, host));
      } else if (NodeId.isValid(host)) {
        sans.add(new GeneralName(GeneralName.dNSName, host));
      } else {
        throw new CaException(
            CaException.Reason.INVALID_ARGUMENT, "invalid host name '" + host + "'");
      }
    }
    sans.add(
        new GeneralName(
            GeneralName.uniformResourceIdentifier, SpiffeId.forNode(nodeId).toString()));
    return sign(
        name(nodeId.value(), nodeId),
        key,
        lifetime,
        ext -> leafExtensions(ext, key, KeyPurposeId.id_kp_serverAuth, sans));
  }

  /**
   * Signs a partner's client-certificate CSR (PEM). See {@link #signPartnerCsr(
   * PKCS10CertificationRequest, NodeId, Duration, Duration)}.
   */
  public X509Certificate signPartnerCsr(
      String csrPem, NodeId partner, Duration requestedLifetime, Duration maxLifetime) {
    return signPartnerCsr(Pem.readCsr(csrPem), partner, requestedLifetime, maxLifetime);
  }

  /**
   * Issues a partner client certificate from a CSR after policy checks, in this order: CSR
   * signature ({@code BAD_CSR_SIGNATURE}), key ({@code WEAK_KEY}), no CA requested ({@code
   * CA_REQUESTED}: basicConstraints cA=true or keyCertSign/cRLSign in the extension request), at
   * least one URI SAN is requested ({@code SAN_MISSING}: none, or only DNS/IP names), exactly one
   * is and it equals {@code spiffe://<this node>/partner/<partner>} ({@code SAN_MISMATCH}), {@code
   * requestedLifetime <= maxLifetime} ({@code LIFETIME_TOO_LONG}) — docs/federation.md §2.4.
   *
   * <p>The certificate gets subject {@code CN=<partner>}, EKU clientAuth and the URI SAN computed
   * here; nothing else from the CSR (requested DNS SANs and other extensions are ignored).
   */
  public X509Certificate signPartnerCsr(
      PKCS10CertificationRequest csr,
      NodeId partner,
      Duration requestedLifetime,
      Duration maxLifetime) {
    requirePositive(requestedLifetime);
    PublicKey key;
    try {
      key =
          new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
              .getPublicKey(csr.getSubjectPublicKeyInfo());
    } catch (IOException e) {
      throw new CaException(CaException.Reason.WEAK_KEY, "unreadable CSR public key");
    }
    verifyCsrSignature(csr, key);
    KeyPolicy.check(csr.getSubjectPublicKeyInfo());
    SpiffeId expected = SpiffeId.forPartner(nodeId, partner);
    Extensions requested = requestedExtensions(csr);
    List<String> uris = new java.util.ArrayList<>();
    if (requested != null) {
      BasicConstraints bc = BasicConstraints.fromExtensions(requested);
      if (bc != null && bc.isCA()) {
        throw new CaException(
            CaException.Reason.CA_REQUESTED,
            "the CSR of " + partner + " requests a CA certificate");
      }
      KeyUsage ku = KeyUsage.fromExtensions(requested);
      if (ku != null && (ku.hasUsages(KeyUsage.keyCertSign) || ku.hasUsages(KeyUsage.cRLSign))) {
        throw new CaException(
            CaException.Reason.CA_REQUESTED,
            "the CSR of " + partner + " requests keyCertSign/cRLSign key usage");
      }
      GeneralNames names = GeneralNames.fromExtensions(requested, Extension.subjectAlternativeName);
      if (names != null) {
        for (GeneralName n : names.getNames()) {
          if (n.getTagNo() == GeneralName.uniformResourceIdentifier) {
            uris.add(n.getName().toString());
          }
        }
      }
    }
    if (uris.isEmpty()) {
      throw new CaException(
          CaException.Reason.SAN_MISSING,
          "the CSR requests no URI SAN; it must request exactly '" + expected + "'");
    }
    for (String uri : uris) {
      if (!expected.toString().equals(uri)) {
        throw new CaException(
            CaException.Reason.SAN_MISMATCH,
            "the CSR requests URI SAN '" + uri + "', expected '" + expected + "'");
      }
    }
    if (uris.size() > 1) {
      throw new CaException(
          CaException.Reason.SAN_MISMATCH,
          "the CSR requests " + uris.size() + " URI SANs; it must request exactly one");
    }
    if (requestedLifetime.compareTo(maxLifetime) > 0) {
      throw new CaException(
          CaException.Reason.LIFETIME_TOO_LONG,
          "requested lifetime " + requestedLifetime + " exceeds the maximum " + maxLifetime);
    }
    X509Certificate cert =
        sign(
            new X500Principal("CN=" + partner.value()),
            key,
            requestedLifetime,
            ext ->
                leafExtensions(
                    ext,
                    key,
                    KeyPurposeId.id_kp_clientAuth,
                    List.of(
                        new GeneralName(
                            GeneralName.uniformResourceIdentifier, expected.toString()))));
    log.debug("issued {} serial {}", expected, cert.getSerialNumber().toString(16));
    return cert;
  }

  /**
   * A CRL signed by this CA listing {@code revoked}: thisUpdate = now, nextUpdate = now + {@code
   * validity}, CRL number {@code crlNumber} (the caller keeps it increasing).
   */
  public X509CRL createCrl(long crlNumber, List<RevokedCertificate> revoked, Duration validity) {
    requirePositive(validity);
    Instant now = clock.instant();
    try {
      X509v2CRLBuilder b =
          new X509v2CRLBuilder(
              X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded()),
              Date.from(now));
      b.setNextUpdate(Date.from(now.plus(validity)));
      for (RevokedCertificate r : revoked) {
        b.addCRLEntry(r.serial(), Date.from(r.revokedAt()), r.reason().code);
      }
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          Certificates.extensionUtils().createAuthorityKeyIdentifier(certificate()));
      b.addExtension(
          Extension.cRLNumber, false, new CRLNumber(java.math.BigInteger.valueOf(crlNumber)));
      var signer = new JcaContentSignerBuilder(Certificates.signatureAlgorithm(key)).build(key);
      return new JcaX509CRLConverter().getCRL(b.build(signer));
    } catch (Exception e) {
      throw new CaException(CaException.Reason.INTERNAL, "CRL signing failed", e);
    }
  }

  public NodeId nodeId() {
    return nodeId;
  }

  /** This CA's certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** This CA's certificate first, then its issuers up to the root. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The signing key: handle with care (encrypt with {@link KeyPairs#encryptPrivateKey}). */
  public PrivateKey privateKey() {
    return key;
  }

  @Override
  public String toString() {
    return "CertificateAuthority["
        + certificate().getSubjectX500Principal().getName()
        + ", sha256="
        + Fingerprints.sha256Hex(certificate())
        + "]";
  }

  private X509Certificate sign(
      X500Principal subject,
      PublicKey subjectKey,
      Duration lifetime,
      java.util.function.Consumer<Certificates.Extensions> extensions) {
    Instant now = clock.instant();
    Instant notAfter =
        Certificates.min(now.plus(lifetime), certificate().getNotAfter().toInstant());
    return Certificates.build(
        subject, subjectKey, certificate(), key, now.minus(backdate), notAfter, extensions);
  }

  private static void leafExtensions(
      Certificates.Extensions ext, PublicKey key, KeyPurposeId purpose, List<GeneralName> sans) {
    ext.add(Extension.basicConstraints, true, new BasicConstraints(false));
    int usage = KeyUsage.digitalSignature;
    if ("RSA".equals(key.getAlgorithm())) {
      usage |= KeyUsage.keyEncipherment;
    }
    ext.add(Extension.keyUsage, true, new KeyUsage(usage));
    ext.add(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    ext.add(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(sans.toArray(GeneralName[]::new)));
  }

  private static void verifyCsrSignature(PKCS10CertificationRequest csr, PublicKey key) {
    boolean valid;
    try {
      valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
    } catch (Exception e) {
      valid = false;
    }
    if (!valid) {
      throw new CaException(
          CaException.Reason.BAD_CSR_SIGNATURE,
          "the CSR signature does not verify with the CSR's public key");
    }
  }

  private static Extensions requestedExtensions(PKCS10CertificationRequest csr) {
    Attribute[] attrs = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
    if (attrs.length == 0) {
      return null;
    }
    try {
      ASN1Encodable value = attrs[0].getAttrValues().getObjectAt(0);
      return Extensions.getInstance(value);
    } catch (RuntimeException e) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "unreadable CSR extension request");
    }
  }

  private static X500Principal name(String cn, NodeId nodeId) {
    return new X500Principal("CN=" + cn + ", O=" + nodeId.value());
  }

  private static void requirePositive(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new CaException(CaException.Reason.INVALID_ARGUMENT, "lifetime must be positive: " + d);
    }
  }
}
