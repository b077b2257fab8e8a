package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eventkit.ca.Csrs;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.NodeId;
import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.FakePeer;
import io.eventkit.conformance.harness.FakePeer.Reply;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.Scenario;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.FederationServiceGrpc;
import io.eventkit.proto.v1.GetNegotiationStateRequest;
import io.eventkit.proto.v1.GetPartnerRequest;
import io.eventkit.proto.v1.Invitation;
import io.eventkit.proto.v1.ListPartnerHealthRequest;
import io.eventkit.proto.v1.ListTrustAuditRequest;
import io.eventkit.proto.v1.PartnerActionRequest;
import io.eventkit.proto.v1.PartnerState;
import io.eventkit.proto.v1.RenewCertificateRequest;
import io.eventkit.proto.v1.TrustAuditEntry;
import io.eventkit.proto.v1.TrustLevel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The enrolment and identity rules of docs/federation.md that an independent implementation probed
 * (issue 27), each pinned against a real node A by a {@link FakePeer} that speaks the wire protocol
 * only: server identity (§2.5 step 7), the Ping reply's node ID (§10.1), the Enroll checks and
 * their order (§6.1 step 4), endpoint syntax (§3), CSR policy and its messages (§2.4), reason names
 * (§2.5), CompleteEnrollment retry (§6.1 step 6), the services of the federation port (§3.1) and
 * the quoted refusal reasons. Each test uses its own fake peer (a fresh partner ID).
 */
