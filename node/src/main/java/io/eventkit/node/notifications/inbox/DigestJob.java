package io.eventkit.node.notifications.inbox;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.identity.Recipients;
import io.eventkit.node.identity.Recipients.Recipient;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.Periodic;
import io.eventkit.node.platform.mail.MailOutbox;
import io.eventkit.node.platform.mail.OutgoingMail;
import io.eventkit.node.platform.tenancy.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily email digest: for each user who chose DAILY and has items waiting, once their local
 * clock has passed {@code digestHour} today, one email listing the items, which then stop waiting.
 * Exactly once with replicas: each user is handled in a transaction holding their settings row
 * ({@code FOR UPDATE SKIP LOCKED}), and {@code last_digest_at} at or after today's slot means done.
 * The mail goes through the mail outbox in the same transaction.
 */
final class DigestJob implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(DigestJob.class);
  private static final int MAX_ITEMS = 200;

  private final Jdbi jdbi;
  private final Recipients recipients;
  private final MailOutbox mail;
  private final InboxConfig config;
  private final Clock clock;
  // Every replica polls: each user is taken by one (see above).
  private final Periodic periodic;
  private final java.util.function.Supplier<String> inboxLink;

  /** A digest of each of {@code tenants}' users in turn. */
  DigestJob(
      Jdbi jdbi,
      Recipients recipients,
      MailOutbox mail,
      InboxConfig config,
      Clock clock,
      Tenants tenants,
      java.util.function.Supplier<String> inboxLink) {
    this.inboxLink = inboxLink;
    this.periodic =
        new Periodic(
            "notification-digest",
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            () -> tenants.forEachWith(Tenants.Work.DIGEST, this::runOnce));
    this.jdbi = jdbi;
    this.recipients = recipients;
    this.mail = mail;
    this.config = config;
    this.clock = clock;
  }

  /** Sends every digest that is due now; returns how many emails were queued. */
  int runOnce() {
    List<Map.Entry<String, UUID>> candidates =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT s.tenant_id, s.user_id FROM notification_settings s"
                            + " WHERE s.email_digest = 'DAILY' AND EXISTS (SELECT 1 FROM"
                            + " notification n WHERE n.user_id = s.user_id AND n.digest_pending)")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getObject(2, UUID.class)))
                    .list());
    int sent = 0;
    for (Map.Entry<String, UUID> c : candidates) {
      try {
        if (TenantContext.callAs(c.getKey(), () -> digest(c.getValue()))) {
          sent++;
        }
      } catch (RuntimeException e) {
        LOG.error("digest for user {} failed; trying again on the next pass", c.getValue(), e);
      }
    }
    return sent;
  }

  private boolean digest(UUID user) {
    return jdbi.inTransaction(
        h -> {
          Instant now = clock.instant();
          Optional<Instant> last =
              h.createQuery(
                      "SELECT last_digest_at FROM notification_settings WHERE user_id = :user"
                          + " AND tenant_id = :tenant AND email_digest = 'DAILY'"
                          + " FOR UPDATE SKIP LOCKED")
                  .bind("user", user)
                  .bind("tenant", TenantContext.current())
                  .map((rs, ctx) -> Optional.ofNullable(rs.getTimestamp(1)).map(t -> t.toInstant()))
                  .findOne()
                  .orElse(null);
          if (last == null) {
            return false; // another replica holds it, or the user switched to IMMEDIATE
          }
          List<Recipient> r = recipients.active(h, List.of(user));
          if (r.isEmpty()) {
            return false;
          }
          Recipient who = r.get(0);
          Instant slot = todaysSlot(now, Templates.zone(who.timeZone()));
          if (now.isBefore(slot) || (last.isPresent() && !last.get().isBefore(slot))) {
            return false;
          }
          List<String[]> items =
              h.createQuery(
                      "SELECT title, body FROM notification WHERE user_id = :user"
                          + " AND tenant_id = :tenant AND digest_pending"
                          + " ORDER BY created_at, id LIMIT :max")
                  .bind("user", user)
                  .bind("tenant", TenantContext.current())
                  .bind("max", MAX_ITEMS)
                  .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                  .list();
          int total =
              h.createUpdate(
                      "UPDATE notification SET digest_pending = false WHERE user_id = :user"
                          + " AND tenant_id = :tenant AND digest_pending")
                  .bind("user", user)
                  .bind("tenant", TenantContext.current())
                  .execute();
          h.createUpdate(
                  "UPDATE notification_settings SET last_digest_at = :now WHERE user_id = :user")
              .bind("now", now)
              .bind("user", user)
              .execute();
          if (items.isEmpty()) {
            return false;
          }
          mail.enqueue(h, mail(who, items, total));
          return true;
        });
  }

  /** Today's digest moment in {@code zone}: {@code digestHour}:00 local time, as an instant. */
  Instant todaysSlot(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    return local.toLocalDate().atTime(config.digestHour(), 0).atZone(zone).toInstant();
  }

  private OutgoingMail mail(Recipient who, List<String[]> items, int total) {
    Locale locale = Templates.locale(who.locale());
    String subject = Templates.counted(locale, "digest.subject", total);
    String intro = Templates.message(locale, "digest.intro", Map.of());
    String footer = Templates.message(locale, "email.footer", Map.of());
    StringBuilder text = new StringBuilder(intro).append("\n\n");
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html><html")
            .append(InboxSink.rtl(locale) ? " dir=\"rtl\"" : "")
            .append("><body style=\"font-family:sans-serif\"><p>")
            .append(Templates.html(intro))
            .append("</p><ul>");
    for (String[] i : items) {
      text.append("* ").append(i[0]).append('\n');
      if (!i[1].isEmpty()) {
        text.append("  ").append(i[1].replace("\n", "\n  ")).append('\n');
      }
      html.append("<li><strong>")
          .append(Templates.html(i[0]))
          .append("</strong><br>")
          .append(Templates.html(i[1]))
          .append("</li>");
    }
    html.append("</ul>");
    String link = inboxLink.get();
    if (!link.isEmpty()) {
      text.append('\n')
          .append(Templates.message(locale, "email.open", Map.of("_link", link)))
          .append('\n');
      html.append("<p><a href=\"")
          .append(Templates.html(link))
          .append("\">")
          .append(Templates.html(link))
          .append("</a></p>");
    }
    text.append("\n-- \n").append(footer).append('\n');
    html.append("<hr><p style=\"color:#666;font-size:small\">")
        .append(Templates.html(footer))
        .append("</p></body></html>");
    return new OutgoingMail(
        who.email(),
        Templates.oneLine(who.displayName(), 200),
        Templates.oneLine(subject, 500),
        text.toString(),
        html.toString(),
        List.of(),
        "notification_digest",
        who.id().toString());
  }

  /** Checks every minute (the slot is an hour boundary in each user's zone). */
  @Override
  public void start() {
    periodic.start();
  }

  @Override
  public void stop() throws InterruptedException {
    periodic.stop();
  }
}
