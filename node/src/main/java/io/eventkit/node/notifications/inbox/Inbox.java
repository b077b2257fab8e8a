package io.eventkit.node.notifications.inbox;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal.Role;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.notifications.inbox.InboxModel.Digest;
import io.eventkit.node.notifications.inbox.InboxModel.Item;
import io.eventkit.node.notifications.inbox.InboxModel.Preference;
import io.eventkit.node.notifications.inbox.InboxModel.Preferences;
import io.eventkit.node.notifications.inbox.InboxModel.PushConfig;
import io.eventkit.node.notifications.inbox.InboxModel.Subscription;
import io.eventkit.node.platform.events.Channel;
import io.eventkit.node.platform.events.EventType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A user's own inbox, preferences and push subscriptions. Every method acts for {@code caller}
 * only: another user's notification is NOT_FOUND, never someone else's data.
 */
final class Inbox {
  /** Who asks: the signed-in user, with their effective permissions and built-in roles. */
  record Caller(UUID userId, Set<Permission> permissions, Set<Role> roles) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final InboxConfig config;
  private final WebPushKeys keys;

  Inbox(Jdbi jdbi, Clock clock, InboxConfig config, WebPushKeys keys) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.config = config;
    this.keys = keys;
  }

  // ---- notifications ----

  /** Newest first, keyset-paged on (created_at, id). */
  PageSpec.Page<Item> list(Caller c, boolean unreadOnly, PageSpec page) {
    return jdbi.withHandle(
        h -> {
          String sql =
              "SELECT id, event_id, event_type, title, body, subject_kind, subject_id,"
                  + " created_at, read_at FROM notification"
                  + " WHERE tenant_id = :tenant AND user_id = :user AND in_app"
                  + (unreadOnly ? " AND read_at IS NULL" : "")
                  + (page.isFirst() ? "" : " AND (created_at, id) < (:afterAt, :afterId)")
                  + " ORDER BY created_at DESC, id DESC LIMIT :limit";
          var q =
              h.createQuery(sql)
                  .bind("tenant", TenantContext.current())
                  .bind("user", c.userId())
                  .bind("limit", page.fetch());
          if (!page.isFirst()) {
            try {
              q.bind("afterAt", Instant.parse(page.after(0)));
              q.bind("afterId", UUID.fromString(page.after(1)));
            } catch (RuntimeException e) {
              throw DomainException.invalid(
                  "page.page_token is not valid for this list; start again with an empty token");
            }
          }
          List<Item> rows =
              q.map(
                      (rs, ctx) ->
                          new Item(
                              rs.getObject("id", UUID.class),
                              rs.getObject("event_id", UUID.class),
                              rs.getString("event_type"),
                              rs.getString("title"),
                              rs.getString("body"),
                              rs.getString("subject_kind"),
                              rs.getString("subject_id"),
                              instant(rs.getTimestamp("created_at")),
                              instant(rs.getTimestamp("read_at"))))
                  .list();
          return page.page(rows, i -> List.of(i.createdAt().toString(), i.id().toString()));
        });
  }

  /** Unread in-app notifications (the partial index notification_unread). */
  int unread(Caller c) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM notification WHERE user_id = :user AND in_app"
                        + " AND read_at IS NULL AND tenant_id = :tenant")
                .bind("user", c.userId())
                .bind("tenant", TenantContext.current())
                .mapTo(Integer.class)
                .one());
  }

  /**
   * Marks {@code ids} (all of them must be the caller's, else NOT_FOUND and nothing changes) or
   * every unread one; returns how many were unread before.
   */
  int markRead(Caller c, Collection<UUID> ids, boolean all) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          if (all) {
            return h.createUpdate(
                    "UPDATE notification SET read_at = :now WHERE user_id = :user AND in_app"
                        + " AND read_at IS NULL AND tenant_id = :tenant")
                .bind("now", now)
                .bind("user", c.userId())
                .bind("tenant", TenantContext.current())
                .execute();
          }
          UUID[] wanted = new LinkedHashSet<>(ids).toArray(UUID[]::new);
          List<UUID> found =
              h.createQuery(
                      "SELECT id FROM notification WHERE id = ANY (CAST(:ids AS uuid[]))"
                          + " AND user_id = :user AND in_app AND tenant_id = :tenant")
                  .bind("ids", wanted)
                  .bind("user", c.userId())
                  .bind("tenant", TenantContext.current())
                  .mapTo(UUID.class)
                  .list();
          if (found.size() != wanted.length) {
            Set<UUID> missing = new LinkedHashSet<>(List.of(wanted));
            found.forEach(missing::remove);
            throw DomainException.notFound(
                "notification " + missing.iterator().next() + " does not exist");
          }
          return h.createUpdate(
                  "UPDATE notification SET read_at = :now WHERE id = ANY (CAST(:ids AS uuid[]))"
                      + " AND user_id = :user AND read_at IS NULL AND tenant_id = :tenant")
              .bind("now", now)
              .bind("ids", wanted)
              .bind("user", c.userId())
              .bind("tenant", TenantContext.current())
              .execute();
        });
  }

  // ---- preferences ----

  /** The event types {@code c} may receive, in catalogue order. */
  static List<EventType> receivable(Caller c) {
    List<EventType> out = new ArrayList<>();
    for (EventType t : EventType.values()) {
      if (t != EventType.WEBHOOK_TEST && c.permissions().contains(t.permission())) {
        out.add(t);
      }
    }
    return out;
  }

  Preferences preferences(Caller c) {
    return jdbi.withHandle(h -> preferences(h, c));
  }

  private Preferences preferences(Handle h, Caller c) {
    Map<String, Set<Channel>> custom = new HashMap<>();
    h.createQuery(
            "SELECT event_type, channels FROM notification_preference"
                + " WHERE user_id = :user AND tenant_id = :tenant")
        .bind("user", c.userId())
        .bind("tenant", TenantContext.current())
        .map(
            (rs, ctx) -> Map.entry(rs.getString(1), channels((String[]) rs.getArray(2).getArray())))
        .forEach(e -> custom.put(e.getKey(), e.getValue()));
    List<Preference> out = new ArrayList<>();
    for (EventType t : receivable(c)) {
      Set<Channel> mine = custom.get(t.wireName());
      Set<Channel> ch = EnumSet.noneOf(Channel.class);
      ch.addAll(mine != null ? mine : t.defaultChannels(c.roles()));
      if (!config.webPushEnabled()) {
        ch.remove(Channel.WEB_PUSH);
      }
      out.add(new Preference(t.wireName(), ch, mine != null));
    }
    String digest =
        h.createQuery(
                "SELECT email_digest FROM notification_settings WHERE user_id = :user"
                    + " AND tenant_id = :tenant")
            .bind("user", c.userId())
            .bind("tenant", TenantContext.current())
            .mapTo(String.class)
            .findOne()
            .orElse("IMMEDIATE");
    return new Preferences(out, Digest.valueOf(digest));
  }

  /**
   * Sets the given types' channels, resets {@code reset} to the defaults and sets the digest (null:
   * unchanged), all or nothing. A type the caller may not receive, a type named twice, or WEB_PUSH
   * on a node without web push is INVALID_ARGUMENT.
   */
  Preferences update(
      Caller c, Map<String, Set<Channel>> set, Collection<String> reset, Digest digest) {
    Set<String> allowed = new LinkedHashSet<>();
    receivable(c).forEach(t -> allowed.add(t.wireName()));
    for (String t : set.keySet()) {
      checkType(allowed, t, "preferences");
      if (!config.webPushEnabled() && set.get(t).contains(Channel.WEB_PUSH)) {
        throw DomainException.invalid(
            "preferences: web push is turned off on this node; choose IN_APP or EMAIL for " + t);
      }
    }
    for (String t : reset) {
      checkType(allowed, t, "reset_event_types");
      if (set.containsKey(t)) {
        throw DomainException.invalid(
            "reset_event_types: " + t + " is also in preferences; name it in one of the two");
      }
    }
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          String tenant = TenantContext.current();
          for (Map.Entry<String, Set<Channel>> e : set.entrySet()) {
            h.createUpdate(
                    "INSERT INTO notification_preference (user_id, tenant_id, event_type,"
                        + " channels, updated_at) VALUES (:user, :tenant, :type,"
                        + " CAST(:channels AS text[]), :now) ON CONFLICT (user_id, event_type)"
                        + " DO UPDATE SET channels = EXCLUDED.channels, updated_at = :now")
                .bind("user", c.userId())
                .bind("tenant", tenant)
                .bind("type", e.getKey())
                .bind(
                    "channels",
                    EnumSet.copyOf(
                            e.getValue().isEmpty()
                                ? EnumSet.noneOf(Channel.class)
                                : EnumSet.copyOf(e.getValue()))
                        .stream()
                        .map(Enum::name)
                        .toArray(String[]::new))
                .bind("now", now)
                .execute();
          }
          if (!reset.isEmpty()) {
            h.createUpdate(
                    "DELETE FROM notification_preference WHERE user_id = :user"
                        + " AND tenant_id = :tenant AND event_type = ANY (CAST(:types AS text[]))")
                .bind("user", c.userId())
                .bind("tenant", tenant)
                .bind("types", reset.toArray(String[]::new))
                .execute();
          }
          if (digest != null) {
            h.createUpdate(
                    "INSERT INTO notification_settings (user_id, tenant_id, email_digest,"
                        + " updated_at) VALUES (:user, :tenant, :digest, :now)"
                        + " ON CONFLICT (user_id) DO UPDATE SET email_digest = :digest,"
                        + " updated_at = :now")
                .bind("user", c.userId())
                .bind("tenant", tenant)
                .bind("digest", digest.name())
                .bind("now", now)
                .execute();
            if (digest == Digest.IMMEDIATE) {
              // Items waiting for a digest the user no longer wants are not mailed later.
              h.createUpdate(
                      "UPDATE notification SET digest_pending = false WHERE user_id = :user"
                          + " AND digest_pending AND tenant_id = :tenant")
                  .bind("user", c.userId())
                  .bind("tenant", tenant)
                  .execute();
            }
          }
          return preferences(h, c);
        });
  }

  private static void checkType(Set<String> allowed, String t, String field) {
    if (EventType.byName(t).isEmpty()) {
      throw DomainException.invalid(
          field + ": unknown event type '" + t + "' (see ListEventTypes)");
    }
    if (!allowed.contains(t)) {
      throw DomainException.invalid(
          field
              + ": you do not receive "
              + t
              + " (it needs "
              + EventType.byName(t).get().permission()
              + "); GetNotificationPreferences lists the types you may set");
    }
  }

  // ---- web push ----

  PushConfig pushConfig() {
    if (!config.webPushEnabled()) {
      return new PushConfig("", false);
    }
    return new PushConfig(keys.publicKey(), true);
  }

  /** Registers (or moves to the caller, with new keys) the browser subscription at its endpoint. */
  UUID subscribe(Caller c, Subscription s) {
    if (!config.webPushEnabled()) {
      throw new DomainException(
          io.eventkit.node.kernel.ErrorCode.FAILED_PRECONDITION,
          "web push is turned off on this node (notifications.webPush.enabled)");
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "INSERT INTO webpush_subscription (id, tenant_id, user_id, endpoint, p256dh,"
                        + " auth, user_agent, created_at) VALUES (:id, :tenant, :user, :endpoint,"
                        + " :p256dh, :auth, :ua, :now) ON CONFLICT (tenant_id, endpoint) DO UPDATE"
                        + " SET user_id = :user, p256dh = :p256dh, auth = :auth, user_agent = :ua"
                        + " RETURNING id")
                .bind("id", UUID.randomUUID())
                .bind("tenant", TenantContext.current())
                .bind("user", c.userId())
                .bind("endpoint", s.endpoint())
                .bind("p256dh", s.p256dh())
                .bind("auth", s.auth())
                .bind("ua", s.userAgent())
                .bind("now", clock.instant())
                .mapTo(UUID.class)
                .one());
  }

  /** Removes the caller's subscription at {@code endpoint}; idempotent. */
  void unsubscribe(Caller c, String endpoint) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM webpush_subscription WHERE tenant_id = :tenant"
                        + " AND user_id = :user AND endpoint = :endpoint")
                .bind("tenant", TenantContext.current())
                .bind("user", c.userId())
                .bind("endpoint", endpoint)
                .execute());
  }

  // ---- helpers ----

  static Set<Channel> channels(String[] names) {
    Set<Channel> out = EnumSet.noneOf(Channel.class);
    for (String n : names) {
      try {
        out.add(Channel.valueOf(n));
      } catch (IllegalArgumentException e) {
        // a channel this version does not know is off
      }
    }
    return out;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
