package io.eventkit.node.notifications.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One event for one subscription: its state, its last attempt and (when asked) every attempt. */
public record Delivery(
    UUID id,
    UUID webhookId,
    UUID eventId,
    String eventType,
    String payload,
    State state,
    int attemptCount,
    Instant nextAttemptAt,
    Instant deliveredAt,
    int lastResponseCode,
    long lastLatencyMs,
    String lastError,
    Instant createdAt,
    List<WebhookDao.Attempt> attempts) {

  public enum State {
    PENDING,
    DELIVERED,
    FAILED
  }

  Delivery withAttempts(List<WebhookDao.Attempt> all) {
    return new Delivery(
        id,
        webhookId,
        eventId,
        eventType,
        payload,
        state,
        attemptCount,
        nextAttemptAt,
        deliveredAt,
        lastResponseCode,
        lastLatencyMs,
        lastError,
        createdAt,
        List.copyOf(all));
  }
}
