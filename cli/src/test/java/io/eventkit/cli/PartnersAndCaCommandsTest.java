package io.eventkit.cli;

import static io.eventkit.cli.TrustCommandsTest.parseJson;
import static io.eventkit.cli.TrustCommandsTest.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.proto.v1.CertificateAuthorityInfo;
import io.eventkit.proto.v1.IssuingCaSlotInfo;
import io.eventkit.proto.v1.ListPartnerHealthResponse;
import io.eventkit.proto.v1.PartnerHealth;
import io.eventkit.proto.v1.PartnerState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code partners health}, {@code ca show} and {@code ca rotate}. */
class PartnersAndCaCommandsTest {
  private FakeTrustService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeTrustService();
    cli = new Cli(fake.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(fake.unexpected).isEmpty();
      assertThat(fake.pending()).isZero();
    } finally {
      fake.close();
    }
  }

  @Test
  void healthPrintsOneRowPerPartnerAndTheLastErrorsBelow() throws Exception {
    ListPartnerHealthResponse response =
        ListPartnerHealthResponse.newBuilder()
            .addPartners(
                PartnerHealth.newBuilder()
                    .setNodeId("b.example")
                    .setState(PartnerState.PARTNER_STATE_ACTIVE)
                    .setLastSuccess(ts("2026-11-24T11:59:58Z"))
                    .setLatencyP50Ms(3.25)
                    .setLatencyP99Ms(120.4)
                    .setCircuitState("CLOSED")
                    .setClientCertificateExpiresAt(ts("2026-11-25T11:00:00Z"))
                    .setBundleAgeSeconds(86_340)
                    .setClockOffsetMs(45_200)
                    .setClockOffsetWarning(true))
            .addPartners(
                PartnerHealth.newBuilder()
                    .setNodeId("c.example")
                    .setState(PartnerState.PARTNER_STATE_SUSPENDED)
                    .setLastErrorAt(ts("2026-11-24T11:00:00Z"))
                    .setLastError("DEADLINE_EXCEEDED: no answer within 2s")
                    .setCircuitState("OPEN"))
            .build();
    fake.expect("ListPartnerHealth", response).expect("ListPartnerHealth", response);

    Cli.Result r = cli.run("partners", "health");
    Cli.Result json = cli.run("partners", "health", "--output=json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "NODE       STATE      LAST OK               LAST ERROR            P50    P99    CIRCUIT"
                + "  CERT EXPIRES          BUNDLE AGE  CLOCK");
    assertThat(lines.get(1))
        .isEqualTo(
            "b.example  ACTIVE     2026-11-24T11:59:58Z  -                     3.3ms  120ms  CLOSED "
                + "  2026-11-25T11:00:00Z  23h 59m     +45.2s !");
    assertThat(lines.get(2))
        .isEqualTo(
            "c.example  SUSPENDED  -                     2026-11-24T11:00:00Z  -      -      OPEN   "
                + "  -                     -           -");
    assertThat(r.out())
        .contains(
            "Last errors:\n  c.example at 2026-11-24T11:00:00Z: DEADLINE_EXCEEDED: no answer within 2s")
        .contains(
            "Warning: the clock of b.example is 45.2s ahead of this node's; check NTP on both nodes");
    assertThat(parseJson(json.out(), ListPartnerHealthResponse.getDefaultInstance()))
        .isEqualTo(response);
  }

  @Test
  void healthWithNoPartners() {
    fake.expect("ListPartnerHealth", ListPartnerHealthResponse.getDefaultInstance());
    Cli.Result r = cli.run("partners", "health");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("No partners yet");
  }

  static CertificateAuthorityInfo ca(String... slotStates) {
    CertificateAuthorityInfo.Builder b =
        CertificateAuthorityInfo.newBuilder()
            .setNodeId("a.example")
            .setRootFingerprintSha256("ab".repeat(32))
            .setRootSubject("CN=a.example root")
            .setRootNotAfter(ts("2036-11-24T12:00:00Z"))
            .setBundleSequence(4)
            .setServerCertificateFingerprintSha256("cd".repeat(32))
            .setServerCertificateNotAfter(ts("2026-12-24T12:00:00Z"))
            .setRevokedCertificates(2);
    int i = 1;
    for (String state : slotStates) {
      b.addIssuingCas(
          IssuingCaSlotInfo.newBuilder()
              .setId("ica-" + i)
              .setState(state)
              .setSubject("CN=a.example issuing " + i)
              .setFingerprintSha256(String.valueOf(i).repeat(64))
              .setNotAfter(ts("2027-11-24T12:00:00Z"))
              .setSince(ts("2026-11-0" + i + "T00:00:00Z")));
      i++;
    }
    return b.build();
  }

  @Test
  void caShowPrintsRootServerCertAndIssuingCas() throws Exception {
    CertificateAuthorityInfo info = ca("ACTIVE");
    fake.expect("GetCertificateAuthority", info).expect("GetCertificateAuthority", info);

    Cli.Result r = cli.run("ca", "show");
    Cli.Result json = cli.run("ca", "show", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("node                 a.example")
        .contains("root sha256          " + "ab".repeat(32))
        .contains("root expires         2036-11-24T12:00:00Z (in 3653d)")
        .contains("server cert expires  2026-12-24T12:00:00Z (in 30d)")
        .contains("bundle sequence      4")
        .contains("revoked certs        2")
        .contains("ID     STATE   SINCE                 EXPIRES               SHA256")
        .contains("ica-1  ACTIVE  2026-11-01T00:00:00Z  2027-11-24T12:00:00Z  " + "1".repeat(64))
        .doesNotContain("Next:");
    assertThat(parseJson(json.out(), CertificateAuthorityInfo.getDefaultInstance()))
        .isEqualTo(info);
  }

  @Test
  void caRotateSaysWhatComesNext() {
    fake.expect("RotateIssuingCa", ca("ACTIVE", "PUBLISHED"))
        .expect("RotateIssuingCa", ca("PREVIOUS", "ACTIVE"));

    Cli.Result published = cli.run("ca", "rotate");
    Cli.Result activated = cli.run("ca", "rotate");

    assertThat(published.exitCode()).isZero();
    assertThat(published.out())
        .startsWith("Rotation advanced one step.")
        .contains("ica-2  PUBLISHED")
        .contains("'eventkit ca rotate' activates the published CA");
    assertThat(activated.out()).contains("'eventkit ca rotate' retires it");
    assertThat(fake.requests("RotateIssuingCa")).hasSize(2);
  }

  @Test
  void nodeInfoAndWhoAmIStillWork() throws Exception {
    io.eventkit.proto.v1.GetNodeInfoResponse info =
        io.eventkit.proto.v1.GetNodeInfoResponse.newBuilder()
            .setNodeId("a.example")
            .setVersion("0.1.0")
            .setFederationEndpoint("a.example:9443")
            .setRootCaFingerprintSha256("ab".repeat(32))
            .setStartedAt(ts("2026-11-24T11:00:00Z"))
            .setServerTime(ts("2026-11-24T12:00:00Z"))
            .build();
    io.eventkit.proto.v1.WhoAmIResponse who =
        io.eventkit.proto.v1.WhoAmIResponse.newBuilder()
            .setPrincipalId("p-1")
            .setName("ops")
            .setRole(io.eventkit.proto.v1.Role.ROLE_ADMIN)
            .build();
    fake.expect("GetNodeInfo", info).expect("WhoAmI", who).expect("WhoAmI", who);

    Cli.Result node = cli.run("node", "info");
    Cli.Result whoText = cli.run("auth", "whoami");
    Cli.Result whoJson = cli.run("auth", "whoami", "-o", "json");

    assertThat(node.exitCode()).as(node.toString()).isZero();
    assertThat(node.out())
        .contains("node id         a.example")
        .contains("federation      a.example:9443")
        .contains("started         2026-11-24T11:00:00Z");
    assertThat(whoText.out()).isEqualTo("principal  p-1\nname       ops\nrole       ADMIN\n");
    assertThat(parseJson(whoJson.out(), io.eventkit.proto.v1.WhoAmIResponse.getDefaultInstance()))
        .isEqualTo(who);
  }
}
