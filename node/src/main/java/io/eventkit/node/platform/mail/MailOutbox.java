package io.eventkit.node.platform.mail;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.Backoff;
import io.eventkit.node.platform.DaemonThreads;
import io.eventkit.node.platform.Wakeup;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.tenancy.Tenants;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound email that is never lost: {@link #enqueue} writes the mail in the caller's own
 * transaction (it exists if and only if the caller's change committed), and a worker sends it over
 * SMTP, retrying with exponential backoff ({@code mail.backoffBase} doubled per attempt, ±20 %
 * jitter, at most {@code mail.backoffMax}) until {@code mail.maxAttempts}, after which it is {@code
 * FAILED} and stays so until {@link #retry}.
 *
 * <p>Several replicas may run workers on one database: each claims a due row with {@code FOR UPDATE
 * SKIP LOCKED} and holds that lock while it talks to the SMTP server, so no two send the same mail.
 * A mail is sent at least once: only if the process dies after the SMTP server accepted the message
 * and before the row is marked SENT is it sent again (with the same Message-ID).
 *
 * <p>With email off ({@code mail.enabled: false}, the dev default) {@link #enqueue} still records
 * the mail, as {@code FAILED} with {@link MailConfig#NOT_CONFIGURED}, and no worker runs; {@link
 * #retry} is refused until email is configured.
 */
public final class MailOutbox implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);

  /** The largest total size of a mail's attachments (most SMTP servers refuse more). */
  static final int MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

  private final Jdbi jdbi;
  private final MailConfig config;
  private final Clock clock;
  private final SmtpSender sender;
  private final @Nullable KeyVault vault;
  private final Wakeup wakeup = new Wakeup();
  private volatile boolean running;
  private ExecutorService worker; // guarded by this

  private final Tenants tenants;

  public MailOutbox(Jdbi jdbi, MailConfig config, Clock clock) {
    this(jdbi, config, clock, null, Tenants.single());
  }

  /**
   * With {@code vault}, mails can be {@linkplain #enqueueSealed sealed} at rest. The worker sends
   * each of {@code tenants}' mail in turn.
   */
  public MailOutbox(
      Jdbi jdbi, MailConfig config, Clock clock, @Nullable KeyVault vault, Tenants tenants) {
    this.jdbi = jdbi;
    this.config = config;
    this.clock = clock;
    this.sender = new SmtpSender(config);
    this.vault = vault;
    this.tenants = tenants;
  }

  /** Whether this node sends email ({@code mail.enabled}). */
  public boolean enabled() {
    return config.isEnabled();
  }

  /**
   * Records {@code mail} in the caller's transaction and returns its ID; the worker is woken when
   * that transaction commits (nothing is sent if it rolls back). On a handle without a transaction
   * the mail is committed at once.
   *
   * @throws DomainException INVALID_ARGUMENT for a bad address, an empty or multi-line subject, a
   *     bad attachment or attachments above 20 MiB
   */
  public UUID enqueue(Handle handle, OutgoingMail mail) {
    return enqueue(handle, mail, false);
  }

  /**
   * Like {@link #enqueue}, for a mail that carries a secret (a password-reset link): its bodies are
   * stored encrypted with the node's key passphrase and opened only to send it. Attachments are not
   * sealed.
   *
   * @throws IllegalStateException when this outbox was built without a key vault
   */
  public UUID enqueueSealed(Handle handle, OutgoingMail mail) {
    if (vault == null) {
      throw new IllegalStateException("this mail outbox has no key vault to seal mails with");
    }
    return enqueue(handle, mail, true);
  }

  private UUID enqueue(Handle handle, OutgoingMail mail, boolean sealed) {
    validate(mail);
    UUID id = UUID.randomUUID();
    boolean on = config.isEnabled();
    if (handle.isInTransaction()) {
      insert(handle, id, mail, on, sealed);
      if (on) {
        handle.afterCommit(this::kick);
      }
    } else {
      // No caller transaction: the row and its attachments still appear together.
      handle.useTransaction(h -> insert(h, id, mail, on, sealed));
      if (on) {
        kick();
      }
    }
    if (!on) {
      LOG.warn("mail {} recorded as FAILED: {}", id, MailConfig.NOT_CONFIGURED);
    }
    return id;
  }

  private void insert(Handle handle, UUID id, OutgoingMail mail, boolean on, boolean sealed) {
    Instant now = clock.instant();
    MailOutboxDao dao = Daos.of(handle, MailOutboxDao.class);
    dao.insert(
        id,
        mail.toAddress().trim(),
        mail.toName().trim(),
        mail.subject().trim(),
        sealed ? seal(mail.textBody()) : mail.textBody(),
        sealed && mail.htmlBody() != null ? seal(mail.htmlBody()) : mail.htmlBody(),
        mail.relatedKind(),
        mail.relatedId(),
        on ? MailStatus.PENDING : MailStatus.FAILED,
        on ? now : null,
        on ? null : MailConfig.NOT_CONFIGURED,
        now,
        sealed);
    int position = 0;
    for (Attachment a : mail.attachments()) {
      dao.insertAttachment(id, position++, a.fileName(), a.contentType(), a.bytes());
    }
  }

  /** The mail's status, if it exists (for the current tenant). */
  public Optional<MailStatus> status(UUID id) {
    return Daos.with(jdbi, MailOutboxDao.class, d -> d.find(id));
  }

  /** The mails recorded for {@code kind}/{@code id} (e.g. a quote version's), oldest first. */
  public List<MailStatus> forRelated(String kind, String id) {
    return Daos.with(jdbi, MailOutboxDao.class, d -> d.forRelated(kind, id));
  }

  /**
   * Sends a FAILED mail again, now, with a fresh round of attempts (a PENDING one is moved to now).
   *
   * @throws DomainException NOT_FOUND for an unknown ID; FAILED_PRECONDITION when it was already
   *     sent (it is never sent twice on request) or email is off on this node
   */
  public void retry(UUID id) {
    if (!config.isEnabled()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          MailConfig.NOT_CONFIGURED + ": configure email on the node, then retry");
    }
    jdbi.useTransaction(
        h -> {
          MailOutboxDao dao = Daos.of(h, MailOutboxDao.class);
          MailStatus s =
              dao.lock(id)
                  .orElseThrow(() -> DomainException.notFound("mail " + id + " does not exist"));
          if (MailStatus.SENT.equals(s.state())) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "mail " + id + " was already sent at " + s.sentAt() + "; it is not sent again");
          }
          int attempts = MailStatus.FAILED.equals(s.state()) ? 0 : s.attempts();
          dao.requeue(id, attempts, clock.instant());
        });
    kick();
  }

  /**
   * Wakes the worker to look for due mails now (enqueue does this when its transaction commits).
   */
  public void kick() {
    wakeup.kick();
  }

  /** Starts the worker (nothing when email is off). */
  @Override
  public synchronized void start() {
    if (!config.isEnabled() || worker != null) {
      return;
    }
    running = true;
    worker = Executors.newSingleThreadExecutor(DaemonThreads.named("mail-outbox"));
    worker.execute(this::run);
  }

  /**
   * Stops the worker after the send in progress, if any, has finished and been recorded (so a stop
   * never causes a resend); it is interrupted only if that send outlives the SMTP timeouts.
   */
  @Override
  public synchronized void stop() throws InterruptedException {
    if (worker == null) {
      return;
    }
    running = false;
    kick();
    worker.shutdown();
    long grace =
        config.getConnectTimeout().toMilliseconds() + 2 * config.getTimeout().toMilliseconds();
    if (!worker.awaitTermination(grace + 5_000, TimeUnit.MILLISECONDS)) {
      LOG.warn("mail outbox: the send in progress did not finish; interrupting it");
      worker.shutdownNow();
    }
    worker = null;
  }

  // --- the worker ---

  private void run() {
    while (running) {
      try {
        tenants.drainInTurns(Tenants.Work.MAIL, clock, () -> running && deliverOne());
      } catch (RuntimeException e) {
        // The database is unreachable or similar: the rows stay PENDING and are tried later.
        LOG.error("mail outbox: delivery pass failed; trying again shortly", e);
      }
      waitForWork();
    }
  }

  /** Claims one due mail and sends it; false when none is due. */
  boolean deliverOne() {
    return jdbi.inTransaction(
        h -> {
          MailOutboxDao dao = Daos.of(h, MailOutboxDao.class);
          Instant now = clock.instant();
          Optional<MailOutboxDao.Due> claimed = dao.claimDue(now);
          if (claimed.isEmpty()) {
            return false;
          }
          MailOutboxDao.Due d = claimed.get();
          SmtpSender.Outgoing mail =
              new SmtpSender.Outgoing(
                  d.id(),
                  d.toAddress(),
                  d.toName(),
                  d.subject(),
                  d.sealed() ? open(d.textBody()) : d.textBody(),
                  d.sealed() && d.htmlBody() != null ? open(d.htmlBody()) : d.htmlBody(),
                  dao.attachments(d.id()));
          try {
            sender.send(mail, now);
          } catch (MessagingException | RuntimeException e) {
            int attempts = d.attempts() + 1;
            boolean permanent = e instanceof MessagingException m && SmtpSender.permanent(m);
            boolean giveUp = permanent || attempts >= config.getMaxAttempts();
            String error = sender.describe(e);
            Instant next = giveUp ? null : now.plus(backoff(attempts));
            dao.markAttemptFailed(
                d.id(), giveUp ? MailStatus.FAILED : MailStatus.PENDING, attempts, next, error);
            if (giveUp) {
              LOG.warn("mail {} FAILED after {} attempt(s): {}", d.id(), attempts, error);
            } else {
              LOG.info("mail {} attempt {} failed, next at {}: {}", d.id(), attempts, next, error);
            }
            return true;
          }
          dao.markSent(d.id(), clock.instant());
          LOG.debug("mail {} sent", d.id());
          return true;
        });
  }

  private String seal(String body) {
    if (vault == null) {
      throw new IllegalStateException("this mail outbox has no key vault to seal mails with");
    }
    return vault.encryptSecret(body);
  }

  private String open(String sealed) {
    if (vault == null) {
      throw new IllegalStateException("a sealed mail needs the node's key vault to be sent");
    }
    return vault.decryptSecret(sealed);
  }

  /** The wait after the {@code attempts}-th failure: base·2^(n-1), ±20 %, at most backoffMax. */
  Duration backoff(int attempts) {
    return Backoff.exponential(
        attempts,
        config.getBackoffBase().toJavaDuration(),
        config.getBackoffMax().toJavaDuration());
  }

  private void waitForWork() {
    if (!wakeup.awaitDue(
        () ->
            tenants.earliest(
                Tenants.Work.MAIL,
                () -> Daos.with(jdbi, MailOutboxDao.class, MailOutboxDao::nextDue)),
        clock,
        config.getPollInterval().toMilliseconds(),
        100)) {
      running = false;
    }
  }

  // --- validation ---

  private static void validate(OutgoingMail mail) {
    if (mail == null) {
      throw DomainException.invalid("mail is required");
    }
    String to = mail.toAddress() == null ? "" : mail.toAddress().trim();
    try {
      InternetAddress address = new InternetAddress(to, true);
      address.validate();
      if (!to.equals(address.getAddress()) || to.indexOf('@') < 1) {
        throw new AddressException("not a plain address");
      }
    } catch (AddressException e) {
      throw DomainException.invalid(
          "the recipient's email address is not valid: '" + abbreviate(to) + "'");
    }
    if (oneLine(mail.toName()) == null || mail.toName().length() > 200) {
      throw DomainException.invalid("the recipient's name must be one line of at most 200");
    }
    String subject = mail.subject() == null ? "" : mail.subject().trim();
    if (subject.isEmpty() || oneLine(subject) == null || subject.length() > 500) {
      throw DomainException.invalid("the subject must be one line of 1-500 characters");
    }
    if (mail.textBody() == null) {
      throw DomainException.invalid("the mail needs a plain-text body");
    }
    if (mail.relatedKind().length() > 100 || mail.relatedId().length() > 200) {
      throw DomainException.invalid("relatedKind/relatedId are too long");
    }
    long total = 0;
    for (Attachment a : mail.attachments()) {
      if (a == null
          || a.fileName() == null
          || a.fileName().isBlank()
          || oneLine(a.fileName()) == null
          || a.fileName().contains("/")
          || a.fileName().contains("\\")
          || a.fileName().length() > 200) {
        throw DomainException.invalid(
            "an attachment needs a file name of one line without '/' or '\\' (e.g. quote.pdf)");
      }
      try {
        new ContentType(a.contentType() == null ? "" : a.contentType());
      } catch (ParseException e) {
        throw DomainException.invalid(
            "attachment " + a.fileName() + " has no valid content type (e.g. application/pdf)");
      }
      total += a.bytes().length;
    }
    if (total > MAX_ATTACHMENT_BYTES) {
      throw DomainException.invalid(
          "the attachments are " + total / 1024 / 1024 + " MiB; at most 20 MiB can be sent");
    }
  }

  private static String oneLine(String s) {
    return s == null || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 ? null : s;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
