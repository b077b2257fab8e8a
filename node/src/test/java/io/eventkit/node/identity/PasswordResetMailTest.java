package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.platform.mail.MailConfig;
import io.eventkit.node.testing.Mails;
import io.eventkit.node.testing.SettableClock;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.IssuePasswordResetRequest;
import io.eventkit.proto.v1.IssuePasswordResetResponse;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.RequestPasswordResetRequest;
import io.eventkit.proto.v1.ResetPasswordRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.UserStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "Forgot password" and admin-mailed reset links, against a real SMTP server (GreenMail): the link
 * arrives in the user's language and works once, the mail is sealed at rest, and the answer never
 * says whether an address has an account.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PasswordResetMailTest {
  private static final String LOGIN = "node@acme.example";
  private static final String SMTP_PASSWORD = "smtp-secret";
  private static final String PASSWORD = "a long enough passphrase";
  private static final String NEW_PASSWORD = "another long passphrase";
  private static final Pattern LINK =
      Pattern.compile(
          "https://ops\\.acme\\.example/reset-password#token=(ekr_[A-Za-z0-9_-]+)&tenant=default");

  private static GreenMail smtp;
  private static TestNode node;
  private static SettableClock clock;

  @BeforeAll
  static void start() throws Exception {
    int smtpPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      smtpPort = s.getLocalPort();
    }
    smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(
                GreenMailConfiguration.aConfig().withUser(LOGIN, LOGIN, SMTP_PASSWORD));
    smtp.start();
    NodeConfiguration config =
        TestNode.config("reset.test", Files.createTempDirectory("eventkit-reset"));
    config.setPublicUrl("https://ops.acme.example/");
    MailConfig c = new MailConfig();
    c.setEnabled(true);
    c.setHost("127.0.0.1");
    c.setPort(smtpPort);
    c.setUsername(LOGIN);
    c.setPassword(SMTP_PASSWORD);
    c.setFrom(LOGIN);
    c.setStartTls(false);
    c.setPollInterval(io.dropwizard.util.Duration.milliseconds(200));
    config.setMail(c);
    clock = new SettableClock();
    node = TestNode.start(config, clock);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  @Test
  @Order(1)
  void aForgottenPasswordIsResetThroughTheMailedLinkOnce() throws Exception {
    User u = createUser("forgot-" + suffix() + "@example.com", "en");
    anonymous().requestPasswordReset(request(u.getEmail()));

    MimeMessage mail = single(mailsTo(u.getEmail(), 1));
    assertThat(mail.getSubject()).isEqualTo("Reset your EventKit password");
    String token = token(mail);
    assertThat(Mails.text(mail)).contains(u.getEmail()).contains("30 minutes");

    // At rest the body is sealed: the token is nowhere in the outbox.
    int sealed =
        node.runtime()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM mail_outbox WHERE related_kind ="
                                + " 'password_reset' AND related_id = ? AND sealed AND"
                                + " text_body LIKE 'v1:%' AND position(? in text_body) = 0")
                        .bind(0, u.getId())
                        .bind(1, token)
                        .mapTo(Integer.class)
                        .one());
    assertThat(sealed).isEqualTo(1);

    anonymous()
        .resetPassword(
            ResetPasswordRequest.newBuilder()
                .setResetToken(token)
                .setNewPassword(NEW_PASSWORD)
                .build());
    assertThat(login(u.getEmail(), NEW_PASSWORD).getUser().getId()).isEqualTo(u.getId());
    assertThat(
            code(
                () ->
                    anonymous()
                        .resetPassword(
                            ResetPasswordRequest.newBuilder()
                                .setResetToken(token)
                                .setNewPassword(PASSWORD)
                                .build())))
        .isEqualTo(Status.Code.UNAUTHENTICATED);

    String audit = audit();
    assertThat(audit).contains("PASSWORD_RESET_REQUEST").doesNotContain(token);
  }

  @Test
  @Order(2)
  void theAnswerIsTheSameWithoutAnAccountAndNothingIsMailed() throws Exception {
    User disabled = createUser("disabled-" + suffix() + "@example.com", "en");
    admin()
        .updateUser(
            UpdateUserRequest.newBuilder()
                .setUserId(disabled.getId())
                .setStatus(UserStatus.USER_STATUS_DISABLED)
                .build());
    User directory = createUser("ldap-" + suffix() + "@example.com", "en");
    node.runtime()
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE app_user SET auth_source = 'ldap' WHERE id = ?",
                    UUID.fromString(directory.getId())));
    String nobody = "nobody-" + suffix() + "@example.com";

    for (String address : List.of(nobody, disabled.getEmail(), directory.getEmail())) {
      assertThat(anonymous().requestPasswordReset(request(address)).getSerializedSize()).isZero();
    }
    // A later mail to someone else arrives; none of the three got one before it.
    User witness = createUser("witness-" + suffix() + "@example.com", "en");
    anonymous().requestPasswordReset(request(witness.getEmail()));
    mailsTo(witness.getEmail(), 1);
    for (String address : List.of(nobody, disabled.getEmail(), directory.getEmail())) {
      assertThat(mailsTo(address, 0)).isEmpty();
    }
    assertThat(audit()).contains("PASSWORD_RESET_REQUEST_IGNORED");
  }

  @Test
  @Order(3)
  void aUserIsMailedAtMostOneLinkPerTwoMinutesInTheirLanguage() throws Exception {
    User u = createUser("de-" + suffix() + "@example.com", "de-DE");
    anonymous().requestPasswordReset(request(u.getEmail().toUpperCase(java.util.Locale.ROOT)));
    anonymous().requestPasswordReset(request(u.getEmail()));
    MimeMessage first = single(mailsTo(u.getEmail(), 1));
    assertThat(first.getSubject()).isEqualTo("EventKit-Passwort zurücksetzen");
    assertThat(Mails.text(first)).contains("innerhalb von 30 Minuten");
    Thread.sleep(500); // a second mail, if one were queued, would have arrived by now
    assertThat(mailsTo(u.getEmail(), 1)).hasSize(1);

    clock.advance(Duration.ofMinutes(3));
    anonymous().requestPasswordReset(request(u.getEmail()));
    List<MimeMessage> both = mailsTo(u.getEmail(), 2);
    assertThat(both).hasSize(2);
    // The newer link spent the older one.
    String older = token(first);
    String newer = token(both.get(1));
    assertThat(newer).isNotEqualTo(older);
    assertThat(code(() -> reset(older))).isEqualTo(Status.Code.UNAUTHENTICATED);
    reset(newer);
    assertThat(login(u.getEmail(), NEW_PASSWORD).getUser().getId()).isEqualTo(u.getId());
  }

  @Test
  @Order(4)
  void anAdminCanMailTheLinkInsteadOfSeeingTheToken() throws Exception {
    User u = createUser("admin-mailed-" + suffix() + "@example.com", "ar");
    IssuePasswordResetResponse r =
        admin()
            .issuePasswordReset(
                IssuePasswordResetRequest.newBuilder()
                    .setUserId(u.getId())
                    .setSendEmail(true)
                    .build());
    assertThat(r.getResetToken()).isEmpty();
    assertThat(r.getEmailedTo()).isEqualTo(u.getEmail());
    MimeMessage mail = single(mailsTo(u.getEmail(), 1));
    assertThat(mail.getSubject()).contains("EventKit").contains("كلمة مرور");
    reset(token(mail));
    assertThat(login(u.getEmail(), NEW_PASSWORD).getUser().getId()).isEqualTo(u.getId());
    assertThat(audit()).contains("PASSWORD_RESET_EMAIL");
  }

  @Test
  @Order(5)
  void theLoginOptionsOfferTheResetLink() {
    assertThat(
            anonymous()
                .getLoginOptions(io.eventkit.proto.v1.GetLoginOptionsRequest.getDefaultInstance())
                .getPasswordResetEmail())
        .isTrue();
  }

  @Test
  @Order(6)
  void aBadAddressIsRefusedAndChangesNothing() {
    for (String bad : List.of("", "   ", "not-an-address", "a".repeat(250) + "@x.example")) {
      StatusRuntimeException e = refusal(() -> anonymous().requestPasswordReset(request(bad)));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains("email");
    }
  }

  /** Last: it spends this host's request budget. */
  @Test
  @Order(99)
  void oneHostCanAskOnlySoOften() throws Exception {
    User u = createUser("flood-" + suffix() + "@example.com", "en");
    int accepted = 0;
    StatusRuntimeException refused = null;
    for (int i = 0; i < Passwords.MAX_REQUESTS_PER_HOST + 1 && refused == null; i++) {
      try {
        anonymous().requestPasswordReset(request(u.getEmail()));
        accepted++;
      } catch (StatusRuntimeException e) {
        refused = e;
      }
    }
    assertThat(refused).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getStatus().getDescription()).contains("try again in 15 minutes");
    assertThat(accepted).isLessThanOrEqualTo(Passwords.MAX_REQUESTS_PER_HOST);
    // However many were accepted, the user was mailed once.
    Thread.sleep(500);
    assertThat(mailsTo(u.getEmail(), 1)).hasSize(1);
  }

  // ---- helpers ----

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static AuthServiceGrpc.AuthServiceBlockingStub admin() {
    return node.authService(node.adminToken());
  }

  private static AuthServiceGrpc.AuthServiceBlockingStub anonymous() {
    return AuthServiceGrpc.newBlockingStub(node.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static RequestPasswordResetRequest request(String email) {
    return RequestPasswordResetRequest.newBuilder().setEmail(email).build();
  }

  private static User createUser(String email, String locale) {
    return admin()
        .createUser(
            CreateUserRequest.newBuilder()
                .setEmail(email)
                .setDisplayName("Person " + email)
                .setLocale(locale)
                .addRoles(Role.ROLE_CREW)
                .setPassword(PASSWORD)
                .build());
  }

  private static io.eventkit.proto.v1.LoginResponse login(String email, String password) {
    return anonymous()
        .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build());
  }

  private static void reset(String token) {
    anonymous()
        .resetPassword(
            ResetPasswordRequest.newBuilder()
                .setResetToken(token)
                .setNewPassword(NEW_PASSWORD)
                .build());
  }

  private static String audit() {
    return admin()
        .listAuthAudit(ListAuthAuditRequest.newBuilder().setPageSize(500).build())
        .toString();
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

  private static List<MimeMessage> mailsTo(String to, int atLeast) throws Exception {
    return Mails.to(smtp, to, atLeast);
  }

  private static MimeMessage single(List<MimeMessage> mails) {
    assertThat(mails).hasSize(1);
    return mails.get(0);
  }

  private static String token(MimeMessage m) throws Exception {
    Matcher matcher = LINK.matcher(Mails.text(m));
    assertThat(matcher.find()).as("a reset link in %s", Mails.text(m)).isTrue();
    return matcher.group(1);
  }
}
