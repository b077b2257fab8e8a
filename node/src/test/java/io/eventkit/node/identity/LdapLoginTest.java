package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.NodeConfiguration;
import io.eventkit.proto.v1.AuthAuditEntry;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.GetLoginOptionsRequest;
import io.eventkit.proto.v1.GetLoginOptionsResponse;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.UserStatus;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Email + password login against an LDAP directory (a real in-process server) through the node's
 * API, beside local users; the node logs at TRACE into a file that must hold no password.
 */
class LdapLoginTest {
  private static final String LENA_PASSWORD = "lena's directory pass";
  private static final String LOCAL_PASSWORD = "a long local passphrase";
  private static TestDirectory dir;
  private static IdentityTestNode node;
  private static Path log;

  @BeforeAll
  static void start() throws Exception {
    dir = new TestDirectory();
    dir.person("lena", "lena@example.com", "Lena Lighting", LENA_PASSWORD, "av-planners");
    dir.person("dora", "dora@example.com", "Dora", "dora's directory pass", "av-planners");
    dir.person("otto", "otto@example.com", "Otto", "otto's directory pass", "av-planners");
    dir.person(
        "loco", "loco@example.com", "Loco In Directory", "loco's directory pass", "av-admins");
    NodeConfiguration config = IdentityTestNode.config("ldap.test");
    LdapConfig ldap = dir.config();
    ldap.setBindPassword("");
    Path passwordFile = Files.createTempFile("ldap-bind", ".txt");
    Files.writeString(passwordFile, dir.bindPassword + "\n");
    ldap.setBindPasswordFile(passwordFile.toString());
    config.setLdap(ldap);
    log = Files.createTempDirectory("eventkit-ldap-logs").resolve("trace.log");
    IdentityTestNode.traceTo(config, log);
    node = IdentityTestNode.start(config, new IdentityTestNode.MovableClock());
    IdentityTestNode.everythingAtTrace();
  }

  @AfterAll
  static void stop() {
    node.close();
    dir.close();
  }

