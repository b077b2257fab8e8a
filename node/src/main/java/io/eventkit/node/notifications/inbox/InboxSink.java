package io.eventkit.node.notifications.inbox;

import io.eventkit.node.identity.Recipients;
import io.eventkit.node.identity.Recipients.Recipient;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.notifications.EventSink;
import io.eventkit.node.notifications.StoredEvent;
import io.eventkit.node.platform.events.Channel;
import io.eventkit.node.platform.events.EventType;
import io.eventkit.node.platform.mail.MailOutbox;
import io.eventkit.node.platform.mail.OutgoingMail;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Turns one event into the rows of its recipients' channels, in the fan-out's transaction: an
 * in-app notification, an email in the mail outbox (or a notification waiting for the daily
 * digest), and a web-push delivery per browser subscription. Sends nothing itself. Reads are a
 * fixed number of queries whatever the number of recipients. Idempotent per (user, event): a user
 * who already has the event's notification row gets nothing more.
 */
final class InboxSink implements EventSink {
  private final Recipients recipients;
  private final MailOutbox mail;
  private final InboxConfig config;
  private final Clock clock;
  private final Runnable pushQueued;
  private final java.util.function.Supplier<String> inboxLink;

  /** {@code inboxLink}: the notifications page of the account being served, "" for none. */
  InboxSink(
      Recipients recipients,
      MailOutbox mail,
      InboxConfig config,
      Clock clock,
      Runnable pushQueued,
      java.util.function.Supplier<String> inboxLink) {
    this.inboxLink = inboxLink;
    this.recipients = recipients;
    this.mail = mail;
    this.config = config;
    this.clock = clock;
    this.pushQueued = pushQueued;
  }

