package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.Status;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How node refusals, transport failures and usage errors become exit codes and messages. */
class ErrorsTest {
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

  private Cli.Result refusedWith(Status status, String... args) {
    fake.expect("GetPartner", status);
    return cli.run(args.length == 0 ? new String[] {"trust", "show", "b.example"} : args);
  }

  @Test
  void permissionDeniedIsExit4WithTheNodesReason() {
    Cli.Result r =
        refusedWith(Status.PERMISSION_DENIED.withDescription("token 'viewer' is not an admin"));
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).isEqualTo("error: token 'viewer' is not an admin\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unauthenticatedIsExit4AndSaysHowToPassAToken() {
    Cli.Result r = refusedWith(Status.UNAUTHENTICATED.withDescription("missing bearer token"));
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err())
        .contains("missing bearer token")
        .contains("--token")
        .contains("EVENTKIT_TOKEN");
  }

  @Test
  void invalidArgumentIsExit2() {
    Cli.Result r =
        refusedWith(Status.INVALID_ARGUMENT.withDescription("partner is in state REVOKED"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("partner is in state REVOKED");
  }

  @Test
  void notFoundIsExit1AndJsonOutputCarriesTheCode() {
    Cli.Result text = refusedWith(Status.NOT_FOUND.withDescription("no partner b.example"));
    Cli.Result json =
        refusedWith(
            Status.NOT_FOUND.withDescription("no partner b.example"),
            "--output",
            "json",
            "trust",
            "show",
            "b.example");

    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.err()).isEqualTo("error: no partner b.example\n");
    assertThat(json.exitCode()).isEqualTo(1);
    JsonObject error = JsonParser.parseString(json.out()).getAsJsonObject();
    assertThat(error.get("error").getAsString()).isEqualTo("NOT_FOUND");
    assertThat(error.get("message").getAsString()).isEqualTo("no partner b.example");
  }

  @Test
  void otherFailuresAreExit1WithTheCodeWhenThereIsNoMessage() {
    Cli.Result r = refusedWith(Status.FAILED_PRECONDITION);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("FAILED_PRECONDITION");
  }

  @Test
  void unavailableOrDeadlineSentByTheNodeItselfIsARefusalNotAnUnreachableNode() {
    fake.expect(
            "AcceptInvitation",
            Status.UNAVAILABLE.withDescription("cannot reach a.example's enrolment listener"))
        .expect(
            "RefreshPartner",
            Status.DEADLINE_EXCEEDED.withDescription("b.example did not answer within 5s"));

    Cli.Result accept =
        cli.run(
            "trust",
            "accept",
            TrustCommandsTest.invitationText(
                "a.example", "b.example", io.eventkit.proto.v1.TrustLevel.TRUST_LEVEL_DISCOVER));
    Cli.Result refresh = cli.run("trust", "refresh", "b.example");

    assertThat(accept.exitCode()).isEqualTo(1);
    assertThat(accept.err()).isEqualTo("error: cannot reach a.example's enrolment listener\n");
    assertThat(refresh.exitCode()).isEqualTo(1);
    assertThat(refresh.err()).isEqualTo("error: b.example did not answer within 5s\n");
  }

  @Test
  void noAnswerWithinTheTimeoutIsExit3() {
    fake.expect("GetPartner", TrustCommandsTest.partner("b.example"), Duration.ofSeconds(2));
    Cli.Result r = cli.run("--timeout", "300ms", "trust", "show", "b.example");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("no answer from the node at " + fake.url() + " within 300ms");
  }

  @Test
  void aClosedPortIsExit3NamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    for (String url : new String[] {"grpc://127.0.0.1:" + port, "http://127.0.0.1:" + port}) {
      Cli.Result r = new Cli(url).run("trust", "list");
      assertThat(r.exitCode()).as(url).isEqualTo(3);
      assertThat(r.err())
          .as(url)
          .contains("cannot reach the node at " + url)
          .contains("connection refused");
      Cli.Result json = new Cli(url).run("trust", "list", "-o", "json");
      assertThat(json.exitCode()).isEqualTo(3);
      assertThat(JsonParser.parseString(json.out()).getAsJsonObject().get("error").getAsString())
          .isEqualTo("UNAVAILABLE");
    }
  }

  @Test
  void theTokenCanComeFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("admin-token");
    java.nio.file.Files.writeString(file, "file-token\n");
    fake.expect("GetPartner", TrustCommandsTest.partner("b.example"));

    Cli.Result ok =
        cli.raw(
            "--node", fake.url(), "--token-file", file.toString(), "trust", "show", "b.example");
    Cli.Result missing =
        cli.raw(
            "--node",
            fake.url(),
            "--token-file",
            dir.resolve("nope").toString(),
            "trust",
            "show",
            "b.example");

    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(fake.calls.get(0).authorization()).isEqualTo("Bearer file-token");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read --token-file").contains("no such file");
  }

  @Test
  void aBadNodeUrlIsAUsageError() {
    Cli.Result r = new Cli("127.0.0.1:8080").run("trust", "list");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("invalid --node '127.0.0.1:8080'").contains("grpc://HOST:PORT");
  }

  @Test
  void usageErrorsAreExit2WithAPointerToHelp() {
    Cli.Result unknown = cli.run("trust", "lst");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Did you mean: trust list?");

    Cli.Result group = cli.run("trust");
    assertThat(group.exitCode()).isEqualTo(2);
    assertThat(group.err()).contains("Usage: eventkit trust").contains("set-level");

    Cli.Result badTimeout = cli.run("--timeout", "forever", "trust", "list");
    assertThat(badTimeout.exitCode()).isEqualTo(2);
    assertThat(badTimeout.err()).contains("'forever' is not a duration");

    Cli.Result badId = cli.run("trust", "show", "-b.example");
    assertThat(badId.exitCode()).isEqualTo(2);

    Cli.Result badOutput = cli.run("-o", "yaml", "trust", "list");
    assertThat(badOutput.exitCode()).isEqualTo(2);
    assertThat(badOutput.err()).contains("yaml");

    Cli.Result jsonUsage = cli.run("-o", "json", "trust", "show", "Bad_ID");
    assertThat(jsonUsage.exitCode()).isEqualTo(2);
    assertThat(JsonParser.parseString(jsonUsage.out()).getAsJsonObject().get("error").getAsString())
        .isEqualTo("USAGE");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void everyCommandHasHelp() {
    String[][] commands = {
      {"trust", "invite"},
      {"trust", "accept"},
      {"trust", "list"},
      {"trust", "show"},
      {"trust", "set-level"},
      {"trust", "suspend"},
      {"trust", "resume"},
      {"trust", "revoke"},
      {"trust", "refresh"},
      {"trust", "audit"},
      {"partners", "health"},
      {"ca", "show"},
      {"ca", "rotate"},
      {"node", "info"},
      {"auth", "whoami"},
      {"subhire", "list"},
      {"subhire", "show"},
      {"subhire", "request"},
      {"subhire", "quote"},
      {"subhire", "accept"},
      {"subhire", "confirm"},
      {"subhire", "decline"},
      {"subhire", "cancel"},
      {"subhire", "dispatch"},
      {"subhire", "return"},
      {"subhire", "checkin"},
      {"subhire", "resync"}
    };
    for (String[] c : commands) {
      Cli.Result r = cli.raw(c[0], c[1], "--help");
      assertThat(r.exitCode()).as(String.join(" ", c)).isZero();
      assertThat(r.out())
          .as(String.join(" ", c))
          .startsWith("Usage: eventkit " + c[0] + " " + c[1]);
    }
    assertThat(cli.raw("trust", "set-level", "--help").out())
        .contains("resolve-assets, subhire-request, subhire-auto-confirm")
        .contains("--max-value 2500.00 --currency EUR");
    assertThat(cli.raw("subhire", "request", "--help").out())
        .contains("SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE]")
        .contains("--line \"$MIC_AT_B=$MIC:4@12.50EUR\"");
    assertThat(cli.raw("--help").out())
        .contains("Exit codes:")
        .contains("trust")
        .contains("subhire")
        .contains("ca");
    assertThat(fake.calls).isEmpty();
  }
}
