package io.eventkit.node.identity;

import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.testing.EventRows;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateApiTokenResponse;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.RevokeApiTokenRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.RoleList;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.UserStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** user.changed and security.alert, recorded with the change and never holding a secret. */
class IdentityEventsTest {
  private static String u() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void creatingAUserAndChangingRolesOrStatusRecordUserChanged() {
    var auth =
        node()
            .authService(node().adminToken())
            .withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS);
    String email = "ev-" + u() + "@example.com";
    User user =
        auth.createUser(
            CreateUserRequest.newBuilder()
                .setEmail(email)
                .setDisplayName("Eve Example")
                .addRoles(Role.ROLE_PLANNER)
                .setPassword("a long enough passphrase " + u())
                .build());
    List<EventRows.Row> created = EventRows.of(jdbi(), "user.changed", user.getId());
    assertThat(created).hasSize(1);
    assertThat(created.get(0).subjectKind()).isEqualTo("user");
    assertThat(created.get(0).actor()).startsWith("token:");
    assertThat(created.get(0).payload())
        .containsEntry("change", "CREATED")
        .containsEntry("email", email)
        .containsEntry("roles", List.of("PLANNER"))
        .containsEntry("authSource", "password")
        .doesNotContainKeys("password", "passwordHash");

    // A new display name alone is no user.changed.
    auth.updateUser(
        UpdateUserRequest.newBuilder().setUserId(user.getId()).setDisplayName("Eve E.").build());
    assertThat(EventRows.of(jdbi(), "user.changed", user.getId())).hasSize(1);

    auth.updateUser(
        UpdateUserRequest.newBuilder()
            .setUserId(user.getId())
            .setRoles(RoleList.newBuilder().addRoles(Role.ROLE_MANAGER))
            .build());
    auth.updateUser(
        UpdateUserRequest.newBuilder()
            .setUserId(user.getId())
            .setStatus(UserStatus.USER_STATUS_DISABLED)
            .build());
    List<EventRows.Row> rows = EventRows.of(jdbi(), "user.changed", user.getId());
    assertThat(rows)
        .extracting(r -> r.payload().get("change"))
        .containsExactly("CREATED", "ROLES_CHANGED", "DISABLED");
    assertThat(rows.get(1).payload())
        .containsEntry("rolesBefore", List.of("PLANNER"))
        .containsEntry("roles", List.of("MANAGER"));
    assertThat(rows.get(2).payload())
        .containsEntry("statusBefore", "ACTIVE")
        .containsEntry("status", "DISABLED");
  }

  @Test
  void creatingAndRevokingATokenAreSecurityAlertsWithoutTheSecret() {
    var auth =
        node()
            .authService(node().adminToken())
            .withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS);
    String name = "ci " + u();
    CreateApiTokenResponse t =
        auth.createApiToken(
            CreateApiTokenRequest.newBuilder().setName(name).setRole(Role.ROLE_READ_ONLY).build());
    auth.revokeApiToken(RevokeApiTokenRequest.newBuilder().setTokenId(t.getTokenId()).build());
    // Revoking again changes nothing.
    auth.revokeApiToken(RevokeApiTokenRequest.newBuilder().setTokenId(t.getTokenId()).build());

    List<EventRows.Row> rows =
        EventRows.withPayload(jdbi(), "security.alert", "tokenId", t.getTokenId());
    assertThat(rows)
        .extracting(r -> r.payload().get("alert"))
        .containsExactly("API_TOKEN_CREATED", "API_TOKEN_REVOKED");
    assertThat(rows.get(0).payload())
        .containsEntry("tokenName", name)
        .containsEntry("role", "READ_ONLY")
        .containsEntry("bootstrap", false);
    for (EventRows.Row r : rows) {
      assertThat(r.payload().toString())
          .doesNotContain(t.getToken())
          .doesNotContain(t.getToken().substring(0, 8));
    }
  }

  @Test
  void theFifthFailedLoginLocksTheAccountOutAndRaisesOneAlert() {
    Clock clock = Clock.systemUTC();
    AuthAudit audit = new AuthAudit(jdbi(), clock);
    CustomRoles roles = new CustomRoles(jdbi(), clock, audit);
    Users users =
        new Users(
            jdbi(),
            clock,
            PasswordHasher.owasp(),
            audit,
            roles,
            new IdentityEvents(new DomainEvents(clock)));
    String email = "lock-" + u() + "@example.com";
    Users.User user =
        users.create(
            email,
            "Locky",
            "en",
            "UTC",
            Set.of(Principal.Role.SALES),
            Set.of(),
            Optional.of("the right passphrase " + u()));
    // A documentation address: this test's failures do not count against the loopback host.
    String from = "203.0.113.7:40000";
    for (int i = 0; i < LoginThrottle.MAX_PER_ACCOUNT + 2; i++) {
      assertThrows(DomainException.class, () -> users.login(email, "wrong passphrase!!", from));
    }
    List<EventRows.Row> alerts = EventRows.withPayload(jdbi(), "security.alert", "email", email);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).subjectKind()).isEqualTo("user");
    assertThat(alerts.get(0).subjectId()).isEqualTo(user.id().toString());
    assertThat(alerts.get(0).payload())
        .containsEntry("alert", "ACCOUNT_LOCKED")
        .containsEntry("userId", user.id().toString())
        .containsEntry("address", from)
        .containsEntry("failures", LoginThrottle.MAX_PER_ACCOUNT)
        .containsKey("lockedUntil")
        .doesNotContainValue("wrong passphrase!!");
  }
}
