package io.eventkit.node.notifications.webhooks;

import io.eventkit.node.identity.AuditLog;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.events.EventType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhook subscriptions (the local API of WebhookService): create, change, delete, rotate secrets,
 * test, the delivery log and replays. Every change is written to the auth audit log in its own
 * transaction (actions WEBHOOK_CREATE, WEBHOOK_UPDATE, WEBHOOK_DELETE, WEBHOOK_ROTATE_SECRET), and
 * secrets are stored encrypted with the node's key passphrase.
 */
public final class Webhooks {
  static final int MAX_TYPES = 50;
  static final int MAX_DESCRIPTION = 1000;
  static final int MAX_URL = 2000;

  private final Jdbi jdbi;
  private final Clock clock;
  private final KeyVault vault;
  private final TargetGuard guard;
  private final AuditLog audit;
  private final DeliveryWorker worker;

  public Webhooks(
      Jdbi jdbi,
      Clock clock,
      KeyVault vault,
      TargetGuard guard,
      AuditLog audit,
      DeliveryWorker worker) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.vault = vault;
    this.guard = guard;
    this.audit = audit;
    this.worker = worker;
  }

  /** A new subscription and its secret (returned this once). */
  public record Created(WebhookDao.Subscription webhook, String secret) {}

  public Created create(String url, String description, List<String> eventTypes) {
    String u = checkUrl(url);
    String d = checkDescription(description);
    List<String> types = checkTypes(eventTypes);
    String secret = Signatures.newSecret();
    String enc = vault.encryptSecret(secret);
    UUID id = UUID.randomUUID();
    Principal p = Principal.current();
    UUID userId = null;
    if (p != null && p.kind() == Principal.Kind.USER) {
      try {
        userId = UUID.fromString(p.id());
      } catch (IllegalArgumentException e) {
        userId = null;
      }
    }
    UUID creator = userId;
    WebhookDao.Subscription s =
        jdbi.inTransaction(
            h -> {
              WebhookDao dao = Daos.of(h, WebhookDao.class);
              dao.insert(
                  id,
                  u,
                  d,
                  types.toArray(String[]::new),
                  enc,
                  Signatures.hint(secret),
                  p == null ? "system" : p.label(),
                  creator,
                  clock.instant());
              audit.record(
                  h,
                  "WEBHOOK_CREATE",
                  "webhook:" + id,
                  "target " + DeliveryWorker.origin(u) + ", types " + String.join(",", types));
              return dao.find(id).orElseThrow();
            });
    return new Created(s, secret);
  }

  public WebhookDao.Subscription get(UUID id) {
    return Daos.with(jdbi, WebhookDao.class, dao -> dao.find(id)).orElseThrow(() -> missing(id));
  }

  public PageSpec.Page<WebhookDao.Subscription> list(PageSpec page) {
    Instant afterAt = page.isFirst() ? null : parseInstant(page.after(0));
    UUID afterId = page.isFirst() ? null : parseUuid(page.after(1));
    List<WebhookDao.Subscription> rows =
        Daos.with(jdbi, WebhookDao.class, dao -> dao.list(afterAt, afterId, page.fetch()));
    return page.page(rows, s -> List.of(s.createdAt().toString(), s.id().toString()));
  }

  /** The fields an update may change; empty = unchanged. */
  public record Changes(
      Optional<String> url,
      Optional<String> description,
      Optional<List<String>> eventTypes,
      Optional<Boolean> enabled) {}

  public WebhookDao.Subscription update(UUID id, long revision, Changes c) {
    String url = c.url().map(this::checkUrl).orElse(null);
    String description = c.description().map(Webhooks::checkDescription).orElse(null);
    List<String> types = c.eventTypes().map(Webhooks::checkTypes).orElse(null);
    return jdbi.inTransaction(
        h -> {
          WebhookDao dao = Daos.of(h, WebhookDao.class);
          WebhookDao.Subscription s = dao.lock(id).orElseThrow(() -> missing(id));
          if (s.revision() != revision) {
            throw new DomainException(
                ErrorCode.ABORTED,
                "webhook "
                    + id
                    + " was changed by someone else (revision "
                    + s.revision()
                    + ", you sent "
                    + revision
                    + "); reload it and apply your change again");
          }
          String state = s.state();
          int failures = s.consecutiveFailures();
          String reason = s.disabledReason();
          List<String> changed = new ArrayList<>();
          if (c.enabled().isPresent()) {
            boolean on = c.enabled().get();
            if (on && !state.equals("ENABLED")) {
              state = "ENABLED";
              failures = 0;
              reason = "";
              changed.add("enabled");
            } else if (!on && !state.equals("DISABLED")) {
              state = "DISABLED";
              reason = "turned off by " + actor();
              changed.add("disabled");
            }
          }
          if (url != null && !url.equals(s.url())) {
            changed.add("url (target " + DeliveryWorker.origin(url) + ")");
          }
          if (description != null && !description.equals(s.description())) {
            changed.add("description");
          }
          if (types != null && !types.equals(s.eventTypes())) {
            changed.add("types " + String.join(",", types));
          }
          dao.update(
              id,
              url == null ? s.url() : url,
              description == null ? s.description() : description,
              (types == null ? s.eventTypes() : types).toArray(String[]::new),
              state,
              failures,
              reason,
              clock.instant());
          if (!state.equals("ENABLED")) {
            dao.failPending(id, "the subscription was turned off");
          }
          audit.record(
              h,
              "WEBHOOK_UPDATE",
              "webhook:" + id,
              changed.isEmpty() ? "no change" : String.join("; ", changed));
          return dao.find(id).orElseThrow();
        });
  }

  public void delete(UUID id) {
    jdbi.useTransaction(
        h -> {
          WebhookDao dao = Daos.of(h, WebhookDao.class);
          WebhookDao.Subscription s = dao.lock(id).orElseThrow(() -> missing(id));
          dao.delete(id);
          audit.record(
              h, "WEBHOOK_DELETE", "webhook:" + id, "target " + DeliveryWorker.origin(s.url()));
        });
  }

  public Created rotateSecret(UUID id) {
    String secret = Signatures.newSecret();
    String enc = vault.encryptSecret(secret);
    WebhookDao.Subscription s =
        jdbi.inTransaction(
            h -> {
              WebhookDao dao = Daos.of(h, WebhookDao.class);
              if (dao.lock(id).isEmpty()) {
                throw missing(id);
              }
              dao.setSecret(id, enc, Signatures.hint(secret), clock.instant());
              audit.record(h, "WEBHOOK_ROTATE_SECRET", "webhook:" + id, "new secret");
              return dao.find(id).orElseThrow();
            });
    return new Created(s, secret);
  }

  /** Queues a {@code webhook.test} delivery to this subscription only. */
  public Delivery test(UUID id) {
    UUID deliveryId = UUID.randomUUID();
    Delivery d =
        jdbi.inTransaction(
            h -> {
              WebhookDao dao = Daos.of(h, WebhookDao.class);
              WebhookDao.Subscription s = dao.lock(id).orElseThrow(() -> missing(id));
              if (!s.state().equals("ENABLED")) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "webhook "
                        + id
                        + " is "
                        + s.state()
                        + "; enable it (UpdateWebhook enabled=true) before testing it");
              }
              Instant now = clock.instant();
              String body =
                  WebhookSink.body(
                      EventType.WEBHOOK_TEST.wireName(),
                      now.toString(),
                      "{\"webhookId\":\"" + id + "\",\"message\":\"A test from EventKit.\"}");
              dao.insertDelivery(
                  deliveryId, id, UUID.randomUUID(), EventType.WEBHOOK_TEST.wireName(), body, now);
              return dao.findDelivery(deliveryId).orElseThrow();
            });
    worker.kick();
    return d;
  }

  /** Newest first; with their attempts when asked (one query for the page's attempts). */
  public PageSpec.Page<Delivery> deliveries(
      UUID webhookId, Delivery.State state, boolean includeAttempts, PageSpec page) {
    Instant beforeAt = page.isFirst() ? null : parseInstant(page.after(0));
    UUID beforeId = page.isFirst() ? null : parseUuid(page.after(1));
    return jdbi.inTransaction(
        h -> {
          WebhookDao dao = Daos.of(h, WebhookDao.class);
          if (dao.find(webhookId).isEmpty()) {
            throw missing(webhookId);
          }
          List<Delivery> rows =
              dao.deliveries(
                  webhookId, state == null ? null : state.name(), beforeAt, beforeId, page.fetch());
          PageSpec.Page<Delivery> p =
              page.page(rows, d -> List.of(d.createdAt().toString(), d.id().toString()));
          if (!includeAttempts || p.items().isEmpty()) {
            return p;
          }
          return new PageSpec.Page<>(withAttempts(dao, p.items()), p.nextToken());
        });
  }

  /**
   * Sends a delivery again now, whatever its state (same {@code webhook-id}), and returns it with
   * every attempt. A replay is one attempt: delivered, or FAILED; it does not count towards the
   * subscription's failure run.
   */
  public Delivery replay(UUID deliveryId) {
    Instant now = clock.instant();
    WebhookDao.Claim claim =
        jdbi.inTransaction(
            h -> {
              WebhookDao dao = Daos.of(h, WebhookDao.class);
              Delivery d =
                  dao.lockDelivery(deliveryId)
                      .orElseThrow(
                          () ->
                              DomainException.notFound(
                                  "webhook delivery " + deliveryId + " does not exist"));
              WebhookDao.Subscription s = dao.find(d.webhookId()).orElseThrow();
              dao.lease(deliveryId, now.plusSeconds(600));
              return new WebhookDao.Claim(
                  d.id(),
                  TenantContext.current(),
                  d.webhookId(),
                  d.eventId(),
                  d.eventType(),
                  d.payload(),
                  d.attemptCount(),
                  s.url(),
                  s.secretEnc());
            });
    DeliveryWorker.Outcome o = worker.send(claim);
    worker.record(claim, o, true);
    return Daos.with(
        jdbi,
        WebhookDao.class,
        dao -> withAttempts(dao, List.of(dao.findDelivery(deliveryId).orElseThrow())).get(0));
  }

  private static List<Delivery> withAttempts(WebhookDao dao, List<Delivery> items) {
    Map<UUID, List<WebhookDao.Attempt>> byDelivery =
        dao.attempts(items.stream().map(Delivery::id).toArray(UUID[]::new)).stream()
            .collect(Collectors.groupingBy(WebhookDao.Attempt::deliveryId));
    return items.stream()
        .map(d -> d.withAttempts(byDelivery.getOrDefault(d.id(), List.of())))
        .toList();
  }

  /** The event catalogue (ListEventTypes). */
  public static List<EventType> eventTypes() {
    return List.of(EventType.values());
  }

  // ---- validation ----

  private String checkUrl(String url) {
    String u = url == null ? "" : url.trim();
    if (u.length() > MAX_URL) {
      throw DomainException.invalid("url is longer than " + MAX_URL + " characters");
    }
    guard.checkUrl(u);
    return u;
  }

  private static String checkDescription(String description) {
    String d = description == null ? "" : description.trim();
    if (d.length() > MAX_DESCRIPTION) {
      throw DomainException.invalid(
          "description is longer than " + MAX_DESCRIPTION + " characters");
    }
    return d;
  }

  private static final Set<String> PREFIXES =
      java.util.Arrays.stream(EventType.values())
          .map(t -> t.wireName().substring(0, t.wireName().indexOf('.')))
          .collect(Collectors.toSet());

  static List<String> checkTypes(List<String> eventTypes) {
    if (eventTypes == null || eventTypes.isEmpty()) {
      throw DomainException.invalid(
          "event_types needs at least one event type, a prefix such as 'subhire.*', or '*'"
              + " (ListEventTypes lists them)");
    }
    if (eventTypes.size() > MAX_TYPES) {
      throw DomainException.invalid("event_types has more than " + MAX_TYPES + " entries");
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String raw : eventTypes) {
      String t = raw == null ? "" : raw.trim();
      if (t.equals(EventType.WEBHOOK_TEST.wireName())) {
        throw DomainException.invalid(
            "event_types: webhook.test is sent only by TestWebhook; leave it out");
      }
      boolean ok =
          t.equals("*")
              || EventType.byName(t).isPresent()
              || (t.endsWith(".*") && PREFIXES.contains(t.substring(0, t.length() - 2)));
      if (ok) {
        out.add(t);
      } else {
        unknown.add("'" + t + "'");
      }
    }
    if (!unknown.isEmpty()) {
      throw DomainException.invalid(
          "event_types has unknown types "
              + String.join(", ", unknown)
              + "; use names from ListEventTypes (e.g. quote.accepted), a prefix such as"
              + " 'subhire.*', or '*'");
    }
    return List.copyOf(out);
  }

  private static String actor() {
    Principal p = Principal.current();
    return p == null ? "system" : p.label();
  }

  private static DomainException missing(UUID id) {
    return DomainException.notFound("webhook " + id + " does not exist");
  }

  private static Instant parseInstant(String s) {
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      throw DomainException.invalid("page.page_token is not valid for this list");
    }
  }

  private static UUID parseUuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (RuntimeException e) {
      throw DomainException.invalid("page.page_token is not valid for this list");
    }
  }
}
