package io.eventkit.node.federation.pki;

import com.google.common.base.Suppliers;
import io.eventkit.ca.CertificateAuthority;
import io.eventkit.ca.Fingerprints;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.Pem;
import io.eventkit.ca.RevocationReason;
import io.eventkit.ca.RevokedCertificate;
import io.eventkit.ca.RevokedSerials;
import io.eventkit.ca.TrustBundle;
import io.eventkit.ca.rotation.IssuingCaRotation;
import io.eventkit.ca.rotation.IssuingCaSlot;
import io.eventkit.ca.rotation.PreparedIssuingCa;
import io.eventkit.ca.rotation.RotationPolicy;
import io.eventkit.ca.rotation.SlotState;
import io.eventkit.ca.tls.ReloadingKeyManager;
import io.eventkit.ca.tls.ReloadingTrustManager;
import io.eventkit.ca.tls.TrustSource;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.node.platform.db.Daos;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own PKI, persisted in PostgreSQL with keys encrypted: its root CA, the issuing-CA
 * rotation slots, its server certificate, the certificates it issued to partners and their
 * revocation. Owns the TLS managers of the federation port, and reloads them on every change.
 */
public final class NodePki {
  private static final Logger LOG = LoggerFactory.getLogger(NodePki.class);
  private static final long INIT_LOCK = 0x45564b5049L; // "EVKPI"

  /** Settings that shape certificates and rotation. */
  public record Settings(
      List<String> serverHostNames,
      Duration serverCertificateLifetime,
      Duration clockSkew,
      RotationPolicy rotationPolicy) {}

  private final Jdbi jdbi;
  private final PkiDao dao;
  private final NodeId nodeId;
  private final KeyVault vault;
  private final Clock clock;
  private final Settings settings;
  private final X509Certificate rootCertificate;
  // CA keys are decrypted only when the CA first signs (start-up decrypts nothing expensive).
  private final Supplier<CertificateAuthority> root;
  private final Map<String, Supplier<CertificateAuthority>> issuingBySlot = new HashMap<>();
  private IssuingCaRotation rotation;
  private final ReloadingKeyManager serverKeyManager;
  private final ReloadingTrustManager clientTrustManager;
  private volatile X509Certificate serverCertificate;
  private volatile RevokedSerials revoked = RevokedSerials.empty();

  private NodePki(
      Jdbi jdbi,
      NodeId nodeId,
      KeyVault vault,
      Clock clock,
      Settings settings,
      X509Certificate rootCertificate,
      Supplier<CertificateAuthority> root,
      IssuingCaRotation rotation,
      Map<String, Supplier<CertificateAuthority>> issuing,
      PrivateKey serverKey,
      List<X509Certificate> serverChain) {
    this.jdbi = jdbi;
    this.dao = Daos.onDemand(jdbi, PkiDao.class);
    this.nodeId = nodeId;
    this.vault = vault;
    this.clock = clock;
    this.settings = settings;
    this.rootCertificate = rootCertificate;
    this.root = root;
    this.rotation = rotation;
    this.issuingBySlot.putAll(issuing);
    this.serverCertificate = serverChain.get(0);
    this.serverKeyManager = new ReloadingKeyManager(serverKey, serverChain);
    this.clientTrustManager =
        new ReloadingTrustManager(
            new TrustSource(
                rotation.bundle(), RevokedSerials.empty(), clock, settings.clockSkew()));
  }

  /**
   * The clock rotation stamps slots with, at PostgreSQL's precision: a slot's {@code since} reads
   * the same from memory as from the database (after a restart, or on another replica).
   */
  private static Clock inMicros(Clock clock) {
    return Clock.tick(clock, Duration.ofNanos(1_000));
  }

  /** Loads the PKI, creating root, issuing CA and server certificate on first start. */
  public static NodePki openOrCreate(
      Jdbi jdbi, NodeId nodeId, KeyVault vault, Clock clock, Settings settings) {
    NodePki pki =
        jdbi.inTransaction(
            h -> {
              PkiDao dao = Daos.of(h, PkiDao.class);
              dao.lockForInit(INIT_LOCK);
              if (dao.countLiveRoots() == 0) {
                create(dao, nodeId, vault, clock, settings);
              }
              return load(dao, jdbi, nodeId, vault, clock, settings);
            });
    pki.renewServerCertificateIfDue();
    pki.reloadRevocations();
    return pki;
  }

