package io.eventkit.conformance.harness;

import com.google.protobuf.Message;
import io.eventkit.ca.CertificateAuthority;
import io.eventkit.ca.Csrs;
import io.eventkit.ca.Fingerprints;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.KeyPurpose;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.Pem;
import io.eventkit.ca.RevocationChecker;
import io.eventkit.ca.TrustBundle;
import io.eventkit.ca.tls.ReloadingKeyManager;
import io.eventkit.ca.tls.ReloadingTrustManager;
import io.eventkit.ca.tls.TrustSource;
import io.eventkit.proto.v1.CompleteEnrollmentRequest;
import io.eventkit.proto.v1.EnrollRequest;
import io.eventkit.proto.v1.EnrollResponse;
import io.eventkit.proto.v1.FederationEnrollmentServiceGrpc;
import io.eventkit.proto.v1.FederationServiceGrpc;
import io.eventkit.proto.v1.GetTrustBundleRequest;
import io.eventkit.proto.v1.GetTrustBundleResponse;
import io.eventkit.proto.v1.Invitation;
import io.eventkit.proto.v1.PingRequest;
import io.eventkit.proto.v1.PingResponse;
import io.eventkit.proto.v1.TrustLevel;
import io.grpc.CallOptions;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A scripted fake partner node, speaking the federation protocol from docs/federation.md only: its
 * own root and issuing CA, a real mTLS gRPC server on loopback, and the invitee side of the
 * enrolment handshake (§6). After {@link #acceptInvitation} the real node holds it as an ACTIVE
 * partner and calls it like any other.
 *
 * <p>It answers only what a test scripted ({@link #once}, {@link #always}); any other call is
 * answered {@code INTERNAL} and recorded, and {@link #verifyNoUnexpectedCalls()} fails the test.
 * The trust plumbing every partner must serve ({@code Ping}, {@code GetTrustBundle}) is answered
 * correctly unless scripted otherwise. It can misbehave on purpose: any raw bytes as an answer
 * (malformed, oversized), slow answers, a server certificate from a CA the node never pinned, and
 * raw calls of its own ({@link #callRaw}).
 */
public final class FakePeer implements AutoCloseable {
  public static final String PING = "eventkit.v1.FederationService/Ping";
  public static final String GET_TRUST_BUNDLE = "eventkit.v1.FederationService/GetTrustBundle";
  public static final String LIST_SHARED_PRODUCTS =
      "eventkit.v1.FederationCatalogService/ListSharedProducts";
  public static final String QUERY_AVAILABILITY =
      "eventkit.v1.FederationCatalogService/QueryAvailability";

  private static final Duration LIFETIME = Duration.ofHours(24);
  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** How the peer answers one call: given the request bytes, a {@link Reply}. */
  public interface Responder {
    Reply answer(byte[] request) throws Exception;
  }

  /** An answer: raw response bytes or an error status, optionally after a delay. */
  public record Reply(byte[] bytes, Status status, Duration delay) {
    public static Reply of(Message m) {
      return new Reply(m.toByteArray(), null, Duration.ZERO);
    }

    /** Bytes sent as the response message as they are: garbage, truncated, oversized… */
    public static Reply raw(byte[] bytes) {
      return new Reply(bytes, null, Duration.ZERO);
    }

    public static Reply error(Status status) {
      return new Reply(null, status, Duration.ZERO);
    }

    public Reply after(Duration d) {
      return new Reply(bytes, status, d);
    }
  }

  /** What the peer holds for one partner it enrolled with. */
  private record Link(
      String partnerId,
      String endpoint,
      TrustBundle bundle,
      PrivateKey key,
      List<X509Certificate> chain,
      TrustLevel granted) {}

  private final NodeId id;
  private final CertificateAuthority root;
  private final CertificateAuthority issuing;
  private final TrustBundle bundle;
  private final KeyPair serverKey;
  private final List<X509Certificate> serverChain;
  private volatile List<X509Certificate> serverChainNow;
  private volatile Server server;
  private final Map<String, Deque<Responder>> once = new ConcurrentHashMap<>();
  private final Map<String, Responder> always = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final Map<String, Link> links = new ConcurrentHashMap<>();
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Map<String, X509Certificate> reverseCertificates = new ConcurrentHashMap<>();

  private FakePeer(String nodeId) {
    this.id = NodeId.of(nodeId);
    Clock clock = Clock.systemUTC();
    this.root =
        CertificateAuthority.createRoot(id, CertificateAuthority.DEFAULT_ROOT_LIFETIME, clock);
    this.issuing = root.createIssuingCa(CertificateAuthority.DEFAULT_ISSUING_LIFETIME);
    this.bundle = new TrustBundle(id, 1, List.of(root.certificate(), issuing.certificate()));
    this.serverKey = KeyPairs.generateP256();
    this.serverChain =
        List.of(
            issuing.issueNodeServerCertificate(
                serverKey.getPublic(), List.of("127.0.0.1"), Duration.ofDays(30)),
            issuing.certificate(),
            root.certificate());
    this.serverChainNow = serverChain;
    try {
      this.server = listen(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fresh TLS context per listener: new session-ticket keys, so no partner resumes a session made
   * with an earlier certificate.
   */
  private Server listen(int port) throws IOException {
    SslContext serverTls =
        GrpcSslContexts.configure(
                SslContextBuilder.forServer(
                    new ReloadingKeyManager(serverKey.getPrivate(), serverChainNow)))
            .trustManager(
                new ReloadingTrustManager(
                    new TrustSource(
                        bundle,
                        RevocationChecker.none(),
                        Clock.systemUTC(),
                        TrustSource.DEFAULT_SKEW)))
            .clientAuth(ClientAuth.REQUIRE)
            .protocols("TLSv1.3")
            .build();
    IOException last = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .sslContext(serverTls)
            .fallbackHandlerRegistry(new ScriptedRegistry())
            .build()
            .start();
      } catch (IOException e) {
        last = e; // the port of the previous server may take a moment to free
        sleep(100);
      }
    }
    throw last;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the server (dropping every connection) and listens again on the same port. */
  public synchronized void restartServer() {
    int port = server.getPort();
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
      server = listen(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A fake node with a fresh CA, listening on a free loopback port. */
  public static FakePeer start(String nodeId) {
    return new FakePeer(nodeId);
  }

  public String nodeId() {
    return id.value();
  }

  /** host:port of this peer's federation (mTLS) port, as it advertises it. */
  public String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  // ---- scripting ----

  /** Answers the next call of {@code method} (e.g. {@link #QUERY_AVAILABILITY}) once. */
  public FakePeer once(String method, Responder r) {
    once.computeIfAbsent(method, k -> new ConcurrentLinkedDeque<>()).add(r);
    return this;
  }

  /**
   * Drops the {@link #once} scripts of {@code method} that no call took, e.g. when the node gave up
   * before calling (its deadline passed while it fetched the catalogue).
   */
  public FakePeer forgetOnce(String method) {
    Deque<Responder> q = once.get(method);
    if (q != null) {
      q.clear();
    }
    return this;
  }

  /** Answers every call of {@code method} not taken by a {@link #once} script. */
  public FakePeer always(String method, Responder r) {
    always.put(method, r);
    return this;
  }

  /** Every call received so far, in order ("method" strings). */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** Fails (AssertionError) if a call arrived that no script expected. */
  public void verifyNoUnexpectedCalls() {
    if (!unexpected.isEmpty()) {
      throw new AssertionError("fake peer " + id + " got unexpected calls: " + unexpected);
    }
  }

  /**
   * From now on presents a server certificate of a CA nobody pinned (same node ID, other root):
   * partners must refuse the TLS handshake. Open connections are dropped so that partners reconnect
   * and see it.
   */
  public void presentForeignServerCertificate() {
    CertificateAuthority impostor =
        CertificateAuthority.createRoot(id, Duration.ofDays(30), Clock.systemUTC())
            .createIssuingCa(Duration.ofDays(30));
    serverChainNow =
        List.of(
            impostor.issueNodeServerCertificate(
                serverKey.getPublic(), List.of("127.0.0.1"), Duration.ofDays(30)),
            impostor.certificate());
    restartServer();
  }

  /** Back to the genuine server certificate. */
  public void presentOwnServerCertificate() {
    serverChainNow = serverChain;
    restartServer();
  }

  /**
   * From now on presents a server certificate from this peer's own (pinned) issuing CA, with
   * serverAuth, but naming {@code spiffeUri} (e.g. {@code spiffe://<peer>/partner/x}) instead of
   * {@code spiffe://<peer>/node}: a valid chain with the wrong identity (docs §2.5 step 7). Open
   * connections are dropped.
   */
  public void presentServerIdentity(String spiffeUri) {
    serverChainNow =
        List.of(
            leafWithUri(issuing, serverKey.getPublic(), spiffeUri, KeyPurposeId.id_kp_serverAuth),
            issuing.certificate(),
            root.certificate());
    restartServer();
  }

  private static X509Certificate leafWithUri(
      CertificateAuthority ca, java.security.PublicKey key, String uri, KeyPurposeId purpose) {
    try {
      java.time.Instant now = java.time.Instant.now();
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      var b =
          new JcaX509v3CertificateBuilder(
              ca.certificate(),
              new java.math.BigInteger(64, new java.security.SecureRandom()).add(BigInteger.ONE),
              java.util.Date.from(now.minus(Duration.ofMinutes(1))),
              java.util.Date.from(now.plus(Duration.ofDays(1))),
              new javax.security.auth.x500.X500Principal("CN=wrong identity"),
              key);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(ca.certificate()));
      b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.privateKey())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** From now on answers every Ping with {@code nodeId} as its node ID (docs §10.1). */
  public void answerPingAs(String nodeId) {
    always(
        PING,
        req ->
            Reply.of(
                PingResponse.newBuilder()
                    .setNodeId(nodeId)
                    .setGrantedLevel(TrustLevel.TRUST_LEVEL_NONE)
                    .setServerTime(
                        com.google.protobuf.Timestamp.newBuilder()
                            .setSeconds(java.time.Instant.now().getEpochSecond()))
                    .build()));
  }

  /** Back to answering Ping (and any other {@link #always} script of it) by the spec. */
  public void answerPingNormally() {
    always.remove(PING);
  }

  /**
   * A CSR signed by {@code key} with subject {@code CN=<cn>} that requests no URI SAN: none at all
   * ({@code dnsName} null) or only that DNS name.
   */
  public static String csrWithoutUriSan(KeyPair key, String cn, String dnsName) {
    if (dnsName == null) {
      return Pem.write(Csrs.create(key, cn, null));
    }
    try {
      ExtensionsGenerator ext = new ExtensionsGenerator();
      ext.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
      return Pem.write(
          new JcaPKCS10CertificationRequestBuilder(
                  new javax.security.auth.x500.X500Principal("CN=" + cn), key.getPublic())
              .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * This peer's bundle in text form (§4.3) but labelled {@code trustDomain}: its CAs are
   * name-constrained to this peer's ID, so no certificate of {@code trustDomain} can ever chain to
   * it.
   */
  public String bundleTextLabelled(String trustDomain) {
    return bundle.toText().replace("trust-domain: " + id.value(), "trust-domain: " + trustDomain);
  }

  private final class ScriptedRegistry extends HandlerRegistry {
    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      return ServerMethodDefinition.create(
          bytesMethod(methodName),
          ServerCalls.asyncUnaryCall(
              (byte[] request, StreamObserver<byte[]> out) -> handle(methodName, request, out)));
    }
  }

  private void handle(String method, byte[] request, StreamObserver<byte[]> out) {
    calls.add(method);
    Deque<Responder> q = once.get(method);
    Responder r = q == null ? null : q.poll();
    if (r == null) {
      r = always.get(method);
    }
    if (r == null) {
      r = plumbing(method);
    }
    if (r == null) {
      unexpected.add(method);
      out.onError(
          Status.INTERNAL
              .withDescription("fake peer " + id + ": no script for " + method)
              .asRuntimeException());
      return;
    }
    try {
      Reply reply = r.answer(request);
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay().toMillis());
      }
      try {
        if (reply.status() != null) {
          out.onError(reply.status().asRuntimeException());
        } else {
          out.onNext(reply.bytes());
          out.onCompleted();
        }
      } catch (StatusRuntimeException cancelled) {
        // the caller gave up first (its deadline): nothing to answer
      }
    } catch (Exception e) {
      unexpected.add(method + " (script failed: " + e + ")");
      out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
    }
  }

  /** Ping and GetTrustBundle: what every partner must answer, answered by the spec. */
  private Responder plumbing(String method) {
    if (method.equals(PING)) {
      return req ->
          Reply.of(
              PingResponse.newBuilder()
                  .setNodeId(id.value())
                  .setGrantedLevel(
                      links.values().stream()
                          .map(Link::granted)
                          .findFirst()
                          .orElse(TrustLevel.TRUST_LEVEL_NONE))
                  .setServerTime(
                      com.google.protobuf.Timestamp.newBuilder()
                          .setSeconds(java.time.Instant.now().getEpochSecond()))
                  .build());
    }
    if (method.equals(GET_TRUST_BUNDLE)) {
      return req -> {
        long known = GetTrustBundleRequest.parseFrom(req).getKnownSequence();
        return Reply.of(
            known == bundle.sequence()
                ? GetTrustBundleResponse.newBuilder()
                    .setUnchanged(true)
                    .setSequence(bundle.sequence())
                    .build()
                : GetTrustBundleResponse.newBuilder()
                    .setSequence(bundle.sequence())
                    .setTrustBundle(bundle.toText())
                    .build());
      };
    }
    return null;
  }

  // ---- enrolment (invitee side, docs §6) ----

  /**
   * Accepts an invitation created by a real node: Enroll over server-auth TLS pinned to the
   * invitation's root fingerprint, sign the reverse CSR, CompleteEnrollment over mTLS (the inviter
   * pings this peer inside that call), then Ping the inviter. Both sides are ACTIVE afterwards.
   *
   * @param grantToInviter the level this peer grants the inviter (what it may call here)
   */
  public void acceptInvitation(String invitationText, TrustLevel grantToInviter) {
    String inviter = parseInvitation(invitationText).getIssuerNodeId();
    enroll(invitationText, grantToInviter, b -> b);
    completeEnrollment(inviter);
    ping(inviter);
  }

  /**
   * Step 3 alone (docs §6.1): {@code Enroll} over server-auth TLS pinned to the invitation's root,
   * with the spec's request altered by {@code tweak} (any field: another node ID, UNSPECIFIED
   * level, a malformed endpoint, a CSR without SAN, a mislabelled bundle…). On success the peer
   * signs the reverse CSR and holds the link, ready for {@link #completeEnrollment}.
   *
   * @throws StatusRuntimeException the inviter's refusal, as it came
   */
  public EnrollResponse enroll(
      String invitationText,
      TrustLevel grantToInviter,
      java.util.function.UnaryOperator<EnrollRequest.Builder> tweak) {
    Invitation inv = parseInvitation(invitationText);
    NodeId inviter = NodeId.of(inv.getIssuerNodeId());
    KeyPair clientKey = KeyPairs.generateP256();
    ManagedChannel enrol =
        tlsChannel(
            inv.getEnrollmentEndpoint(),
            inviter.value(),
            null,
            new PinnedRoot(inviter, inv.getRootCaFingerprintSha256()));
    EnrollRequest request =
        tweak
            .apply(
                EnrollRequest.newBuilder()
                    .setInvitationId(inv.getInvitationId())
                    .setSecret(inv.getSecret())
                    .setNodeId(id.value())
                    .setFederationEndpoint(endpoint())
                    .setTrustBundle(bundle.toText())
                    .setCsrPem(Csrs.createPartnerCsr(clientKey, inviter, id))
                    .setGrantedLevel(grantToInviter))
            .build();
    EnrollResponse r;
    try {
      r = enrollRetryingWhenThrottled(enrol, request);
    } finally {
      enrol.shutdownNow();
    }
    TrustBundle theirs = TrustBundle.parse(r.getTrustBundle());
    List<X509Certificate> chain = Pem.readCertificates(r.getClientCertificateChainPem());
    X509Certificate reverse =
        issuing.signPartnerCsr(r.getReverseCsrPem(), inviter, LIFETIME, Duration.ofDays(7));
    reverseCertificates.put(inviter.value(), reverse);
    links.put(
        inviter.value(),
        new Link(
            inviter.value(),
            r.getFederationEndpoint(),
            theirs,
            clientKey.getPrivate(),
            chain,
            grantToInviter));
    return r;
  }

  /**
   * The enrolment listener allows 10 calls/s (docs §3.2) and answers more with {@code
   * RESOURCE_EXHAUSTED} "retry in a few seconds": probes that send many requests do so.
   */
  private static EnrollResponse enrollRetryingWhenThrottled(
      ManagedChannel enrol, EnrollRequest request) {
    for (int attempt = 1; ; attempt++) {
      try {
        return FederationEnrollmentServiceGrpc.newBlockingStub(enrol)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .enroll(request);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED
            || request.getSerializedSize() > 200 * 1024
            || attempt == 10) {
          throw e;
        }
        sleep(1100);
      }
    }
  }

  /**
   * Step 6 (docs §6.1): {@code CompleteEnrollment} over mTLS with the certificate signed for the
   * inviter's reverse CSR in {@link #enroll}; the inviter pings this peer inside the call. May be
   * called again (a retry while the inviter still holds this peer PENDING).
   *
   * @throws StatusRuntimeException the inviter's answer if not OK
   */
  public void completeEnrollment(String inviter) {
    FederationServiceGrpc.newBlockingStub(channelTo(inviter))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .completeEnrollment(
            CompleteEnrollmentRequest.newBuilder()
                .setClientCertificateChainPem(
                    Pem.writeCertificates(
                        List.of(reverseCertificates.get(inviter), issuing.certificate())))
                .build());
  }

  /**
   * Step 6 with any chain PEM (e.g. {@link #clientChainNaming}): for probes of the inviter's checks
   * of the delivered chain.
   */
  public void completeEnrollmentWith(String inviter, String chainPem) {
    FederationServiceGrpc.newBlockingStub(channelTo(inviter))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .completeEnrollment(
            CompleteEnrollmentRequest.newBuilder().setClientCertificateChainPem(chainPem).build());
  }

  /**
   * A client chain (PEM: leaf with a fresh key, then this peer's issuing CA) with EKU clientAuth
   * and the URI SAN {@code spiffeUri}, signed by this peer's issuing CA whatever its name
   * constraints.
   */
  public String clientChainNaming(String spiffeUri) {
    return Pem.writeCertificates(
        List.of(
            leafWithUri(
                issuing,
                KeyPairs.generateP256().getPublic(),
                spiffeUri,
                KeyPurposeId.id_kp_clientAuth),
            issuing.certificate()));
  }

  /** The invitation inside its text form (docs §5.2). */
  public static Invitation parseInvitation(String text) {
    String t = text.trim();
    if (!t.startsWith("ekinv1.")) {
      throw new IllegalArgumentException("not an invitation: " + t);
    }
    try {
      return Invitation.parseFrom(Base64.getUrlDecoder().decode(t.substring("ekinv1.".length())));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("malformed invitation", e);
    }
  }

  /**
   * A server-side trust manager for clients. Extended, so that the JDK adds no host-name check:
   * federation identities are SPIFFE IDs (docs §2.5), not host names.
   */
  private abstract static class ServerTrust extends X509ExtendedTrustManager {
    abstract void check(X509Certificate[] chain) throws CertificateException;

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("verifies servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("verifies servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("verifies servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Accepts any server: for probes that are about the callee refusing the client. */
  private static final class AnyServer extends ServerTrust {
    @Override
    void check(X509Certificate[] chain) {}
  }

  /** Server-auth trust: the only anchor is the presented root with the pinned fingerprint. */
  private static final class PinnedRoot extends ServerTrust {
    private final NodeId issuer;
    private final String fingerprint;

    PinnedRoot(NodeId issuer, String fingerprint) {
      this.issuer = issuer;
      this.fingerprint = fingerprint;
    }

    @Override
    void check(X509Certificate[] chain) throws CertificateException {
      X509Certificate pinned = null;
      for (X509Certificate c : chain) {
        if (Fingerprints.sha256Hex(c).equalsIgnoreCase(fingerprint)) {
          pinned = c;
        }
      }
      if (pinned == null) {
        throw new CertificateException("root fingerprint mismatch");
      }
      try {
        new TrustBundle(issuer, 0, List.of(pinned))
            .validate(
                List.of(chain),
                java.time.Instant.now(),
                TrustSource.DEFAULT_SKEW,
                RevocationChecker.none(),
                KeyPurpose.SERVER_AUTH);
      } catch (RuntimeException e) {
        throw new CertificateException(e.getMessage(), e);
      }
    }
  }

  // ---- calling partners ----

  /** An mTLS channel to a partner this peer enrolled with, with the certificate it issued us. */
  public ManagedChannel channelTo(String partnerId) {
    return channels.computeIfAbsent(
        partnerId,
        p -> {
          Link l = links.get(p);
          if (l == null) {
            throw new IllegalStateException(id + " has not enrolled with " + p);
          }
          return tlsChannel(
              l.endpoint(),
              p,
              new ReloadingKeyManager(l.key(), l.chain()),
              new ReloadingTrustManager(
                  TrustSource.of(l.bundle(), RevocationChecker.none(), Clock.systemUTC())));
        });
  }

  /** The certificate chain (leaf first) a partner issued to this peer, and its key. */
  public ReloadingKeyManager credentialsFrom(String partnerId) {
    Link l = links.get(partnerId);
    return new ReloadingKeyManager(l.key(), l.chain());
  }

  public PingResponse ping(String partnerId) {
    return FederationServiceGrpc.newBlockingStub(channelTo(partnerId))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .ping(PingRequest.getDefaultInstance());
  }

  /**
   * Calls {@code method} on a partner with {@code request} as the raw message bytes (anything:
   * garbage, oversized) and returns the raw answer, or throws the call's {@link
   * StatusRuntimeException}.
   */
  public byte[] callRaw(String partnerId, String method, byte[] request) {
    return callRaw(channelTo(partnerId), method, request);
  }

  public static byte[] callRaw(ManagedChannel channel, String method, byte[] request) {
    return ClientCalls.blockingUnaryCall(
        channel,
        bytesMethod(method),
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
        request);
  }

  /**
   * A TLS channel with the given client credentials ({@code null}: none) and server trust ({@code
   * null}: the server is not verified, for probes that are about the callee refusing the client).
   */
  public static ManagedChannel tlsChannel(
      String endpoint,
      String authority,
      javax.net.ssl.X509KeyManager clientKeys,
      X509TrustManager serverTrust) {
    try {
      SslContextBuilder b = GrpcSslContexts.forClient().protocols("TLSv1.3");
      if (clientKeys != null) {
        b.keyManager(clientKeys);
      }
      b.trustManager(serverTrust != null ? serverTrust : new AnyServer());
      return NettyChannelBuilder.forTarget(endpoint)
          .sslContext(b.build())
          .overrideAuthority(authority)
          .maxInboundMessageSize(16 * 1024 * 1024)
          .build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static MethodDescriptor<byte[], byte[]> bytesMethod(String fullName) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  /** An issuing CA for {@code nodeId} that is not that node's (same name, other keys). */
  public static CertificateAuthority impostorCa(String nodeId) {
    return CertificateAuthority.createRoot(
            NodeId.of(nodeId), Duration.ofDays(30), Clock.systemUTC())
        .createIssuingCa(Duration.ofDays(30));
  }

  /** This peer's own issuing CA (a CA no real node trusts unless enrolled with us). */
  public CertificateAuthority issuingCa() {
    return issuing;
  }

  @Override
  public void close() {
    for (ManagedChannel c : channels.values()) {
      c.shutdownNow();
    }
    server.shutdownNow();
  }

  /** All partner links' IDs. */
  public List<String> partners() {
    return new ArrayList<>(links.keySet());
  }
}
