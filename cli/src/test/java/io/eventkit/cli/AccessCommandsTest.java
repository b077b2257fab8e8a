package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.eventkit.proto.v1.ApiToken;
import io.eventkit.proto.v1.ChangePasswordRequest;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateApiTokenResponse;
import io.eventkit.proto.v1.CreateRoleRequest;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.IssuePasswordResetResponse;
import io.eventkit.proto.v1.ListApiTokensResponse;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.ListAuthAuditResponse;
import io.eventkit.proto.v1.ListRolesResponse;
import io.eventkit.proto.v1.ListSessionsResponse;
import io.eventkit.proto.v1.ListUsersResponse;
import io.eventkit.proto.v1.Permission;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.UpdateRoleRequest;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.UserStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code users}, {@code password}, {@code roles}, {@code keys}, {@code sessions}, {@code audit}.
 */
class AccessCommandsTest {
  static final String ADA = "ada@example.com";
  static final String ADA_PASSWORD = "correct horse battery";
  static final String NEW_PASSWORD = "a much longer passphrase";

  private MutableClock clock;
  private FakeAuthService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    clock = new MutableClock(Cli.NOW);
    fake = new FakeAuthService(clock);
    fake.addUser(ADA, ADA_PASSWORD, Role.ROLE_ADMIN);
    cli = new Cli(fake.url()).clock(clock);
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
    cli.deleteConfigDir();
  }

  /** As the admin API key. */
  Cli.Result admin(String... args) {
    List<String> all = new ArrayList<>(List.of("--node", fake.url(), "--token", fake.adminKey));
    all.addAll(List.of(args));
    return cli.raw(all.toArray(String[]::new));
  }

  /** Nothing but the listed methods reached the node. */
  void onlyCalled(String... methods) {
    assertThat(fake.calls).extracting(FakeAuthService.Call::method).containsExactly(methods);
  }

  // ---- users ----------------------------------------------------------------------------------

  @Test
  void usersCreateSendsRolesCustomRolesProfileAndAPasswordFromStdin() throws Exception {
    assertThat(admin("roles", "create", "night-shift", "-p", "inventory.read").exitCode()).isZero();

    Cli.Result r =
        cli.stdin(NEW_PASSWORD + "\n")
            .raw(
                "--node",
                fake.url(),
                "--token",
                fake.adminKey,
                "users",
                "create",
                "--email",
                "lars@example.com",
                "--name",
                "Lars",
                "--role",
                "planner,warehouse",
                "--role",
                "READ_ONLY",
                "--custom-role",
                "night-shift",
                "--locale",
                "de-DE",
                "--time-zone",
                "Europe/Berlin",
                "--password-stdin");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    CreateUserRequest req = fake.<CreateUserRequest>requests("CreateUser").get(0);
    assertThat(req.getEmail()).isEqualTo("lars@example.com");
    assertThat(req.getRolesList())
        .containsExactly(Role.ROLE_PLANNER, Role.ROLE_WAREHOUSE, Role.ROLE_READ_ONLY);
    assertThat(req.getCustomRolesList()).containsExactly("night-shift");
    assertThat(req.getLocale()).isEqualTo("de-DE");
    assertThat(req.getTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(req.getPassword()).isEqualTo(NEW_PASSWORD);
    assertThat(r.out())
        .startsWith("Created lars@example.com.")
        .contains("roles         planner,warehouse,read-only,night-shift")
        .contains("password      set")
        .doesNotContain(NEW_PASSWORD);
  }

  @Test
  void usersCreateWithoutPasswordSaysHowToSetOne() {
    Cli.Result r =
        admin("users", "create", "--email", "bo@example.com", "--name", "Bo", "--role", "crew");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fake.<CreateUserRequest>requests("CreateUser").get(0).getPassword()).isEmpty();
    assertThat(r.out()).contains("They cannot log in yet").contains("eventkit users set-password");
  }

  @Test
  void badUserInputIsExit2WithAClearMessageAndNoCall() {
    record Case(String[] args, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                new String[] {
                  "users", "create", "--email", "lars.example.com", "--name", "L", "--role", "crew"
                },
                "'lars.example.com' is not an email address"),
            new Case(
                new String[] {"users", "create", "--email", "l@example.com", "--name", "L"},
                "give at least one --role or --custom-role"),
            new Case(
                new String[] {
                  "users", "create", "--email", "l@example.com", "--name", "L", "--role", "boss"
                },
                "'boss' is not a role: use one of admin, manager, planner, warehouse, sales, crew,"
                    + " read-only"),
            new Case(
                new String[] {
                  "users",
                  "create",
                  "--email",
                  "l@example.com",
                  "--name",
                  "L",
                  "--role",
                  "crew",
                  "--time-zone",
                  "Mars/Olympus"
                },
                "'Mars/Olympus' is not a time zone"),
            new Case(new String[] {"users", "update", ADA}, "nothing to change"),
            new Case(
                new String[] {"users", "set-password", ADA},
                "no terminal to read the password from"));
    for (Case c : cases) {
      Cli.Result r = admin(c.args());
      assertThat(r.exitCode()).as(String.join(" ", c.args()) + "\n" + r).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", c.args())).contains(c.message());
    }
    onlyCalled();
  }

  @Test
  void aTooShortPasswordIsRefusedBeforeItIsSent() {
    Cli.Result r =
        cli.stdin("short\n")
            .raw(
                "--node",
                fake.url(),
                "--token",
                fake.adminKey,
                "users",
                "set-password",
                ADA,
                "--password-stdin");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("a password must be 12 to 256 characters long (got 5)");
    onlyCalled();
  }

  @Test
  void usersListTextAndJson() throws Exception {
    Cli.Result text = admin("users", "list");
    Cli.Result json = admin("-o", "json", "users", "list");

    assertThat(text.exitCode()).isZero();
    assertThat(text.out().lines().toList().get(0))
        .startsWith("EMAIL")
        .contains("ROLES")
        .contains("STATUS");
    assertThat(text.out()).contains(ADA).contains("admin").contains("active");
    ListUsersResponse parsed =
        TrustCommandsTest.parseJson(json.out(), ListUsersResponse.getDefaultInstance());
    assertThat(parsed.getUsersList()).extracting(User::getEmail).containsExactly(ADA);
  }

  @Test
  void usersShowUpdateDisableAndEnableTakeAnEmailOrAnId() {
    String id = fake.user(ADA).getId();

    Cli.Result show = admin("users", "show", ADA);
    Cli.Result byId = admin("users", "show", id);
    Cli.Result emptyCustomRole =
        admin("users", "update", ADA, "--name", "Ada L.", "--role", "manager", "--custom-role", "");
    Cli.Result update = admin("users", "update", ADA, "--name", "Ada L.", "--role", "manager");
    Cli.Result disable = admin("users", "disable", ADA);
    Cli.Result enable = admin("users", "enable", id);

    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out()).contains("id            " + id).contains("email         " + ADA);
    assertThat(byId.out()).isEqualTo(show.out());
    assertThat(emptyCustomRole.exitCode()).as(emptyCustomRole.toString()).isEqualTo(2);
    assertThat(update.exitCode()).as(update.toString()).isZero();
    UpdateUserRequest u = fake.<UpdateUserRequest>requests("UpdateUser").get(0);
    assertThat(u.getUserId()).isEqualTo(id);
    assertThat(u.getDisplayName()).isEqualTo("Ada L.");
    assertThat(u.getRoles().getRolesList()).containsExactly(Role.ROLE_MANAGER);
    assertThat(u.hasLocale()).isFalse();
    assertThat(disable.out()).startsWith(ADA + " is now disabled.");
    assertThat(fake.<UpdateUserRequest>requests("UpdateUser").get(1).getStatus())
        .isEqualTo(UserStatus.USER_STATUS_DISABLED);
    assertThat(enable.out()).startsWith(ADA + " is now active.");
  }

  @Test
  void anUnknownEmailIsNotFound() {
    Cli.Result r = admin("users", "show", "nobody@example.com");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no user with the email nobody@example.com");
  }

  @Test
  void resetPasswordPrintsTheTokenOnceAndPasswordResetUsesIt() throws Exception {
    Cli.Result issued = admin("users", "reset-password", ADA);

    assertThat(issued.exitCode()).as(issued.toString()).isZero();
    String token = issued.out().lines().findFirst().orElseThrow();
    assertThat(token).startsWith("rst-");
    assertThat(issued.out())
        .contains("This is the only time the reset token is shown")
        .contains("2026-11-24T12:30:00Z (in 30m)")
        .contains("eventkit password reset --reset-token <token>");

    Cli.Result reset =
        cli.stdin(NEW_PASSWORD + "\n")
            .raw(
                "--node",
                fake.url(),
                "password",
                "reset",
                "--reset-token",
                token,
                "--password-stdin");

    assertThat(reset.exitCode()).as(reset.toString()).isZero();
    assertThat(fake.calls("ResetPassword").get(0).authorization()).isNull();
    assertThat(fake.password(fake.user(ADA).getId())).isEqualTo(NEW_PASSWORD);
    assertThat(reset.out()).contains("Log in with 'eventkit login'").doesNotContain(NEW_PASSWORD);

    Cli.Result again =
        cli.stdin(NEW_PASSWORD + "\n")
            .raw(
                "--node",
                fake.url(),
                "password",
                "reset",
                "--reset-token",
                token,
                "--password-stdin");
    assertThat(again.exitCode()).isEqualTo(4);
    assertThat(again.err()).contains("ask an admin for a new one");

    IssuePasswordResetResponse json =
        TrustCommandsTest.parseJson(
            admin("-o", "json", "users", "reset-password", ADA).out(),
            IssuePasswordResetResponse.getDefaultInstance());
    assertThat(json.getResetToken()).startsWith("rst-");
  }

  @Test
  void aResetLinkIsMailedByAnAdminOrAskedForWithoutLoggingIn() {
    Cli.Result mailed = admin("users", "reset-password", ADA, "--email");
    assertThat(mailed.exitCode()).as(mailed.toString()).isZero();
    assertThat(mailed.out())
        .contains("Mailed a reset link to " + ADA)
        .contains("2026-11-24T12:30:00Z (in 30m)")
        .doesNotContain("rst-");

    Cli.Result forgot = cli.raw("--node", fake.url(), "password", "forgot", " " + ADA + " ");
    assertThat(forgot.exitCode()).as(forgot.toString()).isZero();
    assertThat(forgot.out()).contains("If " + ADA + " has an account here").contains("30 minutes");
    assertThat(fake.calls("RequestPasswordReset").get(0).authorization()).isNull();

    // An unknown address gets the same answer and no mail.
    Cli.Result unknown = cli.raw("--node", fake.url(), "password", "forgot", "nobody@example.com");
    assertThat(unknown.exitCode()).isZero();
    assertThat(unknown.out()).contains("If nobody@example.com has an account here");
    assertThat(fake.mailedResets).containsExactly(ADA, ADA);
  }

  @Test
  void passwordChangeWithTheStoredLoginKeepsItsSession() throws Exception {
    Cli.Result login =
        cli.stdin(ADA_PASSWORD + "\n")
            .raw("--node", fake.url(), "login", "--email", ADA, "--password-stdin");
    assertThat(login.exitCode()).as(login.toString()).isZero();
    String session = fake.sessions().get(0).getId();

    Cli.Result r =
        cli.stdin(ADA_PASSWORD + "\n" + NEW_PASSWORD + "\n")
            .raw("password", "change", "--password-stdin");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    ChangePasswordRequest req = fake.<ChangePasswordRequest>requests("ChangePassword").get(0);
    assertThat(req.getCurrentPassword()).isEqualTo(ADA_PASSWORD);
    assertThat(req.getNewPassword()).isEqualTo(NEW_PASSWORD);
    assertThat(req.getKeepSessionId()).isEqualTo(session);
    assertThat(r.out()).isEqualTo("Changed your password; 0 other sessions ended.\n");
  }

  @Test
  void passwordChangeOnATerminalAsksTwiceForTheNewPassword() {
    List<String> prompts = new ArrayList<>();
    Cli.Result r =
        cli.terminal(
                LoginCommandsTest.typing(prompts, ADA_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x"))
            .raw("--node", fake.url(), "--token", fake.adminKey, "password", "change");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(prompts).containsExactly("Current password: ", "New password: ", "Repeat it: ");
    assertThat(r.err()).contains("the two passwords differ; nothing was changed");
    assertThat(fake.calls("ChangePassword")).isEmpty();
  }

  // ---- roles ----------------------------------------------------------------------------------

  @Test
  void rolesCreateAndUpdateMapShortPermissionNames() throws Exception {
    Cli.Result created =
        admin(
            "roles",
            "create",
            "auditor",
            "-p",
            "audit.read,TRUST_READ",
            "--permission",
            "PERMISSION_INVENTORY_READ",
            "--permission",
            "audit.read",
            "--description",
            "External");
    Cli.Result updated = admin("roles", "update", "auditor", "-p", "planning-read");
    Cli.Result list = admin("roles", "list");
    Cli.Result json = admin("-o", "json", "roles", "list");

    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(fake.<CreateRoleRequest>requests("CreateRole").get(0).getPermissionsList())
        .containsExactly(
            Permission.PERMISSION_AUDIT_READ,
            Permission.PERMISSION_TRUST_READ,
            Permission.PERMISSION_INVENTORY_READ);
    assertThat(created.out()).contains("permissions  audit.read,trust.read,inventory.read");
    UpdateRoleRequest u = fake.<UpdateRoleRequest>requests("UpdateRole").get(0);
    assertThat(u.getPermissions().getPermissionsList())
        .containsExactly(Permission.PERMISSION_PLANNING_READ);
    assertThat(u.hasDescription()).isFalse();
    assertThat(list.out())
        .contains("read-only")
        .contains("auditor")
        .contains("custom")
        .contains("planning.read");
    ListRolesResponse parsed =
        TrustCommandsTest.parseJson(json.out(), ListRolesResponse.getDefaultInstance());
    assertThat(parsed.getRolesCount()).isEqualTo(8);
    assertThat(admin("roles", "delete", "auditor").out()).isEqualTo("Deleted the role auditor.\n");
  }

  @Test
  void aBadPermissionOrRoleNameIsExit2AndNoCall() {
    Cli.Result bad = admin("roles", "create", "auditor", "-p", "inventory.raed");
    Cli.Result publicPermission = admin("roles", "create", "auditor", "-p", "public");
    Cli.Result badName = admin("roles", "create", "night shift", "-p", "inventory.read");
    Cli.Result none = admin("roles", "create", "auditor");

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err())
        .contains("'inventory.raed' is not a permission: use one of self, inventory.read,");
    assertThat(publicPermission.exitCode()).isEqualTo(2);
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(badName.err()).contains("'night shift' is not a role name");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("give at least one --permission");
    onlyCalled();
  }

  @Test
  void permissionShortNamesRoundTrip() {
    AccessArgs.PermissionConverter converter = new AccessArgs.PermissionConverter();
    for (Permission p : AccessArgs.grantable()) {
      assertThat(converter.convert(AccessArgs.permission(p))).isEqualTo(p);
      assertThat(converter.convert(p.name())).isEqualTo(p);
    }
    assertThat(AccessArgs.permission(Permission.PERMISSION_INVENTORY_READ))
        .isEqualTo("inventory.read");
    assertThat(AccessArgs.permission(Permission.PERMISSION_USERS_ADMIN)).isEqualTo("users.admin");
  }

  // ---- keys -----------------------------------------------------------------------------------

  @Test
  void keysCreatePrintsTheSecretOnceOnTheFirstLineWithAWarning() throws Exception {
    Cli.Result r =
        admin("keys", "create", "warehouse scanner 3", "--role", "warehouse", "--expires", "90d");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    CreateApiTokenRequest req = fake.<CreateApiTokenRequest>requests("CreateApiToken").get(0);
    assertThat(req.getName()).isEqualTo("warehouse scanner 3");
    assertThat(req.getRole()).isEqualTo(Role.ROLE_WAREHOUSE);
    assertThat(Text.toInstant(req.getExpiresAt())).isEqualTo(Cli.NOW.plus(Duration.ofDays(90)));
    String secret = r.out().lines().findFirst().orElseThrow();
    assertThat(secret).startsWith("ekt_");
    assertThat(r.out())
        .contains("access   role warehouse")
        .contains("expires  2027-02-22T12:00:00Z (in 90d)")
        .contains("This is the only time the key is shown");

    Cli.Result list = admin("keys", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out())
        .contains("warehouse scanner 3")
        .contains(secret.substring(0, 8))
        .doesNotContain(secret);
    ListApiTokensResponse json =
        TrustCommandsTest.parseJson(
            admin("-o", "json", "keys", "list").out(), ListApiTokensResponse.getDefaultInstance());
    assertThat(json.getTokensList())
        .extracting(ApiToken::getName)
        .contains("warehouse scanner 3", "bootstrap");
    assertThat(admin("-o", "json", "keys", "list").out()).doesNotContain(secret);
  }

  @Test
  void keysCreateJsonCarriesTheSecret() throws Exception {
    Cli.Result r =
        admin(
            "-o",
            "json",
            "keys",
            "create",
            "BI export",
            "--permission",
            "inventory.read,planning.read",
            "--expires",
            "2027-06-30");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    CreateApiTokenResponse parsed =
        TrustCommandsTest.parseJson(r.out(), CreateApiTokenResponse.getDefaultInstance());
    assertThat(parsed.getToken()).startsWith("ekt_");
    CreateApiTokenRequest req = fake.<CreateApiTokenRequest>requests("CreateApiToken").get(0);
    assertThat(req.getPermissionsList())
        .containsExactly(Permission.PERMISSION_INVENTORY_READ, Permission.PERMISSION_PLANNING_READ);
    assertThat(Text.toInstant(req.getExpiresAt())).isEqualTo(Instant.parse("2027-06-30T00:00:00Z"));
    assertThat(req.getRole()).isEqualTo(Role.ROLE_UNSPECIFIED);
  }

  @Test
  void keysCreateRefusesBadInputWithoutACall() {
    record Case(String[] args, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                new String[] {"keys", "create", "k", "--role", "crew", "--expires", "soon"},
                "--expires 'soon' is not a date (2027-06-30), an instant"),
            new Case(
                new String[] {"keys", "create", "k", "--role", "crew", "--expires", "2020-01-01"},
                "is not in the future"),
            new Case(
                new String[] {"keys", "create", "k"},
                "give exactly one of --role, --custom-role and --permission (got none)"),
            new Case(
                new String[] {"keys", "create", "k", "--role", "crew", "-p", "inventory.read"},
                "give exactly one of --role, --custom-role and --permission (got 2)"),
            new Case(
                new String[] {"keys", "create", "k", "-p", "inventory.everything"},
                "'inventory.everything' is not a permission"));
    for (Case c : cases) {
      Cli.Result r = admin(c.args());
      assertThat(r.exitCode()).as(String.join(" ", c.args()) + "\n" + r).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", c.args())).contains(c.message());
    }
    onlyCalled();
  }

  @Test
  void keysRevokeAndRotateSigningKey() {
    Cli.Result created = admin("-o", "json", "keys", "create", "temp", "--custom-role", "x");
    assertThat(created.exitCode()).isEqualTo(0);
    String id =
        JsonParser.parseString(created.out()).getAsJsonObject().get("tokenId").getAsString();

    Cli.Result revoke = admin("keys", "revoke", id);
    Cli.Result rotate = admin("keys", "rotate-signing-key");

    assertThat(revoke.out()).isEqualTo("Revoked the API key " + id + ".\n");
    assertThat(admin("keys", "list").out()).doesNotContain(id);
    assertThat(admin("keys", "list", "--all").out()).contains(id).contains("revoked");
    assertThat(rotate.exitCode()).isZero();
    assertThat(rotate.out()).startsWith("New access tokens are signed with the key kid-");
  }

  // ---- sessions and audit ---------------------------------------------------------------------

  @Test
  void sessionsListMarksThisLoginAndRevokeEndsOne() throws Exception {
    cli.stdin(ADA_PASSWORD + "\n")
        .raw("--node", fake.url(), "login", "--email", ADA, "--password-stdin");
    cli.stdin(ADA_PASSWORD + "\n")
        .raw("--node", fake.url(), "login", "--email", ADA, "--password-stdin");
    String current = fake.sessions().get(1).getId();
    String other = fake.sessions().get(0).getId();

    Cli.Result list = cli.raw("sessions", "list");
    Cli.Result revoke = cli.raw("sessions", "revoke", other);
    Cli.Result json = cli.raw("-o", "json", "sessions", "list", "--user", ADA);

    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).contains(current + " *").contains("* this login");
    assertThat(revoke.out()).isEqualTo("Ended the session " + other + ".\n");
    assertThat(fake.session(other).hasRevokedAt()).isTrue();
    ListSessionsResponse parsed =
        TrustCommandsTest.parseJson(json.out(), ListSessionsResponse.getDefaultInstance());
    assertThat(parsed.getSessionsCount()).isEqualTo(2);
    assertThat(cli.raw("sessions", "list", "--all", "--user", ADA).exitCode()).isEqualTo(2);
  }

  @Test
  void auditAuthFollowsPageTokensUpToTheLimit() throws Exception {
    fake.addAuditEntries(1200);

    Cli.Result limited = admin("audit", "auth", "--limit", "700");

    assertThat(limited.exitCode()).as(limited.toString()).isZero();
    assertThat(fake.<ListAuthAuditRequest>requests("ListAuthAudit"))
        .extracting(ListAuthAuditRequest::getPageSize, ListAuthAuditRequest::getPageToken)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(500, ""),
            org.assertj.core.groups.Tuple.tuple(200, "p-500"));
    assertThat(limited.out().lines().count()).isEqualTo(1 + 700 + 1);
    assertThat(limited.out()).contains("entry 1199").contains("--page-token p-700");
  }

  @Test
  void auditAuthAllFetchesEveryPageAsOneJsonDocument() throws Exception {
    fake.addAuditEntries(1200);

    Cli.Result all = admin("-o", "json", "audit", "auth", "--all");

    assertThat(all.exitCode()).as(all.toString()).isZero();
    ListAuthAuditResponse parsed =
        TrustCommandsTest.parseJson(all.out(), ListAuthAuditResponse.getDefaultInstance());
    assertThat(parsed.getEntriesCount()).isEqualTo(1200);
    assertThat(parsed.getNextPageToken()).isEmpty();
    assertThat(fake.calls("ListAuthAudit")).hasSize(3);
    assertThat(admin("audit", "auth", "--limit", "0").exitCode()).isEqualTo(2);
  }

  // ---- every command --------------------------------------------------------------------------

  @Test
  void everyNewCommandHasHelpWithExamples() {
    CommandLine root = new CommandLine(new EventKitCli());
    List<String> missing = new ArrayList<>();
    for (String group : List.of("users", "password", "roles", "keys", "sessions", "audit")) {
      for (CommandLine sub : root.getSubcommands().get(group).getSubcommands().values()) {
        String name = group + " " + sub.getCommandName();
        Cli.Result help = cli.raw(group, sub.getCommandName(), "--help");
        if (help.exitCode() != 0
            || !help.out().contains("Examples:")
            || !help.out().contains("eventkit " + name)) {
          missing.add(name);
        }
      }
    }
    for (String top : List.of("login", "logout")) {
      Cli.Result help = cli.raw(top, "--help");
      if (!help.out().contains("Examples:")) {
        missing.add(top);
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void noOutputShowsAPasswordOrTheStoredTokens() throws Exception {
    List<Cli.Result> results = new ArrayList<>();
    results.add(
        cli.stdin(ADA_PASSWORD + "\n")
            .raw("--node", fake.url(), "login", "--email", ADA, "--password-stdin"));
    results.add(
        cli.stdin(NEW_PASSWORD + "\n").raw("users", "set-password", ADA, "--password-stdin"));
    results.add(cli.raw("users", "list"));
    results.add(cli.raw("-o", "json", "users", "list"));
    results.add(cli.raw("sessions", "list"));
    results.add(cli.raw("-o", "json", "sessions", "list"));
    results.add(cli.raw("keys", "list"));
    results.add(cli.raw("audit", "auth", "--all"));
    clock.advance(Duration.ofHours(1));
    results.add(cli.raw("-o", "json", "users", "show", ADA));
    results.add(
        cli.stdin(ADA_PASSWORD + "\n" + NEW_PASSWORD + "\n")
            .raw("password", "change", "--password-stdin"));
    var stored =
        JsonParser.parseString(
                java.nio.file.Files.readString(cli.configDir().resolve(Credentials.FILE_NAME)))
            .getAsJsonObject();
    List<String> secrets =
        Stream.of(
                ADA_PASSWORD,
                NEW_PASSWORD,
                fake.adminKey,
                stored.get("accessToken").getAsString(),
                stored.get("refreshToken").getAsString())
            .toList();
    for (Cli.Result r : results) {
      for (String s : secrets) {
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(s);
      }
    }
  }
}
