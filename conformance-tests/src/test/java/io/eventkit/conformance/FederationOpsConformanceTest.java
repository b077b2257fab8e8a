package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.FakePeer;
import io.eventkit.conformance.harness.FakePeer.Reply;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.NodeOptions;
import io.eventkit.conformance.harness.Scenario;
import io.eventkit.proto.v1.NotifyRevocationRequest;
import io.eventkit.proto.v1.NotifyRevocationResponse;
import io.eventkit.proto.v1.PingRequest;
import io.eventkit.proto.v1.TrustLevel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Federation operations (docs/federation.md §8.4.6, §10.1, §12.2, §12.4–12.6): revocation as both
 * sides see it, TLS refusals that say why, reconnecting after a partner restart, clock offsets and
 * catalogue freshness. Real nodes driven through the CLI and admin API, plus the strict {@link
 * FakePeer} for what only a peer on the wire can observe (its connection, the alert it receives,
 * the notice it is sent).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationOpsConformanceTest {
  private static final String NOTIFY_REVOCATION =
      "eventkit.v1.FederationTrustService/NotifyRevocation";
  private static final String FAKE = "fake-ops.test";

  private static Deployer deployer;
  private static final List<NodeHandle> nodes = new ArrayList<>();
  private static NodeHandle a;
  private static NodeHandle b;
  private static NodeHandle c;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    List<NodeHandle> ab = deployer.deploy(2);
    a = ab.get(0);
    b = ab.get(1);
    // C's clock runs 45 s fast: within the 60 s skew allowance, above the 30 s warning.
    c = deployer.deploy(1, NodeOptions.defaults().withClockOffset(Duration.ofSeconds(45))).get(0);
    nodes.addAll(List.of(a, b, c));
  }

  @AfterAll
  static void teardown() {
    if (deployer != null) {
      deployer.close();
    }
  }

  private static Cli.Result ok(NodeHandle node, String... args) {
    Cli.Result r = Cli.run(node, args);
    assertThat(r.exitCode()).as("%s on %s: %s", String.join(" ", args), node.nodeId(), r).isZero();
    return r;
  }

  private static Cli.Result fails(NodeHandle node, String... args) {
    Cli.Result r = Cli.run(node, args);
    assertThat(r.exitCode())
        .as("%s on %s: %s", String.join(" ", args), node.nodeId(), r)
        .isNotZero();
    return r;
  }

  /** The CLI's text output (people's view), exit code 0 required. */
  private static String text(NodeHandle node, String... args) {
    List<String> all =
        new ArrayList<>(List.of("--node", node.httpUrl(), "--token", node.adminToken()));
    all.addAll(List.of(args));
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        io.eventkit.cli.EventKitCli.run(
            all.toArray(new String[0]),
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true));
    assertThat(code).as("%s: %s", all, err).isZero();
    return out.toString();
  }

  private static void partner(NodeHandle from, NodeHandle to) {
    String inv =
        ok(from, "trust", "invite", "--partner", to.nodeId(), "--level", "availability")
            .json()
            .get("invitation")
            .getAsString();
    ok(to, "trust", "accept", inv);
  }

  private static String state(NodeHandle on, NodeHandle of) {
    return ok(on, "trust", "show", of.nodeId()).json().get("state").getAsString();
  }

  private static JsonObject health(NodeHandle on, NodeHandle of) {
    JsonArray all = ok(on, "partners", "health").json().getAsJsonArray("partners");
    for (JsonElement e : all) {
      if (e.getAsJsonObject().get("nodeId").getAsString().equals(of.nodeId())) {
        return e.getAsJsonObject();
      }
    }
    throw new AssertionError(of.nodeId() + " not in partners health of " + on.nodeId());
  }

  /** Every message of a throwable's cause chain, lower case (TLS alerts appear there by name). */
  private static String causes(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(' ').append(c.getMessage());
    }
    return s.toString().toLowerCase(Locale.ROOT);
  }

  // ---- §12.4: the revoked side learns it, and either side can start over ----------------------

  @Test
  @Order(1)
  void case9b_theRevokedSideIsToldAndANewInvitationWorksFromEitherSide() {
    Scenario.named("9b: revocation notice and REVOKED_BY_PARTNER", nodes)
        .step("A invites B, B accepts", () -> partner(a, b))
        .step(
            "A revokes B",
            () -> ok(a, "trust", "revoke", b.nodeId(), "--reason", "contract ended", "--yes"))
        .step(
            "B learns it: REVOKED_BY_PARTNER in trust show, trust list and partners health",
            () -> {
              Scenario.eventually(
                  Duration.ofSeconds(5),
                  () -> assertThat(state(b, a)).isEqualTo("PARTNER_STATE_REVOKED_BY_PARTNER"));
              assertThat(health(b, a).get("state").getAsString())
                  .isEqualTo("PARTNER_STATE_REVOKED_BY_PARTNER");
              assertThat(text(b, "trust", "list")).contains(a.nodeId() + " has revoked this node");
              assertThat(ok(b, "trust", "audit", "--partner", a.nodeId()).out())
                  .contains("REVOKED_BY_PARTNER")
                  .contains("contract ended");
              assertThat(ok(a, "trust", "audit", "--partner", b.nodeId()).out())
                  .contains("REVOCATION_NOTICE")
                  .contains("delivered to " + b.nodeId());
            })
        .step(
            "B's refresh says why, without library internals",
            () ->
                assertThat(fails(b, "trust", "refresh", a.nodeId()).err())
                    .contains(a.nodeId() + " has revoked this node")
                    .doesNotContain("Channel Pipeline"))
        .step(
            "the revoked side invites the revoking side: both ACTIVE again",
            () -> {
              partner(b, a);
              assertThat(state(a, b)).isEqualTo("PARTNER_STATE_ACTIVE");
              assertThat(state(b, a)).isEqualTo("PARTNER_STATE_ACTIVE");
            })
        .step(
            "revoked again, the revoking side invites: both ACTIVE again",
            () -> {
              ok(b, "trust", "revoke", a.nodeId(), "--yes");
              Scenario.eventually(
                  Duration.ofSeconds(5),
                  () -> assertThat(state(a, b)).isEqualTo("PARTNER_STATE_REVOKED_BY_PARTNER"));
              partner(b, a);
              assertThat(state(a, b)).isEqualTo("PARTNER_STATE_ACTIVE");
              assertThat(state(b, a)).isEqualTo("PARTNER_STATE_ACTIVE");
              ok(a, "trust", "refresh", b.nodeId());
              ok(b, "trust", "refresh", a.nodeId());
            });
  }

  @Test
  @Order(2)
  void case9c_aLostNoticeIsLearntFromTheTlsRefusal() {
    assumeTrue(deployer.local(), "needs the fault proxy in front of B");
    Scenario.named("9c: notice lost, the refusal says revoked", nodes)
        .step("B is cut off from its partners", b::partition)
        .step(
            "A revokes B: the notice cannot be delivered, A revokes anyway",
            () -> {
              ok(a, "trust", "revoke", b.nodeId(), "--reason", "lost notice", "--yes");
              assertThat(ok(a, "trust", "audit", "--partner", b.nodeId()).out())
                  .contains("not delivered to " + b.nodeId());
            })
        .step("B's network is back", b::heal)
        .step(
            "B still thinks A is ACTIVE; its next call is refused at TLS as revoked and says so",
            () -> {
              assertThat(state(b, a)).isEqualTo("PARTNER_STATE_ACTIVE");
              // Refused at TLS (certificate_revoked) on a new connection, or with "partner
              // revoked" on one opened before the revocation: either way it says so.
              String err = fails(b, "trust", "refresh", a.nodeId()).err();
              assertThat(err)
                  .contains(a.nodeId() + " has revoked this node")
                  .doesNotContain("Channel Pipeline")
                  .doesNotContain("io exception");
            })
        .step(
            "B records REVOKED_BY_PARTNER",
            () ->
                Scenario.eventually(
                    Duration.ofSeconds(5),
                    () -> assertThat(state(b, a)).isEqualTo("PARTNER_STATE_REVOKED_BY_PARTNER")))
        .step(
            "a new invitation works",
            () -> {
              partner(a, b);
              assertThat(state(a, b)).isEqualTo("PARTNER_STATE_ACTIVE");
              assertThat(state(b, a)).isEqualTo("PARTNER_STATE_ACTIVE");
            });
  }

  // ---- §12.2, §12.4, §12.5 with the strict fake peer --------------------------------------------

  @Test
  @Order(3)
  void case9a_aRevokedPeersOpenConnectionIsClosedItIsToldAndItsCertificateGetsCertificateRevoked()
      throws Exception {
    assumeTrue(deployer.local(), "needs nodes on this machine's loopback (fake peer)");
    AtomicReference<NotifyRevocationRequest> notice = new AtomicReference<>();
    try (FakePeer fake = FakePeer.start(FAKE);
        Api api = new Api(a)) {
      fake.once(
          NOTIFY_REVOCATION,
          req -> {
            notice.set(NotifyRevocationRequest.parseFrom(req));
            return Reply.of(NotifyRevocationResponse.getDefaultInstance());
          });
      Scenario.named("9a: fake peer across revocation", nodes)
          .step(
              "the fake enrols with A",
              () ->
                  fake.acceptInvitation(
                      api.invite(FAKE, TrustLevel.TRUST_LEVEL_AVAILABILITY),
                      TrustLevel.TRUST_LEVEL_NONE))
          .step(
              "the fake holds a live connection to A",
              () -> {
                fake.ping(a.nodeId());
                assertThat(fake.channelTo(a.nodeId()).getState(false))
                    .isEqualTo(ConnectivityState.READY);
              })
          .step(
              "A revokes the fake: it is told first, with the reason",
              () -> {
                ok(a, "trust", "revoke", FAKE, "--reason", "fake ops", "--yes");
                assertThat(notice.get()).isNotNull();
                assertThat(notice.get().getReason()).isEqualTo("fake ops");
                assertThat(notice.get().hasRevokedAt()).isTrue();
              })
          .step(
              "A closes the fake's open connection (§12.2), not only its calls",
              () ->
                  Scenario.eventually(
                      Duration.ofSeconds(3),
                      () ->
                          assertThat(fake.channelTo(a.nodeId()).getState(false))
                              .isNotEqualTo(ConnectivityState.READY)))
          .step(
              "a new connection with the revoked certificate gets TLS alert certificate_revoked",
              () -> {
                ManagedChannel ch =
                    FakePeer.tlsChannel(
                        api.info().getFederationEndpoint(),
                        a.nodeId(),
                        fake.credentialsFrom(a.nodeId()),
                        null);
                try {
                  FakePeer.callRaw(
                      ch, FakePeer.PING, PingRequest.getDefaultInstance().toByteArray());
                  throw new AssertionError("the revoked certificate was accepted");
                } catch (StatusRuntimeException e) {
                  assertThat(causes(e)).contains("certificate_revoked");
                } finally {
                  ch.shutdownNow();
                }
              })
          .step("the fake got nothing it did not expect", fake::verifyNoUnexpectedCalls);
    }
  }

  @Test
  @Order(4)
  void case3a_foreignAndSelfSignedClientCertificatesGetUnknownCa() throws Exception {
    assumeTrue(deployer.local(), "needs nodes on this machine's loopback (fake peer)");
    try (Api api = new Api(a)) {
      String endpoint = api.info().getFederationEndpoint();
      Scenario.named("3a: TLS alerts that say why", nodes)
          .step(
              "a chain from an impostor CA named like A: unknown_ca, not internal_error",
              () -> {
                var impostor = FakePeer.impostorCa(a.nodeId());
                var kp = io.eventkit.ca.KeyPairs.generateP256();
                var leaf =
                    impostor.signPartnerCsr(
                        io.eventkit.ca.Csrs.createPartnerCsr(
                            kp,
                            io.eventkit.ca.NodeId.of(a.nodeId()),
                            io.eventkit.ca.NodeId.of(FAKE)),
                        io.eventkit.ca.NodeId.of(FAKE),
                        Duration.ofHours(1),
                        Duration.ofDays(1));
                ManagedChannel ch =
                    FakePeer.tlsChannel(
                        endpoint,
                        a.nodeId(),
                        new io.eventkit.ca.tls.ReloadingKeyManager(
                            kp.getPrivate(), List.of(leaf, impostor.certificate())),
                        null);
                try {
                  FakePeer.callRaw(
                      ch, FakePeer.PING, PingRequest.getDefaultInstance().toByteArray());
                  throw new AssertionError("the impostor certificate was accepted");
                } catch (StatusRuntimeException e) {
                  assertThat(causes(e)).contains("unknown_ca").doesNotContain("internal_error");
                } finally {
                  ch.shutdownNow();
                }
              });
    }
  }

  // ---- §12.6: reconnecting after a partner restart --------------------------------------------

  @Test
  @Order(5)
  void case10a_refreshRightAfterThePartnerIsBackSucceeds() {
    Scenario.named("10a: refresh right after a restart", nodes)
        .step("A and C are partners", () -> partner(a, c))
        .step("C stops", c::stop)
        .step(
            "for 10 s, A's refreshes fail and name the failed check",
            () -> {
              Instant until = Instant.now().plusSeconds(10);
              while (Instant.now().isBefore(until)) {
                // Behind the fault proxy the connection is accepted, then closed.
                assertThat(fails(a, "trust", "refresh", c.nodeId()).err())
                    .containsAnyOf(
                        "cannot connect to " + c.nodeId(),
                        "the connection to " + c.nodeId() + " at ")
                    .doesNotContain("Channel Pipeline")
                    .doesNotContain("io exception");
                Thread.sleep(1_000);
              }
            })
        .step("C starts again", c::start)
        .step("A's first refresh succeeds", () -> ok(a, "trust", "refresh", c.nodeId()));
  }

  // ---- §10.1: clock offsets -------------------------------------------------------------------

  @Test
  @Order(6)
  void skew_aPartnersClockOffsetIsReportedAndWarned() {
    Scenario.named("skew: C 45 s fast is reported", nodes)
        .step(
            "A and C ping each other",
            () -> {
              ok(a, "trust", "refresh", c.nodeId());
              ok(c, "trust", "refresh", a.nodeId());
            })
        .step(
            "A sees C about 45 s ahead, with a warning; C sees A behind",
            () -> {
              JsonObject h = health(a, c);
              assertThat(h.get("clockOffsetMs").getAsLong()).isBetween(43_000L, 47_000L);
              assertThat(h.get("clockOffsetWarning").getAsBoolean()).isTrue();
              assertThat(health(c, a).get("clockOffsetMs").getAsLong())
                  .isBetween(-47_000L, -43_000L);
              assertThat(text(a, "partners", "health"))
                  .contains("Warning: the clock of " + c.nodeId());
            });
  }

  // ---- §8.4.6: catalogue freshness ------------------------------------------------------------

  @Test
  @Order(7)
  void catalogue_freshReReadsAPartnersCatalogue() {
    Scenario.named("8.4.6: partners catalog --fresh", nodes)
        .step(
            "C shares a product; A reads C's catalogue",
            () -> {
              try (Api api = new Api(c)) {
                api.sharedProduct("Acme", "First", 2);
              }
              assertThat(ok(a, "partners", "catalog", c.nodeId()).out()).contains("First");
            })
        .step(
            "C shares another: A's cached copy lacks it, --fresh shows it",
            () -> {
              try (Api api = new Api(c)) {
                api.sharedProduct("Acme", "Second", 2);
              }
              assertThat(ok(a, "partners", "catalog", c.nodeId()).out()).doesNotContain("Second");
              assertThat(ok(a, "partners", "catalog", c.nodeId(), "--fresh").out())
                  .contains("Second");
            })
        .step(
            "C shares a third: any availability answer of C carries its new catalogue version",
            () -> {
              try (Api api = new Api(c)) {
                api.sharedProduct("Acme", "Third", 2);
              }
              try (Api api = new Api(a)) {
                api.federationQuery()
                    .queryPartnerAvailability(
                        io.eventkit.proto.v1.QueryPartnerAvailabilityRequest.newBuilder()
                            .addLines(
                                io.eventkit.proto.v1.PartnerAvailabilityLine.newBuilder()
                                    .setManufacturer("Acme")
                                    .setModel("First")
                                    .setQuantity(1))
                            .setPeriod(
                                io.eventkit.proto.v1.Period.newBuilder()
                                    .setStart(
                                        com.google.protobuf.Timestamp.newBuilder()
                                            .setSeconds(
                                                Instant.now().plusSeconds(86_400).getEpochSecond()))
                                    .setEnd(
                                        com.google.protobuf.Timestamp.newBuilder()
                                            .setSeconds(
                                                Instant.now()
                                                    .plusSeconds(2 * 86_400)
                                                    .getEpochSecond())))
                            .build());
              }
              assertThat(ok(a, "partners", "catalog", c.nodeId()).out()).contains("Third");
            });
  }
}