  @Override
  public void fanOut(Handle h, StoredEvent event) {
    EventType type = event.type();
    if (type == EventType.WEBHOOK_TEST) {
      return;
    }
    List<Recipient> users = recipients.holding(h, type.permission(), event.recipientUserId());
    if (users.isEmpty()) {
      return;
    }
    UUID[] ids = users.stream().map(Recipient::id).toArray(UUID[]::new);
    String tenant = TenantContext.current();
    Map<UUID, Set<Channel>> prefs = new HashMap<>();
    h.createQuery(
            "SELECT user_id, channels FROM notification_preference WHERE tenant_id = :tenant"
                + " AND event_type = :type AND user_id = ANY (CAST(:ids AS uuid[]))")
        .bind("tenant", tenant)
        .bind("type", type.wireName())
        .bind("ids", ids)
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getObject("user_id", UUID.class),
                    Inbox.channels((String[]) rs.getArray("channels").getArray())))
        .forEach(e -> prefs.put(e.getKey(), e.getValue()));
    Set<UUID> daily =
        new HashSet<>(
            h.createQuery(
                    "SELECT user_id FROM notification_settings WHERE tenant_id = :tenant"
                        + " AND email_digest = 'DAILY' AND user_id = ANY (CAST(:ids AS uuid[]))")
                .bind("tenant", tenant)
                .bind("ids", ids)
                .mapTo(UUID.class)
                .list());
    Map<UUID, List<UUID>> subs = new HashMap<>();
    if (config.webPushEnabled()) {
      h.createQuery(
              "SELECT user_id, id FROM webpush_subscription WHERE tenant_id = :tenant"
                  + " AND user_id = ANY (CAST(:ids AS uuid[])) ORDER BY created_at, id")
          .bind("tenant", tenant)
          .bind("ids", ids)
          .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
          .forEach(e -> subs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    }
    Map<String, Object> payload = Templates.payload(event.payloadJson());
    Instant now = clock.instant();
    boolean anyPush = false;
    for (Recipient r : users) {
      Set<Channel> channels = EnumSet.noneOf(Channel.class);
      channels.addAll(prefs.getOrDefault(r.id(), type.defaultChannels(r.roles())));
      if (!config.webPushEnabled()) {
        channels.remove(Channel.WEB_PUSH);
      }
      if (channels.isEmpty()) {
        continue;
      }
      Locale locale = Templates.locale(r.locale());
      Templates.Text text = Templates.render(type, payload, locale, Templates.zone(r.timeZone()));
      boolean inApp = channels.contains(Channel.IN_APP);
      boolean email = channels.contains(Channel.EMAIL);
      boolean digest = email && daily.contains(r.id());
      List<UUID> pushTo =
          channels.contains(Channel.WEB_PUSH) ? subs.getOrDefault(r.id(), List.of()) : List.of();
      UUID notification = null;
      if (inApp || digest || !pushTo.isEmpty()) {
        notification = UUID.randomUUID();
        int inserted =
            h.createUpdate(
                    "INSERT INTO notification (id, tenant_id, user_id, event_id, event_type, title,"
                        + " body, subject_kind, subject_id, created_at, in_app, digest_pending)"
                        + " VALUES (:id, :tenant, :user, :event, :type, :title, :body, :kind,"
                        + " :subject, :at, :inApp, :digest)"
                        + " ON CONFLICT (user_id, event_id) DO NOTHING")
                .bind("id", notification)
                .bind("tenant", tenant)
                .bind("user", r.id())
                .bind("event", event.id())
                .bind("type", type.wireName())
                .bind("title", text.title())
                .bind("body", text.body())
                .bind("kind", event.subjectKind())
                .bind("subject", event.subjectId())
                .bind("at", event.occurredAt())
                .bind("inApp", inApp)
                .bind("digest", digest)
                .execute();
        if (inserted == 0) {
          continue; // this event reached this user already
        }
      }
      if (email && !digest) {
        mail.enqueue(h, email(r, locale, text, event));
      }
      for (UUID sub : pushTo) {
        h.createUpdate(
                "INSERT INTO webpush_delivery (id, tenant_id, subscription_id, notification_id,"
                    + " state, next_attempt_at, created_at)"
                    + " VALUES (:id, :tenant, :sub, :n, 'PENDING', :at, :at)"
                    + " ON CONFLICT (subscription_id, notification_id) DO NOTHING")
            .bind("id", UUID.randomUUID())
            .bind("tenant", tenant)
            .bind("sub", sub)
            .bind("n", notification)
            .bind("at", now)
            .execute();
        anyPush = true;
      }
    }
    if (anyPush) {
      h.afterCommit(pushQueued);
    }
  }

  private OutgoingMail email(Recipient r, Locale locale, Templates.Text text, StoredEvent event) {
    StringBuilder plain = new StringBuilder(text.body()).append("\n\n");
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html><html")
            .append(rtl(locale) ? " dir=\"rtl\"" : "")
            .append("><body style=\"font-family:sans-serif\"><h2>")
            .append(Templates.html(text.title()))
            .append("</h2><p>")
            .append(Templates.html(text.body()))
            .append("</p>");
    String link = inboxLink.get();
    if (!link.isEmpty()) {
      plain.append(Templates.message(locale, "email.open", Map.of("_link", link))).append("\n");
      html.append("<p><a href=\"")
          .append(Templates.html(link))
          .append("\">")
          .append(Templates.html(Templates.message(locale, "email.open", Map.of("_link", ""))))
          .append("</a></p>");
    }
    String footer = Templates.message(locale, "email.footer", Map.of());
    plain.append("\n-- \n").append(footer).append("\n");
    html.append("<hr><p style=\"color:#666;font-size:small\">")
        .append(Templates.html(footer))
        .append("</p></body></html>");
    return new OutgoingMail(
        r.email(),
        Templates.oneLine(r.displayName(), 200),
        Templates.oneLine(text.title(), 500),
        plain.toString(),
        html.toString(),
        List.of(),
        "domain_event",
        event.id().toString());
  }

  static boolean rtl(Locale locale) {
    return Set.of("ar", "he", "fa", "ur").contains(locale.getLanguage());
  }
}
