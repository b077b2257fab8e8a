package io.eventkit.node.notifications;

import io.eventkit.node.platform.events.EventType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A recorded domain event as the fan-out reads it back from {@code domain_event}. {@code
 * payloadJson} is the JSON object written by {@code DomainEvents.record}.
 */
public record StoredEvent(
    UUID id,
    String tenantId,
    long seq,
    EventType type,
    Instant occurredAt,
    String subjectKind,
    String subjectId,
    Optional<UUID> recipientUserId,
    String actor,
    String payloadJson) {}
