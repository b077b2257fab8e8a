package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real nodes on loopback, driven only through the CLI (federation brief cases 1, 2, 8 for the
 * issuing CA, and 9). Steps run in order and share the mesh.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustMeshTest {
  private static Deployer deployer;
  private static NodeHandle a;
  private static NodeHandle b;
  private static NodeHandle c;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    List<NodeHandle> nodes = deployer.deploy(3);
    a = nodes.get(0);
    b = nodes.get(1);
    c = nodes.get(2);
  }

  @AfterAll
  static void teardown() {
    deployer.close();
  }

  private static Cli.Result ok(NodeHandle node, String... args) {
    Cli.Result r = Cli.run(node, args);
    assertThat(r.exitCode()).as("%s on %s: %s", String.join(" ", args), node.nodeId(), r).isZero();
    return r;
  }

  private static String state(NodeHandle on, NodeHandle of) {
    return ok(on, "trust", "show", of.nodeId()).json().get("state").getAsString();
  }

  @Test
  @Order(1)
  void case1_inviteAndAcceptMakesActiveRelationshipsWithTheirOwnLevels() {
    String forB =
        ok(a, "trust", "invite", "--partner", b.nodeId(), "--level", "availability")
            .json()
            .get("invitation")
            .getAsString();
    String forC =
        ok(a, "trust", "invite", "--partner", c.nodeId(), "--level", "discover", "--ttl", "5m")
            .json()
            .get("invitation")
            .getAsString();
    ok(b, "trust", "accept", forB);
    ok(c, "trust", "accept", forC, "--level", "none");

    assertThat(state(a, b)).isEqualTo("PARTNER_STATE_ACTIVE");
    assertThat(state(b, a)).isEqualTo("PARTNER_STATE_ACTIVE");
    assertThat(state(a, c)).isEqualTo("PARTNER_STATE_ACTIVE");
    assertThat(state(c, a)).isEqualTo("PARTNER_STATE_ACTIVE");
    assertThat(ok(a, "trust", "show", b.nodeId()).json().get("grantedLevel").getAsString())
        .isEqualTo("TRUST_LEVEL_AVAILABILITY");
    assertThat(ok(a, "trust", "show", c.nodeId()).json().get("grantedLevel").getAsString())
        .isEqualTo("TRUST_LEVEL_DISCOVER");
    assertThat(ok(c, "trust", "show", a.nodeId()).json().get("grantedLevel").getAsString())
        .isEqualTo("TRUST_LEVEL_NONE");
    assertThat(ok(c, "trust", "show", a.nodeId()).json().get("receivedLevel").getAsString())
        .isEqualTo("TRUST_LEVEL_DISCOVER");

    // mTLS ping works both ways (refresh pings the partner).
    ok(a, "trust", "refresh", b.nodeId());
    ok(b, "trust", "refresh", a.nodeId());
    ok(a, "trust", "refresh", c.nodeId());
    ok(c, "trust", "refresh", a.nodeId());
  }

  @Test
  @Order(2)
  void case2_reusedAndForeignInvitationsFailAndChangeNothing() {
    String forB =
        ok(a, "trust", "invite", "--partner", "someone.test")
            .json()
            .get("invitation")
            .getAsString();
    Cli.Result wrongNode = Cli.run(c, "trust", "accept", forB);
    assertThat(wrongNode.exitCode()).isNotZero();
    assertThat(wrongNode.err()).contains("someone.test");
    assertThat(Cli.run(b, "trust", "accept", "ekinv1.garbage").exitCode()).isEqualTo(2);
    assertThat(state(a, c)).isEqualTo("PARTNER_STATE_ACTIVE");
  }

  @Test
  @Order(3)
  void case9_suspendResumeRevoke() {
    ok(a, "trust", "suspend", b.nodeId(), "--reason", "audit");
    Cli.Result refused = Cli.run(b, "trust", "refresh", a.nodeId());
    assertThat(refused.exitCode()).as("%s", refused).isNotZero();
    assertThat(refused.err()).contains("suspended");
    ok(a, "trust", "resume", b.nodeId());
    ok(b, "trust", "refresh", a.nodeId());

    ok(a, "trust", "revoke", c.nodeId(), "--reason", "contract ended", "--yes");
    assertThat(state(a, c)).isEqualTo("PARTNER_STATE_REVOKED");
    assertThat(Cli.run(c, "trust", "refresh", a.nodeId()).exitCode()).isNotZero();
    assertThat(Cli.run(a, "trust", "resume", c.nodeId()).exitCode()).isNotZero();
    assertThat(ok(a, "ca", "show").json().get("revokedCertificates").getAsInt()).isGreaterThan(0);

    // B is unaffected by C's revocation.
    ok(b, "trust", "refresh", a.nodeId());
    String audit = ok(a, "trust", "audit", "--partner", c.nodeId()).out();
    assertThat(audit).contains("REVOKE").contains("contract ended").contains("INVITE");
  }

  @Test
  @Order(4)
  void issuingCaRotationKeepsPartnersWorking() {
    ok(a, "ca", "rotate");
    ok(b, "trust", "refresh", a.nodeId());
    ok(a, "trust", "refresh", b.nodeId());
    Cli.Result health = ok(a, "partners", "health");
    assertThat(health.out()).contains(b.nodeId());
  }
}
