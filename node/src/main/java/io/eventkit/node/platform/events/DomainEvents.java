package io.eventkit.node.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TenantContext;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;

/**
 * Records domain events in the caller's transaction (the outbox pattern): an event exists if and
 * only if the change that raised it committed. Consumers (the notifications fan-out) are woken
 * after the commit through {@link #onRecorded}; they must also poll, because a commit on another
 * replica wakes nobody here.
 *
 * <p>The actor is taken from the current call's principal ({@code user:<email>} or {@code
 * token:<name>}), or {@code "node"} for background work.
 */
public final class DomainEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final boolean enabled;
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param enabled {@code notifications.enabled}: when false nothing is recorded (the benchmark
   *     compares the write paths with and without events)
   */
  public DomainEvents(Clock clock, boolean enabled) {
    this.clock = clock;
    this.enabled = enabled;
  }

  /** Records everything (tests and tools). */
  public DomainEvents(Clock clock) {
    this(clock, true);
  }

  /** Adds a callback run after each commit that recorded at least one event. */
  public void onRecorded(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Writes {@code event} with the current tenant in {@code handle}'s transaction and returns its
   * ID, or empty when its dedupe key was recorded already (or events are off). On a handle without
   * a transaction the event is committed at once.
   */
  public Optional<UUID> record(Handle handle, DomainEvent event) {
    if (!enabled) {
      return Optional.empty();
    }
    UUID id = UUID.randomUUID();
    String payload;
    try {
      payload = JSON.writeValueAsString(event.payload());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event payload is not JSON-able: " + e.getMessage(), e);
    }
    Principal p = Principal.current();
    int rows =
        handle
            .createUpdate(
                "INSERT INTO domain_event (id, tenant_id, type, occurred_at, subject_kind,"
                    + " subject_id, recipient_user_id, actor, payload, dedupe_key)"
                    + " VALUES (:id, :tenant, :type, :at, :kind, :subject, :recipient, :actor,"
                    + " CAST(:payload AS jsonb), :dedupe)"
                    + " ON CONFLICT (tenant_id, type, dedupe_key) WHERE dedupe_key IS NOT NULL"
                    + " DO NOTHING")
            .bind("id", id)
            .bind("tenant", TenantContext.current())
            .bind("type", event.type().wireName())
            .bind("at", clock.instant())
            .bind("kind", event.subjectKind())
            .bind("subject", event.subjectId())
            .bind("recipient", event.recipientUserId().orElse(null))
            .bind("actor", p == null ? "node" : p.label())
            .bind("payload", payload)
            .bind("dedupe", event.dedupeKey().orElse(null))
            .execute();
    if (rows == 0) {
      return Optional.empty();
    }
    if (handle.isInTransaction()) {
      handle.afterCommit(this::fire);
    } else {
      fire();
    }
    return Optional.of(id);
  }

  private void fire() {
    for (Runnable r : listeners) {
      r.run();
    }
  }
}
