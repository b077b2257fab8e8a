package io.eventkit.node.platform.events;

/** How a user hears about an event (notifications.proto NotificationChannel). */
public enum Channel {
  IN_APP,
  EMAIL,
  WEB_PUSH
}
