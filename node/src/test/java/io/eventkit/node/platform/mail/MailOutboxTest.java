package io.eventkit.node.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.pdf.PdfRenderer;
import io.eventkit.node.testing.TestNode;
import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The outbox against a real SMTP server in this JVM (GreenMail, with a login) and a real node
 * (embedded PostgreSQL, the node's own wired outbox): a committed mail arrives with its PDF, a
 * rolled-back one never does, an unreachable server leads to readable errors and backoff and a
 * retry delivers once, a stopped or dead worker loses and duplicates nothing, and the SMTP password
 * never reaches the log (every logger at TRACE, Angus's own protocol log included).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailOutboxTest {
  private static final String LOGIN = "quotes@acme-av.test";
  private static final String PASSWORD = "smtp-pw-" + UUID.randomUUID();

  private static int smtpPort;
  private static GreenMail smtp;
  private static TestNode node;
  private static Path logFile;

  @BeforeAll
  static void start() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      smtpPort = s.getLocalPort();
    }
    smtp = startSmtp();
    NodeConfiguration config =
        TestNode.config("mail.outbox.test", Files.createTempDirectory("eventkit-mail"));
    config.setMail(config(PASSWORD));
    logFile = Files.createTempDirectory("eventkit-mail-logs").resolve("trace.log");
    traceTo(config, logFile);
    node = TestNode.start(config);
    everythingAtTrace();
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

  static MailConfig config(String password) {
    MailConfig c = new MailConfig();
    c.setEnabled(true);
    c.setHost("127.0.0.1");
    c.setPort(smtpPort);
    c.setUsername(LOGIN);
    c.setPassword(password);
    c.setFrom("quotes@acme-av.test");
    c.setFromName("Acme AV Rentals");
    c.setStartTls(false);
    c.setConnectTimeout(io.dropwizard.util.Duration.seconds(2));
    c.setTimeout(io.dropwizard.util.Duration.seconds(5));
    c.setMaxAttempts(3);
    c.setBackoffBase(io.dropwizard.util.Duration.milliseconds(200));
    c.setBackoffMax(io.dropwizard.util.Duration.seconds(1));
    c.setPollInterval(io.dropwizard.util.Duration.milliseconds(500));
    return c;
  }

  private static GreenMail startSmtp() {
    GreenMail g =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(LOGIN, LOGIN, PASSWORD));
    g.start();
    return g;
  }

  private static MailOutbox outbox() {
    return node.runtime().mail();
  }

  private static Jdbi jdbi() {
    return node.runtime().jdbi();
  }

  @Test
  @Order(1)
  void aCommittedMailIsDeliveredWithItsPdfAttachmentWithinASecond() throws Exception {
    byte[] pdf =
        new PdfRenderer(null)
            .render(
                "quote",
                Map.of(
                    "company", Map.of("name", "Acme AV Rentals"),
                    "quote", Map.of("number", "Q-2026-0042"),
                    "labels", Map.of("quote", "Quote", "page", "Page")),
                Locale.ENGLISH);
    String subject = "Quote Q-2026-0042 " + UUID.randomUUID();
    String related = UUID.randomUUID().toString();
    long start = System.nanoTime();
    UUID id =
        jdbi()
            .inTransaction(
                h ->
                    outbox()
                        .enqueue(
                            h,
                            new OutgoingMail(
                                "jane.planner@festival.test",
                                "Jane Planner",
                                subject,
                                "Dear Jane,\n\nplease find our quote attached.",
                                "<p>Dear Jane,</p><p>please find our quote attached.</p>",
                                List.of(new Attachment("Q-2026-0042.pdf", "application/pdf", pdf)),
                                "quote_version",
                                related)));
    MimeMessage received = awaitMessage(subject);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("MailOutboxTest: enqueue to SMTP delivery in " + millis + " ms");

    assertThat(received.getSubject()).isEqualTo(subject);
    Address[] to = received.getRecipients(jakarta.mail.Message.RecipientType.TO);
    assertThat(((InternetAddress) to[0]).getAddress()).isEqualTo("jane.planner@festival.test");
    assertThat(((InternetAddress) to[0]).getPersonal()).isEqualTo("Jane Planner");
    assertThat(((InternetAddress) received.getFrom()[0]).getAddress())
        .isEqualTo("quotes@acme-av.test");
    assertThat(received.getMessageID()).isEqualTo("<" + id + "@acme-av.test>");
    Multipart mixed = (Multipart) received.getContent();
    assertThat(mixed.getCount()).isEqualTo(2);
    Part attachment = mixed.getBodyPart(1);
    assertThat(attachment.getFileName()).isEqualTo("Q-2026-0042.pdf");
    assertThat(attachment.getContentType()).startsWith("application/pdf");
    assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);
    Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
    assertThat(alternative.getBodyPart(0).getContent().toString())
        .contains("please find our quote attached.");

    waitUntil(
        Duration.ofSeconds(5),
        () -> outbox().status(id).orElseThrow().state().equals(MailStatus.SENT));
    MailStatus status = outbox().status(id).orElseThrow();
    assertThat(status.attempts()).isEqualTo(1);
    assertThat(status.sentAt()).isNotNull();
    assertThat(status.lastError()).isNull();
    assertThat(status.toAddress()).isEqualTo("jane.planner@festival.test");
    assertThat(outbox().forRelated("quote_version", related))
        .extracting(MailStatus::id)
        .containsExactly(id);
    // A sent mail is never sent again on request.
    assertThatThrownBy(() -> outbox().retry(id))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
        .hasMessageContaining("already sent");
  }

  @Test
  @Order(2)
  void aMailEnqueuedInARolledBackTransactionIsNeverSent() throws Exception {
    String related = UUID.randomUUID().toString();
    String rolledBack = "rolled back " + related;
    assertThatThrownBy(
            () ->
                jdbi()
                    .useTransaction(
                        h -> {
                          outbox().enqueue(h, mail(rolledBack, related));
                          throw new IllegalStateException("the caller's change failed");
                        }))
        .hasMessageContaining("the caller's change failed");
    // A later mail goes through the same worker; by then the other would have gone too. (This one
    // is enqueued on a handle without a transaction: it commits at once, with its attachment.)
    String sentinel = "sentinel " + related;
    byte[] bytes = "attached".getBytes(StandardCharsets.UTF_8);
    jdbi()
        .useHandle(
            h ->
                outbox()
                    .enqueue(
                        h,
                        new OutgoingMail(
                            "crew@festival.test",
                            "",
                            sentinel,
                            "body",
                            null,
                            List.of(new Attachment("note.txt", "text/plain", bytes)),
                            "test",
                            related)));
    outbox().kick();
    MimeMessage received = awaitMessage(sentinel);
    assertThat(((Multipart) received.getContent()).getBodyPart(1).getInputStream().readAllBytes())
        .isEqualTo(bytes);
    assertThat(subjects()).doesNotContain(rolledBack);
    assertThat(outbox().forRelated("test", related)).hasSize(1);
  }

  @Test
  @Order(3)
  void anUnreachableServerIsRetriedWithBackoffThenFailedAndARetryDeliversExactlyOnce()
      throws Exception {
    smtp.stop();
    UUID id;
    String subject = "while down " + UUID.randomUUID();
    try {
      id = jdbi().inTransaction(h -> outbox().enqueue(h, mail(subject, "down")));
      waitUntil(Duration.ofSeconds(10), () -> outbox().status(id).orElseThrow().attempts() >= 1);
      MailStatus first = outbox().status(id).orElseThrow();
      assertThat(first.lastError())
          .contains("cannot connect to the SMTP server 127.0.0.1:" + smtpPort)
          .doesNotContain(PASSWORD)
          .doesNotContain("Exception");
      if (first.state().equals(MailStatus.PENDING)) {
        assertThat(first.nextAttemptAt()).isNotNull();
      }
      // maxAttempts 3, backoff 200 ms doubled: FAILED after about 0.6 s.
      waitUntil(
          Duration.ofSeconds(10),
          () -> outbox().status(id).orElseThrow().state().equals(MailStatus.FAILED));
      MailStatus failed = outbox().status(id).orElseThrow();
      assertThat(failed.attempts()).isEqualTo(3);
      assertThat(failed.nextAttemptAt()).isNull();
      assertThat(failed.lastError()).contains("cannot connect");
    } finally {
      smtp = startSmtp();
    }
    Thread.sleep(700); // a FAILED mail is not picked up again by itself
    assertThat(subjects()).doesNotContain(subject);
    outbox().retry(id);
    awaitMessage(subject);
    waitUntil(
        Duration.ofSeconds(5),
        () -> outbox().status(id).orElseThrow().state().equals(MailStatus.SENT));
    assertThat(outbox().status(id).orElseThrow().attempts()).isEqualTo(1);
    assertThat(outbox().status(id).orElseThrow().lastError()).isNull();
    Thread.sleep(1_000);
    assertThat(subjects()).filteredOn(subject::equals).hasSize(1);
  }

  @Test
  @Order(4)
  void aStoppedWorkerAndADeadOneLoseNothingAndSendNothingTwice() throws Exception {
    Clock clock = Clock.systemUTC();
    outbox().stop(); // only the outboxes of this test send now
    try {
      String batch = UUID.randomUUID().toString();
      List<String> subjects = new ArrayList<>();
      jdbi()
          .useTransaction(
              h -> {
                for (int i = 0; i < 30; i++) {
                  String s = "batch " + batch + " #" + i;
                  subjects.add(s);
                  outbox().enqueue(h, mail(s, batch));
                }
              });
      // Worker A starts, and is stopped as soon as the first mail arrived (mid-way).
      MailOutbox a = new MailOutbox(jdbi(), config(PASSWORD), clock);
      a.start();
      waitUntil(Duration.ofSeconds(10), () -> count(batch) >= 1);
      a.stop();
      List<MailStatus> afterStop = outbox().forRelated("test", batch);
      long sent = afterStop.stream().filter(s -> s.state().equals(MailStatus.SENT)).count();
      long pending = afterStop.stream().filter(s -> s.state().equals(MailStatus.PENDING)).count();
      assertThat(sent + pending).isEqualTo(30);
      assertThat(count(batch)).as("received = marked sent").isEqualTo(sent);
      System.out.println("MailOutboxTest: worker A sent " + sent + " of 30 before it stopped");

      // A worker that dies mid-send: it holds one due row's lock, then its connection drops.
      AtomicReference<UUID> held = new AtomicReference<>();
      Handle dying = jdbi().open();
      dying.begin();
      dying
          .createQuery(
              "SELECT id FROM mail_outbox WHERE state = 'PENDING' AND related_id = :batch"
                  + " ORDER BY next_attempt_at LIMIT 1 FOR UPDATE")
          .bind("batch", batch)
          .mapTo(UUID.class)
          .findOne()
          .ifPresent(held::set);

      // Two replicas, B and C, take over while that row is locked: they skip it.
      MailOutbox b = new MailOutbox(jdbi(), config(PASSWORD), clock);
      MailOutbox c = new MailOutbox(jdbi(), config(PASSWORD), clock);
      b.start();
      c.start();
      try {
        int expectedWhileHeld = held.get() == null ? 30 : 29;
        waitUntil(Duration.ofSeconds(20), () -> count(batch) >= expectedWhileHeld);
        if (held.get() != null) {
          Thread.sleep(600);
          assertThat(outbox().status(held.get()).orElseThrow().state())
              .isEqualTo(MailStatus.PENDING);
        }
        dying.rollback();
        dying.close(); // the dead worker's lock is gone: the row is sent, once
        b.kick();
        waitUntil(Duration.ofSeconds(10), () -> count(batch) >= 30);
        waitUntil(
            Duration.ofSeconds(5),
            () ->
                outbox().forRelated("test", batch).stream()
                    .allMatch(s -> s.state().equals(MailStatus.SENT)));
        Thread.sleep(1_000);
      } finally {
        b.stop();
        c.stop();
      }
      List<String> received = subjects().stream().filter(s -> s.contains(batch)).toList();
      assertThat(received).hasSize(30).containsExactlyInAnyOrderElementsOf(subjects);
    } finally {
      outbox().start();
    }
  }

  @Test
  @Order(5)
  void withEmailOffAMailIsRecordedAsFailedAndCannotBeRetriedUntilConfigured() {
    MailOutbox off = new MailOutbox(jdbi(), new MailConfig(), Clock.systemUTC());
    off.start(); // no worker
    UUID id = jdbi().inTransaction(h -> off.enqueue(h, mail("off " + UUID.randomUUID(), "off")));
    MailStatus status = off.status(id).orElseThrow();
    assertThat(status.state()).isEqualTo(MailStatus.FAILED);
    assertThat(status.lastError()).isEqualTo("email is not configured on this node (mail.enabled)");
    assertThat(status.attempts()).isZero();
    assertThatThrownBy(() -> off.retry(id))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
        .hasMessageContaining("mail.enabled");
    assertThat(new MailConfig().problems()).isEmpty();
  }

  @Test
  @Order(6)
  void badInputIsRefusedWithAClearError() {
    for (OutgoingMail bad :
        List.of(
            new OutgoingMail("not an address", "", "s", "b", null, List.of(), "test", "x"),
            new OutgoingMail("a@b.test, c@d.test", "", "s", "b", null, List.of(), "test", "x"),
            new OutgoingMail("a@b.test", "", "two\nlines", "b", null, List.of(), "test", "x"),
            new OutgoingMail("a@b.test", "", " ", "b", null, List.of(), "test", "x"),
            new OutgoingMail(
                "a@b.test",
                "",
                "s",
                "b",
                null,
                List.of(new Attachment("../x.pdf", "application/pdf", new byte[1])),
                "test",
                "x"))) {
      assertThatThrownBy(() -> jdbi().useTransaction(h -> outbox().enqueue(h, bad)))
          .as(bad.toString())
          .isInstanceOfSatisfying(
              DomainException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
    MailConfig c = config(PASSWORD);
    c.setFrom("nope");
    c.setSsl(true);
    c.setStartTls(true);
    c.setHost("");
    assertThat(String.join("\n", c.problems()))
        .contains("mail.host", "mail.from is not an email address", "mail.ssl and mail.startTls")
        .doesNotContain(PASSWORD);
    assertThat(c.toString()).doesNotContain(PASSWORD);
  }

  @Test
  @Order(7)
  void theSmtpPasswordNeverReachesTheLogNorAMailsError() throws Exception {
    // Angus logs through java.util.logging: its protocol trace at ALL too.
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.install();
    }
    for (String jul : List.of("org.eclipse.angus.mail", "jakarta.mail", "jakarta.activation")) {
      java.util.logging.Logger.getLogger(jul).setLevel(java.util.logging.Level.ALL);
    }
    everythingAtTrace();
    // A login that works, through the node's outbox…
    String subject = "logged " + UUID.randomUUID();
    jdbi().useTransaction(h -> outbox().enqueue(h, mail(subject, "logs")));
    awaitMessage(subject);
    // …and one the server refuses (a wrong password is a secret too).
    String wrong = "wrong-pw-" + UUID.randomUUID();
    MailConfig wrongConfig = config(wrong);
    wrongConfig.setMaxAttempts(1);
    outbox().stop();
    MailOutbox refused = new MailOutbox(jdbi(), wrongConfig, Clock.systemUTC());
    UUID id;
    try {
      refused.start();
      id = jdbi().inTransaction(h -> refused.enqueue(h, mail("refused", "logs")));
      waitUntil(
          Duration.ofSeconds(10),
          () -> refused.status(id).orElseThrow().state().equals(MailStatus.FAILED));
    } finally {
      refused.stop();
      outbox().start();
    }
    assertThat(refused.status(id).orElseThrow().lastError())
        .contains("refused the login of user 'quotes@acme-av.test'")
        .doesNotContain(wrong);

    String log = Files.readString(logFile, StandardCharsets.UTF_8);
    // Angus's own log reaches the file (through java.util.logging), and so do the outbox's errors.
    assertThat(log).contains("jakarta.mail").contains("refused the login");
    Map<String, String> secrets = new HashMap<>();
    for (String pw : List.of(PASSWORD, wrong)) {
      secrets.put("password", pw);
      secrets.put("base64 password", b64(pw));
      secrets.put("AUTH PLAIN", b64("\0" + LOGIN + "\0" + pw));
      secrets.put("AUTH PLAIN (authzid)", b64(LOGIN + "\0" + LOGIN + "\0" + pw));
      for (var e : secrets.entrySet()) {
        assertThat(log).as(e.getKey() + " in the log").doesNotContain(e.getValue());
      }
    }
  }

  // --- helpers ---

  private static OutgoingMail mail(String subject, String related) {
    return new OutgoingMail(
        "crew@festival.test",
        "Crew",
        subject,
        "body of " + subject,
        null,
        List.of(),
        "test",
        related);
  }

  private static MimeMessage awaitMessage(String subject) throws Exception {
    AtomicReference<MimeMessage> found = new AtomicReference<>();
    waitUntil(
        Duration.ofSeconds(10),
        () -> {
          for (MimeMessage m : smtp.getReceivedMessages()) {
            if (subject.equals(m.getSubject())) {
              found.set(m);
              return true;
            }
          }
          return false;
        });
    return found.get();
  }

  private static List<String> subjects() throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      out.add(m.getSubject());
    }
    return out;
  }

  private static long count(String batch) throws Exception {
    return subjects().stream().filter(s -> s.contains(batch)).count();
  }

  /** Polls {@code condition} every 10 ms until it holds; fails after {@code timeout}. */
  private static void waitUntil(Duration timeout, java.util.concurrent.Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(10);
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The node's own logging configuration at TRACE into one file (as SecretsInLogsTest does). */
  private static void traceTo(NodeConfiguration config, Path file) {
    DefaultLoggingFactory logging = (DefaultLoggingFactory) config.getLoggingFactory();
    logging.setLevel("TRACE");
    FileAppenderFactory<ILoggingEvent> appender = new FileAppenderFactory<>();
    appender.setCurrentLogFilename(file.toString());
    appender.setArchive(false);
    appender.setLogFormat("%level %logger [%thread] %mdc %msg%n%ex{full}");
    logging.setAppenders(List.of(appender));
  }

  /**
   * Every logger at TRACE, but GreenMail's: it is the test's SMTP server, not the node, and logs
   * the AUTH lines it receives.
   */
  private static void everythingAtTrace() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    for (Logger logger : context.getLoggerList()) {
      logger.setLevel(logger.getName().equals(Logger.ROOT_LOGGER_NAME) ? Level.TRACE : null);
    }
    for (String name : List.of("org.eclipse.angus", "jakarta.mail", "org.jdbi")) {
      context.getLogger(name).setLevel(Level.TRACE);
    }
    context.getLogger("com.icegreen").setLevel(Level.INFO);
  }
}