  private static LoginResponse login(String email, String password) {
    return node.anonymous()
        .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build());
  }

  private static StatusRuntimeException refusal(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  private static void createLocal(String email, String password) {
    CreateUserRequest.Builder b =
        CreateUserRequest.newBuilder()
            .setEmail(email)
            .setDisplayName(email)
            .addRoles(Role.ROLE_CREW);
    if (password != null) {
      b.setPassword(password);
    }
    node.admin().createUser(b.build());
  }

  @Test
  void aDirectoryUserIsProvisionedWithTheMappedRolesWhichFollowTheDirectory() {
    LoginResponse first = login("Lena@Example.com", LENA_PASSWORD);
    assertThat(first.getUser().getEmail()).isEqualTo("lena@example.com");
    assertThat(first.getUser().getDisplayName()).isEqualTo("Lena Lighting");
    assertThat(first.getUser().getAuthSource()).isEqualTo("ldap");
    assertThat(first.getUser().getHasPassword()).isFalse();
    assertThat(first.getUser().getRolesList()).containsExactly(Role.ROLE_PLANNER);
    assertThat(
            node.as(first.getAccessToken())
                .whoAmI(WhoAmIRequest.getDefaultInstance())
                .getRolesList())
        .containsExactly(Role.ROLE_PLANNER);

    dir.setGroups("lena", "av-planners", "av-crew");
    LoginResponse second = login("lena@example.com", LENA_PASSWORD);
    assertThat(second.getUser().getId()).isEqualTo(first.getUser().getId());
    assertThat(second.getUser().getRolesList()).containsExactly(Role.ROLE_PLANNER, Role.ROLE_CREW);

    List<AuthAuditEntry> audit =
        node
            .admin()
            .listAuthAudit(ListAuthAuditRequest.newBuilder().setPageSize(500).build())
            .getEntriesList()
            .stream()
            .filter(e -> e.getSubject().equals("user:" + first.getUser().getId()))
            .toList();
    assertThat(audit)
        .extracting(AuthAuditEntry::getAction)
        .containsSubsequence("LOGIN_SUCCEEDED", "USER_UPDATE", "LOGIN_SUCCEEDED", "USER_CREATE");
    assertThat(audit).allSatisfy(e -> assertThat(e.getActor()).isEqualTo("ldap"));
    dir.setGroups("lena", "av-planners");
  }

  @Test
  void aWrongPasswordOrAnUnknownEmailGetsTheSameAnswerAsALocalFailure() {
    createLocal("local-wrong@example.com", LOCAL_PASSWORD);
    Status local = refusal(() -> login("local-wrong@example.com", "not it at all")).getStatus();
    Status directory = refusal(() -> login("dora@example.com", "not it at all")).getStatus();
    Status unknown =
        refusal(() -> login("nobody-anywhere@example.com", "not it at all")).getStatus();
    assertThat(local.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(directory.getCode()).isEqualTo(local.getCode());
    assertThat(directory.getDescription()).isEqualTo(local.getDescription());
    assertThat(unknown.getCode()).isEqualTo(local.getCode());
    assertThat(unknown.getDescription()).isEqualTo(local.getDescription());
  }

  @Test
  void aLocalUserWithAPasswordLogsInLocallyAndIsNotTakenOverByTheDirectory() {
    // loco is in the directory too (as an admin there); the local password decides.
    createLocal("loco@example.com", LOCAL_PASSWORD);
    LoginResponse r = login("loco@example.com", LOCAL_PASSWORD);
    assertThat(r.getUser().getAuthSource()).isEqualTo("password");
    assertThat(r.getUser().getRolesList()).containsExactly(Role.ROLE_CREW);
    assertThat(
            refusal(() -> login("loco@example.com", "loco's directory pass")).getStatus().getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aLocalUserWithoutAPasswordIsAdoptedByTheDirectory() {
    createLocal("otto@example.com", null);
    LoginResponse r = login("otto@example.com", "otto's directory pass");
    assertThat(r.getUser().getAuthSource()).isEqualTo("ldap");
    assertThat(r.getUser().getRolesList()).containsExactly(Role.ROLE_PLANNER);
  }

  @Test
  void aUserDisabledLocallyStaysRefused() {
    String id = login("dora@example.com", "dora's directory pass").getUser().getId();
    node.admin()
        .updateUser(
            UpdateUserRequest.newBuilder()
                .setUserId(id)
                .setStatus(UserStatus.USER_STATUS_DISABLED)
                .build());
    Status s = refusal(() -> login("dora@example.com", "dora's directory pass")).getStatus();
    assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.getDescription()).isEqualTo(Users.LOGIN_REFUSED);
  }

  @Test
  void whileTheDirectoryIsDownDirectoryLoginIsUnavailableAndLocalLoginWorks() {
    createLocal("local-down@example.com", LOCAL_PASSWORD);
    dir.stop();
    try {
      Status s = refusal(() -> login("lena@example.com", LENA_PASSWORD)).getStatus();
      assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(s.getDescription())
          .contains("directory login is not available")
          .contains("127.0.0.1:" + dir.port)
          .contains("cannot be reached");
      assertThat(login("local-down@example.com", LOCAL_PASSWORD).getUser().getAuthSource())
          .isEqualTo("password");
    } finally {
      dir.restart();
    }
    assertThat(login("lena@example.com", LENA_PASSWORD).getUser().getAuthSource())
        .isEqualTo("ldap");
  }

  @Test
  void loginOptionsSayPasswordsGoToTheDirectory() {
    GetLoginOptionsResponse o =
        node.anonymous().getLoginOptions(GetLoginOptionsRequest.getDefaultInstance());
    assertThat(o.getPassword()).isTrue();
    assertThat(o.getDirectory()).isTrue();
    assertThat(o.getSsoProvidersList()).isEmpty();
  }

  @Test
  void noBindOrUserPasswordReachesTheLogAtTrace() throws Exception {
    IdentityTestNode.everythingAtTrace();
    login("lena@example.com", LENA_PASSWORD);
    refusal(() -> login("lena@example.com", "lena's wrong directory pass"));
    dir.stop();
    try {
      refusal(() -> login("lena@example.com", LENA_PASSWORD));
    } finally {
      dir.restart();
    }
    String log = IdentityTestNode.flushedLog(LdapLoginTest.log);
    assertThat(log).as("the directory's failure was captured").contains("LDAP server");
    assertThat(log).as("the RPC log was captured").contains("eventkit.rpc");
    List<String> leaks =
        IdentityTestNode.leaks(
            log,
            Map.of(
                "bind password",
                dir.bindPassword,
                "user password",
                LENA_PASSWORD,
                "wrong user password",
                "lena's wrong directory pass",
                "local password",
                LOCAL_PASSWORD));
    assertThat(leaks).as("secrets in the TRACE log").isEmpty();
  }
}
