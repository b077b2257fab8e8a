package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.ChangePasswordRequest;
import io.eventkit.proto.v1.ChangePasswordResponse;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.IssuePasswordResetRequest;
import io.eventkit.proto.v1.IssuePasswordResetResponse;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.RefreshRequest;
import io.eventkit.proto.v1.ResetPasswordRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.RotateSigningKeyRequest;
import io.eventkit.proto.v1.RotateSigningKeyResponse;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.UserStatus;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Changing one's password, admin-issued reset tokens, and signing-key rotation, over gRPC. */
class PasswordsAndKeyRotationTest {
  private static final String PASSWORD = "a long enough passphrase";
  private static final String NEW_PASSWORD = "another long passphrase";
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start("passwords.test");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static AuthServiceGrpc.AuthServiceBlockingStub admin() {
    return node.authService(node.adminToken());
  }

  private static AuthServiceGrpc.AuthServiceBlockingStub anonymous() {
    return AuthServiceGrpc.newBlockingStub(node.channel()).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  private static User createUser(String email) {
    return admin()
        .createUser(
            CreateUserRequest.newBuilder()
                .setEmail(email)
                .setDisplayName(email)
                .addRoles(Role.ROLE_CREW)
                .setPassword(PASSWORD)
                .build());
  }

  private static LoginResponse login(String email, String password) {
    return anonymous()
        .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build());
  }

