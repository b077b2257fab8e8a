package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.StartSsoLoginRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code eventkit login}/{@code logout} and the stored login, against a fake AuthService that
 * rotates refresh tokens and expires access tokens on the test's clock.
 */
class LoginCommandsTest {
  static final String EMAIL = "ada@example.com";
  static final String PASSWORD = "correct horse battery";

  private MutableClock clock;
  private FakeAuthService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    clock = new MutableClock(Cli.NOW);
    fake = new FakeAuthService(clock);
    fake.addUser(EMAIL, PASSWORD, Role.ROLE_ADMIN);
    cli = new Cli(fake.url()).clock(clock);
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
    cli.deleteConfigDir();
  }

  Path credentials() {
    return cli.configDir().resolve(Credentials.FILE_NAME);
  }

  JsonObject stored() throws Exception {
    return JsonParser.parseString(Files.readString(credentials())).getAsJsonObject();
  }

  Cli.Result login() {
    return cli.stdin(PASSWORD + "\n")
        .raw("--node", fake.url(), "login", "--email", EMAIL, "--password-stdin");
  }

  static Terminal typing(List<String> prompts, String... answers) {
    List<String> queue = new ArrayList<>(List.of(answers));
    return new Terminal() {
      @Override
      public boolean interactive() {
        return true;
      }

      @Override
      public String readLine(String prompt) {
        throw new AssertionError("a password must not be read with echo");
      }

      @Override
      public char[] readPassword(String prompt) {
        prompts.add(prompt);
        return queue.isEmpty() ? null : queue.remove(0).toCharArray();
      }
    };
  }

  // ---- login ----------------------------------------------------------------------------------

  @Test
  void loginStoresTheLoginOwnerOnlyAndPrintsNoToken() throws Exception {
    Cli.Result r = login();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    LoginRequest sent = fake.<LoginRequest>requests("Login").get(0);
    assertThat(sent.getEmail()).isEqualTo(EMAIL);
    assertThat(sent.getPassword()).isEqualTo(PASSWORD);
    assertThat(fake.calls("Login").get(0).authorization()).isNull();

    assertThat(Files.getPosixFilePermissions(cli.configDir()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(credentials()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    try (Stream<Path> files = Files.list(cli.configDir())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file left behind")
          .containsExactlyInAnyOrder(Credentials.FILE_NAME);
    }
    JsonObject json = stored();
    assertThat(json.get("node").getAsString()).isEqualTo(fake.url());
    assertThat(json.get("email").getAsString()).isEqualTo(EMAIL);
    assertThat(json.get("accessToken").getAsString()).startsWith("at-");
    assertThat(json.get("refreshToken").getAsString()).startsWith("rt-");
    assertThat(json.get("accessTokenExpiresAt").getAsString()).isEqualTo("2026-11-24T12:15:00Z");

    assertThat(r.out())
        .contains("Logged in to " + fake.url() + " as " + EMAIL + " (admin).")
        .contains("access until  2026-11-24T12:15:00Z (in 15m)")
        .contains(credentials().toString());
    assertNoSecrets(
        r, json.get("accessToken").getAsString(), json.get("refreshToken").getAsString());
  }

  @Test
  void loginJsonIsTheLoginResponseWithoutItsTokens() throws Exception {
    Cli.Result r =
        cli.stdin(PASSWORD + "\n")
            .raw("--node", fake.url(), "-o", "json", "login", "--email", EMAIL, "--password-stdin");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    LoginResponse shown = TrustCommandsTest.parseJson(r.out(), LoginResponse.getDefaultInstance());
    assertThat(shown.getUser().getEmail()).isEqualTo(EMAIL);
    assertThat(shown.getSessionId()).isNotEmpty();
    assertThat(shown.getAccessToken()).isEmpty();
    assertThat(shown.getRefreshToken()).isEmpty();
  }

  @Test
  void loginReadsThePasswordFromTheTerminalWithoutEcho() throws Exception {
    List<String> prompts = new ArrayList<>();
    Cli.Result r =
        cli.terminal(typing(prompts, PASSWORD))
            .raw("--node", fake.url(), "login", "--email", EMAIL);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(prompts).containsExactly("Password for " + EMAIL + ": ");
    assertThat(fake.<LoginRequest>requests("Login").get(0).getPassword()).isEqualTo(PASSWORD);
  }

  @Test
  void loginWithoutATerminalOrPasswordStdinIsAUsageErrorAndCallsNothing() {
    Cli.Result r = cli.raw("--node", fake.url(), "login", "--email", EMAIL);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("no terminal to read the password from")
        .contains("--password-stdin");
    assertThat(fake.calls).isEmpty();
    assertThat(credentials()).doesNotExist();
  }

  @Test
  void loginRefusesABadEmailWithoutCallingTheNode() {
    Cli.Result r =
        cli.stdin(PASSWORD + "\n")
            .raw("--node", fake.url(), "login", "--email", "ada.example.com", "--password-stdin");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'ada.example.com' is not an email address");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void aPasswordIsNeverAnArgument() {
    Cli.Result r = cli.raw("--node", fake.url(), "login", "--email", EMAIL, "--password", PASSWORD);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).doesNotContain(PASSWORD).contains("there is no --password option");
    assertThat(r.out()).doesNotContain(PASSWORD);
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void aWrongPasswordIsExit4AndStoresNothing() {
    Cli.Result r =
        cli.stdin("wrong password!!\n")
            .raw("--node", fake.url(), "login", "--email", EMAIL, "--password-stdin");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err())
        .contains("wrong email or password")
        .contains("check the email and the password");
    assertThat(credentials()).doesNotExist();
  }

  // ---- the stored login -----------------------------------------------------------------------

  @Test
  void commandsUseTheStoredLoginWithoutNodeOrToken() throws Exception {
    login();
    String access = stored().get("accessToken").getAsString();

    Cli.Result r = cli.raw("users", "list");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains(EMAIL);
    assertThat(fake.calls("ListUsers").get(0).authorization()).isEqualTo("Bearer " + access);
    assertThat(fake.calls("Refresh")).isEmpty();
  }

  @Test
  void anExpiringAccessTokenIsRefreshedAndTheRotatedRefreshTokenWrittenBack() throws Exception {
    login();
    JsonObject before = stored();
    clock.advance(Duration.ofMinutes(14).plusSeconds(30)); // within the refresh margin

    Cli.Result r = cli.raw("users", "list");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fake.calls("Refresh")).hasSize(1);
    assertThat(fake.calls("Refresh").get(0).authorization()).isNull();
    JsonObject after = stored();
    assertThat(after.get("refreshToken").getAsString())
        .isNotEqualTo(before.get("refreshToken").getAsString());
    assertThat(fake.refreshTokenSpent(before.get("refreshToken").getAsString())).isTrue();
    assertThat(fake.calls("ListUsers").get(0).authorization())
        .isEqualTo("Bearer " + after.get("accessToken").getAsString());
    assertThat(after.get("accessTokenExpiresAt").getAsString()).isEqualTo("2026-11-24T12:29:30Z");
    try (Stream<Path> files = Files.list(cli.configDir())) {
      for (Path f : files.toList()) {
        assertThat(Files.getPosixFilePermissions(f))
            .as(f.toString())
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      }
    }
    assertNoSecrets(
        r, after.get("accessToken").getAsString(), after.get("refreshToken").getAsString());

    // The next command uses the new access token as it is.
    assertThat(cli.raw("users", "list").exitCode()).isZero();
    assertThat(fake.calls("Refresh")).hasSize(1);
  }

  @Test
  void anAccessTokenTheNodeRefusesIsRefreshedOnceAndTheCallRetried() throws Exception {
    login();
    // The node's clock is ahead of ours: it finds the token expired, we do not.
    MutableClock ours = new MutableClock(Cli.NOW.plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(16));

    Cli.Result r =
        new Cli(fake.url())
            .clock(ours)
            .env("EVENTKIT_CONFIG_DIR", cli.configDir().toString())
            .raw("users", "list");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fake.calls("ListUsers")).hasSize(2);
    assertThat(fake.calls("Refresh")).hasSize(1);
  }

  @Test
  void aReusedRefreshTokenEndsTheSessionAndSaysToLogInAgain() throws Exception {
    login();
    String stale = Files.readString(credentials());
    clock.advance(Duration.ofMinutes(20));
    assertThat(cli.raw("users", "list").exitCode()).isZero(); // rotates the refresh token
    // An old copy of the file comes back (a backup, a second machine): its refresh token is spent.
    Files.writeString(credentials(), stale);
    clock.advance(Duration.ofMinutes(20));

    Cli.Result r = cli.raw("users", "list");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("run 'eventkit login' again");
    assertThat(fake.calls("ListUsers")).hasSize(1);
    assertThat(fake.sessions()).allMatch(s -> Text.isSet(s.getRevokedAt()));
    // The session is over for the current tokens as well.
    Cli.Result json = cli.raw("-o", "json", "users", "list");
    assertThat(json.exitCode()).isEqualTo(4);
    assertThat(JsonParser.parseString(json.out()).getAsJsonObject().get("error").getAsString())
        .isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void concurrentCommandsRefreshTheLoginOnlyOnce() throws Exception {
    login();
    clock.advance(Duration.ofMinutes(20));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Cli.Result>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(() -> cli.raw("users", "list"));
      }
      for (Future<Cli.Result> f : pool.invokeAll(runs)) {
        assertThat(f.get().exitCode()).as(f.get().toString()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fake.calls("Refresh")).hasSize(1);
    assertThat(fake.sessions()).noneMatch(s -> Text.isSet(s.getRevokedAt()));
  }

  @Test
  void anExplicitTokenWinsOverTheStoredLogin() throws Exception {
    login();

    Cli.Result r = cli.raw("--node", fake.url(), "--token", fake.adminKey, "users", "list");
    Cli.Result env =
        cli.env("EVENTKIT_TOKEN", fake.adminKey).raw("--node", fake.url(), "users", "list");

    assertThat(r.exitCode()).isZero();
    assertThat(env.exitCode()).isZero();
    assertThat(fake.calls("ListUsers"))
        .extracting(FakeAuthService.Call::authorization)
        .containsExactly("Bearer " + fake.adminKey, "Bearer " + fake.adminKey);
  }

  @Test
  void theStoredLoginIsNotSentToAnotherNode() throws Exception {
    login();
    try (FakeAuthService other = new FakeAuthService(clock)) {
      Cli.Result r = cli.raw("--node", other.url(), "users", "list");

      assertThat(r.exitCode()).isEqualTo(4);
      assertThat(other.calls("ListUsers").get(0).authorization()).isNull();
      assertThat(r.err()).contains("the stored login is for " + fake.url());
    }
  }

  @Test
  void anExistingGroupReadableConfigDirIsTightenedToTheOwner() throws Exception {
    Files.createDirectories(cli.configDir());
    Files.setPosixFilePermissions(cli.configDir(), PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(login().exitCode()).isZero();

    assertThat(Files.getPosixFilePermissions(cli.configDir()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void whoamiWithTheStoredLoginAndLoginOptionsWithoutOne() throws Exception {
    login();

    Cli.Result who = cli.raw("auth", "whoami");
    Cli.Result options = new Cli(fake.url()).raw("--node", fake.url(), "auth", "options");

    assertThat(who.exitCode()).as(who.toString()).isZero();
    assertThat(who.out())
        .contains("name         " + EMAIL)
        .contains("permissions  self,users.admin");
    assertThat(options.exitCode()).as(options.toString()).isZero();
    assertThat(options.out())
        .contains("sso       entra (Sign in with Entra ID)")
        .contains("eventkit login --sso entra");
    assertThat(fake.calls("GetLoginOptions").get(0).authorization()).isNull();
  }

  @Test
  void theNodeDefaultsToTheStoredLoginsOnlyWithoutAnExplicitToken() throws Exception {
    login();

    assertThat(nodeFor()).isEqualTo(fake.url());
    assertThat(nodeFor("--token", "some-key")).isEqualTo(ConnectionOptions.DEFAULT_NODE);
    assertThat(nodeFor("--node", "grpc://127.0.0.1:1")).isEqualTo("grpc://127.0.0.1:1");
  }

  /** The node {@code users list} with these options would call (parsed, not run). */
  private String nodeFor(String... options) {
    EventKitCli root = new EventKitCli();
    root.env = java.util.Map.of("EVENTKIT_CONFIG_DIR", cli.configDir().toString());
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("users", "list"));
    new picocli.CommandLine(root).parseArgs(args.toArray(String[]::new));
    return root.nodeUrl();
  }

  // ---- logout ---------------------------------------------------------------------------------

  @Test
  void logoutEndsTheSessionAndDeletesTheFile() throws Exception {
    login();
    String refresh = stored().get("refreshToken").getAsString();

    Cli.Result r = cli.raw("logout");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Logged out of " + fake.url() + " (" + EMAIL + ").");
    assertThat(fake.<io.eventkit.proto.v1.LogoutRequest>requests("Logout").get(0).getRefreshToken())
        .isEqualTo(refresh);
    assertThat(fake.sessions()).allMatch(s -> Text.isSet(s.getRevokedAt()));
    assertThat(credentials()).doesNotExist();
    assertThat(cli.raw("logout").out()).startsWith("Not logged in");
    Cli.Result after = cli.raw("--node", fake.url(), "users", "list");
    assertThat(after.exitCode()).isEqualTo(4);
    assertThat(after.err()).contains("eventkit login");
  }

  @Test
  void logoutFromAnUnreachableNodeStillDeletesTheLoginAndSaysSo() throws Exception {
    login();
    fake.close();

    Cli.Result r = cli.raw("logout");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains("deleted the stored login, but the node did not end the session")
        .contains("cannot reach the node");
    assertThat(credentials()).doesNotExist();
  }

  // ---- SSO ------------------------------------------------------------------------------------

  @Test
  void ssoLoginWaitsForTheBrowserOnALoopbackRedirectAndStoresTheLogin() throws Exception {
    Cli.Result r = cli.raw("--node", fake.url(), "login", "--sso", "entra");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    StartSsoLoginRequest start = fake.<StartSsoLoginRequest>requests("StartSsoLogin").get(0);
    assertThat(start.getProviderId()).isEqualTo("entra");
    assertThat(start.getRedirectUri()).matches("http://127\\.0\\.0\\.1:\\d+/callback");
    assertThat(r.out())
        .contains("Open this URL in a browser to log in with entra")
        .contains("https://login.example/authorize?client_id=eventkit&state=st-")
        .contains("Logged in to " + fake.url() + " as sso.user@example.com (planner).");
    // The forged redirect was refused; the real one completed the login.
    fake.awaitProvider();
    assertThat(fake.redirectStatuses).containsExactly(400, 200);
    assertThat(fake.calls("CompleteSsoLogin")).hasSize(1);
    assertThat(stored().get("email").getAsString()).isEqualTo("sso.user@example.com");
    assertThat(Files.getPosixFilePermissions(credentials()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(cli.raw("users", "list").exitCode()).isZero();
  }

  @Test
  void ssoLoginInJsonModeKeepsTheUrlOffStdout() throws Exception {
    Cli.Result r = cli.raw("--node", fake.url(), "-o", "json", "login", "--sso", "entra");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("https://login.example/authorize");
    LoginResponse shown = TrustCommandsTest.parseJson(r.out(), LoginResponse.getDefaultInstance());
    assertThat(shown.getUser().getEmail()).isEqualTo("sso.user@example.com");
    assertThat(shown.getRefreshToken()).isEmpty();
  }

  @Test
  void ssoLoginTheProviderRefusesIsExit4() {
    fake.provider = FakeAuthService.Provider.DENY;

    Cli.Result r = cli.raw("--node", fake.url(), "login", "--sso", "entra");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("the provider refused the login: access_denied (user cancelled)");
    assertThat(fake.calls("CompleteSsoLogin")).isEmpty();
    assertThat(credentials()).doesNotExist();
  }

  @Test
  void ssoLoginGivesUpAfterItsTimeout() {
    fake.provider = FakeAuthService.Provider.SILENT;

    Cli.Result r = cli.raw("--node", fake.url(), "login", "--sso", "entra", "--sso-timeout", "1s");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("the browser did not come back within 1s");
    assertThat(credentials()).doesNotExist();
  }

  @Test
  void ssoAndEmailTogetherAreAUsageError() {
    Cli.Result r = cli.raw("--node", fake.url(), "login", "--sso", "entra", "--email", EMAIL);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("give either --email EMAIL or --sso PROVIDER");
    assertThat(fake.calls).isEmpty();
  }

  /** Neither stream shows the password or a token of the stored login. */
  static void assertNoSecrets(Cli.Result r, String... tokens) {
    for (String s : Stream.concat(Stream.of(PASSWORD), Stream.of(tokens)).toList()) {
      assertThat(r.out()).doesNotContain(s);
      assertThat(r.err()).doesNotContain(s);
    }
  }
}
