package io.eventkit.node.notifications.inbox;

import java.time.Duration;

/**
 * The users' side of notifications: the daily digest's hour, web push and its retries. Plain values
 * (the notifications config maps its YAML onto this).
 *
 * @param digestHour the hour (0–23, in each user's time zone) of the daily email digest
 * @param webPushEnabled whether users may choose web push (GetWebPushConfig says so)
 * @param vapidSubject the VAPID {@code sub} claim: a mailto: or https: contact for push services
 */
public record InboxConfig(
    int digestHour,
    boolean webPushEnabled,
    String vapidSubject,
    int pushMaxAttempts,
    Duration pushBackoffBase,
    Duration pushBackoffMax,
    Duration pollInterval,
    Duration pushTimeout) {
  public InboxConfig {
    if (digestHour < 0 || digestHour > 23) {
      throw new IllegalArgumentException(
          "notifications.digestHour must be 0-23 (an hour of the day); got " + digestHour);
    }
    vapidSubject = vapidSubject == null || vapidSubject.isBlank() ? DEFAULT_SUBJECT : vapidSubject;
  }

  static final String DEFAULT_SUBJECT = "mailto:notifications@eventkit.invalid";

  /** Digest at 07:00, web push on, 5 push attempts from 30 s up to 1 h apart. */
  public static InboxConfig defaults() {
    return new InboxConfig(
        7,
        true,
        DEFAULT_SUBJECT,
        5,
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10));
  }

  public InboxConfig withDigestHour(int hour) {
    return new InboxConfig(
        hour,
        webPushEnabled,
        vapidSubject,
        pushMaxAttempts,
        pushBackoffBase,
        pushBackoffMax,
        pollInterval,
        pushTimeout);
  }

  public InboxConfig withPush(
      boolean enabled, int maxAttempts, Duration backoffBase, Duration backoffMax) {
    return new InboxConfig(
        digestHour,
        enabled,
        vapidSubject,
        maxAttempts,
        backoffBase,
        backoffMax,
        pollInterval,
        pushTimeout);
  }
}