class HandshakeRulesTest {
  private static Deployer deployer;
  private static NodeHandle a;
  private static Api api;
  private static final List<FakePeer> fakes = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    assumeTrue(deployer.local(), "needs nodes on this machine's loopback (fake peer)");
    a = deployer.deploy(1).get(0);
    api = new Api(a);
  }

  @AfterAll
  static void teardown() {
    fakes.forEach(FakePeer::close);
    if (api != null) {
      api.close();
    }
    if (deployer != null) {
      deployer.close();
    }
  }

  private static FakePeer fake(String id) {
    FakePeer f = FakePeer.start(id);
    fakes.add(f);
    return f;
  }

  private static StatusRuntimeException refusal(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a refusal, the call succeeded");
  }

  private static void assertRefused(
      Runnable call, Status.Code code, String messagePart, String what) {
    StatusRuntimeException e = refusal(call);
    assertThat(e.getStatus().getCode()).as(what + ": " + e.getStatus()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).as(what).contains(messagePart);
  }

  private static PartnerState state(String id) {
    return api.trust().getPartner(GetPartnerRequest.newBuilder().setNodeId(id).build()).getState();
  }

  private static List<TrustAuditEntry> audit(String id) {
    return api.trust()
        .listTrustAudit(ListTrustAuditRequest.newBuilder().setNodeId(id).setPageSize(50).build())
        .getEntriesList();
  }

  private static void refresh(String id) {
    api.trust().refreshPartner(PartnerActionRequest.newBuilder().setNodeId(id).build());
  }

  private static String invite(String id) {
    return api.invite(id, TrustLevel.TRUST_LEVEL_AVAILABILITY);
  }

  private static UnaryOperator<io.eventkit.proto.v1.EnrollRequest.Builder> same() {
    return b -> b;
  }

  // ---- identities ----

  /** Item 1, §2.5 step 7: a server certificate must name spiffe://<partner>/node. */
  @Test
  void serverPresentingAnotherSpiffeIdOfItsDomainIsRefused() {
    FakePeer fake = fake("srvid.test");
    Scenario.named("§2.5 step 7: server identity", List.of(a))
        .step(
            "the fake enrols; refresh works",
            () -> {
              fake.acceptInvitation(invite(fake.nodeId()), TrustLevel.TRUST_LEVEL_NONE);
              refresh(fake.nodeId());
            })
        .step(
            "the fake presents spiffe://srvid.test/partner/x (valid chain, serverAuth): refused at"
                + " TLS, no call reaches it",
            () -> {
              fake.presentServerIdentity("spiffe://srvid.test/partner/x");
              int before = fake.calls().size();
              StatusRuntimeException e = refusal(() -> refresh(fake.nodeId()));
              assertThat(e.getStatus().getCode()).isNotEqualTo(Status.Code.OK);
              assertThat(fake.calls()).hasSize(before);
            })
        .step(
            "back to spiffe://srvid.test/node: refresh works again",
            () -> {
              fake.presentOwnServerCertificate();
              Scenario.eventually(Duration.ofSeconds(15), () -> refresh(fake.nodeId()));
            });
  }

  /** Item 2, §10.1: a Ping reply naming another node is refused on refresh. */
  @Test
  void pingAnsweredAsAnotherNodeIsRefusedOnRefresh() {
    FakePeer fake = fake("pingid.test");
    Scenario.named("§10.1: Ping node_id on refresh", List.of(a))
        .step(
            "the fake enrols (ACTIVE)",
            () -> fake.acceptInvitation(invite(fake.nodeId()), TrustLevel.TRUST_LEVEL_NONE))
        .step(
            "it answers Ping as evil.test: refresh refused, the audit says why",
            () -> {
              fake.answerPingAs("evil.test");
              assertRefused(
                  () -> refresh(fake.nodeId()),
                  Status.Code.FAILED_PRECONDITION,
                  "answered Ping as 'evil.test'",
                  "refresh");
              assertThat(audit(fake.nodeId()))
                  .anySatisfy(e -> assertThat(e.getAction()).isEqualTo("IDENTITY_MISMATCH"));
              assertThat(
                      api.trust()
                          .listPartnerHealth(ListPartnerHealthRequest.getDefaultInstance())
                          .getPartnersList())
                  .anySatisfy(
                      h -> {
                        assertThat(h.getNodeId()).isEqualTo(fake.nodeId());
                        assertThat(h.getLastError()).contains("answered Ping as 'evil.test'");
                      });
              assertThat(state(fake.nodeId())).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
            })
        .step(
            "answering as itself again, refresh works",
            () -> {
              fake.answerPingNormally();
              refresh(fake.nodeId());
            });
  }

  /** Item 2, §10.1 and §6.1 step 7: in a fresh enrolment the partner is not marked ACTIVE. */
  @Test
  void pingAnsweredAsAnotherNodeLeavesAFreshEnrolmentPending() {
    FakePeer fake = fake("pingid2.test");
    Scenario.named("§10.1: Ping node_id in enrolment", List.of(a))
        .step(
            "Enroll; the fake answers Ping as evil.test; CompleteEnrollment is refused",
            () -> {
              fake.enroll(invite(fake.nodeId()), TrustLevel.TRUST_LEVEL_NONE, same());
              fake.answerPingAs("evil.test");
              assertRefused(
                  () -> fake.completeEnrollment(a.nodeId()),
                  Status.Code.FAILED_PRECONDITION,
                  "answered Ping as 'evil.test'",
                  "CompleteEnrollment");
            })
        .step(
            "A holds it PENDING, and its audit log says why",
            () -> {
              assertThat(state(fake.nodeId())).isEqualTo(PartnerState.PARTNER_STATE_PENDING);
              assertThat(audit(fake.nodeId()))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getAction()).isEqualTo("IDENTITY_MISMATCH");
                        assertThat(e.getDetail()).contains("evil.test");
                      });
            });
  }

  // ---- Enroll ----

  /** Item 3, §6.1 step 3 / §3.3. */
  @Test
  void unspecifiedGrantedLevelIsInvalidArgument() {
    FakePeer fake = fake("unspec.test");
    String inv = invite(fake.nodeId());
    Scenario.named("§3.3: UNSPECIFIED granted_level", List.of(a))
        .step(
            "Enroll with granted_level UNSPECIFIED: INVALID_ARGUMENT, nothing consumed",
            () -> {
              assertRefused(
                  () ->
                      fake.enroll(
                          inv,
                          TrustLevel.TRUST_LEVEL_NONE,
                          b -> b.setGrantedLevel(TrustLevel.TRUST_LEVEL_UNSPECIFIED)),
                  Status.Code.INVALID_ARGUMENT,
                  "granted_level",
                  "UNSPECIFIED");
              assertThat(state(fake.nodeId())).isEqualTo(PartnerState.PARTNER_STATE_INVITED);
            })
        .step(
            "the same invitation still works",
            () -> fake.enroll(inv, TrustLevel.TRUST_LEVEL_NONE, same()));
  }

  /** Item 5, §3: endpoint syntax, checked before the invitation is consumed. */
  @Test
  void malformedEndpointsAreRefusedBeforeTheInvitationIsConsumed() {
    FakePeer fake = fake("endpoint.test");
    String inv = invite(fake.nodeId());
    Scenario.named("§3: endpoint syntax", List.of(a))
        .step(
            "each malformed federation_endpoint: INVALID_ARGUMENT, invitation unused",
            () -> {
              for (String bad :
                  List.of(
                      "https://localhost:18643",
                      "local host:18643",
                      "::1:18643",
                      "localhost",
                      "localhost:",
                      "localhost:0",
                      "localhost:65536",
                      "localhost:+9443",
                      "localhost:9443/path",
                      "user@localhost:9443",
                      "-bad.example:9443",
                      "1.2.3.256:9443",
                      "[::1:9443",
                      "[fe80::1%eth0]:9443",
                      "[127.0.0.1]:9443")) {
                assertRefused(
                    () ->
                        fake.enroll(
                            inv, TrustLevel.TRUST_LEVEL_NONE, b -> b.setFederationEndpoint(bad)),
                    Status.Code.INVALID_ARGUMENT,
                    "federation_endpoint",
                    bad);
              }
              assertThat(state(fake.nodeId())).isEqualTo(PartnerState.PARTNER_STATE_INVITED);
            })
        .step(
            "a well-formed endpoint enrols with the same invitation",
            () -> fake.enroll(inv, TrustLevel.TRUST_LEVEL_NONE, same()));
  }

  /** Items 6 and 7, §2.4: no URI SAN is refused; CSR refusals begin with "<RULE>: ". */
  @Test
  void csrWithoutUriSanIsRefusedAtEnrolmentAndRenewal() {
    FakePeer fake = fake("nosan.test");
    String inv = invite(fake.nodeId());
    Scenario.named("§2.4: CSR without URI SAN", List.of(a))
        .step(
            "Enroll with no SAN, a DNS SAN only, another URI SAN: refused, rule name first",
            () -> {
              assertRefused(
                  () ->
                      fake.enroll(
                          inv,
                          TrustLevel.TRUST_LEVEL_NONE,
                          b ->
                              b.setCsrPem(
                                  FakePeer.csrWithoutUriSan(
                                      KeyPairs.generateP256(), fake.nodeId(), null))),
                  Status.Code.INVALID_ARGUMENT,
                  "SAN_MISSING: ",
                  "no SAN");
              StatusRuntimeException dnsOnly =
                  refusal(
                      () ->
                          fake.enroll(
                              inv,
                              TrustLevel.TRUST_LEVEL_NONE,
                              b ->
                                  b.setCsrPem(
                                      FakePeer.csrWithoutUriSan(
                                          KeyPairs.generateP256(), fake.nodeId(), fake.nodeId()))));
              assertThat(dnsOnly.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(dnsOnly.getStatus().getDescription()).startsWith("SAN_MISSING: ");
              StatusRuntimeException other =
                  refusal(
                      () ->
                          fake.enroll(
                              inv,
                              TrustLevel.TRUST_LEVEL_NONE,
                              b ->
                                  b.setCsrPem(
                                      Csrs.createPartnerCsr(
                                          KeyPairs.generateP256(),
                                          NodeId.of(a.nodeId()),
                                          NodeId.of("someone-else.test")))));
              assertThat(other.getStatus().getDescription()).startsWith("SAN_MISMATCH: ");
              assertThat(state(fake.nodeId())).isEqualTo(PartnerState.PARTNER_STATE_INVITED);
            })
        .step(
            "with a proper CSR the fake enrols and completes",
            () -> {
              fake.enroll(inv, TrustLevel.TRUST_LEVEL_NONE, same());
              fake.completeEnrollment(a.nodeId());
            })
        .step(
            "RenewCertificate with no URI SAN: refused with the rule name first; a proper one works",
            () -> {
              var stub =
                  FederationServiceGrpc.newBlockingStub(fake.channelTo(a.nodeId()))
                      .withDeadlineAfter(10, TimeUnit.SECONDS);
              StatusRuntimeException e =
                  refusal(
                      () ->
                          stub.renewCertificate(
                              RenewCertificateRequest.newBuilder()
                                  .setCsrPem(
                                      FakePeer.csrWithoutUriSan(
                                          KeyPairs.generateP256(), fake.nodeId(), null))
                                  .build()));
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith("SAN_MISSING: ");
              stub.renewCertificate(
                  RenewCertificateRequest.newBuilder()
                      .setCsrPem(
                          Csrs.createPartnerCsr(
                              KeyPairs.generateP256(),
                              NodeId.of(a.nodeId()),
                              NodeId.of(fake.nodeId())))
                      .build());
            });
  }

  /** Item 8, §6.1 step 4: invitation and secret first; nothing else is revealed without them. */
  @Test
  void withoutTheSecretEveryRequestIsPermissionDenied() {
    FakePeer fake = fake("order.test");
    FakePeer other = fake("order-other.test");
    String inv = invite(fake.nodeId());
    Scenario.named("§6.1 step 4: check order", List.of(a))
        .step(
            "wrong secret with a wrong node_id, a mislabelled bundle, a bad CSR: PERMISSION_DENIED",
            () -> {
              String wrong = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
              assertRefused(
                  () ->
                      fake.enroll(
                          inv,
                          TrustLevel.TRUST_LEVEL_NONE,
                          b -> b.setSecret(wrong).setNodeId(other.nodeId())),
                  Status.Code.PERMISSION_DENIED,
                  "the invitation secret does not match",
                  "wrong secret, wrong node_id");
              assertRefused(
                  () ->
                      fake.enroll(
                          inv,
                          TrustLevel.TRUST_LEVEL_NONE,
                          b ->
                              b.setSecret(wrong)
                                  .setTrustBundle(other.bundleTextLabelled(fake.nodeId()))
                                  .setCsrPem("not a CSR")),
                  Status.Code.PERMISSION_DENIED,
                  "the invitation secret does not match",
                  "wrong secret, bad bundle and CSR");
              assertRefused(
                  () ->
                      fake.enroll(
                          inv,
                          TrustLevel.TRUST_LEVEL_NONE,
                          b ->
                              b.setInvitationId(UUID.randomUUID().toString())
                                  .setTrustBundle("garbage")),
                  Status.Code.PERMISSION_DENIED,
                  "unknown invitation",
                  "unknown invitation, garbage bundle");
              assertThat(state(fake.nodeId())).isEqualTo(PartnerState.PARTNER_STATE_INVITED);
            });
  }

  /** Item 9, §2.5 / §4.3: reason names for bundle and name-constraint errors. */
  @Test
  void bundleAndNameConstraintErrorsNameTheirReason() {
    FakePeer fake = fake("reason.test");
    String inv = invite(fake.nodeId());
    Scenario.named("§2.5: reason names", List.of(a))
        .step(
            "a bundle that is not a bundle: MALFORMED_BUNDLE",
            () ->
                assertRefused(
                    () ->
                        fake.enroll(
                            inv,
                            TrustLevel.TRUST_LEVEL_NONE,
                            b -> b.setTrustBundle("# eventkit-trust-bundle v1\nno\n")),
                    Status.Code.INVALID_ARGUMENT,
                    "trust_bundle refused: MALFORMED_BUNDLE: ",
                    "garbage bundle"))
        .step(
            "a delivered chain outside the fake's name constraint: NAME_CONSTRAINT_VIOLATION",
            () -> {
              fake.enroll(inv, TrustLevel.TRUST_LEVEL_NONE, same());
              assertRefused(
                  () ->
                      fake.completeEnrollmentWith(
                          a.nodeId(),
                          fake.clientChainNaming("spiffe://elsewhere.test/partner/" + a.nodeId())),
                  Status.Code.INVALID_ARGUMENT,
                  "NAME_CONSTRAINT_VIOLATION",
                  "chain outside the name constraint");
            });
  }

  /** Item 10, §6.1 step 6: a retry of CompleteEnrollment while PENDING completes. */
  @Test
  void completeEnrollmentCanBeRetriedWhilePending() {
    FakePeer fake = fake("retry.test");
    Scenario.named("§6.1 step 6: CompleteEnrollment retry", List.of(a))
        .step(
            "A's ping back fails: UNAVAILABLE, the fake stays PENDING at A",
            () -> {
              fake.enroll(invite(fake.nodeId()), TrustLevel.TRUST_LEVEL_NONE, same());
              fake.once(FakePeer.PING, req -> Reply.error(Status.UNAVAILABLE));
              assertThat(refusal(() -> fake.completeEnrollment(a.nodeId())).getStatus().getCode())
                  .isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(state(fake.nodeId())).isEqualTo(PartnerState.PARTNER_STATE_PENDING);
            })
        .step(
            "the retry succeeds and A marks the fake ACTIVE",
            () -> {
              fake.completeEnrollment(a.nodeId());
              assertThat(state(fake.nodeId())).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
            })
        .step(
            "once ACTIVE, another CompleteEnrollment: FAILED_PRECONDITION",
            () ->
                assertRefused(
                    () -> fake.completeEnrollment(a.nodeId()),
                    Status.Code.FAILED_PRECONDITION,
                    "enrolment is already complete (ACTIVE)",
                    "third CompleteEnrollment"));
    fake.verifyNoUnexpectedCalls();
  }

  /** Item 11, §3.1: the federation port serves FederationSubHireService; enrolment does not. */
  @Test
  void federationPortServesSubHireAndTheEnrolmentListenerDoesNot() {
    FakePeer fake = fake("subhire-svc.test");
    String inv = invite(fake.nodeId());
    String enrolment = FakePeer.parseInvitation(inv).getEnrollmentEndpoint();
    String method = "eventkit.v1.FederationSubHireService/GetNegotiationState";
    byte[] request =
        GetNegotiationStateRequest.newBuilder()
            .setNegotiationId(UUID.randomUUID().toString())
            .build()
            .toByteArray();
    Scenario.named("§3.1: served services", List.of(a))
        .step(
            "an ACTIVE partner's GetNegotiationState reaches the service: NOT_FOUND for an unknown"
                + " negotiation (not UNIMPLEMENTED)",
            () -> {
              fake.acceptInvitation(inv, TrustLevel.TRUST_LEVEL_NONE);
              assertRefused(
                  () -> fake.callRaw(a.nodeId(), method, request),
                  Status.Code.NOT_FOUND,
                  "no negotiation",
                  "GetNegotiationState");
            })
        .step(
            "on the enrolment listener: UNIMPLEMENTED",
            () -> {
              ManagedChannel ch = FakePeer.tlsChannel(enrolment, a.nodeId(), null, null);
              try {
                assertThat(
                        refusal(() -> FakePeer.callRaw(ch, method, request)).getStatus().getCode())
                    .isEqualTo(Status.Code.UNIMPLEMENTED);
              } finally {
                ch.shutdownNow();
              }
            });
  }

  /** Item 12, §4.4 / §6.1 step 4: a bundle whose CAs are constrained to another domain. */
  @Test
  void bundleConstrainedToAnotherTrustDomainIsRefusedAtEnroll() {
    FakePeer fake = fake("label.test");
    FakePeer y = fake("label-y.test");
    String inv = invite(fake.nodeId());
    Scenario.named("§6.1 step 4: mislabelled bundle", List.of(a))
        .step(
            "a bundle labelled label.test with CAs constrained to label-y.test: refused",
            () -> {
              assertRefused(
                  () ->
                      fake.enroll(
                          inv,
                          TrustLevel.TRUST_LEVEL_NONE,
                          b -> b.setTrustBundle(y.bundleTextLabelled(fake.nodeId()))),
                  Status.Code.INVALID_ARGUMENT,
                  "trust_bundle refused: WRONG_TRUST_DOMAIN: ",
                  "mislabelled bundle");
              assertThat(state(fake.nodeId())).isEqualTo(PartnerState.PARTNER_STATE_INVITED);
            })
        .step(
            "its own bundle enrols with the same invitation",
            () -> fake.enroll(inv, TrustLevel.TRUST_LEVEL_NONE, same()));
  }

  /** Item 12, §6.1 step 2: a node refuses an invitation it issued itself, before any call. */
  @Test
  void selfInvitationIsRefused() {
    FakePeer fake = fake("self.test");
    String inv = invite(fake.nodeId());
    Invitation parsed = FakePeer.parseInvitation(inv);
    String toSelf =
        "ekinv1."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    parsed.toBuilder().setPartnerNodeId(a.nodeId()).build().toByteArray());
    Scenario.named("§6.1 step 2: self-invitation", List.of(a))
        .step(
            "CreateInvitation for itself: INVALID_ARGUMENT",
            () ->
                assertThat(
                        refusal(
                                () ->
                                    api.trust()
                                        .createInvitation(
                                            CreateInvitationRequest.newBuilder()
                                                .setPartnerNodeId(a.nodeId())
                                                .build()))
                            .getStatus()
                            .getCode())
                    .isEqualTo(Status.Code.INVALID_ARGUMENT))
        .step(
            "AcceptInvitation of its own invitation: INVALID_ARGUMENT, invitation not consumed",
            () -> {
              assertRefused(
                  () ->
                      api.trust()
                          .acceptInvitation(
                              AcceptInvitationRequest.newBuilder().setInvitation(toSelf).build()),
                  Status.Code.INVALID_ARGUMENT,
                  "cannot be its own partner",
                  "self-acceptance");
              fake.enroll(inv, TrustLevel.TRUST_LEVEL_NONE, same());
            });
  }

  /** Item 14: the spec's quoted reasons appear verbatim in the node's messages. */
  @Test
  void refusalsQuoteTheSpecReasonsVerbatim() {
    FakePeer fake = fake("quote.test");
    String inv = invite(fake.nodeId());
    Scenario.named("§6.1 step 4: quoted reasons", List.of(a))
        .step(
            "unknown, wrong secret, for another partner",
            () -> {
              assertRefused(
                  () ->
                      fake.enroll(
                          inv,
                          TrustLevel.TRUST_LEVEL_NONE,
                          b -> b.setInvitationId(UUID.randomUUID().toString())),
                  Status.Code.PERMISSION_DENIED,
                  "unknown invitation",
                  "unknown");
              assertRefused(
                  () -> fake.enroll(inv, TrustLevel.TRUST_LEVEL_NONE, b -> b.setSecret("x")),
                  Status.Code.PERMISSION_DENIED,
                  "the invitation secret does not match",
                  "secret");
              assertRefused(
                  () ->
                      fake.enroll(
                          inv, TrustLevel.TRUST_LEVEL_NONE, b -> b.setNodeId("quote-other.test")),
                  Status.Code.PERMISSION_DENIED,
                  "the invitation is for another partner",
                  "other partner");
            })
        .step(
            "used",
            () -> {
              fake.enroll(inv, TrustLevel.TRUST_LEVEL_NONE, same());
              assertRefused(
                  () -> fake.enroll(inv, TrustLevel.TRUST_LEVEL_NONE, same()),
                  Status.Code.PERMISSION_DENIED,
                  "the invitation has already been used",
                  "used");
            })
        .step(
            "expired",
            () -> {
              FakePeer late = fake("quote-late.test");
              String shortLived =
                  api.trust()
                      .createInvitation(
                          CreateInvitationRequest.newBuilder()
                              .setPartnerNodeId(late.nodeId())
                              .setTtlSeconds(1)
                              .build())
                      .getInvitation();
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              assertRefused(
                  () -> late.enroll(shortLived, TrustLevel.TRUST_LEVEL_NONE, same()),
                  Status.Code.PERMISSION_DENIED,
                  "the invitation has expired",
                  "expired");
            });
  }

  /** Item 12, §2.1: a single-label node ID is valid. */
  @Test
  void singleLabelNodeIdIsValid() {
    FakePeer fake = fake("solo");
    Scenario.named("§2.1: single-label node ID", List.of(a))
        .step(
            "a peer named 'solo' enrols and A holds it ACTIVE",
            () -> {
              fake.acceptInvitation(invite(fake.nodeId()), TrustLevel.TRUST_LEVEL_NONE);
              assertThat(state(fake.nodeId())).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
            });
  }

  /** Item 12, §4.4: trust refresh with a refused bundle changes nothing. */
  @Test
  void refreshWithARefusedBundleKeepsTheHeldOne() {
    FakePeer fake = fake("rebundle.test");
    Scenario.named("§4.4: refused bundle on refresh", List.of(a))
        .step(
            "the fake enrols",
            () -> fake.acceptInvitation(invite(fake.nodeId()), TrustLevel.TRUST_LEVEL_NONE))
        .step(
            "it serves a higher-sequence bundle sharing no root: refresh FAILED_PRECONDITION,"
                + " held bundle and state unchanged",
            () -> {
              long held =
                  api.trust()
                      .getPartner(GetPartnerRequest.newBuilder().setNodeId(fake.nodeId()).build())
                      .getBundleSequence();
              var impostorRoot =
                  io.eventkit.ca.CertificateAuthority.createRoot(
                      NodeId.of(fake.nodeId()), Duration.ofDays(30), java.time.Clock.systemUTC());
              var impostorBundle =
                  new io.eventkit.ca.TrustBundle(
                      NodeId.of(fake.nodeId()),
                      held + 5,
                      List.of(
                          impostorRoot.certificate(),
                          impostorRoot.createIssuingCa(Duration.ofDays(30)).certificate()));
              fake.always(
                  FakePeer.GET_TRUST_BUNDLE,
                  req ->
                      Reply.of(
                          io.eventkit.proto.v1.GetTrustBundleResponse.newBuilder()
                              .setSequence(impostorBundle.sequence())
                              .setTrustBundle(impostorBundle.toText())
                              .build()));
              assertRefused(
                  () -> refresh(fake.nodeId()),
                  Status.Code.FAILED_PRECONDITION,
                  "shares no root",
                  "refresh");
              var p =
                  api.trust()
                      .getPartner(GetPartnerRequest.newBuilder().setNodeId(fake.nodeId()).build());
              assertThat(p.getBundleSequence()).isEqualTo(held);
              assertThat(p.getState()).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
            });
  }

  /** Item 12, §3: a TLS connection without ALPN h2 is not served. */
  @Test
  void connectionWithoutAlpnIsClosed() {
    FakePeer fake = fake("noalpn.test");
    Scenario.named("§3: ALPN h2 required", List.of(a))
        .step(
            "the fake enrols",
            () -> fake.acceptInvitation(invite(fake.nodeId()), TrustLevel.TRUST_LEVEL_NONE))
        .step(
            "TLS 1.3 with its valid client certificate: with ALPN h2 the node answers the preface"
                + " (control); without ALPN it closes the connection after the handshake",
            () -> {
              assertThat(firstByteAfterPreface(fake, true)).isNotEqualTo(-1);
              assertThat(firstByteAfterPreface(fake, false)).isEqualTo(-1);
            });
  }

  /** The first byte the node sends after an HTTP/2 preface and SETTINGS, or -1 if it closed. */
  private static int firstByteAfterPreface(FakePeer fake, boolean alpnH2) throws Exception {
    String endpoint = api.info().getFederationEndpoint();
    int colon = endpoint.lastIndexOf(':');
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
    tls.init(
        new javax.net.ssl.KeyManager[] {fake.credentialsFrom(a.nodeId())},
        new javax.net.ssl.TrustManager[] {new TrustingManager()},
        null);
    try (javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket)
            tls.getSocketFactory()
                .createSocket(
                    endpoint.substring(0, colon),
                    Integer.parseInt(endpoint.substring(colon + 1)))) {
      socket.setSoTimeout(5000);
      javax.net.ssl.SSLParameters params = socket.getSSLParameters();
      params.setProtocols(new String[] {"TLSv1.3"});
      if (alpnH2) {
        params.setApplicationProtocols(new String[] {"h2"});
      }
      socket.setSSLParameters(params);
      socket.startHandshake();
      assertThat(socket.getApplicationProtocol()).isEqualTo(alpnH2 ? "h2" : "");
      try {
        socket
            .getOutputStream()
            .write(
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
        socket.getOutputStream().flush();
        return socket.getInputStream().read();
      } catch (java.io.IOException closed) {
        return -1;
      }
    }
  }

  /** Trusts any server: the probe is about the callee, not about verifying it. */
  private static final class TrustingManager extends javax.net.ssl.X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

    @Override
    public void checkClientTrusted(
        java.security.cert.X509Certificate[] c, String a, java.net.Socket s) {}

    @Override
    public void checkServerTrusted(
        java.security.cert.X509Certificate[] c, String a, java.net.Socket s) {}

    @Override
    public void checkClientTrusted(
        java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {}

    @Override
    public void checkServerTrusted(
        java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {}

    @Override
    public java.security.cert.X509Certificate[] getAcceptedIssuers() {
      return new java.security.cert.X509Certificate[0];
    }
  }
}
