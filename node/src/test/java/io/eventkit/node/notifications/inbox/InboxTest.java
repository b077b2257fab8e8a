package io.eventkit.node.notifications.inbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.identity.Recipients;
import io.eventkit.node.notifications.StoredEvent;
import io.eventkit.node.platform.events.EventType;
import io.eventkit.node.platform.mail.MailConfig;
import io.eventkit.node.testing.Mails;
import io.eventkit.node.testing.SettableClock;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateRoleRequest;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.EmailDigest;
import io.eventkit.proto.v1.EventTypePreference;
import io.eventkit.proto.v1.GetNotificationPreferencesRequest;
import io.eventkit.proto.v1.GetUnreadCountRequest;
import io.eventkit.proto.v1.GetWebPushConfigRequest;
import io.eventkit.proto.v1.ListNotificationsRequest;
import io.eventkit.proto.v1.ListNotificationsResponse;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.MarkNotificationsReadRequest;
import io.eventkit.proto.v1.Notification;
import io.eventkit.proto.v1.NotificationChannel;
import io.eventkit.proto.v1.NotificationPreferences;
import io.eventkit.proto.v1.NotificationServiceGrpc;
import io.eventkit.proto.v1.NotificationServiceGrpc.NotificationServiceBlockingStub;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Permission;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.SubscribeWebPushRequest;
import io.eventkit.proto.v1.UnsubscribeWebPushRequest;
import io.eventkit.proto.v1.UpdateNotificationPreferencesRequest;
import io.eventkit.proto.v1.User;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The users' side of notifications against a real node (embedded PostgreSQL, its own wired
 * NotificationService), a real SMTP server (GreenMail) and a WireMock push service: recipients by
 * permission (built-in and custom roles), defaults and preferences, the inbox RPCs, German texts,
 * immediate email, the daily digest at the hour in the user's zone (once), and a web push the test
 * decrypts (RFC 8291) with a checked VAPID signature (RFC 8292).
 */
class InboxTest {
  private static final String LOGIN = "notify@acme-av.test";
  private static final String PASSWORD = "smtp-pw-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static GreenMail smtp;
  private static TestNode node;
  private static SettableClock clock;
  private static InboxModule inbox;
  private static WireMockServer push;

