package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.ListSessionsRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.LogoutRequest;
import io.eventkit.proto.v1.RefreshRequest;
import io.eventkit.proto.v1.RevokeSessionRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.Session;
import io.eventkit.proto.v1.SetPasswordRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Refresh tokens and sessions: rotation, reuse revokes the session, logout, listing, revoking. */
class SessionsTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start("sessions.test");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static AuthServiceGrpc.AuthServiceBlockingStub anonymous() {
    return AuthServiceGrpc.newBlockingStub(node.channel()).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  private static User createUser(String email) {
    return node.authService(node.adminToken())
        .createUser(
            CreateUserRequest.newBuilder()
                .setEmail(email)
                .setDisplayName(email)
                .addRoles(Role.ROLE_CREW)
                .setPassword("a long enough passphrase")
                .build());
  }

  private static LoginResponse login(String email) {
    return anonymous()
        .login(
            LoginRequest.newBuilder()
                .setEmail(email)
                .setPassword("a long enough passphrase")
                .build());
  }

  private static LoginResponse refresh(String refreshToken) {
    return anonymous().refresh(RefreshRequest.newBuilder().setRefreshToken(refreshToken).build());
  }

  private static StatusRuntimeException refusal(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  private static void assertRefreshRefused(String refreshToken) {
    StatusRuntimeException e = refusal(() -> refresh(refreshToken));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).isEqualTo(Sessions.REFRESH_REFUSED);
  }

  private static Session session(String id) {
    return node
        .authService(node.adminToken())
        .listSessions(ListSessionsRequest.newBuilder().setAll(true).build())
        .getSessionsList()
        .stream()
        .filter(s -> s.getId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void refreshRotatesTheTokenAndReusingASpentOneRevokesTheSession() {
    User u = createUser("kate@example.com");
    LoginResponse first = login("kate@example.com");
    assertThat(first.getRefreshToken()).hasSize(43); // 32 random bytes, base64url
    Integer hashed =
        node.runtime()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM refresh_token WHERE token_hash ="
                                + " sha256(convert_to(:t, 'UTF8'))")
                        .bind("t", first.getRefreshToken())
                        .mapTo(Integer.class)
                        .one());
    assertThat(hashed).as("stored as its SHA-256 hash").isEqualTo(1);

    LoginResponse second = refresh(first.getRefreshToken());
    assertThat(second.getRefreshToken()).isNotEqualTo(first.getRefreshToken());
    assertThat(second.getSessionId()).isEqualTo(first.getSessionId());
    assertThat(second.getUser().getId()).isEqualTo(u.getId());
    assertThat(
            node.authService(second.getAccessToken())
                .whoAmI(WhoAmIRequest.getDefaultInstance())
                .getPrincipalId())
        .isEqualTo(u.getId());
    LoginResponse third = refresh(second.getRefreshToken());

    // The first token again (a stolen copy): refused, and the whole session ends.
    assertRefreshRefused(first.getRefreshToken());
    assertRefreshRefused(third.getRefreshToken());
    Session s = session(first.getSessionId());
    assertThat(s.hasRevokedAt()).isTrue();
    assertThat(s.getRevokedReason()).isEqualTo("refresh token reused");
    assertRefreshRefused("not-a-refresh-token");
  }

  @Test
  void aTokenPresentedAgainRightAfterItsReplyWasLostGoesOnAndTheftIsStillCaught() {
    createUser("lena@example.com");
    LoginResponse first = login("lena@example.com");
    // The reply to this refresh never reached the page (it reloaded mid-refresh).
    LoginResponse lost = refresh(first.getRefreshToken());
    LoginResponse again = refresh(first.getRefreshToken());
    assertThat(again.getSessionId()).isEqualTo(first.getSessionId());
    assertThat(again.getRefreshToken()).isNotEqualTo(lost.getRefreshToken());
    assertThat(session(first.getSessionId()).hasRevokedAt()).isFalse();
    LoginResponse next = refresh(again.getRefreshToken());
    // Whoever held the lost reply now holds a spent token: presenting it ends the session.
    assertRefreshRefused(lost.getRefreshToken());
    assertRefreshRefused(next.getRefreshToken());
    assertThat(session(first.getSessionId()).getRevokedReason()).isEqualTo("refresh token reused");
  }

