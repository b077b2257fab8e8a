package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.Scenario;
import io.eventkit.proto.v1.PartnerAvailability;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.QueryPartnerAvailabilityResponse;
import io.eventkit.proto.v1.TrustLevel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Case 10 and network faults: A fans out to B and C (both grant A AVAILABILITY and share an SM58).
 * B is partitioned, delayed, stopped; every answer comes back within the availability deadline (500
 * ms by default, plus slack for this shared machine) with B's status, C is unaffected, and B
 * recovers after each fault ends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartnerOutageTest {
  /** The default availability deadline plus slack for a loaded 2-core CI machine. */
  private static final Duration ANSWER_BOUND = Duration.ofMillis(500 + 1500);

  private static Deployer deployer;
  private static List<NodeHandle> nodes;
  private static NodeHandle a;
  private static NodeHandle b;
  private static NodeHandle c;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    assumeTrue(deployer.local(), "needs nodes on this machine's loopback (fault proxy, fake peer)");
    nodes = deployer.deploy(3);
    a = nodes.get(0);
    b = nodes.get(1);
    c = nodes.get(2);
    try (Api api = new Api(a)) {
      for (NodeHandle partner : List.of(b, c)) {
        try (Api p = new Api(partner)) {
          p.accept(
              api.invite(partner.nodeId(), TrustLevel.TRUST_LEVEL_AVAILABILITY),
              TrustLevel.TRUST_LEVEL_AVAILABILITY);
          p.sharedProduct("Shure", "SM58", partner == b ? 10 : 3);
        }
      }
    }
  }

  @AfterAll
  static void teardown() {
    if (deployer != null) {
      deployer.close();
    }
  }

  /** One fan-out from A; asserts it came back within the bound and returns statuses by node. */
  private static Map<String, PartnerAvailability> fanOut() {
    try (Api api = new Api(a)) {
      long t0 = System.nanoTime();
      QueryPartnerAvailabilityResponse r = api.queryPartners("shure", "sm-58", 4);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(took).as("fan-out answer time, %s", r).isLessThan(ANSWER_BOUND);
      return r.getPartnersList().stream()
          .collect(Collectors.toMap(PartnerAvailability::getPartnerNodeId, Function.identity()));
    }
  }

  private static void bothOk() throws Exception {
    Scenario.eventually(
        Duration.ofSeconds(30),
        () -> {
          Map<String, PartnerAvailability> r = fanOut();
          assertThat(r.get(b.nodeId()).getStatus())
              .as("%s", r)
              .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
          assertThat(r.get(c.nodeId()).getStatus())
              .as("%s", r)
              .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
        });
  }

  @Test
  @Order(1)
  void partitionedPartnerTimesOutWithinTheDeadlineAndRecoversAfterHeal() {
    Scenario.named("partition: B cut off from A and C", nodes)
        .step("A's fan-out sees B and C", PartnerOutageTest::bothOk)
        .step("partition B", b::partition)
        .step(
            "A answers within the deadline: B TIMEOUT or UNAVAILABLE, C OK",
            () -> {
              Map<String, PartnerAvailability> r = fanOut();
              assertThat(r.get(b.nodeId()).getStatus())
                  .as("%s", r)
                  .isIn(
                      PartnerQueryStatus.PARTNER_QUERY_STATUS_TIMEOUT,
                      PartnerQueryStatus.PARTNER_QUERY_STATUS_UNAVAILABLE);
              assertThat(r.get(c.nodeId()).getStatus())
                  .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
              assertThat(r.get(c.nodeId()).getLines(0).getAvailableQuantity()).isEqualTo(3);
            })
        .step("heal B", b::heal)
        .step("B answers again", PartnerOutageTest::bothOk);
  }

  @Test
  @Order(2)
  void delayBelowTheDeadlineStillAnswers() {
    Scenario.named("delay: 60 ms each way in front of B", nodes)
        .step("delay B by 60 ms per direction", () -> b.network().delay(Duration.ofMillis(60)))
        .step(
            "B answers OK, and its latency shows the delay",
            () ->
                Scenario.eventually(
                    Duration.ofSeconds(20),
                    () -> {
                      Map<String, PartnerAvailability> r = fanOut();
                      PartnerAvailability pb = r.get(b.nodeId());
                      assertThat(pb.getStatus())
                          .as("%s", r)
                          .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
                      assertThat(pb.getLatencyMs()).as("%s", pb).isGreaterThanOrEqualTo(120);
                      assertThat(pb.getLines(0).getAvailableQuantity()).isEqualTo(4);
                    }))
        .step("back to no delay", b::heal)
        .step("both OK", PartnerOutageTest::bothOk);
  }

  @Test
  @Order(3)
  void case10_stoppedPartnerIsUnavailableWithinTheDeadlineAndRecoversAfterRestart() {
    Scenario.named("case 10: partner stopped, then restarted", nodes)
        .step("stop B", b::stop)
        .step(
            "A answers within the deadline: B not OK, C OK",
            () -> {
              Map<String, PartnerAvailability> r = fanOut();
              assertThat(r.get(b.nodeId()).getStatus())
                  .as("%s", r)
                  .isIn(
                      PartnerQueryStatus.PARTNER_QUERY_STATUS_UNAVAILABLE,
                      PartnerQueryStatus.PARTNER_QUERY_STATUS_TIMEOUT,
                      PartnerQueryStatus.PARTNER_QUERY_STATUS_CIRCUIT_OPEN);
              assertThat(r.get(c.nodeId()).getStatus())
                  .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
            })
        .step("start B on its data", b::start)
        .step("B answers again", PartnerOutageTest::bothOk);
  }

  @Test
  @Order(4)
  void cutConnectionsAreReopened() {
    Scenario.named("cut: every connection to B closed at once", nodes)
        .step("cut B's connections", () -> b.network().cutConnections())
        .step("B answers again", PartnerOutageTest::bothOk);
  }
}
