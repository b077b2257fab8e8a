package io.eventkit.conformance;

import static io.eventkit.conformance.SubHireApi.action;
import static io.eventkit.conformance.SubHireApi.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.FaultProxy;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.Scenario;
import io.eventkit.proto.v1.ListSubHiresRequest;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.QuoteSubHireRequest;
import io.eventkit.proto.v1.SubHire;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of one of two replicas of node A (process deployer only: replicas as processes on the
 * primary's PostgreSQL), with messages in flight: nothing is lost, nothing is duplicated, and stock
 * is right on both companies.
 */
class ReplicaCrashTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static Deployer deployer;
  private static SubHireApi api;

  @AfterAll
  static void teardown() {
    if (api != null) {
      api.close();
    }
    if (deployer != null) {
      deployer.close();
    }
  }

  @Test
  void aKilledReplicaLosesAndDuplicatesNothing() throws Exception {
    // In the test, not in @BeforeAll: the report then lists it as skipped, with the reason.
    assumeTrue(
        "process".equals(System.getProperty("eventkit.deployer")),
        "kill -9 needs -Deventkit.deployer=process");
    deployer = Deployer.fromSystemProperty();
    List<NodeHandle> nodes = deployer.deploy(2);
    NodeHandle a1 = nodes.get(0);
    NodeHandle b = nodes.get(1);
    NodeHandle a2 = deployer.replicaOf(a1);
    FaultProxy balancer = (FaultProxy) a1.network();
    balancer.upstreams(List.of("127.0.0.1", "127.0.0.3"));
    api = new SubHireApi();
    Product[] p = new Product[2];
    Scenario.named("kill -9 of a replica", List.of(a1, a2, b))
        .step(
            "B is A's partner; A shares 10 mixers",
            () -> {
              SubHireApi.partners(a1, b, "subhire-request");
              p[0] = api.bulk(a1, "Mixer", 10, true);
              p[1] = api.bulk(b, "Mixer", 0, false);
            })
        .step(
            "kill -9 the replica whose quote is still in the outbox: the other sends it, once",
            () -> {
              String n = api.request(b, a1, line(p[0], p[1], 3)).getNegotiationId();
              await(a2, n, NegotiationState.ACKNOWLEDGED);
              b.partition();
              api.subHire(a2)
                  .quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(n).build());
              Thread.sleep(1_500); // A tries (and fails) at least once
              a2.kill();
              b.heal();
              SubHire quoted = await(b, n, NegotiationState.QUOTED);
              assertThat(SubHireApi.timesEntered(quoted, NegotiationState.QUOTED)).isEqualTo(1);
              api.subHire(b).acceptSubHire(action(n));
              await(a1, n, NegotiationState.ACCEPTED);
              api.subHire(a1).confirmSubHire(action(n));
              await(b, n, NegotiationState.CONFIRMED);
              assertThat(api.available(a1, p[0])).isEqualTo(7);
              assertThat(api.available(b, p[1])).isEqualTo(3);
            })
        .step(
            "kill -9 the replica right after it took a request: one negotiation, carried on by the other",
            () -> {
              a2.start();
              // B's calls reach replica 2 only, which is killed right after it takes the request.
              balancer.upstreams(List.of("127.0.0.3"));
              balancer.cutConnections();
              String n = api.request(b, a1, line(p[0], p[1], 2)).getNegotiationId();
              Thread.sleep(300);
              a2.kill();
              balancer.upstreams(List.of("127.0.0.1", "127.0.0.3"));
              await(b, n, NegotiationState.ACKNOWLEDGED);
              await(a1, n, NegotiationState.ACKNOWLEDGED);
              long onA =
                  api
                      .subHire(a1)
                      .listSubHires(ListSubHiresRequest.getDefaultInstance())
                      .getSubHiresList()
                      .stream()
                      .filter(s -> s.getNegotiationId().equals(n))
                      .count();
              assertThat(onA).isEqualTo(1);
              api.subHire(a1)
                  .quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(n).build());
              await(b, n, NegotiationState.QUOTED);
              api.subHire(b).acceptSubHire(action(n));
              await(a1, n, NegotiationState.ACCEPTED);
              api.subHire(a1).confirmSubHire(action(n));
              await(b, n, NegotiationState.CONFIRMED);
              assertThat(api.available(a1, p[0])).isEqualTo(5);
              assertThat(api.available(b, p[1])).isEqualTo(5);
            });
  }

  private static SubHire await(NodeHandle n, String id, NegotiationState state) throws Exception {
    return api.await(n, id, state, WAIT);
  }
}
