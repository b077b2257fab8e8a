package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.NodeOptions;
import io.eventkit.conformance.harness.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clock skew (docs/federation.md §2.3, §2.5, §14: certificates are backdated 1 min and validated
 * with a 60 s skew allowance). B runs 90 s fast: its certificates start 30 s in A's future, which
 * only the skew allowance lets A accept. C runs 10 min fast: far beyond it, A refuses C's
 * certificates as not yet valid and the enrolment fails with a clear error.
 */
class ClockSkewTest {
  private static Deployer deployer;
  private static final List<NodeHandle> nodes = new ArrayList<>();
  private static NodeHandle a;
  private static NodeHandle b;
  private static NodeHandle c;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    a = deployer.deploy(1).get(0);
    b = deployer.deploy(1, NodeOptions.defaults().withClockOffset(Duration.ofSeconds(90))).get(0);
    c = deployer.deploy(1, NodeOptions.defaults().withClockOffset(Duration.ofMinutes(10))).get(0);
    nodes.addAll(List.of(a, b, c));
  }

  @AfterAll
  static void teardown() {
    if (deployer != null) {
      deployer.close();
    }
  }

  private static String invite(NodeHandle from, NodeHandle to) {
    Cli.Result r = Cli.run(from, "trust", "invite", "--partner", to.nodeId());
    assertThat(r.exitCode()).as("%s", r).isZero();
    return r.json().get("invitation").getAsString();
  }

  @Test
  void skewWithinTheAllowanceWorks() {
    Scenario.named("skew: B 90 s fast (within backdating + allowance)", nodes)
        .step(
            "B accepts A's invitation",
            () -> {
              Cli.Result r = Cli.run(b, "trust", "accept", invite(a, b));
              assertThat(r.exitCode()).as("%s", r).isZero();
            })
        .step(
            "mTLS works both ways",
            () -> {
              Cli.Result ab = Cli.run(a, "trust", "refresh", b.nodeId());
              assertThat(ab.exitCode()).as("%s", ab).isZero();
              Cli.Result ba = Cli.run(b, "trust", "refresh", a.nodeId());
              assertThat(ba.exitCode()).as("%s", ba).isZero();
            })
        .step(
            "both sides ACTIVE",
            () -> {
              assertThat(Cli.run(a, "trust", "show", b.nodeId()).json().get("state").getAsString())
                  .isEqualTo("PARTNER_STATE_ACTIVE");
              assertThat(Cli.run(b, "trust", "show", a.nodeId()).json().get("state").getAsString())
                  .isEqualTo("PARTNER_STATE_ACTIVE");
            });
  }

  @Test
  void skewFarBeyondTheAllowanceFailsWithAClearError() {
    Scenario.named("skew: C 10 min fast (beyond the allowance)", nodes)
        .step(
            "C's acceptance fails and says its certificate is not yet valid",
            () -> {
              Cli.Result r = Cli.run(c, "trust", "accept", invite(a, c));
              assertThat(r.exitCode()).as("%s", r).isNotZero();
              assertThat(r.err().toLowerCase(java.util.Locale.ROOT))
                  .as("%s", r)
                  .containsAnyOf("not yet valid", "not_yet_valid");
            })
        .step(
            "A never activated C",
            () -> {
              Cli.Result r = Cli.run(a, "trust", "show", c.nodeId());
              assertThat(r.out()).doesNotContain("PARTNER_STATE_ACTIVE");
            });
  }
}
