package io.eventkit.node.platform.events;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One fact to record: what happened ({@code type}), what it is about ({@code subjectKind} and
 * {@code subjectId}, for links: "event", "quote", "subhire", "partner", "asset", "crew_assignment",
 * "webhook", "user", or "" for nothing), optionally the one user it concerns, and a small payload.
 *
 * <p>The payload goes to webhook receivers and into notification texts: keep it small (IDs, names,
 * numbers, states) and never put a secret, a token or a password in it. Values must be JSON-able:
 * strings, numbers, booleans, null, lists and maps of those.
 */
public record DomainEvent(
    EventType type,
    String subjectKind,
    String subjectId,
    Optional<UUID> recipientUserId,
    Map<String, Object> payload,
    Optional<String> dedupeKey) {
  public DomainEvent {
    Objects.requireNonNull(type, "type");
    subjectKind = subjectKind == null ? "" : subjectKind;
    subjectId = subjectId == null ? "" : subjectId;
    recipientUserId = recipientUserId == null ? Optional.empty() : recipientUserId;
    payload = payload == null ? Map.of() : Map.copyOf(payload);
    dedupeKey = dedupeKey == null ? Optional.empty() : dedupeKey;
  }

  /** An event about {@code subjectKind}/{@code subjectId}, for everyone who may see its type. */
  public static DomainEvent of(
      EventType type, String subjectKind, Object subjectId, Map<String, Object> payload) {
    return new DomainEvent(
        type,
        subjectKind,
        subjectId == null ? "" : subjectId.toString(),
        Optional.empty(),
        payload,
        Optional.empty());
  }

  /** The same event, for one user only. */
  public DomainEvent to(UUID userId) {
    return new DomainEvent(type, subjectKind, subjectId, Optional.of(userId), payload, dedupeKey);
  }

  /**
   * The same event, recorded at most once per {@code key} (a sweep raising a fact daily uses e.g.
   * {@code eventId + ":" + date}).
   */
  public DomainEvent once(String key) {
    return new DomainEvent(
        type, subjectKind, subjectId, recipientUserId, payload, Optional.of(key));
  }
}