  private static void create(
      PkiDao dao, NodeId nodeId, KeyVault vault, Clock clock, Settings settings) {
    Instant now = clock.instant();
    CertificateAuthority root =
        CertificateAuthority.createRoot(nodeId, CertificateAuthority.DEFAULT_ROOT_LIFETIME, clock);
    CertificateAuthority issuing =
        root.createIssuingCa(CertificateAuthority.DEFAULT_ISSUING_LIFETIME);
    IssuingCaRotation rotation =
        IssuingCaRotation.start(issuing, settings.rotationPolicy(), inMicros(clock));
    dao.insertRoot(
        UUID.randomUUID(), Pem.write(root.certificate()), vault.encrypt(root.privateKey()), now);
    IssuingCaSlot slot = rotation.active();
    insertSlot(dao, slot, vault.encrypt(issuing.privateKey()));
    saveBundle(dao, rotation.bundle());
    LOG.info(
        "created the node's root CA (sha256 {}) and federation issuing CA",
        Fingerprints.sha256Hex(root.certificate()));
  }

  private static NodePki load(
      PkiDao dao, Jdbi jdbi, NodeId nodeId, KeyVault vault, Clock clock, Settings settings) {
    PkiDao.KeyedPem rootRow = dao.liveRoot();
    X509Certificate rootCert = Pem.readCertificate(rootRow.certPem());
    String rootKeyPem = rootRow.keyPem();
    Supplier<CertificateAuthority> root =
        Suppliers.memoize(
            () ->
                CertificateAuthority.load(
                    nodeId, vault.decrypt(rootKeyPem), List.of(rootCert), clock));
    List<IssuingCaSlot> slots = new ArrayList<>();
    Map<String, Supplier<CertificateAuthority>> issuing = new HashMap<>();
    readSlots(dao, nodeId, vault, clock, rootCert, slots, issuing);
    String bundleText = dao.bundleText();
    IssuingCaRotation rotation =
        new IssuingCaRotation(
            TrustBundle.parse(bundleText), slots, settings.rotationPolicy(), inMicros(clock));
    var server = dao.serverCert();
    PrivateKey serverKey;
    List<X509Certificate> serverChain;
    if (server.isPresent()) {
      serverKey = vault.decrypt(server.get().keyPem());
      serverChain = Pem.readCertificates(server.get().certPem());
    } else {
      CertificateAuthority active = issuing.get(rotation.active().id()).get();
      KeyPair kp = KeyPairs.generateP256();
      X509Certificate cert =
          active.issueNodeServerCertificate(
              kp.getPublic(), settings.serverHostNames(), settings.serverCertificateLifetime());
      serverKey = kp.getPrivate();
      serverChain = List.of(cert, active.certificate(), rootCert);
      saveServerCert(dao, serverChain, vault.encryptLeaf(serverKey));
    }
    return new NodePki(
        jdbi,
        nodeId,
        vault,
        clock,
        settings,
        rootCert,
        root,
        rotation,
        issuing,
        serverKey,
        serverChain);
  }

  /**
   * Reads the issuing-CA slots into {@code slots}, and a CA (decrypted when it first signs) per
   * slot still in use into {@code issuing}.
   */
  private static void readSlots(
      PkiDao dao,
      NodeId nodeId,
      KeyVault vault,
      Clock clock,
      X509Certificate rootCert,
      List<IssuingCaSlot> slots,
      Map<String, Supplier<CertificateAuthority>> issuing) {
    for (PkiDao.SlotRow row : dao.slots()) {
      IssuingCaSlot slot =
          new IssuingCaSlot(row.id(), SlotState.valueOf(row.state()), row.certPem(), row.since());
      slots.add(slot);
      if (slot.state() != SlotState.RETIRED) {
        String keyPem = row.keyPem();
        issuing.put(
            slot.id(),
            Suppliers.memoize(
                () ->
                    CertificateAuthority.load(
                        nodeId,
                        vault.decrypt(keyPem),
                        List.of(slot.certificate(), rootCert),
                        clock)));
      }
    }
  }

