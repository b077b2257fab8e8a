package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.Scenario;
import io.eventkit.proto.v1.ListPartnersRequest;
import io.eventkit.proto.v1.ListSubHiresRequest;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.Partner;
import io.eventkit.proto.v1.PartnerAvailability;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.PartnerState;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.QuoteSubHireRequest;
import io.eventkit.proto.v1.TrustLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 10-node mesh smoke scenario: every node trusts every other (45 relationships, made through
 * the admin API, five disjoint enrolments at a time), and every node's fan-out sees all nine
 * others. Mesh-wide business flows are added as further steps in {@link #acrossTheMesh}.
 */
class TenNodeMeshTest {
  private static final int N = 10;

  private static Deployer deployer;
  private static List<NodeHandle> nodes;
  private static final List<Api> apis = new ArrayList<>();

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    nodes = deployer.deploy(N);
    for (NodeHandle n : nodes) {
      apis.add(new Api(n));
    }
  }

  @AfterAll
  static void teardown() {
    apis.forEach(Api::close);
    if (deployer != null) {
      deployer.close();
    }
  }

  private static void awaitState(SubHireApi api, NodeHandle n, String id, NegotiationState state)
      throws Exception {
    Scenario.eventually(
        Duration.ofSeconds(45),
        () ->
            assertThat(api.get(n, id).getState()).as("%s on %s", id, n.nodeId()).isEqualTo(state));
  }

  /**
   * Round-robin pairings: {@code N - 1} rounds in which every node enrols with exactly one other,
   * so the enrolments of a round run in parallel without two of them touching the same node.
   */
  static List<List<int[]>> rounds(int n) {
    List<List<int[]>> rounds = new ArrayList<>();
    for (int r = 0; r < n - 1; r++) {
      List<int[]> pairs = new ArrayList<>();
      for (int k = 0; k < n / 2; k++) {
        int i = k == 0 ? n - 1 : (r + k) % (n - 1);
        int j = (r - k + n - 1) % (n - 1);
        pairs.add(new int[] {Math.min(i, j), Math.max(i, j)});
      }
      rounds.add(pairs);
    }
    return rounds;
  }

  @Test
  void everyNodeTrustsEveryOtherAndFanOutSeesThemAll() {
    Scenario s =
        Scenario.named("10-node mesh", nodes)
            .step(
                "every node shares an SM58",
                () -> {
                  for (int i = 0; i < N; i++) {
                    apis.get(i).sharedProduct("Shure", "SM58", i + 1);
                  }
                })
            .step(
                "45 relationships, SUBHIRE_REQUEST both ways",
                () -> {
                  ExecutorService pool = Executors.newFixedThreadPool(N / 2);
                  try {
                    for (List<int[]> round : rounds(N)) {
                      List<Future<?>> done = new ArrayList<>();
                      for (int[] p : round) {
                        done.add(
                            pool.submit(
                                () -> {
                                  Api inviter = apis.get(p[0]);
                                  Api invitee = apis.get(p[1]);
                                  invitee.accept(
                                      inviter.invite(
                                          nodes.get(p[1]).nodeId(),
                                          TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST),
                                      TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST);
                                  return null;
                                }));
                      }
                      for (Future<?> f : done) {
                        f.get();
                      }
                    }
                  } finally {
                    pool.shutdownNow();
                  }
                })
            .step(
                "every node holds nine ACTIVE partners",
                () -> {
                  for (int i = 0; i < N; i++) {
                    List<Partner> ps =
                        apis.get(i)
                            .trust()
                            .listPartners(ListPartnersRequest.newBuilder().setPageSize(100).build())
                            .getPartnersList();
                    assertThat(ps)
                        .as("partners of %s", nodes.get(i).nodeId())
                        .hasSize(N - 1)
                        .allMatch(p -> p.getState() == PartnerState.PARTNER_STATE_ACTIVE);
                  }
                });
    acrossTheMesh(s);
  }

  /**
   * Mesh-wide flows over the established trust. Each is a step of the one scenario, so a failure
   * names it and prints every node's log tail.
   */
  private static void acrossTheMesh(Scenario s) {
    int[][] hires = {{0, 9}, {4, 1}, {7, 3}}; // borrower, supplier
    SubHireApi subHire = new SubHireApi();
    Product[][] products = new Product[hires.length][2];
    String[] ids = new String[hires.length];
    s.step(
            "three sub-hires across the mesh: requested, quoted, accepted, confirmed",
            () -> {
              for (int k = 0; k < hires.length; k++) {
                NodeHandle borrower = nodes.get(hires[k][0]);
                NodeHandle supplier = nodes.get(hires[k][1]);
                products[k][0] = subHire.bulk(supplier, "MeshTruss", 6, true);
                products[k][1] = subHire.bulk(borrower, "MeshTruss", 0, false);
                ids[k] =
                    subHire
                        .request(
                            borrower, supplier, SubHireApi.line(products[k][0], products[k][1], 2))
                        .getNegotiationId();
              }
              for (int k = 0; k < hires.length; k++) {
                NodeHandle borrower = nodes.get(hires[k][0]);
                NodeHandle supplier = nodes.get(hires[k][1]);
                String id = ids[k];
                awaitState(subHire, supplier, id, NegotiationState.ACKNOWLEDGED);
                subHire
                    .subHire(supplier)
                    .quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(id).build());
                awaitState(subHire, borrower, id, NegotiationState.QUOTED);
                subHire.subHire(borrower).acceptSubHire(SubHireApi.action(id));
                awaitState(subHire, supplier, id, NegotiationState.ACCEPTED);
                subHire.subHire(supplier).confirmSubHire(SubHireApi.action(id));
                awaitState(subHire, borrower, id, NegotiationState.CONFIRMED);
              }
            })
        .step(
            "stock moved on both sides of each sub-hire, and only there",
            () -> {
              for (int k = 0; k < hires.length; k++) {
                assertThat(subHire.available(nodes.get(hires[k][1]), products[k][0])).isEqualTo(4);
                assertThat(subHire.available(nodes.get(hires[k][0]), products[k][1])).isEqualTo(2);
                assertThat(
                        subHire
                            .subHire(nodes.get(hires[k][0]))
                            .listSubHires(ListSubHiresRequest.getDefaultInstance())
                            .getSubHiresList())
                    .extracting(x -> x.getNegotiationId())
                    .contains(ids[k]);
              }
              subHire.close();
            });
    s.step(
        "every node's fan-out sees the nine others OK, each with its own quantity",
        () -> {
          for (int i = 0; i < N; i++) {
            int self = i;
            Scenario.eventually(
                Duration.ofSeconds(30),
                () -> {
                  List<PartnerAvailability> r =
                      apis.get(self).queryPartners("shure", "sm58", 100).getPartnersList();
                  assertThat(r)
                      .as("fan-out of %s: %s", nodes.get(self).nodeId(), r)
                      .hasSize(N - 1)
                      .allMatch(p -> p.getStatus() == PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
                  assertThat(
                          r.stream()
                              .map(p -> p.getLines(0).getAvailableQuantity())
                              .collect(Collectors.toSet()))
                      .hasSize(N - 1);
                });
          }
        });
  }
}
