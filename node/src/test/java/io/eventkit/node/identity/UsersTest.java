package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.GetUserRequest;
import io.eventkit.proto.v1.ListUsersRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.RoleList;
import io.eventkit.proto.v1.SetPasswordRequest;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.UserStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * User management over the real API: create, read, update, set password; bad input changes nothing.
 */
class UsersTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start("users.test");
  }

  /** A fresh stub each time: the stub's deadline is absolute. */
  private static AuthServiceGrpc.AuthServiceBlockingStub admin() {
    return node.authService(node.adminToken());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String storedHash(String userId) {
    return node.runtime()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT password_hash FROM app_user WHERE id = :id")
                    .bind("id", UUID.fromString(userId))
                    .mapTo(String.class)
                    .one());
  }

  private static int userCount() {
    return node.runtime()
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT count(*) FROM app_user").mapTo(Integer.class).one());
  }

  private static Status.Code refused(Runnable r, String messagePart) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getDescription()).contains(messagePart);
      return e.getStatus().getCode();
    }
    throw new AssertionError("accepted");
  }

  @Test
  void anAdminCreatesAUserWithAnArgon2idHashedPassword() {
    User u =
        admin()
            .createUser(
                CreateUserRequest.newBuilder()
                    .setEmail("  Ana.Planner@Example.COM ")
                    .setDisplayName("Ana")
                    .addRoles(Role.ROLE_PLANNER)
                    .addRoles(Role.ROLE_SALES)
                    .setPassword("correct horse battery staple")
                    .build());
    assertThat(u.getEmail()).isEqualTo("ana.planner@example.com");
    assertThat(u.getLocale()).isEqualTo("en");
    assertThat(u.getTimeZone()).isEqualTo("UTC");
    assertThat(u.getRolesList()).containsExactly(Role.ROLE_PLANNER, Role.ROLE_SALES);
    assertThat(u.getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
    assertThat(u.getHasPassword()).isTrue();
    String hash = storedHash(u.getId());
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(PasswordHasher.owasp().verify("correct horse battery staple", hash)).isTrue();

    assertThat(admin().getUser(GetUserRequest.newBuilder().setUserId(u.getId()).build()))
        .isEqualTo(u);
    assertThat(admin().listUsers(ListUsersRequest.getDefaultInstance()).getUsersList()).contains(u);
    // Emails are unique regardless of case.
    assertThat(
            refused(
                () ->
                    admin()
                        .createUser(
                            CreateUserRequest.newBuilder()
                                .setEmail("ANA.planner@example.com")
                                .setDisplayName("Ana 2")
                                .addRoles(Role.ROLE_CREW)
                                .build()),
                "already exists"))
        .isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @Test
  void updateChangesOnlyTheFieldsThatAreSetAndSetPasswordReplacesTheHash() {
    User u =
        admin()
            .createUser(
                CreateUserRequest.newBuilder()
                    .setEmail("ben@example.com")
                    .setDisplayName("Ben")
                    .setLocale("de-DE")
                    .setTimeZone("Europe/Berlin")
                    .addRoles(Role.ROLE_WAREHOUSE)
                    .build());
    assertThat(u.getHasPassword()).isFalse();
    User changed =
        admin()
            .updateUser(
                UpdateUserRequest.newBuilder()
                    .setUserId(u.getId())
                    .setDisplayName("Ben B.")
                    .setRoles(RoleList.newBuilder().addRoles(Role.ROLE_MANAGER))
                    .setStatus(UserStatus.USER_STATUS_DISABLED)
                    .build());
    assertThat(changed.getDisplayName()).isEqualTo("Ben B.");
    assertThat(changed.getRolesList()).containsExactly(Role.ROLE_MANAGER);
    assertThat(changed.getStatus()).isEqualTo(UserStatus.USER_STATUS_DISABLED);
    assertThat(changed.getLocale()).isEqualTo("de-DE");
    assertThat(changed.getTimeZone()).isEqualTo("Europe/Berlin");

    admin()
        .setPassword(
            SetPasswordRequest.newBuilder()
                .setUserId(u.getId())
                .setPassword("a long enough passphrase")
                .build());
    String first = storedHash(u.getId());
    admin()
        .setPassword(
            SetPasswordRequest.newBuilder()
                .setUserId(u.getId())
                .setPassword("another long passphrase")
                .build());
    String second = storedHash(u.getId());
    assertThat(second).isNotEqualTo(first);
    assertThat(PasswordHasher.owasp().verify("another long passphrase", second)).isTrue();
    assertThat(
            admin()
                .getUser(GetUserRequest.newBuilder().setUserId(u.getId()).build())
                .getHasPassword())
        .isTrue();
  }

  @Test
  void badInputIsRefusedWithAClearMessageAndCreatesNothing() {
    int before = userCount();
    CreateUserRequest good =
        CreateUserRequest.newBuilder()
            .setEmail("carl@example.com")
            .setDisplayName("Carl")
            .addRoles(Role.ROLE_CREW)
            .build();
    assertThat(
            refused(
                () -> admin().createUser(good.toBuilder().setPassword("short pass1").build()),
                "12–256 characters"))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            refused(
                () -> admin().createUser(good.toBuilder().setPassword("x".repeat(257)).build()),
                "at most 256 characters"))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    refused(() -> admin().createUser(good.toBuilder().setEmail("not-an-email").build()), "email");
    refused(
        () -> admin().createUser(good.toBuilder().setTimeZone("Mars/Olympus").build()),
        "time_zone");
    refused(
        () -> admin().createUser(good.toBuilder().setLocale("not a locale!").build()), "locale");
    refused(() -> admin().createUser(good.toBuilder().clearRoles().build()), "roles");
    refused(() -> admin().createUser(good.toBuilder().setDisplayName(" ").build()), "display_name");
    assertThat(userCount()).isEqualTo(before);

    assertThat(
            refused(
                () ->
                    admin()
                        .setPassword(
                            SetPasswordRequest.newBuilder()
                                .setUserId(UUID.randomUUID().toString())
                                .setPassword("a long enough passphrase")
                                .build()),
                "user"))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            refused(
                () -> admin().getUser(GetUserRequest.newBuilder().setUserId("nope").build()),
                "user_id"))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void usersCanBeCreatedOverConnectJson() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(node.baseUrl() + "/eventkit.v1.AuthService/CreateUser"))
                    .header("content-type", "application/json")
                    .header("authorization", "Bearer " + node.adminToken())
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"email\": \"dora@example.com\", \"displayName\": \"Dora\","
                                + " \"roles\": [\"ROLE_READ_ONLY\"], \"password\": \"passphrase over"
                                + " connect\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"email\":\"dora@example.com\"").doesNotContain("passphrase");
  }

  @Test
  void userAndTokenChangesAreInTheAppendOnlyAuthAudit() {
    User u =
        admin()
            .createUser(
                CreateUserRequest.newBuilder()
                    .setEmail("eve@example.com")
                    .setDisplayName("Eve")
                    .addRoles(Role.ROLE_CREW)
                    .setPassword("eve's first passphrase")
                    .build());
    admin()
        .updateUser(
            UpdateUserRequest.newBuilder()
                .setUserId(u.getId())
                .setRoles(RoleList.newBuilder().addRoles(Role.ROLE_MANAGER))
                .setStatus(UserStatus.USER_STATUS_DISABLED)
                .build());
    admin()
        .setPassword(
            SetPasswordRequest.newBuilder()
                .setUserId(u.getId())
                .setPassword("eve's second passphrase")
                .build());
    String tokenId =
        admin()
            .createApiToken(
                io.eventkit.proto.v1.CreateApiTokenRequest.newBuilder()
                    .setName("audit scanner")
                    .setRole(Role.ROLE_WAREHOUSE)
                    .build())
            .getTokenId();

    var entries =
        admin()
            .listAuthAudit(
                io.eventkit.proto.v1.ListAuthAuditRequest.newBuilder().setPageSize(500).build())
            .getEntriesList();
    var mine = entries.stream().filter(e -> e.getSubject().equals("user:" + u.getId())).toList();
    assertThat(mine)
        .extracting(io.eventkit.proto.v1.AuthAuditEntry::getAction)
        .containsExactly("PASSWORD_SET", "USER_UPDATE", "USER_CREATE"); // newest first
    assertThat(mine).allSatisfy(e -> assertThat(e.getActor()).startsWith("token:admin"));
    assertThat(mine.get(1).getDetail())
        .contains("roles [CREW] -> [MANAGER]")
        .contains("status ACTIVE -> DISABLED");
    assertThat(mine.get(2).getDetail()).contains("eve@example.com").contains("password set");
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.getAction()).isEqualTo("TOKEN_CREATE");
              assertThat(e.getSubject()).isEqualTo("token:" + tokenId);
              assertThat(e.getDetail()).contains("audit scanner").contains("WAREHOUSE");
            });
    assertThat(entries.toString()).doesNotContain("passphrase").doesNotContain("ekt_");

    // Paging, and a page token it did not issue.
    var first =
        admin()
            .listAuthAudit(
                io.eventkit.proto.v1.ListAuthAuditRequest.newBuilder().setPageSize(1).build());
    var second =
        admin()
            .listAuthAudit(
                io.eventkit.proto.v1.ListAuthAuditRequest.newBuilder()
                    .setPageSize(1)
                    .setPageToken(first.getNextPageToken())
                    .build());
    assertThat(second.getEntries(0).getId()).isLessThan(first.getEntries(0).getId());
    assertThat(
            refused(
                () ->
                    admin()
                        .listAuthAudit(
                            io.eventkit.proto.v1.ListAuthAuditRequest.newBuilder()
                                .setPageToken("bm9wZQ")
                                .build()),
                "page_token"))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);

    // Append-only, even for the node's own database user.
    for (String sql : List.of("UPDATE auth_audit SET detail = 'x'", "DELETE FROM auth_audit")) {
      assertThatThrownBy(() -> node.runtime().jdbi().useHandle(h -> h.execute(sql)))
          .hasMessageContaining("append-only");
    }
  }
}