  /**
   * Re-reads the issuing CAs and the trust bundle after another replica on this database advanced
   * their rotation, so this one trusts and signs with the same CAs; then reissues its own server
   * certificate if its issuer is no longer the active CA.
   */
  public synchronized void reloadIssuingCas() {
    List<IssuingCaSlot> slots = new ArrayList<>();
    Map<String, Supplier<CertificateAuthority>> issuing = new HashMap<>();
    readSlots(dao, nodeId, vault, clock, rootCertificate, slots, issuing);
    rotation =
        new IssuingCaRotation(
            TrustBundle.parse(dao.bundleText()), slots, settings.rotationPolicy(), inMicros(clock));
    issuingBySlot.clear();
    issuingBySlot.putAll(issuing);
    clientTrustManager.update(clientTrustManager.current().withBundle(rotation.bundle()));
    reloadRevocations();
    renewServerCertificateIfDue();
  }

  /**
   * Reissues the server certificate when a third of its life is left or its issuer is not active.
   */
  public synchronized void renewServerCertificateIfDue() {
    X509Certificate current = serverCertificate;
    Instant now = clock.instant();
    long life =
        Duration.between(current.getNotBefore().toInstant(), current.getNotAfter().toInstant())
            .toMillis();
    boolean late = current.getNotAfter().toInstant().minusMillis(life / 3).isBefore(now);
    X509Certificate activeIssuer = activeIssuer().certificate();
    boolean wrongIssuer =
        !current.getIssuerX500Principal().equals(activeIssuer.getSubjectX500Principal());
    if (!late && !wrongIssuer) {
      return;
    }
    CertificateAuthority active = activeIssuer();
    KeyPair kp = KeyPairs.generateP256();
    X509Certificate cert =
        active.issueNodeServerCertificate(
            kp.getPublic(), settings.serverHostNames(), settings.serverCertificateLifetime());
    List<X509Certificate> chain = List.of(cert, active.certificate(), rootCertificate);
    saveServerCert(dao, chain, vault.encryptLeaf(kp.getPrivate()));
    serverKeyManager.update(kp.getPrivate(), chain);
    serverCertificate = cert;
    LOG.info("issued a new server certificate valid until {}", cert.getNotAfter().toInstant());
  }

  public NodeId nodeId() {
    return nodeId;
  }

  public String rootFingerprint() {
    return Fingerprints.sha256Hex(rootCertificate);
  }

  public X509Certificate rootCertificate() {
    return rootCertificate;
  }

  public synchronized TrustBundle bundle() {
    return rotation.bundle();
  }

  public synchronized List<IssuingCaSlot> slots() {
    return rotation.slots();
  }

  public X509Certificate serverCertificate() {
    return serverCertificate;
  }

  public ReloadingKeyManager serverKeyManager() {
    return serverKeyManager;
  }

  /** Validates partners' client certificates: this node's bundle only, with revocation. */
  public ReloadingTrustManager clientTrustManager() {
    return clientTrustManager;
  }

  public Duration clockSkew() {
    return settings.clockSkew();
  }

  public int revokedCount() {
    return revoked.size();
  }

  synchronized CertificateAuthority activeIssuer() {
    return issuingBySlot.get(rotation.active().id()).get();
  }

  /**
   * Signs a partner's CSR with the active issuing CA and records the serial, inside the caller's
   * transaction. Returns the chain [leaf, issuing CA]. Policy violations throw {@link
   * io.eventkit.ca.CaException}.
   */
  public List<X509Certificate> issuePartnerCertificate(
      Handle h, String csrPem, NodeId partner, Duration lifetime, Duration maxLifetime) {
    CertificateAuthority issuer = activeIssuer();
    X509Certificate leaf = issuer.signPartnerCsr(csrPem, partner, lifetime, maxLifetime);
    Daos.of(h, PkiDao.class)
        .insertIssued(
            leaf.getSerialNumber().toString(16),
            partner.value(),
            Fingerprints.sha256Hex(issuer.certificate()),
            clock.instant(),
            leaf.getNotAfter().toInstant());
    return List.of(leaf, issuer.certificate());
  }

  /** Marks every certificate issued to the partner revoked, inside the caller's transaction. */
  public int revokeAllIssuedTo(Handle h, NodeId partner, String reason) {
    return Daos.of(h, PkiDao.class).revokeAllIssuedTo(partner.value(), reason, clock.instant());
  }

  /** Reloads the revoked set from the database into the federation port's trust manager. */
  public synchronized void reloadRevocations() {
    Map<String, List<BigInteger>> byIssuer = new HashMap<>();
    for (PkiDao.RevokedRow r : dao.revoked()) {
      byIssuer
          .computeIfAbsent(r.issuerFingerprint(), k -> new ArrayList<>())
          .add(new BigInteger(r.serial(), 16));
    }
    RevokedSerials set = RevokedSerials.empty();
    for (X509Certificate ca : rotation.bundle().intermediates()) {
      List<BigInteger> serials = byIssuer.get(Fingerprints.sha256Hex(ca));
      if (serials != null) {
        set = set.plus(ca, serials);
      }
    }
    revoked = set;
    clientTrustManager.update(
        clientTrustManager.current().withRevocation(set).withBundle(rotation.bundle()));
  }