  @Test
  void theLostReplyGraceIsShortAndOnlyForTheNewestSpentToken() {
    createUser("otto@example.com");
    LoginResponse first = login("otto@example.com");
    refresh(first.getRefreshToken());
    // Spent longer ago than the grace: a replay, not a lost reply.
    node.runtime()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE refresh_token SET spent_at = spent_at - interval '1 minute'"
                            + " WHERE token_hash = sha256(convert_to(:t, 'UTF8'))")
                    .bind("t", first.getRefreshToken())
                    .execute());
    assertRefreshRefused(first.getRefreshToken());
    assertThat(session(first.getSessionId()).getRevokedReason()).isEqualTo("refresh token reused");
  }

  @Test
  void logoutEndsTheSessionAndIsIdempotent() {
    createUser("liam@example.com");
    LoginResponse r = login("liam@example.com");
    anonymous().logout(LogoutRequest.newBuilder().setRefreshToken(r.getRefreshToken()).build());
    assertRefreshRefused(r.getRefreshToken());
    assertThat(session(r.getSessionId()).getRevokedReason()).isEqualTo("logout");
    anonymous().logout(LogoutRequest.newBuilder().setRefreshToken(r.getRefreshToken()).build());
  }

  @Test
  void usersSeeAndEndTheirOwnSessionsOnlyAndAdminsAnyone() {
    User mia = createUser("mia@example.com");
    User ned = createUser("ned@example.com");
    LoginResponse mia1 = login("mia@example.com");
    LoginResponse mia2 = login("mia@example.com");
    LoginResponse ned1 = login("ned@example.com");
    AuthServiceGrpc.AuthServiceBlockingStub asMia = node.authService(mia1.getAccessToken());

    assertThat(asMia.listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsList())
        .extracting(Session::getId)
        .containsExactlyInAnyOrder(mia1.getSessionId(), mia2.getSessionId());
    for (Runnable forbidden :
        new Runnable[] {
          () ->
              node.authService(mia1.getAccessToken())
                  .listSessions(ListSessionsRequest.newBuilder().setAll(true).build()),
          () ->
              node.authService(mia1.getAccessToken())
                  .listSessions(ListSessionsRequest.newBuilder().setUserId(ned.getId()).build()),
          () ->
              node.authService(mia1.getAccessToken())
                  .revokeSession(
                      RevokeSessionRequest.newBuilder().setSessionId(ned1.getSessionId()).build())
        }) {
      StatusRuntimeException e = refusal(forbidden);
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getStatus().getDescription()).contains("USERS_ADMIN");
    }
    refresh(ned1.getRefreshToken()); // untouched by the refused revocation

    asMia.revokeSession(
        RevokeSessionRequest.newBuilder().setSessionId(mia2.getSessionId()).build());
    assertRefreshRefused(mia2.getRefreshToken());
    node.authService(node.adminToken())
        .revokeSession(RevokeSessionRequest.newBuilder().setSessionId(mia1.getSessionId()).build());
    assertRefreshRefused(mia1.getRefreshToken());
    assertThat(
            node.authService(node.adminToken())
                .listSessions(ListSessionsRequest.newBuilder().setUserId(mia.getId()).build())
                .getSessionsList())
        .allSatisfy(s -> assertThat(s.hasRevokedAt()).isTrue())
        .hasSize(2);
  }

  @Test
  void setPasswordEndsTheUsersSessions() {
    User u = createUser("olga@example.com");
    LoginResponse r = login("olga@example.com");
    node.authService(node.adminToken())
        .setPassword(
            SetPasswordRequest.newBuilder()
                .setUserId(u.getId())
                .setPassword("a brand new passphrase")
                .build());
    assertRefreshRefused(r.getRefreshToken());
    assertThat(session(r.getSessionId()).getRevokedReason()).isEqualTo("password changed");
  }
}
