package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.ContainerDeployer;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.Scenario;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.TrustLevel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The container deployer end to end: two nodes from the docker/ image, each on its own PostgreSQL
 * container, become partners and one's fan-out reaches the other across the Docker network. Always
 * uses {@link ContainerDeployer}, whatever {@code eventkit.deployer} says; skipped (not failed)
 * where no Docker engine runs. Needs the node jar ({@code ./mvnw -pl node -am package}).
 */
class ContainerMeshTest {
  private static Deployer deployer;
  private static List<NodeHandle> nodes;

  @AfterAll
  static void teardown() {
    if (deployer != null) {
      deployer.close();
    }
  }

  @Test
  void twoContainerNodesBecomePartnersAndFanOutAcrossTheDockerNetwork() {
    // A JUnit assumption inside: without Docker this test is reported skipped, with the reason.
    deployer = new ContainerDeployer();
    nodes = deployer.deploy(2);
    NodeHandle a = nodes.get(0);
    NodeHandle b = nodes.get(1);
    Scenario.named("containers: two nodes, one partnership", nodes)
        .step(
            "B shares an SM58 and accepts A's invitation",
            () -> {
              try (Api aApi = new Api(a);
                  Api bApi = new Api(b)) {
                bApi.sharedProduct("Shure", "SM58", 4);
                bApi.accept(
                    aApi.invite(b.nodeId(), TrustLevel.TRUST_LEVEL_AVAILABILITY),
                    TrustLevel.TRUST_LEVEL_AVAILABILITY);
              }
            })
        .step(
            "A's fan-out sees B",
            () ->
                Scenario.eventually(
                    Duration.ofSeconds(30),
                    () -> {
                      try (Api aApi = new Api(a)) {
                        assertThat(
                                aApi.queryPartners("shure", "sm58", 2).getPartners(0).getStatus())
                            .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
                      }
                    }))
        .step(
            "B restarts (docker stop/start) and keeps its data",
            () -> {
              b.stop();
              b.start();
            })
        .step(
            "A reaches B again",
            () ->
                Scenario.eventually(
                    Duration.ofSeconds(60),
                    () -> {
                      try (Api aApi = new Api(a)) {
                        assertThat(
                                aApi.queryPartners("shure", "sm58", 2).getPartners(0).getStatus())
                            .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
                      }
                    }));
  }
}
