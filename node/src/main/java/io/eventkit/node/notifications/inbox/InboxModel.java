package io.eventkit.node.notifications.inbox;

import io.eventkit.node.platform.events.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The inbox's values, free of proto. */
final class InboxModel {
  private InboxModel() {}

  record Item(
      UUID id,
      UUID eventId,
      String eventType,
      String title,
      String body,
      String subjectKind,
      String subjectId,
      Instant createdAt,
      Instant readAt) {}

  record Preference(String eventType, Set<Channel> channels, boolean customised) {}

  enum Digest {
    IMMEDIATE,
    DAILY
  }

  record Preferences(List<Preference> preferences, Digest digest) {}

  record PushConfig(String vapidPublicKey, boolean enabled) {}

  record Subscription(String endpoint, String p256dh, String auth, String userAgent) {}
}
