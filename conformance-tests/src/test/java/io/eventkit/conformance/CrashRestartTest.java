package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.Scenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a node (process deployer only): after a restart on the same data its trust
 * relationships, keys and admin token are intact and calls flow both ways.
 */
class CrashRestartTest {
  private static Deployer deployer;
  private static List<NodeHandle> nodes;

  @AfterAll
  static void teardown() {
    if (deployer != null) {
      deployer.close();
    }
  }

  @Test
  void aKilledNodeComesBackWithItsTrust() {
    // In the test, not in @BeforeAll: the report then lists it as skipped, with the reason.
    assumeTrue(
        "process".equals(System.getProperty("eventkit.deployer")),
        "kill -9 needs -Deventkit.deployer=process");
    deployer = Deployer.fromSystemProperty();
    nodes = deployer.deploy(2);
    NodeHandle a = nodes.get(0);
    NodeHandle b = nodes.get(1);
    Scenario.named("kill -9 and restart", nodes)
        .step(
            "A and B become partners",
            () -> {
              String inv =
                  Cli.run(a, "trust", "invite", "--partner", b.nodeId())
                      .json()
                      .get("invitation")
                      .getAsString();
              assertThat(Cli.run(b, "trust", "accept", inv).exitCode()).isZero();
            })
        .step("kill -9 B", b::kill)
        .step("start B on the same data", b::start)
        .step(
            "B still trusts A and is trusted by A",
            () ->
                Scenario.eventually(
                    Duration.ofSeconds(20),
                    () -> {
                      assertThat(Cli.run(b, "trust", "refresh", a.nodeId()).exitCode()).isZero();
                      assertThat(Cli.run(a, "trust", "refresh", b.nodeId()).exitCode()).isZero();
                    }));
  }
}