  @BeforeAll
  static void start() throws IOException {
    int smtpPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      smtpPort = s.getLocalPort();
    }
    smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(LOGIN, LOGIN, PASSWORD));
    smtp.start();
    NodeConfiguration config =
        TestNode.config("inbox.test", Files.createTempDirectory("eventkit-inbox"));
    MailConfig c = new MailConfig();
    c.setEnabled(true);
    c.setHost("127.0.0.1");
    c.setPort(smtpPort);
    c.setUsername(LOGIN);
    c.setPassword(PASSWORD);
    c.setFrom(LOGIN);
    c.setFromName("Acme AV");
    c.setStartTls(false);
    c.setPollInterval(io.dropwizard.util.Duration.milliseconds(300));
    config.setMail(c);
    clock = new SettableClock();
    node = TestNode.start(config, clock);
    inbox =
        new InboxModule(
            jdbi(),
            clock,
            node.runtime().mail(),
            InboxConfig.defaults().withPush(true, 3, Duration.ofSeconds(30), Duration.ofMinutes(5)),
            node.runtime().federation().pki().vault(),
            new Recipients(),
            io.eventkit.node.platform.tenancy.Tenants.single(),
            // As a shared deployment's: each company account's own host, asked as it.
            () -> "https://" + io.eventkit.node.kernel.TenantContext.current() + ".node.example/");
    push = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    push.start();
  }

  @AfterAll
  static void stop() {
    if (push != null) {
      push.stop();
    }
    if (node != null) {
      node.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  private static Jdbi jdbi() {
    return node.runtime().jdbi();
  }

  // ---- helpers ----

  record Person(User user, String token) {
    UUID id() {
      return UUID.fromString(user.getId());
    }

    NotificationServiceBlockingStub api() {
      return stub(token);
    }
  }

  static NotificationServiceBlockingStub stub(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return NotificationServiceGrpc.newBlockingStub(node.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  static String u() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static Person person(String locale, String zone, List<Role> roles, List<String> customRoles) {
    String email = "n-" + u() + "@example.com";
    String password = "a long enough passphrase " + u();
    User user =
        node.authService(node.adminToken())
            .createUser(
                CreateUserRequest.newBuilder()
                    .setEmail(email)
                    .setDisplayName("Person " + email)
                    .setLocale(locale)
                    .setTimeZone(zone)
                    .addAllRoles(roles)
                    .addAllCustomRoles(customRoles)
                    .setPassword(password)
                    .build());
    String token =
        AuthServiceGrpc.newBlockingStub(node.channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build())
            .getAccessToken();
    return new Person(user, token);
  }

  static Person person(Role... roles) {
    return person("en", "UTC", List.of(roles), List.of());
  }

  static UUID fanOut(EventType type, String payloadJson, Optional<UUID> to) {
    UUID id = UUID.randomUUID();
    StoredEvent e =
        new StoredEvent(
            id, "default", 1, type, clock.instant(), "quote", "q-1", to, "user:x", payloadJson);
    jdbi().useTransaction(h -> inbox.sink().fanOut(h, e));
    return id;
  }

  static int count(String sql, Object... args) {
    return jdbi()
        .withHandle(
            h -> {
              var q = h.createQuery(sql);
              for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
              }
              return q.mapTo(Integer.class).one();
            });
  }

  static int notifications(Person p, UUID event) {
    return count(
        "SELECT count(*) FROM notification WHERE user_id = ? AND event_id = ?", p.id(), event);
  }

  static List<MimeMessage> mailTo(Person p, int atLeast) throws Exception {
    return Mails.to(smtp, p.user().getEmail(), atLeast);
  }

  static Status.Code code(Supplier<?> call) {
    return assertThrows(StatusRuntimeException.class, call::get).getStatus().getCode();
  }

  static EventTypePreference pref(String type, NotificationChannel... channels) {
    return EventTypePreference.newBuilder()
        .setEventType(type)
        .addAllChannels(List.of(channels))
        .build();
  }

  // ---- recipients ----

  @Test
  void recipientsAreTheActiveUsersHoldingThePermissionThroughBuiltInOrCustomRoles() {
    String roleName = "quote_watch_" + u();
    node.authService(node.adminToken())
        .createRole(
            CreateRoleRequest.newBuilder()
                .setName(roleName)
                .addPermissions(Permission.PERMISSION_QUOTES_READ)
                .build());
    Person sales = person(Role.ROLE_SALES);
    Person custom = person("en", "UTC", List.of(), List.of(roleName));
    Person crew = person(Role.ROLE_CREW);
    Person warehouse = person(Role.ROLE_WAREHOUSE);
    Person disabled = person(Role.ROLE_SALES);
    node.authService(node.adminToken())
        .updateUser(
            io.eventkit.proto.v1.UpdateUserRequest.newBuilder()
                .setUserId(disabled.user().getId())
                .setStatus(io.eventkit.proto.v1.UserStatus.USER_STATUS_DISABLED)
                .build());

    UUID e =
        fanOut(
            EventType.QUOTE_SENT, "{\"number\":\"Q-7\",\"client\":\"Globex\"}", Optional.empty());
    assertThat(notifications(sales, e)).isEqualTo(1);
    assertThat(notifications(custom, e)).isEqualTo(1);
    assertThat(notifications(crew, e)).isZero();
    assertThat(notifications(warehouse, e)).isZero();
    assertThat(notifications(disabled, e)).as("a disabled user gets nothing").isZero();

    // An event for one user reaches that user only, and only if they may see its type.
    Person crew2 = person(Role.ROLE_CREW);
    UUID offer = fanOut(EventType.CREW_ASSIGNMENT_OFFERED, "{}", Optional.of(crew.id()));
    assertThat(notifications(crew, offer)).isEqualTo(1);
    assertThat(notifications(crew2, offer)).isZero();
    UUID notAllowed = fanOut(EventType.QUOTE_SENT, "{}", Optional.of(crew.id()));
    assertThat(count("SELECT count(*) FROM notification WHERE event_id = ?", notAllowed)).isZero();

    // Fanning the same event out again adds nothing (idempotent per user and event).
    StoredEvent again =
        new StoredEvent(
            e,
            "default",
            1,
            EventType.QUOTE_SENT,
            clock.instant(),
            "quote",
            "q-1",
            Optional.empty(),
            "user:x",
            "{}");
    jdbi().useTransaction(h -> inbox.sink().fanOut(h, again));
    assertThat(notifications(sales, e)).isEqualTo(1);
  }

  // ---- inbox RPCs ----

  @Test
  void listPagesNewestFirstCountsUnreadAndMarksOnlyTheCallersOwn() {
    Person p = person(Role.ROLE_SALES);
    Person other = person(Role.ROLE_SALES);
    List<UUID> events = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      events.add(
          fanOut(EventType.QUOTE_DECLINED, "{\"number\":\"Q-" + i + "\"}", Optional.empty()));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(p.api().getUnreadCount(GetUnreadCountRequest.getDefaultInstance()).getUnread())
        .isEqualTo(5);

    ListNotificationsResponse first =
        p.api()
            .listNotifications(
                ListNotificationsRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(2))
                    .build());
    assertThat(first.getNotificationsList()).hasSize(2);
    assertThat(first.getNotifications(0).getEventId()).isEqualTo(events.get(4).toString());
    assertThat(first.getNotifications(1).getEventId()).isEqualTo(events.get(3).toString());
    assertThat(first.getNotifications(0).getEventType()).isEqualTo("quote.declined");
    assertThat(first.getNotifications(0).getSubjectKind()).isEqualTo("quote");
    List<Notification> all = new ArrayList<>(first.getNotificationsList());
    String token = first.getPage().getNextPageToken();
    while (!token.isEmpty()) {
      ListNotificationsResponse next =
          p.api()
              .listNotifications(
                  ListNotificationsRequest.newBuilder()
                      .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(token))
                      .build());
      all.addAll(next.getNotificationsList());
      token = next.getPage().getNextPageToken();
    }
    assertThat(all)
        .extracting(Notification::getEventId)
        .containsExactly(
            events.get(4).toString(),
            events.get(3).toString(),
            events.get(2).toString(),
            events.get(1).toString(),
            events.get(0).toString());

    String newest = all.get(0).getId();
    String oldest = all.get(4).getId();
    assertThat(
            p.api()
                .markNotificationsRead(
                    MarkNotificationsReadRequest.newBuilder().addIds(newest).addIds(oldest).build())
                .getMarked())
        .isEqualTo(2);
    // Idempotent: marking again changes nothing.
    assertThat(
            p.api()
                .markNotificationsRead(
                    MarkNotificationsReadRequest.newBuilder().addIds(newest).build())
                .getMarked())
        .isZero();
    assertThat(p.api().getUnreadCount(GetUnreadCountRequest.getDefaultInstance()).getUnread())
        .isEqualTo(3);
    List<Notification> unread =
        p.api()
            .listNotifications(ListNotificationsRequest.newBuilder().setUnreadOnly(true).build())
            .getNotificationsList();
    assertThat(unread)
        .extracting(Notification::getEventId)
        .containsExactly(
            events.get(3).toString(), events.get(2).toString(), events.get(1).toString());
    assertThat(all.get(0).hasReadAt()).isFalse();

    // Another user's notification is NOT_FOUND, and nothing is marked.
    String othersId =
        other
            .api()
            .listNotifications(ListNotificationsRequest.getDefaultInstance())
            .getNotifications(0)
            .getId();
    assertThat(
            code(
                () ->
                    p.api()
                        .markNotificationsRead(
                            MarkNotificationsReadRequest.newBuilder()
                                .addIds(unread.get(0).getId())
                                .addIds(othersId)
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(p.api().getUnreadCount(GetUnreadCountRequest.getDefaultInstance()).getUnread())
        .isEqualTo(3);
    assertThat(other.api().getUnreadCount(GetUnreadCountRequest.getDefaultInstance()).getUnread())
        .isEqualTo(5);

    assertThat(
            p.api()
                .markNotificationsRead(
                    MarkNotificationsReadRequest.newBuilder().setAll(true).build())
                .getMarked())
        .isEqualTo(3);
    assertThat(p.api().getUnreadCount(GetUnreadCountRequest.getDefaultInstance()).getUnread())
        .isZero();

    // API tokens have no inbox.
    assertThat(
            code(
                () ->
                    stub(node.adminToken())
                        .getUnreadCount(GetUnreadCountRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  // ---- preferences, email, localisation ----

  @Test
  void defaultsPerRoleThenPreferencesDecideTheChannelsAndEmailGoesOutImmediately()
      throws Exception {
    Person sales = person(Role.ROLE_SALES);
    Person planner = person(Role.ROLE_PLANNER);

    NotificationPreferences prefs =
        sales
            .api()
            .getNotificationPreferences(GetNotificationPreferencesRequest.getDefaultInstance());
    EventTypePreference accepted =
        prefs.getPreferencesList().stream()
            .filter(x -> x.getEventType().equals("quote.accepted"))
            .findFirst()
            .orElseThrow();
    assertThat(accepted.getChannelsList())
        .containsExactly(
            NotificationChannel.NOTIFICATION_CHANNEL_IN_APP,
            NotificationChannel.NOTIFICATION_CHANNEL_EMAIL);
    assertThat(accepted.getCustomised()).isFalse();
    assertThat(prefs.getEmailDigest()).isEqualTo(EmailDigest.EMAIL_DIGEST_IMMEDIATE);
    // Only the types the caller may receive: sales has no TRUST_READ.
    assertThat(prefs.getPreferencesList())
        .extracting(EventTypePreference::getEventType)
        .contains("quote.sent", "event.created")
        .doesNotContain("certificate.expiring", "webhook.test", "user.changed");

    UUID e =
        fanOut(
            EventType.QUOTE_ACCEPTED,
            "{\"number\":\"Q-42\",\"client\":\"Initech\"}",
            Optional.empty());
    List<MimeMessage> mails = mailTo(sales, 1);
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getSubject()).isEqualTo("Quote Q-42 accepted");
    assertThat(Mails.text(mails.get(0)))
        .contains("Initech accepted quote Q-42; the event is confirmed.")
        .contains("https://default.node.example/notifications");
    // Planners may see quotes? No: PLANNER lacks QUOTES_READ, so nothing at all.
    assertThat(notifications(planner, e)).isZero();

    // The user turns email off for quote.accepted: in-app only from now on.
    NotificationPreferences updated =
        sales
            .api()
            .updateNotificationPreferences(
                UpdateNotificationPreferencesRequest.newBuilder()
                    .addPreferences(
                        pref("quote.accepted", NotificationChannel.NOTIFICATION_CHANNEL_IN_APP))
                    .addPreferences(pref("quote.declined"))
                    .build());
    assertThat(
            updated.getPreferencesList().stream()
                .filter(x -> x.getEventType().equals("quote.accepted"))
                .findFirst()
                .orElseThrow())
        .satisfies(
            x -> {
              assertThat(x.getCustomised()).isTrue();
              assertThat(x.getChannelsList())
                  .containsExactly(NotificationChannel.NOTIFICATION_CHANNEL_IN_APP);
            });
    UUID e2 = fanOut(EventType.QUOTE_ACCEPTED, "{\"number\":\"Q-43\"}", Optional.empty());
    UUID off = fanOut(EventType.QUOTE_DECLINED, "{}", Optional.empty());
    assertThat(notifications(sales, e2)).isEqualTo(1);
    assertThat(notifications(sales, off)).isZero();
    Thread.sleep(1500);
    assertThat(mailTo(sales, 2)).hasSize(1);

    // Reset goes back to the role's default.
    NotificationPreferences reset =
        sales
            .api()
            .updateNotificationPreferences(
                UpdateNotificationPreferencesRequest.newBuilder()
                    .addResetEventTypes("quote.accepted")
                    .build());
    assertThat(
            reset.getPreferencesList().stream()
                .filter(x -> x.getEventType().equals("quote.accepted"))
                .findFirst()
                .orElseThrow()
                .getCustomised())
        .isFalse();
  }

  @Test
  void aGermanUserGetsGermanTextsInAppAndByEmail() throws Exception {
    Person de = person("de-DE", "Europe/Berlin", List.of(Role.ROLE_ADMIN), List.of());
    Person ar = person("ar", "Asia/Dubai", List.of(Role.ROLE_ADMIN), List.of());
    UUID e =
        fanOut(
            EventType.CERTIFICATE_EXPIRING,
            "{\"daysLeft\":12,\"subject\":\"partner.example\","
                + "\"notAfter\":\"2027-01-01T09:00:00Z\"}",
            Optional.empty());
    String title =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT title FROM notification WHERE user_id = ? AND event_id = ?")
                        .bind(0, de.id())
                        .bind(1, e)
                        .mapTo(String.class)
                        .one());
    assertThat(title).isEqualTo("Zertifikat läuft in 12 Tagen ab");
    // Times read in the user's zone, written the German way (Berlin is UTC+1 in January).
    String body =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT body FROM notification WHERE user_id = ? AND event_id = ?")
                        .bind(0, de.id())
                        .bind(1, e)
                        .mapTo(String.class)
                        .one());
    assertThat(body).contains("01.01.2027, 10:00").doesNotContain("2027-01-01T");
    List<MimeMessage> mails = mailTo(de, 1);
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getSubject()).isEqualTo("Zertifikat läuft in 12 Tagen ab");
    assertThat(Mails.text(mails.get(0))).contains("Benachrichtigungseinstellungen");
    List<MimeMessage> arMails = mailTo(ar, 1);
    assertThat(arMails.get(0).getSubject()).isEqualTo("تنتهي صلاحية الشهادة خلال 12 يومًا");

    // A type without its own text falls back to the generic one, in the user's language.
    UUID generic =
        fanOut(EventType.USER_CHANGED, "{\"email\":\"x@example.com\"}", Optional.empty());
    String g =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT title || '|' || body FROM notification WHERE user_id = ?"
                                + " AND event_id = ?")
                        .bind(0, de.id())
                        .bind(1, generic)
                        .mapTo(String.class)
                        .one());
    assertThat(g).isEqualTo("Neue Benachrichtigung: user.changed|email: x@example.com");
  }

  // ---- digest ----

  @Test
  void theDailyDigestGoesOutOnceAtTheHourInTheUsersZone() throws Exception {
    Person p = person("en", "America/New_York", List.of(Role.ROLE_MANAGER), List.of());
    p.api()
        .updateNotificationPreferences(
            UpdateNotificationPreferencesRequest.newBuilder()
                .setEmailDigest(EmailDigest.EMAIL_DIGEST_DAILY)
                .addPreferences(
                    pref("scan.discrepancy", NotificationChannel.NOTIFICATION_CHANNEL_EMAIL))
                .build());
    // Move the node's clock to the next 06:30 in New York (digest hour 7).
    ZoneId ny = ZoneId.of("America/New_York");
    ZonedDateTime now = clock.instant().atZone(ny);
    LocalDate day =
        now.toLocalTime().isBefore(java.time.LocalTime.of(6, 30))
            ? now.toLocalDate()
            : now.toLocalDate().plusDays(1);
    Instant target = day.atTime(6, 30).atZone(ny).toInstant();
    clock.advance(Duration.between(clock.instant(), target));

    fanOut(
        EventType.RETURN_OVERDUE,
        "{\"eventName\":\"Summer Gala\",\"quantity\":4}",
        Optional.empty());
    fanOut(
        EventType.RETURN_OVERDUE,
        "{\"eventName\":\"Winter Ball\",\"quantity\":2}",
        Optional.empty());
    // email only (in-app off): waits for the digest, not in the inbox
    fanOut(EventType.SCAN_DISCREPANCY, "{\"eventName\":\"Expo\"}", Optional.empty());
    assertThat(
            count("SELECT count(*) FROM notification WHERE user_id = ? AND digest_pending", p.id()))
        .isEqualTo(3);
    // (the clock moved: the access token expired, so the inbox is read in SQL)
    assertThat(
            count(
                "SELECT count(*) FROM notification WHERE user_id = ? AND in_app AND read_at IS NULL",
                p.id()))
        .isEqualTo(2);

    inbox.runDigestsNow();
    Thread.sleep(1000);
    assertThat(mailTo(p, 0)).isEmpty();

    clock.advance(Duration.ofMinutes(35)); // 07:05 in New York
    inbox.runDigestsNow();
    inbox.runDigestsNow();
    List<MimeMessage> mails = mailTo(p, 1);
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getSubject()).isEqualTo("EventKit: 3 new notifications");
    String body = Mails.text(mails.get(0));
    assertThat(body)
        .contains(
            "Overdue return: Summer Gala",
            "Overdue return: Winter Ball",
            "Scan discrepancy on Expo",
            "https://default.node.example/notifications");
    assertThat(
            count("SELECT count(*) FROM notification WHERE user_id = ? AND digest_pending", p.id()))
        .isZero();

    // A new item later the same day waits for tomorrow's digest.
    clock.advance(Duration.ofHours(3));
    fanOut(EventType.RETURN_OVERDUE, "{\"eventName\":\"Late\"}", Optional.empty());
    inbox.runDigestsNow();
    Thread.sleep(1000);
    assertThat(mailTo(p, 2)).hasSize(1);
    clock.advance(Duration.ofHours(21)); // 07:05 the next day
    inbox.runDigestsNow();
    List<MimeMessage> two = mailTo(p, 2);
    assertThat(two).hasSize(2);
    assertThat(two.get(1).getSubject()).isEqualTo("EventKit: 1 new notification");
  }

  // ---- web push ----

  @Test
  void aWebPushArrivesEncryptedForTheBrowserWithAValidVapidSignature() throws Exception {
    Person p = person(Role.ROLE_ADMIN);
    p.api()
        .updateNotificationPreferences(
            UpdateNotificationPreferencesRequest.newBuilder()
                .addPreferences(
                    pref(
                        "partner.health_changed",
                        NotificationChannel.NOTIFICATION_CHANNEL_IN_APP,
                        NotificationChannel.NOTIFICATION_CHANNEL_WEB_PUSH))
                .build());
    String vapid =
        p.api().getWebPushConfig(GetWebPushConfigRequest.getDefaultInstance()).getVapidPublicKey();
    assertThat(Base64.getUrlDecoder().decode(vapid)).hasSize(65);

    // The browser's side: its key pair and auth secret.
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair browser = g.generateKeyPair();
    byte[] auth = new byte[16];
    new SecureRandom().nextBytes(auth);
    String path = "/push/" + u();
    String endpoint = "http://127.0.0.1:" + push.port() + path;
    push.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(201)));
    // The RPC takes https endpoints only; the stand-in push service speaks http on loopback.
    UUID sub = subscribe(p, endpoint, uncompressed((ECPublicKey) browser.getPublic()), auth);

    UUID e =
        fanOut(
            EventType.PARTNER_HEALTH_CHANGED,
            "{\"partner\":\"Stage Co\",\"health\":\"DEGRADED\"}",
            Optional.empty());
    LoggedRequest req = awaitPush(path);
    assertThat(req.getHeader("Content-Encoding")).isEqualTo("aes128gcm");
    assertThat(req.getHeader("TTL")).isNotBlank();

    JsonNode message = JSON.readTree(decrypt(req.getBody(), browser, auth));
    String nid =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT id::text FROM notification WHERE user_id = ? AND event_id = ?")
                        .bind(0, p.id())
                        .bind(1, e)
                        .mapTo(String.class)
                        .one());
    assertThat(message.get("id").asText()).isEqualTo(nid);
    assertThat(message.get("type").asText()).isEqualTo("partner.health_changed");
    assertThat(message.get("title").asText()).isEqualTo("New notification: partner.health_changed");

    // Authorization: vapid t=<JWT>, k=<public key>; the JWT is signed by that key.
    String authz = req.getHeader("Authorization");
    assertThat(authz).startsWith("vapid ");
    String t = null;
    String k = null;
    for (String part : authz.substring(6).split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv[0].equals("t")) {
        t = kv[1];
      } else if (kv[0].equals("k")) {
        k = kv[1];
      }
    }
    assertThat(k).isEqualTo(vapid);
    String[] jwt = t.split("\\.");
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
    assertThat(claims.get("aud").asText()).isEqualTo("http://127.0.0.1:" + push.port());
    assertThat(claims.get("sub").asText()).startsWith("mailto:");
    assertThat(claims.get("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
    Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
    verify.initVerify(publicKey(Base64.getUrlDecoder().decode(k)));
    verify.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verify.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
    assertThat(
            count(
                "SELECT count(*) FROM webpush_delivery WHERE subscription_id = ?"
                    + " AND state = 'DELIVERED' AND attempt_count = 1",
                sub))
        .isEqualTo(1);

    // A 500 is retried later; a 410 means the browser unsubscribed: the subscription goes.
    push.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(500)));
    fanOut(EventType.PARTNER_HEALTH_CHANGED, "{}", Optional.empty());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (count(
                "SELECT count(*) FROM webpush_delivery WHERE subscription_id = ?"
                    + " AND state = 'PENDING' AND attempt_count = 1",
                sub)
            == 0
        && System.nanoTime() < deadline) {
      inbox.deliverOnePush();
      Thread.sleep(50);
    }
    assertThat(
            count(
                "SELECT count(*) FROM webpush_delivery WHERE subscription_id = ? AND state ="
                    + " 'PENDING' AND attempt_count = 1 AND last_error = 'HTTP 500'"
                    + " AND next_attempt_at > ?",
                sub,
                clock.instant().plusSeconds(20)))
        .isEqualTo(1);
    push.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(410)));
    clock.advance(Duration.ofMinutes(1));
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (count("SELECT count(*) FROM webpush_subscription WHERE id = ?", sub) == 1
        && System.nanoTime() < deadline) {
      inbox.deliverOnePush();
      Thread.sleep(50);
    }
    assertThat(count("SELECT count(*) FROM webpush_subscription WHERE id = ?", sub)).isZero();
  }

  @Test
  void subscribeIsIdempotentByEndpointAndUnsubscribeRemovesIt() {
    Person p = person(Role.ROLE_SALES);
    String p256dh = validKey();
    String auth = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
    String endpoint = "https://push.example.com/send/" + u();
    SubscribeWebPushRequest r =
        SubscribeWebPushRequest.newBuilder()
            .setEndpoint(endpoint)
            .setP256Dh(p256dh)
            .setAuth(auth)
            .setUserAgent("Firefox")
            .build();
    String id1 = p.api().subscribeWebPush(r).getId();
    String id2 = p.api().subscribeWebPush(r).getId();
    assertThat(id2).isEqualTo(id1);
    p.api()
        .unsubscribeWebPush(UnsubscribeWebPushRequest.newBuilder().setEndpoint(endpoint).build());
    assertThat(count("SELECT count(*) FROM webpush_subscription WHERE endpoint = ?", endpoint))
        .isZero();
  }

  // ---- validation ----

  @Test
  void everyRpcRefusesBadInputWithInvalidArgumentAndChangesNothing() {
    Person crew = person(Role.ROLE_CREW);
    NotificationServiceBlockingStub api = crew.api();
    Status.Code bad = Status.Code.INVALID_ARGUMENT;
    assertThat(
            code(
                () ->
                    api.listNotifications(
                        ListNotificationsRequest.newBuilder()
                            .setPage(PageRequest.newBuilder().setPageSize(-1))
                            .build())))
        .isEqualTo(bad);
    assertThat(
            code(
                () ->
                    api.listNotifications(
                        ListNotificationsRequest.newBuilder()
                            .setPage(PageRequest.newBuilder().setPageToken("nonsense"))
                            .build())))
        .isEqualTo(bad);
    assertThat(
            code(
                () -> api.markNotificationsRead(MarkNotificationsReadRequest.getDefaultInstance())))
        .isEqualTo(bad);
    assertThat(
            code(
                () ->
                    api.markNotificationsRead(
                        MarkNotificationsReadRequest.newBuilder().addIds("not-a-uuid").build())))
        .isEqualTo(bad);
    assertThat(
            code(
                () ->
                    api.markNotificationsRead(
                        MarkNotificationsReadRequest.newBuilder()
                            .setAll(true)
                            .addIds(UUID.randomUUID().toString())
                            .build())))
        .isEqualTo(bad);
    assertThat(
            code(
                () ->
                    api.markNotificationsRead(
                        MarkNotificationsReadRequest.newBuilder()
                            .addIds(UUID.randomUUID().toString())
                            .build())))
        .isEqualTo(Status.Code.NOT_FOUND);

    StatusRuntimeException notAllowed =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                api.updateNotificationPreferences(
                    UpdateNotificationPreferencesRequest.newBuilder()
                        .addPreferences(
                            pref(
                                "crew.assignment_offered",
                                NotificationChannel.NOTIFICATION_CHANNEL_EMAIL))
                        .addPreferences(
                            pref("quote.accepted", NotificationChannel.NOTIFICATION_CHANNEL_EMAIL))
                        .build()));
    assertThat(notAllowed.getStatus().getCode()).isEqualTo(bad);
    assertThat(notAllowed.getStatus().getDescription()).contains("quote.accepted");
    // all or nothing: the allowed half was not saved either
    assertThat(count("SELECT count(*) FROM notification_preference WHERE user_id = ?", crew.id()))
        .isZero();
    for (UpdateNotificationPreferencesRequest r :
        List.of(
            UpdateNotificationPreferencesRequest.newBuilder()
                .addPreferences(
                    pref("no.such_type", NotificationChannel.NOTIFICATION_CHANNEL_EMAIL))
                .build(),
            UpdateNotificationPreferencesRequest.newBuilder()
                .addPreferences(
                    pref(
                        "crew.assignment_offered",
                        NotificationChannel.NOTIFICATION_CHANNEL_UNSPECIFIED))
                .build(),
            UpdateNotificationPreferencesRequest.newBuilder()
                .addPreferences(
                    pref(
                        "crew.assignment_offered",
                        NotificationChannel.NOTIFICATION_CHANNEL_EMAIL,
                        NotificationChannel.NOTIFICATION_CHANNEL_EMAIL))
                .build(),
            UpdateNotificationPreferencesRequest.newBuilder()
                .addPreferences(pref("crew.assignment_offered"))
                .addPreferences(pref("crew.assignment_offered"))
                .build(),
            UpdateNotificationPreferencesRequest.newBuilder()
                .addPreferences(pref("crew.assignment_offered"))
                .addResetEventTypes("crew.assignment_offered")
                .build(),
            UpdateNotificationPreferencesRequest.newBuilder()
                .addResetEventTypes("webhook.test")
                .build(),
            UpdateNotificationPreferencesRequest.newBuilder().setEmailDigestValue(7).build())) {
      assertThat(code(() -> api.updateNotificationPreferences(r))).as(r.toString()).isEqualTo(bad);
    }
    assertThat(count("SELECT count(*) FROM notification_preference WHERE user_id = ?", crew.id()))
        .isZero();

    String key = validKey();
    String auth = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
    for (SubscribeWebPushRequest r :
        List.of(
            SubscribeWebPushRequest.newBuilder()
                .setEndpoint("http://push.example.com/x")
                .setP256Dh(key)
                .setAuth(auth)
                .build(),
            SubscribeWebPushRequest.newBuilder()
                .setEndpoint("https://push.example.com/x")
                .setP256Dh("not base64!")
                .setAuth(auth)
                .build(),
            SubscribeWebPushRequest.newBuilder()
                .setEndpoint("https://push.example.com/x")
                .setP256Dh(key.substring(4))
                .setAuth(auth)
                .build(),
            SubscribeWebPushRequest.newBuilder()
                .setEndpoint("https://push.example.com/x")
                .setP256Dh(key)
                .setAuth("AAAA")
                .build(),
            SubscribeWebPushRequest.newBuilder().setP256Dh(key).setAuth(auth).build())) {
      assertThat(code(() -> api.subscribeWebPush(r))).as(r.toString()).isEqualTo(bad);
    }
    assertThat(
            code(
                () ->
                    api.unsubscribeWebPush(
                        UnsubscribeWebPushRequest.newBuilder().setEndpoint("ftp://x").build())))
        .isEqualTo(bad);
    assertThat(count("SELECT count(*) FROM webpush_subscription WHERE user_id = ?", crew.id()))
        .isZero();
  }

  // ---- push helpers ----

  static UUID subscribe(Person p, String endpoint, String p256dh, byte[] auth) {
    UUID id = UUID.randomUUID();
    jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO webpush_subscription (id, user_id, endpoint, p256dh, auth,"
                            + " created_at) VALUES (?, ?, ?, ?, ?, now())")
                    .bind(0, id)
                    .bind(1, p.id())
                    .bind(2, endpoint)
                    .bind(3, p256dh)
                    .bind(4, Base64.getUrlEncoder().withoutPadding().encodeToString(auth))
                    .execute());
    return id;
  }

  static LoggedRequest awaitPush(String path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      List<LoggedRequest> got = push.findAll(postRequestedFor(urlEqualTo(path)));
      if (!got.isEmpty()) {
        return got.get(0);
      }
      inbox.deliverOnePush();
      Thread.sleep(50);
    }
    throw new AssertionError("no push arrived at " + path);
  }

  static String validKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return uncompressed((ECPublicKey) g.generateKeyPair().getPublic());
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String uncompressed(ECPublicKey key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw(key));
  }

  static byte[] raw(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 4;
    fixed(key.getW().getAffineX(), out, 1);
    fixed(key.getW().getAffineY(), out, 33);
    return out;
  }

  private static void fixed(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
  }

  static ECPublicKey publicKey(byte[] uncompressed) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    var params = ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
    ECPoint w =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
            new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
    return (ECPublicKey)
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
  }

  static byte[] hmac(byte[] key, byte[]... parts) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    for (byte[] p : parts) {
      mac.update(p);
    }
    return mac.doFinal();
  }

  /** RFC 8291 / RFC 8188 aes128gcm, one record, as the browser decrypts it. */
  static String decrypt(byte[] body, KeyPair browser, byte[] auth) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    b.get(salt);
    int rs = b.getInt();
    int idlen = b.get() & 0xff;
    byte[] serverPublic = new byte[idlen];
    b.get(serverPublic);
    byte[] ciphertext = new byte[b.remaining()];
    b.get(ciphertext);
    assertThat(idlen).isEqualTo(65);
    assertThat(ciphertext.length).isLessThanOrEqualTo(rs);

    KeyAgreement ka = KeyAgreement.getInstance("ECDH");
    ka.init(browser.getPrivate());
    ka.doPhase(publicKey(serverPublic), true);
    byte[] ecdh = ka.generateSecret();
    byte[] uaPublic = raw((ECPublicKey) browser.getPublic());
    // HKDF (RFC 5869) with SHA-256, each expand one block long.
    byte[] prkKey = hmac(auth, ecdh);
    byte[] keyInfo =
        concat(
            "WebPush: info".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0},
            uaPublic,
            serverPublic,
            new byte[] {1});
    byte[] ikm = hmac(prkKey, keyInfo);
    byte[] prk = hmac(salt, ikm);
    byte[] cek =
        Arrays.copyOf(
            hmac(
                prk,
                "Content-Encoding: aes128gcm".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 1}),
            16);
    byte[] nonce =
        Arrays.copyOf(
            hmac(
                prk,
                "Content-Encoding: nonce".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 1}),
            12);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = c.doFinal(ciphertext);
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    assertThat(padded[end]).as("last-record delimiter").isEqualTo((byte) 2);
    return new String(padded, 0, end, StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int i = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }
}
