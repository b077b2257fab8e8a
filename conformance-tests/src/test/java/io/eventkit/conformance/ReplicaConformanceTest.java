package io.eventkit.conformance;

import static io.eventkit.conformance.SubHireApi.action;
import static io.eventkit.conformance.SubHireApi.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.FaultProxy;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.Scenario;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateApiTokenResponse;
import io.eventkit.proto.v1.GetNodeInfoResponse;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.QuoteSubHireRequest;
import io.eventkit.proto.v1.RevokeApiTokenRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.SubHire;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of node A (one node ID, one database, each with its own ports) behind one address
 * (the fault proxy in front of A's federation port is their load balancer), node B a partner, and a
 * client that alternates between A's replicas: what one replica writes the other serves, a token or
 * a partner revoked on one is refused by the other within a second, a sub-hire goes end to end, and
 * a replica stopped with messages in its outbox loses none and duplicates none.
 */
class ReplicaConformanceTest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final Duration PROPAGATION = Duration.ofSeconds(1);
  private static Deployer deployer;
  private static NodeHandle a1;
  private static NodeHandle a2;
  private static NodeHandle b;
  private static FaultProxy balancer;
  private static SubHireApi api;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        deployer.local(), "replicas need a local deployer (in-jvm)");
    List<NodeHandle> nodes = deployer.deploy(2);
    a1 = nodes.get(0);
    b = nodes.get(1);
    try {
      a2 = deployer.replicaOf(a1);
    } catch (UnsupportedOperationException e) {
      org.junit.jupiter.api.Assumptions.abort(e.getMessage());
    }
    balancer = (FaultProxy) a1.network();
    // Either replica, the first that answers, as a load balancer with health checks would.
    balancer.upstreams(List.of("127.0.0.1", "127.0.0.3"));
    api = new SubHireApi();
  }

  @AfterAll
  static void teardown() {
    if (api != null) {
      api.close();
    }
    if (deployer != null) {
      deployer.close();
    }
  }

  private static List<NodeHandle> all() {
    return List.of(a1, a2, b);
  }

  @Test
  void twoReplicasActAsOneNode() throws Exception {
    String[] id = new String[1];
    Product[] p = new Product[3];
    Scenario.named("two replicas of one node", all())
        .step(
            "both replicas are the same node: one ID, one root CA",
            () -> {
              GetNodeInfoResponse one;
              GetNodeInfoResponse two;
              try (Api x = new Api(a1);
                  Api y = new Api(a2)) {
                one = x.info();
                two = y.info();
              }
              assertThat(two.getNodeId()).isEqualTo(one.getNodeId()).isEqualTo(a1.nodeId());
              assertThat(two.getRootCaFingerprintSha256())
                  .isEqualTo(one.getRootCaFingerprintSha256());
              assertThat(two.getFederationEndpoint()).isEqualTo(one.getFederationEndpoint());
            })
        .step(
            "what one replica writes, the other serves",
            () -> {
              p[0] = api.bulk(a1, "Mixer", 10, true);
              assertThat(api.available(a2, p[0])).isEqualTo(10);
            })
        .step(
            "an API token revoked on one replica is refused by the other within a second",
            () -> {
              CreateApiTokenResponse t =
                  auth(a1, a1.adminToken())
                      .createApiToken(
                          CreateApiTokenRequest.newBuilder()
                              .setName("replica test")
                              .setRole(Role.ROLE_READ_ONLY)
                              .build());
              // Used on the other replica first, so that it holds the token in its cache.
              assertThat(auth(a2, t.getToken()).whoAmI(WhoAmIRequest.getDefaultInstance()))
                  .isNotNull();
              auth(a1, a1.adminToken())
                  .revokeApiToken(
                      RevokeApiTokenRequest.newBuilder().setTokenId(t.getTokenId()).build());
              Scenario.eventually(
                  PROPAGATION,
                  () ->
                      assertThatThrownBy(
                              () ->
                                  auth(a2, t.getToken()).whoAmI(WhoAmIRequest.getDefaultInstance()))
                          .isInstanceOf(StatusRuntimeException.class)
                          .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode())
                          .isEqualTo(Status.Code.UNAUTHENTICATED));
            })
        .step(
            "B becomes a partner through one replica; the other sees it",
            () -> {
              SubHireApi.partners(a1, b, "subhire-request");
              Scenario.eventually(
                  WAIT,
                  () ->
                      assertThat(
                              Cli.run(a2, "trust", "show", b.nodeId())
                                  .json()
                                  .get("state")
                                  .getAsString())
                          .isEqualTo("PARTNER_STATE_ACTIVE"));
            })
        .step(
            "a sub-hire end to end, A's side driven through both replicas in turn",
            () -> {
              p[1] = api.bulk(b, "Mixer", 0, false);
              id[0] = api.request(b, a1, line(p[0], p[1], 4)).getNegotiationId();
              await(a2, id[0], NegotiationState.ACKNOWLEDGED);
              api.subHire(a1)
                  .quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(id[0]).build());
              await(b, id[0], NegotiationState.QUOTED);
              api.subHire(b).acceptSubHire(action(id[0]));
              await(a1, id[0], NegotiationState.ACCEPTED);
              api.subHire(a2).confirmSubHire(action(id[0]));
              await(b, id[0], NegotiationState.CONFIRMED);
              assertThat(api.available(a1, p[0])).isEqualTo(6);
              assertThat(api.available(a2, p[0])).isEqualTo(6);
              assertThat(api.available(b, p[1])).isEqualTo(4);
            })
        .step(
            "a replica stopped with a message in its outbox: the other delivers it, once",
            () -> {
              p[2] = api.bulk(a1, "Amp", 5, true);
              Product mine = api.bulk(b, "Amp", 0, false);
              String n = api.request(b, a1, line(p[2], mine, 2)).getNegotiationId();
              await(a1, n, NegotiationState.ACKNOWLEDGED);
              b.partition(); // A's quote can't leave
              api.subHire(a2)
                  .quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(n).build());
              Thread.sleep(1_500); // A tries (and fails) at least once
              // The replica (with the process deployer, the primary holds the database).
              a2.stop();
              b.heal();
              SubHire quoted = await(b, n, NegotiationState.QUOTED);
              assertThat(quoted.getQuoteTotal().getMinorUnits()).isEqualTo(2 * 2500);
              // B took the quote once (a redelivery would be a second entry, or a refusal).
              assertThat(SubHireApi.timesEntered(quoted, NegotiationState.QUOTED)).isEqualTo(1);
              api.subHire(b).acceptSubHire(action(n));
              await(a1, n, NegotiationState.ACCEPTED);
              api.subHire(a1).confirmSubHire(action(n));
              await(b, n, NegotiationState.CONFIRMED);
              assertThat(api.available(a1, p[2])).isEqualTo(3);
              assertThat(api.available(b, mine)).isEqualTo(2);
              a2.start();
              assertThat(api.available(a2, p[2])).isEqualTo(3);
              assertThat(api.available(a2, p[0])).isEqualTo(6);
            })
        .step(
            "an issuing-CA rotation on one replica is the other's too",
            () -> {
              JsonObject before = ok(a2, "ca", "show").json();
              ok(a1, "ca", "rotate");
              JsonObject one = ok(a1, "ca", "show").json();
              assertThat(one.get("issuingCas")).isNotEqualTo(before.get("issuingCas"));
              Scenario.eventually(
                  PROPAGATION,
                  () -> {
                    JsonObject two = ok(a2, "ca", "show").json();
                    assertThat(two.get("bundleSequence")).isEqualTo(one.get("bundleSequence"));
                    assertThat(two.get("issuingCas")).isEqualTo(one.get("issuingCas"));
                  });
              ok(b, "trust", "refresh", a1.nodeId());
            })
        .step(
            "a partner revoked on one replica is refused by the other within a second",
            () -> {
              // B's calls reach replica 2 only; replica 1 takes the revocation.
              balancer.upstreams(List.of("127.0.0.3"));
              balancer.cutConnections();
              Cli.Result before = Cli.run(b, "trust", "refresh", a1.nodeId());
              assertThat(before.exitCode()).as("%s", before).isZero();
              Cli.Result revoked =
                  Cli.run(a1, "trust", "revoke", b.nodeId(), "--reason", "replica test", "--yes");
              assertThat(revoked.exitCode()).as("%s", revoked).isZero();
              Scenario.eventually(
                  PROPAGATION,
                  () -> {
                    Cli.Result r = Cli.run(b, "trust", "refresh", a1.nodeId());
                    assertThat(r.exitCode()).as("%s", r).isNotZero();
                  });
            });
  }

  private static Cli.Result ok(NodeHandle n, String... args) {
    Cli.Result r = Cli.run(n, args);
    assertThat(r.exitCode()).as("%s", r).isZero();
    return r;
  }

  private static AuthServiceGrpc.AuthServiceBlockingStub auth(NodeHandle n, String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return AuthServiceGrpc.newBlockingStub(api.channel(n))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static SubHire await(NodeHandle n, String id, NegotiationState state) throws Exception {
    return api.await(n, id, state, WAIT);
  }
}