  private static Status.Code code(Runnable r) {
    try {
      r.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static StatusRuntimeException refusal(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  private static Status.Code refreshCode(String refreshToken) {
    return code(
        () ->
            anonymous().refresh(RefreshRequest.newBuilder().setRefreshToken(refreshToken).build()));
  }

  private static String passwordHash(String userId) {
    return node.runtime()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT password_hash FROM app_user WHERE id = :id")
                    .bind("id", UUID.fromString(userId))
                    .mapTo(String.class)
                    .one());
  }

  private static List<String> auditActions(String subject) {
    return admin()
        .listAuthAudit(ListAuthAuditRequest.newBuilder().setPageSize(500).build())
        .getEntriesList()
        .stream()
        .filter(e -> e.getSubject().equals(subject))
        .map(e -> e.getAction())
        .toList();
  }

  @Test
  void changingThePasswordKeepsTheCurrentSessionAndEndsTheOthers() {
    User u = createUser("kim@example.com");
    LoginResponse here = login("kim@example.com", PASSWORD);
    LoginResponse phone = login("kim@example.com", PASSWORD);
    AuthServiceGrpc.AuthServiceBlockingStub kim = node.authService(here.getAccessToken());

    ChangePasswordResponse changed =
        kim.changePassword(
            ChangePasswordRequest.newBuilder()
                .setCurrentPassword(PASSWORD)
                .setNewPassword(NEW_PASSWORD)
                .setKeepSessionId(here.getSessionId())
                .build());

    assertThat(changed.getSessionsEnded()).isEqualTo(1);
    assertThat(refreshCode(phone.getRefreshToken())).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refreshCode(here.getRefreshToken())).isEqualTo(Status.Code.OK);
    assertThat(code(() -> login("kim@example.com", PASSWORD)))
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(login("kim@example.com", NEW_PASSWORD).getUser().getId()).isEqualTo(u.getId());
    assertThat(auditActions("user:" + u.getId())).contains("PASSWORD_CHANGE");
  }

  @Test
  void aWrongCurrentPasswordOrAWeakNewOneChangesNothing() {
    User u = createUser("lee@example.com");
    LoginResponse session = login("lee@example.com", PASSWORD);
    AuthServiceGrpc.AuthServiceBlockingStub lee = node.authService(session.getAccessToken());
    String before = passwordHash(u.getId());

    StatusRuntimeException wrong =
        refusal(
            () ->
                lee.changePassword(
                    ChangePasswordRequest.newBuilder()
                        .setCurrentPassword("not the password at all")
                        .setNewPassword(NEW_PASSWORD)
                        .build()));
    assertThat(wrong.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(wrong.getStatus().getDescription()).contains("current password");

    StatusRuntimeException weak =
        refusal(
            () ->
                lee.changePassword(
                    ChangePasswordRequest.newBuilder()
                        .setCurrentPassword(PASSWORD)
                        .setNewPassword("short")
                        .build()));
    assertThat(weak.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(weak.getStatus().getDescription()).contains("new_password");

    assertThat(passwordHash(u.getId())).isEqualTo(before);
    assertThat(refreshCode(session.getRefreshToken())).isEqualTo(Status.Code.OK);
    assertThat(auditActions("user:" + u.getId()))
        .contains("PASSWORD_CHANGE_FAILED")
        .doesNotContain("PASSWORD_CHANGE");
  }

  @Test
  void anApiTokenHasNoPasswordToChange() {
    StatusRuntimeException e =
        refusal(
            () ->
                admin()
                    .changePassword(
                        ChangePasswordRequest.newBuilder()
                            .setCurrentPassword(PASSWORD)
                            .setNewPassword(NEW_PASSWORD)
                            .build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void aResetTokenWorksOnceEndsAllSessionsAndIsNeverLogged() {
    User u = createUser("max@example.com");
    LoginResponse session = login("max@example.com", PASSWORD);
    IssuePasswordResetResponse first =
        admin()
            .issuePasswordReset(
                IssuePasswordResetRequest.newBuilder().setUserId(u.getId()).build());
    IssuePasswordResetResponse second =
        admin()
            .issuePasswordReset(
                IssuePasswordResetRequest.newBuilder().setUserId(u.getId()).build());
    assertThat(second.getResetToken()).startsWith("ekr_").isNotEqualTo(first.getResetToken());
    assertThat(second.getExpiresAt().getSeconds() - Instant.now().getEpochSecond())
        .isBetween(Passwords.RESET_LIFETIME.toSeconds() - 60, Passwords.RESET_LIFETIME.toSeconds());

    // Issuing the second spent the first.
    assertThat(code(() -> reset(first.getResetToken(), NEW_PASSWORD)))
        .isEqualTo(Status.Code.UNAUTHENTICATED);

    reset(second.getResetToken(), NEW_PASSWORD);
    assertThat(login("max@example.com", NEW_PASSWORD).getUser().getId()).isEqualTo(u.getId());
    assertThat(refreshCode(session.getRefreshToken())).isEqualTo(Status.Code.UNAUTHENTICATED);

    String hash = passwordHash(u.getId());
    StatusRuntimeException again = refusal(() -> reset(second.getResetToken(), PASSWORD));
    assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(again.getStatus().getDescription()).contains("ask an admin");
    assertThat(passwordHash(u.getId())).isEqualTo(hash);

    assertThat(auditActions("user:" + u.getId()))
        .contains("PASSWORD_RESET_ISSUE", "PASSWORD_RESET");
    String audit =
        admin()
            .listAuthAudit(ListAuthAuditRequest.newBuilder().setPageSize(500).build())
            .toString();
    assertThat(audit).doesNotContain(second.getResetToken()).doesNotContain(NEW_PASSWORD);
  }

  @Test
  void withoutEmailAResetLinkCannotBeMailedAndSaysWhatToDoInstead() {
    User u = createUser("nomail@example.com");
    StatusRuntimeException self =
        refusal(
            () ->
                anonymous()
                    .requestPasswordReset(
                        io.eventkit.proto.v1.RequestPasswordResetRequest.newBuilder()
                            .setEmail(u.getEmail())
                            .build()));
    assertThat(self.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(self.getStatus().getDescription()).contains("ask an admin for a reset token");
    StatusRuntimeException byAdmin =
        refusal(
            () ->
                admin()
                    .issuePasswordReset(
                        IssuePasswordResetRequest.newBuilder()
                            .setUserId(u.getId())
                            .setSendEmail(true)
                            .build()));
    assertThat(byAdmin.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            anonymous()
                .getLoginOptions(io.eventkit.proto.v1.GetLoginOptionsRequest.getDefaultInstance())
                .getPasswordResetEmail())
        .isFalse();
    assertThat(auditActions("user:" + u.getId())).doesNotContain("PASSWORD_RESET_EMAIL");
  }

  @Test
  void expiredUnknownAndDisabledUsersResetTokensAreRefusedAlike() {
    User u = createUser("ned@example.com");
    String expired = issue(u.getId());
    node.runtime()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE password_reset_token SET expires_at = now() - interval '1 minute'"
                            + " WHERE user_id = :u AND spent_at IS NULL")
                    .bind("u", UUID.fromString(u.getId()))
                    .execute());
    StatusRuntimeException late = refusal(() -> reset(expired, NEW_PASSWORD));
    StatusRuntimeException unknown = refusal(() -> reset("ekr_" + "x".repeat(43), NEW_PASSWORD));
    String forDisabled = issue(u.getId());
    admin()
        .updateUser(
            UpdateUserRequest.newBuilder()
                .setUserId(u.getId())
                .setStatus(UserStatus.USER_STATUS_DISABLED)
                .build());
    StatusRuntimeException disabled = refusal(() -> reset(forDisabled, NEW_PASSWORD));
    for (StatusRuntimeException e : List.of(late, unknown, disabled)) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.getStatus().getDescription()).isEqualTo(late.getStatus().getDescription());
    }
    assertThat(
            code(
                () ->
                    admin()
                        .issuePasswordReset(
                            IssuePasswordResetRequest.newBuilder()
                                .setUserId(UUID.randomUUID().toString())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(code(() -> reset("", NEW_PASSWORD))).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void onlyUserAdminsIssueResetTokens() {
    createUser("ola@example.com");
    User target = createUser("pia@example.com");
    String crew = login("ola@example.com", PASSWORD).getAccessToken();
    assertThat(
            code(
                () ->
                    node.authService(crew)
                        .issuePasswordReset(
                            IssuePasswordResetRequest.newBuilder()
                                .setUserId(target.getId())
                                .build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            code(
                () ->
                    node.authService(crew)
                        .rotateSigningKey(RotateSigningKeyRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void rotatingTheSigningKeyLogsNobodyOutAndOtherReplicasLearnTheNewKey() throws Exception {
    createUser("quinn@example.com");
    String before = login("quinn@example.com", PASSWORD).getAccessToken();
    String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
    // A second instance over the same database stands in for another replica.
    MutableClock replicaClock = new MutableClock();
    AccessTokens replica =
        AccessTokens.open(
            node.runtime().jdbi(),
            node.federation().pki().vault(),
            replicaClock,
            node.nodeId(),
            new io.eventkit.node.identity.CustomRoles(
                node.runtime().jdbi(),
                replicaClock,
                new io.eventkit.node.identity.AuthAudit(node.runtime().jdbi(), replicaClock)));

    RotateSigningKeyResponse rotated =
        admin().rotateSigningKey(RotateSigningKeyRequest.getDefaultInstance());
    String after = login("quinn@example.com", PASSWORD).getAccessToken();

    assertThat(rotated.getKid()).isNotEqualTo(oldKid);
    assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(rotated.getKid());
    for (String token : List.of(before, after)) {
      assertThat(code(() -> node.authService(token).whoAmI(WhoAmIRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.OK);
    }
    assertThat(auditActions("kid:" + rotated.getKid())).containsExactly("SIGNING_KEY_ROTATE");

    // The replica opened just now re-reads the keys at most every RELOAD_INTERVAL.
    assertThat(replica.authenticate(before)).isPresent();
    assertThat(replica.authenticate(after)).isEmpty();
    replicaClock.advance(AccessTokens.RELOAD_INTERVAL.plusSeconds(1));
    assertThat(replica.authenticate(after)).map(Principal::kind).contains(Principal.Kind.USER);
  }

  private static String issue(String userId) {
    return admin()
        .issuePasswordReset(IssuePasswordResetRequest.newBuilder().setUserId(userId).build())
        .getResetToken();
  }

  private static void reset(String token, String password) {
    anonymous()
        .resetPassword(
            ResetPasswordRequest.newBuilder()
                .setResetToken(token)
                .setNewPassword(password)
                .build());
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.now();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    synchronized void advance(Duration d) {
      now = now.plus(d);
    }
  }
}