  /** PEM CRLs, one per issuing CA still in the bundle. */
  public synchronized String crlPem() {
    StringBuilder out = new StringBuilder();
    for (var entry : issuingBySlot.entrySet()) {
      CertificateAuthority ca = entry.getValue().get();
      String fp = Fingerprints.sha256Hex(ca.certificate());
      List<RevokedCertificate> list =
          dao.revokedBy(fp).stream()
              .map(
                  r ->
                      new RevokedCertificate(
                          new BigInteger(r.serial(), 16),
                          r.revokedAt(),
                          RevocationReason.CESSATION_OF_OPERATION))
              .toList();
      X509CRL crl = ca.createCrl(clock.millis(), list, Duration.ofDays(7));
      out.append(Pem.write(crl));
    }
    return out.toString();
  }

  /**
   * Advances issuing-CA rotation by one step: if no CA is waiting, prepares and publishes one; if
   * one is published, activates it (policy permitting) and reissues the server certificate; then
   * retires a previous CA when the policy allows. Returns a description of what was done.
   */
  public synchronized String rotateStep(Duration newIssuingLifetime) {
    IssuingCaSlot published = find(SlotState.PUBLISHED);
    IssuingCaSlot previous = find(SlotState.PREVIOUS);
    String done;
    if (published == null && find(SlotState.PREPARED) == null) {
      PreparedIssuingCa prepared = rotation.prepare(root.get(), newIssuingLifetime);
      issuingBySlot.put(prepared.slot().id(), prepared::ca);
      String keyPem = vault.encrypt(prepared.ca().privateKey());
      IssuingCaSlot pub = rotation.publish(prepared.slot().id());
      jdbi.useTransaction(
          h -> {
            PkiDao tx = Daos.of(h, PkiDao.class);
            insertSlot(tx, pub, keyPem);
            saveBundle(tx, rotation.bundle());
          });
      done =
          "prepared and published issuing CA "
              + pub.id()
              + "; activate it after the publish lead time";
    } else if (published != null) {
      rotation.activate(published.id());
      persistSlots();
      renewServerCertificateIfDue();
      done = "activated issuing CA " + published.id();
    } else {
      IssuingCaSlot prepared = find(SlotState.PREPARED);
      rotation.publish(prepared.id());
      persistSlots();
      done = "published issuing CA " + prepared.id();
    }
    if (previous != null && published == null) {
      try {
        rotation.retire(previous.id());
        issuingBySlot.remove(previous.id());
        persistSlots();
        done += "; retired issuing CA " + previous.id();
      } catch (io.eventkit.ca.CaException e) {
        // Too early: the previous CA stays in the bundle until its leaves have expired.
      }
    }
    clientTrustManager.update(clientTrustManager.current().withBundle(rotation.bundle()));
    reloadRevocations();
    return done;
  }

  private IssuingCaSlot find(SlotState state) {
    return rotation.slots().stream().filter(s -> s.state() == state).findFirst().orElse(null);
  }

  private void persistSlots() {
    jdbi.useTransaction(
        h -> {
          PkiDao tx = Daos.of(h, PkiDao.class);
          for (IssuingCaSlot s : rotation.slots()) {
            tx.updateSlot(s.id(), s.state().name(), s.since());
          }
          saveBundle(tx, rotation.bundle());
        });
  }

  private static void insertSlot(PkiDao dao, IssuingCaSlot slot, String encryptedKey) {
    dao.insertSlot(
        slot.id(), slot.state().name(), slot.certificatePem(), encryptedKey, slot.since());
  }

  private static void saveBundle(PkiDao dao, TrustBundle bundle) {
    dao.saveBundle(bundle.sequence(), bundle.toText());
  }

  private static void saveServerCert(PkiDao dao, List<X509Certificate> chain, String encryptedKey) {
    dao.saveServerCert(
        Pem.writeCertificates(chain), encryptedKey, chain.get(0).getNotAfter().toInstant());
  }

  /** The vault, for storing partner-issued client keys. */
  public KeyVault vault() {
    return vault;
  }
}
