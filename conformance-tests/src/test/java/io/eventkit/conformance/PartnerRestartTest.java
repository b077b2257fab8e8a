package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.Scenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A partner that goes down and comes back: trust survives its restart, both ways. */
class PartnerRestartTest {
  private static Deployer deployer;
  private static List<NodeHandle> nodes;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    nodes = deployer.deploy(2);
  }

  @AfterAll
  static void teardown() {
    deployer.close();
  }

  @Test
  void trustSurvivesAPartnerRestart() {
    NodeHandle a = nodes.get(0);
    NodeHandle b = nodes.get(1);
    Scenario.named("partner restart", nodes)
        .step(
            "A invites B, B accepts",
            () -> {
              String inv =
                  Cli.run(a, "trust", "invite", "--partner", b.nodeId())
                      .json()
                      .get("invitation")
                      .getAsString();
              assertThat(Cli.run(b, "trust", "accept", inv).exitCode()).isZero();
            })
        .step("B stops", b::stop)
        .step(
            "A's refresh of B fails as unreachable, and A's health is degraded",
            () -> {
              Cli.Result r = Cli.run(a, "trust", "refresh", b.nodeId());
              assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
              assertThat(r.err()).contains("cannot reach");
              String health =
                  java.net.http.HttpClient.newHttpClient()
                      .send(
                          java.net.http.HttpRequest.newBuilder(
                                  java.net.URI.create(a.httpUrl() + "/health"))
                              .build(),
                          java.net.http.HttpResponse.BodyHandlers.ofString())
                      .body();
              assertThat(health).contains("DEGRADED");
            })
        .step("B starts again on its data", b::start)
        .step(
            "both directions work again",
            () ->
                Scenario.eventually(
                    Duration.ofSeconds(20),
                    () -> {
                      assertThat(Cli.run(a, "trust", "refresh", b.nodeId()).exitCode()).isZero();
                      assertThat(Cli.run(b, "trust", "refresh", a.nodeId()).exitCode()).isZero();
                    }))
        .step(
            "states are still ACTIVE on both sides",
            () -> {
              assertThat(Cli.run(a, "trust", "show", b.nodeId()).json().get("state").getAsString())
                  .isEqualTo("PARTNER_STATE_ACTIVE");
              assertThat(Cli.run(b, "trust", "show", a.nodeId()).json().get("state").getAsString())
                  .isEqualTo("PARTNER_STATE_ACTIVE");
            });
  }
}
