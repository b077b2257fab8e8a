package io.eventkit.node.notifications.inbox;

import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.events.EventType;
import io.eventkit.proto.v1.EventTypePreference;
import io.eventkit.proto.v1.MarkNotificationsReadRequest;
import io.eventkit.proto.v1.NotificationChannel;
import io.eventkit.proto.v1.SubscribeWebPushRequest;
import io.eventkit.proto.v1.UnsubscribeWebPushRequest;
import io.eventkit.proto.v1.UpdateNotificationPreferencesRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Shape checks of every NotificationService request, run before the service sees it; IDs, the user
 * agent's length and page sizes are rules in notifications.proto and common.proto.
 */
final class NotificationValidators {
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");
  static final int MAX_IDS = 500;

  private NotificationValidators() {}

  static void register(RequestValidators validators) {
    validators.register(
        MarkNotificationsReadRequest.getDefaultInstance(),
        r -> {
          Validation v = new Validation();
          v.check(
              r.getAll() || r.getIdsCount() > 0,
              "ids",
              "give the notifications to mark read, or set all");
          v.check(!(r.getAll() && r.getIdsCount() > 0), "all", "give either ids or all, not both");
          v.check(r.getIdsCount() <= MAX_IDS, "ids", "at most " + MAX_IDS + " at a time");
          v.throwIfInvalid();
        });
    validators.register(
        UpdateNotificationPreferencesRequest.getDefaultInstance(),
        r -> {
          Validation v = new Validation();
          Set<String> seen = new HashSet<>();
          for (int i = 0; i < r.getPreferencesCount(); i++) {
            EventTypePreference p = r.getPreferences(i);
            String f = "preferences[" + i + "]";
            v.check(
                EventType.byName(p.getEventType()).isPresent(),
                f + ".event_type",
                "unknown event type '" + p.getEventType() + "' (see ListEventTypes)");
            v.check(
                seen.add(p.getEventType()),
                f + ".event_type",
                p.getEventType() + " is named twice");
            Set<NotificationChannel> ch = new HashSet<>();
            for (NotificationChannel c : p.getChannelsList()) {
              v.check(
                  c != NotificationChannel.NOTIFICATION_CHANNEL_UNSPECIFIED
                      && c != NotificationChannel.UNRECOGNIZED,
                  f + ".channels",
                  "must be IN_APP, EMAIL or WEB_PUSH (an empty list turns the type off)");
              v.check(ch.add(c), f + ".channels", c + " is named twice");
            }
          }
          for (int i = 0; i < r.getResetEventTypesCount(); i++) {
            String t = r.getResetEventTypes(i);
            v.check(
                EventType.byName(t).isPresent(),
                "reset_event_types[" + i + "]",
                "unknown event type '" + t + "' (see ListEventTypes)");
          }
          v.check(
              r.getEmailDigestValue() >= 0 && r.getEmailDigestValue() <= 2,
              "email_digest",
              "must be IMMEDIATE or DAILY (or unset to keep it)");
          v.throwIfInvalid();
        });
    validators.register(
        SubscribeWebPushRequest.getDefaultInstance(),
        r -> {
          Validation v = new Validation();
          v.check(
              httpsUrl(r.getEndpoint()),
              "endpoint",
              "must be the https:// URL of the browser's push service (PushSubscription.endpoint)");
          v.check(
              key(r.getP256Dh(), 65, (byte) 4),
              "p256dh",
              "must be the base64url of an uncompressed P-256 public key (65 bytes, 0x04…)");
          v.check(key(r.getAuth(), 16, null), "auth", "must be the base64url of 16 bytes");
          v.throwIfInvalid();
        });
    validators.register(
        UnsubscribeWebPushRequest.getDefaultInstance(),
        r ->
            new Validation()
                .check(
                    httpsUrl(r.getEndpoint()),
                    "endpoint",
                    "must be the https:// URL the browser subscribed with")
                .throwIfInvalid());
  }

  static boolean httpsUrl(String s) {
    if (s == null || s.isEmpty() || s.length() > 2000) {
      return false;
    }
    try {
      URI u = new URI(s);
      return "https".equalsIgnoreCase(u.getScheme())
          && u.getHost() != null
          && !u.getHost().isEmpty()
          && u.getUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static boolean key(String s, int length, Byte first) {
    if (s == null || !BASE64URL.matcher(s).matches()) {
      return false;
    }
    try {
      byte[] b = Base64.getUrlDecoder().decode(s.replace("=", ""));
      return b.length == length && (first == null || b[0] == first);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
