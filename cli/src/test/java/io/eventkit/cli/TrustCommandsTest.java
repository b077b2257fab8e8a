package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.AcceptInvitationResponse;
import io.eventkit.proto.v1.AutoConfirmLimits;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.CreateInvitationResponse;
import io.eventkit.proto.v1.GetPartnerRequest;
import io.eventkit.proto.v1.Invitation;
import io.eventkit.proto.v1.ListPartnersRequest;
import io.eventkit.proto.v1.ListPartnersResponse;
import io.eventkit.proto.v1.ListTrustAuditRequest;
import io.eventkit.proto.v1.ListTrustAuditResponse;
import io.eventkit.proto.v1.Partner;
import io.eventkit.proto.v1.PartnerActionRequest;
import io.eventkit.proto.v1.PartnerState;
import io.eventkit.proto.v1.SetPartnerLevelRequest;
import io.eventkit.proto.v1.TrustAuditEntry;
import io.eventkit.proto.v1.TrustLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code trust} commands against a scripted TrustService on a real gRPC server. */
class TrustCommandsTest {
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
      assertThat(fake.unexpected).as("calls nobody scripted").isEmpty();
      assertThat(fake.pending()).as("scripted answers never asked for").isZero();
    } finally {
      fake.close();
    }
  }

  static Timestamp ts(String iso) {
    Instant i = Instant.parse(iso);
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static String invitationText(String issuer, String partner, TrustLevel level) {
    Invitation inv =
        Invitation.newBuilder()
            .setIssuerNodeId(issuer)
            .setEnrollmentEndpoint("127.0.0.1:9444")
            .setRootCaFingerprintSha256("ab".repeat(32))
            .setInvitationId("inv-1")
            .setSecret("c2VjcmV0")
            .setPartnerNodeId(partner)
            .setOfferedLevel(level)
            .setExpiresAt(ts("2026-11-24T12:15:00Z"))
            .build();
    return Invitations.PREFIX
        + Base64.getUrlEncoder().withoutPadding().encodeToString(inv.toByteArray());
  }

  static Partner partner(String id) {
    return Partner.newBuilder()
        .setNodeId(id)
        .setState(PartnerState.PARTNER_STATE_ACTIVE)
        .setFederationEndpoint(id + ":9443")
        .setGrantedLevel(TrustLevel.TRUST_LEVEL_AVAILABILITY)
        .setReceivedLevel(TrustLevel.TRUST_LEVEL_DISCOVER)
        .setRateLimitPerSecond(20)
        .setBundleSequence(3)
        .setBundleFetchedAt(ts("2026-11-24T11:55:00Z"))
        .setClientCertificateExpiresAt(ts("2026-11-25T11:59:00Z"))
        .setCreatedAt(ts("2026-11-20T08:00:00Z"))
        .setStateChangedAt(ts("2026-11-20T08:00:05Z"))
        .build();
  }

  @SuppressWarnings("unchecked")
  static <T extends Message> T parseJson(String json, T prototype) throws Exception {
    Message.Builder b = prototype.newBuilderForType();
    JsonFormat.parser().merge(json, b);
    return (T) b.build();
  }

  // ---- invite ---------------------------------------------------------------------------------

  @Test
  void inviteMapsPartnerLevelAndTtlAndPrintsTheInvitationOnItsOwnLine() {
    String text = invitationText("a.example", "b.example", TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST);
    fake.expect(
        "CreateInvitation",
        CreateInvitationResponse.newBuilder()
            .setInvitation(text)
            .setInvitationId("inv-1")
            .setExpiresAt(ts("2026-11-24T13:00:00Z"))
            .build());

    Cli.Result r =
        cli.run(
            "trust",
            "invite",
            "--partner",
            "b.example",
            "--level",
            "SUBHIRE_REQUEST",
            "--ttl",
            "1h");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    CreateInvitationRequest req = fake.<CreateInvitationRequest>requests("CreateInvitation").get(0);
    assertThat(req.getPartnerNodeId()).isEqualTo("b.example");
    assertThat(req.getLevel()).isEqualTo(TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST);
    assertThat(req.getTtlSeconds()).isEqualTo(3600);
    assertThat(fake.calls.get(0).authorization()).isEqualTo("Bearer " + Cli.TOKEN);

    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(text);
    assertThat(r.out())
        .contains("expires        2026-11-24T13:00:00Z (in 1h)")
        .contains("level          subhire-request")
        .contains("partner        b.example")
        .contains("root sha256    " + "ab".repeat(32))
        .contains("Give this invitation to the admin of b.example over a channel you trust")
        .contains("eventkit trust accept <invitation>");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void inviteWithoutLevelOrTtlLeavesTheDefaultsToTheNode() throws Exception {
    CreateInvitationResponse response =
        CreateInvitationResponse.newBuilder()
            .setInvitation("ekinv1.opaque")
            .setInvitationId("inv-2")
            .setExpiresAt(ts("2026-11-24T12:15:00Z"))
            .build();
    fake.expect("CreateInvitation", response).expect("CreateInvitation", response);

    Cli.Result text = cli.run("trust", "invite", "--partner", "b.example");
    Cli.Result json = cli.run("trust", "invite", "--partner", "b.example", "--output", "json");

    CreateInvitationRequest req = fake.<CreateInvitationRequest>requests("CreateInvitation").get(0);
    assertThat(req.getLevel()).isEqualTo(TrustLevel.TRUST_LEVEL_UNSPECIFIED);
    assertThat(req.getTtlSeconds()).isZero();
    assertThat(text.exitCode()).isZero();
    assertThat(text.out().lines().findFirst()).contains("ekinv1.opaque");
    assertThat(text.out()).contains("availability (default)").contains("(in 15m)");
    assertThat(json.exitCode()).isZero();
    assertThat(parseJson(json.out(), CreateInvitationResponse.getDefaultInstance()))
        .isEqualTo(response);
  }

  @Test
  void inviteRefusesBadInputLocally() {
    Cli.Result badLevel = cli.run("trust", "invite", "--partner", "b.example", "--level", "admin");
    assertThat(badLevel.exitCode()).isEqualTo(2);
    assertThat(badLevel.err())
        .contains("'admin' is not a trust level")
        .contains(
            "none, discover, availability, resolve-assets, subhire-request, subhire-auto-confirm");

    Cli.Result badId = cli.run("trust", "invite", "--partner", "B_Example");
    assertThat(badId.exitCode()).isEqualTo(2);
    assertThat(badId.err()).contains("'B_Example' is not a valid node ID").contains("lowercase");

    Cli.Result upper = cli.run("trust", "invite", "--partner", "B.Example");
    assertThat(upper.err()).contains("did you mean 'b.example'?");

    Cli.Result url = cli.run("trust", "invite", "--partner", "https://b.example");
    assertThat(url.err()).contains("not a URL");

    Cli.Result badTtl = cli.run("trust", "invite", "--partner", "b.example", "--ttl", "soon");
    assertThat(badTtl.exitCode()).isEqualTo(2);
    assertThat(badTtl.err()).contains("'soon' is not a duration").contains("15m");

    Cli.Result longTtl = cli.run("trust", "invite", "--partner", "b.example", "--ttl", "8d");
    assertThat(longTtl.exitCode()).isEqualTo(2);
    assertThat(longTtl.err()).contains("--ttl must be between 1s and 7d");

    Cli.Result missing = cli.run("trust", "invite");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .contains("Missing required option: '--partner=ID'")
        .contains("eventkit trust invite --help");
    assertThat(fake.calls).isEmpty();
  }

  // ---- accept ---------------------------------------------------------------------------------

  @Test
  void acceptSendsTheInvitationWithoutPastedWhitespaceAndTheLevel() throws Exception {
    String text = invitationText("a.example", "b.example", TrustLevel.TRUST_LEVEL_AVAILABILITY);
    Partner a =
        partner("a.example").toBuilder().setState(PartnerState.PARTNER_STATE_PENDING).build();
    AcceptInvitationResponse response = AcceptInvitationResponse.newBuilder().setPartner(a).build();
    fake.expect("AcceptInvitation", response).expect("AcceptInvitation", response);
    String pasted = "  " + text.substring(0, 20) + "\n  " + text.substring(20) + "\n";

    Cli.Result r = cli.run("trust", "accept", pasted, "--level", "discover");
    Cli.Result json = cli.run("trust", "accept", text, "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<AcceptInvitationRequest> reqs = fake.requests("AcceptInvitation");
    assertThat(reqs.get(0).getInvitation()).isEqualTo(text);
    assertThat(reqs.get(0).getLevel()).isEqualTo(TrustLevel.TRUST_LEVEL_DISCOVER);
    assertThat(reqs.get(1).getLevel()).isEqualTo(TrustLevel.TRUST_LEVEL_UNSPECIFIED);
    assertThat(r.out())
        .contains("Accepted the invitation from a.example (state PENDING).")
        .contains("node          a.example");
    assertThat(parseJson(json.out(), AcceptInvitationResponse.getDefaultInstance()))
        .isEqualTo(response);
  }

  @Test
  void acceptRefusesTextThatIsNotAnInvitation() {
    for (String bad : List.of("hello", "ekinv1.", "ekinv1.!!!", "ekinv1.AAAA")) {
      Cli.Result r = cli.run("trust", "accept", bad);
      assertThat(r.exitCode()).as(bad).isEqualTo(2);
      assertThat(r.err()).contains("that is not an invitation").contains("ekinv1.");
    }
    Cli.Result missing = cli.run("trust", "accept");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required parameter: 'INVITATION'");
    assertThat(fake.calls).isEmpty();
  }

  // ---- list / show ----------------------------------------------------------------------------

  @Test
  void listFollowsPageTokensAndPrintsAnAlignedTable() throws Exception {
    Partner b = partner("b.example");
    Partner longName =
        partner("very-long-partner-name.example").toBuilder()
            .setState(PartnerState.PARTNER_STATE_SUSPENDED)
            .setGrantedLevel(TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM)
            .clearClientCertificateExpiresAt()
            .build();
    for (int i = 0; i < 2; i++) {
      fake.expect(
              "ListPartners",
              ListPartnersResponse.newBuilder().addPartners(b).setNextPageToken("p2").build())
          .expect("ListPartners", ListPartnersResponse.newBuilder().addPartners(longName).build());
    }

    Cli.Result r = cli.run("trust", "list");
    // --output after the subcommand works as well as before it
    Cli.Result json = cli.run("trust", "list", "--output", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<ListPartnersRequest> reqs = fake.requests("ListPartners");
    assertThat(reqs)
        .extracting(ListPartnersRequest::getPageToken)
        .containsExactly("", "p2", "", "p2");
    assertThat(reqs.get(0).getPageSize()).isPositive();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .startsWith("NODE                            STATE      LEVEL                 THEIR LEVEL")
        .contains("ENDPOINT")
        .endsWith("CERT EXPIRES");
    assertThat(lines.get(1))
        .startsWith("b.example                       ACTIVE     availability          discover")
        .endsWith("2026-11-25T11:59:00Z");
    assertThat(lines.get(2))
        .startsWith("very-long-partner-name.example  SUSPENDED  subhire-auto-confirm  discover")
        .endsWith("-");
    int endpointColumn = lines.get(0).indexOf("ENDPOINT");
    assertThat(lines.get(1).indexOf("b.example:9443")).isEqualTo(endpointColumn);

    assertThat(parseJson(json.out(), ListPartnersResponse.getDefaultInstance()))
        .isEqualTo(ListPartnersResponse.newBuilder().addPartners(b).addPartners(longName).build());
  }

  @Test
  void listSaysSoWhenThereAreNoPartners() {
    fake.expect("ListPartners", ListPartnersResponse.getDefaultInstance());
    Cli.Result r = cli.run("trust", "list");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("No partners yet").contains("eventkit trust invite --partner ID");
  }

  @Test
  void listSaysWhichPartnersHaveRevokedThisNodeAndHowToStartOver() {
    fake.expect(
        "ListPartners",
        ListPartnersResponse.newBuilder()
            .addPartners(
                partner("b.example").toBuilder()
                    .setState(PartnerState.PARTNER_STATE_REVOKED_BY_PARTNER))
            .build());
    Cli.Result r = cli.run("trust", "list");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("REVOKED_BY_PARTNER")
        .contains(
            "b.example has revoked this node. To work together again, accept a new invitation"
                + " from it, or invite it: eventkit trust invite --partner b.example");
  }

  @Test
  void listStopsWhenTheNodeRepeatsAPageToken() {
    fake.expect(
            "ListPartners",
            ListPartnersResponse.newBuilder()
                .addPartners(partner("b.example"))
                .setNextPageToken("same")
                .build())
        .expect(
            "ListPartners",
            ListPartnersResponse.newBuilder()
                .addPartners(partner("c.example"))
                .setNextPageToken("same")
                .build());
    Cli.Result r = cli.run("trust", "list");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("same page token twice");
  }

  @Test
  void showLeavesOutAutoConfirmLimitsBelowThatLevel() {
    // The node sends an empty AutoConfirmLimits message for every partner.
    fake.expect(
        "GetPartner",
        partner("b.example").toBuilder()
            .setAutoConfirm(AutoConfirmLimits.getDefaultInstance())
            .build());
    Cli.Result r = cli.run("trust", "show", "b.example");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).doesNotContain("auto-confirm");
  }

  @Test
  void showPrintsOnePartnerAsKeyValueLines() throws Exception {
    Partner b =
        partner("b.example").toBuilder()
            .setGrantedLevel(TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM)
            .setAutoConfirm(
                AutoConfirmLimits.newBuilder()
                    .setMaxQuantityPerRequest(10)
                    .setMaxValueMinorUnits(250050)
                    .setCurrencyCode("EUR"))
            .build();
    fake.expect("GetPartner", b).expect("GetPartner", b);

    Cli.Result r = cli.run("trust", "show", "b.example");
    Cli.Result json = cli.run("-o", "json", "trust", "show", "b.example");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fake.<GetPartnerRequest>requests("GetPartner").get(0).getNodeId())
        .isEqualTo("b.example");
    assertThat(r.out())
        .isEqualTo(
            String.join(
                "\n",
                "node          b.example",
                "state         ACTIVE since 2026-11-20T08:00:05Z (4d 3h ago)",
                "endpoint      b.example:9443",
                "level         subhire-auto-confirm  (what b.example may do here)",
                "their level   discover  (what we may do on b.example)",
                "auto-confirm  max 10 items per request, max 2500.50 EUR per request",
                "rate limit    20 calls/s",
                "bundle        sequence 3, fetched 2026-11-24T11:55:00Z (5m ago)",
                "cert expires  2026-11-25T11:59:00Z (in 23h 59m)",
                "created       2026-11-20T08:00:00Z",
                ""));
    assertThat(parseJson(json.out(), Partner.getDefaultInstance())).isEqualTo(b);
  }

  // ---- set-level ------------------------------------------------------------------------------

  @Test
  void setLevelMapsLevelLimitsInMinorUnitsAndRateLimit() {
    fake.expect("SetPartnerLevel", partner("b.example"))
        .expect("SetPartnerLevel", partner("b.example"))
        .expect("SetPartnerLevel", partner("b.example"));

    Cli.Result r =
        cli.run(
            "trust",
            "set-level",
            "b.example",
            "subhire-auto-confirm",
            "--max-quantity",
            "10",
            "--max-value",
            "2500.5",
            "--currency",
            "eur",
            "--rate-limit",
            "50");
    Cli.Result yen =
        cli.run(
            "trust",
            "set-level",
            "b.example",
            "Subhire_Auto_Confirm",
            "--max-value",
            "30000",
            "--currency",
            "JPY");
    Cli.Result plain = cli.run("trust", "set-level", "b.example", "RESOLVE-ASSETS");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(yen.exitCode()).as(yen.toString()).isZero();
    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    List<SetPartnerLevelRequest> reqs = fake.requests("SetPartnerLevel");
    assertThat(reqs.get(0))
        .isEqualTo(
            SetPartnerLevelRequest.newBuilder()
                .setNodeId("b.example")
                .setLevel(TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM)
                .setAutoConfirm(
                    AutoConfirmLimits.newBuilder()
                        .setMaxQuantityPerRequest(10)
                        .setMaxValueMinorUnits(250050)
                        .setCurrencyCode("EUR"))
                .setRateLimitPerSecond(50)
                .build());
    assertThat(reqs.get(1).getAutoConfirm())
        .isEqualTo(
            AutoConfirmLimits.newBuilder()
                .setMaxValueMinorUnits(30000)
                .setCurrencyCode("JPY")
                .build());
    assertThat(reqs.get(2))
        .isEqualTo(
            SetPartnerLevelRequest.newBuilder()
                .setNodeId("b.example")
                .setLevel(TrustLevel.TRUST_LEVEL_RESOLVE_ASSETS)
                .build());
    assertThat(r.out()).startsWith("b.example may now do on this node: availability.");
  }

  @Test
  void setLevelRefusesLimitsWithoutAutoConfirmAndBadAmounts() {
    record Case(String expected, String... args) {}
    List<Case> cases =
        List.of(
            new Case(
                "apply only to level subhire-auto-confirm, not subhire-request",
                "subhire-request",
                "--max-quantity",
                "5"),
            new Case(
                "apply only to level", "availability", "--max-value", "10", "--currency", "EUR"),
            new Case("--max-value needs --currency", "subhire-auto-confirm", "--max-value", "10"),
            new Case(
                "--currency goes with --max-value", "subhire-auto-confirm", "--currency", "EUR"),
            new Case(
                "'EURO' is not an ISO 4217 currency code",
                "subhire-auto-confirm",
                "--max-value",
                "10",
                "--currency",
                "EURO"),
            new Case(
                "has more decimals than EUR allows (2)",
                "subhire-auto-confirm",
                "--max-value",
                "10.123",
                "--currency",
                "EUR"),
            new Case(
                "is not an amount",
                "subhire-auto-confirm",
                "--max-value",
                "ten",
                "--currency",
                "EUR"),
            new Case(
                "--max-value must be more than 0",
                "subhire-auto-confirm",
                "--max-value",
                "-1",
                "--currency",
                "EUR"),
            new Case(
                "--max-quantity must be at least 1", "subhire-auto-confirm", "--max-quantity", "0"),
            new Case("--rate-limit must be at least 1", "availability", "--rate-limit", "0"),
            new Case("'superuser' is not a trust level", "superuser"),
            new Case("Missing required parameter: 'LEVEL'"));
    for (Case c : cases) {
      List<String> args = new ArrayList<>(List.of("trust", "set-level", "b.example"));
      args.addAll(List.of(c.args()));
      Cli.Result r = cli.run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", args)).contains(c.expected());
    }
    assertThat(fake.calls).isEmpty();
  }

  // ---- suspend / resume / revoke / refresh ----------------------------------------------------

  @Test
  void suspendResumeAndRefreshSendThePartnerAndReason() {
    Partner suspended =
        partner("b.example").toBuilder().setState(PartnerState.PARTNER_STATE_SUSPENDED).build();
    fake.expect("SuspendPartner", suspended)
        .expect("ResumePartner", partner("b.example"))
        .expect("RefreshPartner", partner("b.example"));

    Cli.Result s = cli.run("trust", "suspend", "b.example", "--reason", "unpaid invoices");
    Cli.Result r = cli.run("trust", "resume", "b.example");
    Cli.Result f = cli.run("trust", "refresh", "b.example");

    assertThat(List.of(s.exitCode(), r.exitCode(), f.exitCode())).containsOnly(0);
    assertThat(fake.<PartnerActionRequest>requests("SuspendPartner").get(0))
        .isEqualTo(
            PartnerActionRequest.newBuilder()
                .setNodeId("b.example")
                .setReason("unpaid invoices")
                .build());
    assertThat(fake.<PartnerActionRequest>requests("ResumePartner").get(0))
        .isEqualTo(PartnerActionRequest.newBuilder().setNodeId("b.example").build());
    assertThat(fake.<PartnerActionRequest>requests("RefreshPartner").get(0).getNodeId())
        .isEqualTo("b.example");
    assertThat(s.out())
        .startsWith(
            "Suspended b.example: its calls are refused until you run: eventkit trust resume b.example")
        .contains("state         SUSPENDED");
    assertThat(r.out()).startsWith("Resumed b.example (state ACTIVE).");
    assertThat(f.out()).startsWith("Refreshed b.example (state ACTIVE).");
    assertThat(fake.calls)
        .extracting(FakeTrustService.Call::authorization)
        .containsOnly("Bearer " + Cli.TOKEN);
  }

  @Test
  void revokeWithoutYesAndWithoutATerminalIsRefused() {
    Cli.Result r = cli.run("trust", "revoke", "b.example");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("pass --yes");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void revokeWithYesRevokes() throws Exception {
    Partner revoked =
        partner("b.example").toBuilder().setState(PartnerState.PARTNER_STATE_REVOKED).build();
    fake.expect("RevokePartner", revoked).expect("RevokePartner", revoked);

    Cli.Result r = cli.run("trust", "revoke", "b.example", "--yes", "--reason", "contract ended");
    Cli.Result json = cli.run("trust", "revoke", "-y", "b.example", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fake.<PartnerActionRequest>requests("RevokePartner").get(0).getReason())
        .isEqualTo("contract ended");
    assertThat(r.out())
        .startsWith(
            "Revoked b.example (told about it if it was reachable; see eventkit trust audit"
                + " b.example). This is final");
    assertThat(parseJson(json.out(), Partner.getDefaultInstance())).isEqualTo(revoked);
  }

  @Test
  void revokeOnATerminalAsksForTheNodeId() {
    List<String> prompts = new ArrayList<>();
    List<String> answers = new ArrayList<>(List.of("b.example", "yes"));
    Terminal terminal =
        new Terminal() {
          @Override
          public boolean interactive() {
            return true;
          }

          @Override
          public String readLine(String prompt) {
            prompts.add(prompt);
            return answers.remove(0);
          }
        };
    fake.expect(
        "RevokePartner",
        partner("b.example").toBuilder().setState(PartnerState.PARTNER_STATE_REVOKED).build());
    Cli confirming = new Cli(fake.url()).terminal(terminal);

    Cli.Result ok = confirming.run("trust", "revoke", "b.example");
    Cli.Result wrong = confirming.run("trust", "revoke", "b.example");

    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(prompts.get(0)).contains("Revoke b.example?").contains("Type the node ID");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).contains("not confirmed: b.example was not revoked");
    assertThat(fake.requests("RevokePartner")).hasSize(1);
  }

  // ---- audit ----------------------------------------------------------------------------------

  static TrustAuditEntry entry(long id, String action) {
    return TrustAuditEntry.newBuilder()
        .setId(id)
        .setAt(ts("2026-11-24T10:00:00Z"))
        .setActor("admin:ops")
        .setActorAddress("/127.0.0.1:41824")
        .setPartnerNodeId("b.example")
        .setAction(action)
        .setDetail("level availability")
        .build();
  }

  @Test
  void auditFiltersByPartnerAndStopsAtTheLimit() throws Exception {
    fake.expect(
            "ListTrustAudit",
            ListTrustAuditResponse.newBuilder()
                .addEntries(entry(9, "SET_LEVEL"))
                .addEntries(entry(8, "ACTIVATE"))
                .setNextPageToken("t2")
                .build())
        .expect(
            "ListTrustAudit",
            ListTrustAuditResponse.newBuilder()
                .addEntries(entry(7, "ENROLL"))
                .addEntries(entry(6, "INVITE"))
                .setNextPageToken("t3")
                .build());

    Cli.Result r = cli.run("trust", "audit", "--partner", "b.example", "--limit", "3");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<ListTrustAuditRequest> reqs = fake.requests("ListTrustAudit");
    assertThat(reqs.get(0))
        .isEqualTo(
            ListTrustAuditRequest.newBuilder().setNodeId("b.example").setPageSize(3).build());
    assertThat(reqs.get(1))
        .isEqualTo(
            ListTrustAuditRequest.newBuilder()
                .setNodeId("b.example")
                .setPageSize(1)
                .setPageToken("t2")
                .build());
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "TIME                  ACTOR      FROM             PARTNER    ACTION     DETAIL");
    assertThat(lines.get(1))
        .isEqualTo(
            "2026-11-24T10:00:00Z  admin:ops  127.0.0.1:41824  b.example  SET_LEVEL  level availability");
    assertThat(lines).hasSize(5);
    assertThat(lines.get(4)).contains("more entries");
  }

  @Test
  void auditJsonAndEmpty() throws Exception {
    fake.expect(
            "ListTrustAudit",
            ListTrustAuditResponse.newBuilder().addEntries(entry(1, "INVITE")).build())
        .expect("ListTrustAudit", ListTrustAuditResponse.getDefaultInstance());

    Cli.Result json = cli.run("trust", "audit", "-o", "json");
    Cli.Result empty = cli.run("trust", "audit");

    assertThat(fake.<ListTrustAuditRequest>requests("ListTrustAudit").get(0).getPageSize())
        .isEqualTo(50);
    assertThat(parseJson(json.out(), ListTrustAuditResponse.getDefaultInstance()))
        .isEqualTo(ListTrustAuditResponse.newBuilder().addEntries(entry(1, "INVITE")).build());
    assertThat(empty.out()).contains("No audit entries.");
    assertThat(cli.run("trust", "audit", "--limit", "0").exitCode()).isEqualTo(2);
  }
}
