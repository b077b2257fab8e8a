package io.eventkit.cli;

import io.eventkit.proto.v1.EmailDigest;
import io.eventkit.proto.v1.EventTypePreference;
import io.eventkit.proto.v1.GetNotificationPreferencesRequest;
import io.eventkit.proto.v1.GetUnreadCountRequest;
import io.eventkit.proto.v1.GetUnreadCountResponse;
import io.eventkit.proto.v1.ListNotificationsRequest;
import io.eventkit.proto.v1.ListNotificationsResponse;
import io.eventkit.proto.v1.MarkNotificationsReadRequest;
import io.eventkit.proto.v1.MarkNotificationsReadResponse;
import io.eventkit.proto.v1.Notification;
import io.eventkit.proto.v1.NotificationChannel;
import io.eventkit.proto.v1.NotificationPreferences;
import io.eventkit.proto.v1.NotificationServiceGrpc;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.UpdateNotificationPreferencesRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventkit notifications}: your own inbox and notification preferences. */
@Command(
    name = "notifications",
    description = {
      "Your notifications (in-app inbox) and how you get them (preferences).",
      "Needs a user login ('eventkit login'); API tokens have no inbox."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      NotificationsCommands.ListNotifications.class,
      NotificationsCommands.Unread.class,
      NotificationsCommands.Read.class,
      NotificationsCommands.Prefs.class
    })
final class NotificationsCommands {
  @Mixin HelpOption help;

  @Command(
      name = "list",
      description = "Your notifications, newest first.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit notifications list --unread", "  eventkit notifications list -o json"})
  static final class ListNotifications extends ApiCommand {
    @Option(names = "--unread", description = "Unread ones only.")
    boolean unread;

    @Option(names = "--limit", paramLabel = "N", description = "At most N (default 50).")
    int limit = 50;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Continue a listing.")
    String pageToken = "";

    @Override
    void validate() {
      if (limit < 1 || limit > 500) {
        throw usage("--limit must be 1-500");
      }
    }

    @Override
    int run(NodeClient client) {
      ListNotificationsResponse r =
          client.call(
              NotificationServiceGrpc.getListNotificationsMethod(),
              ListNotificationsRequest.newBuilder()
                  .setUnreadOnly(unread)
                  .setPage(PageRequest.newBuilder().setPageSize(limit).setPageToken(pageToken))
                  .build());
      return emit(
          r,
          () -> {
            if (r.getNotificationsCount() == 0) {
              out().println(unread ? "No unread notifications." : "No notifications.");
              return;
            }
            Text.Table table = new Text.Table("ID", "WHEN", "", "TITLE", "TYPE");
            for (Notification n : r.getNotificationsList()) {
              table.row(
                  n.getId(),
                  Text.instant(n.getCreatedAt()),
                  Text.isSet(n.getReadAt()) ? "" : "•",
                  n.getTitle(),
                  n.getEventType());
            }
            table.print(out());
            if (!r.getPage().getNextPageToken().isEmpty()) {
              out().println("More: --page-token " + r.getPage().getNextPageToken());
            }
          });
    }
  }

  @Command(name = "unread", description = "How many notifications you have not read.")
  static final class Unread extends ApiCommand {
    @Override
    int run(NodeClient client) {
      GetUnreadCountResponse r =
          client.call(
              NotificationServiceGrpc.getGetUnreadCountMethod(),
              GetUnreadCountRequest.getDefaultInstance());
      return emit(r, () -> out().println(r.getUnread() + " unread"));
    }
  }

  @Command(
      name = "read",
      description = "Mark notifications read: the given IDs, or all of them with --all.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit notifications read 6c1d… 7a2e…", "  eventkit notifications read --all"})
  static final class Read extends ApiCommand {
    @Parameters(paramLabel = "ID", arity = "0..*", description = "Notification IDs.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Every unread notification.")
    boolean all;

    @Override
    void validate() {
      if (all == !ids.isEmpty()) {
        throw usage("give notification IDs or --all (one of the two)");
      }
    }

    @Override
    int run(NodeClient client) {
      MarkNotificationsReadResponse r =
          client.call(
              NotificationServiceGrpc.getMarkNotificationsReadMethod(),
              MarkNotificationsReadRequest.newBuilder().addAllIds(ids).setAll(all).build());
      return emit(r, () -> out().println("Marked " + r.getMarked() + " read."));
    }
  }

  @Command(
      name = "prefs",
      description = {
        "Show your notification preferences, or change them.",
        "Channels: in-app, email, web-push (comma-separated); 'off' turns a type off."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit notifications prefs",
        "  eventkit notifications prefs --set quote.accepted=in-app,email --set quote.sent=off",
        "  eventkit notifications prefs --reset quote.accepted --digest daily"
      })
  static final class Prefs extends ApiCommand {
    @Option(
        names = "--set",
        paramLabel = "TYPE=CHANNELS",
        description = "An event type's channels, e.g. quote.accepted=in-app,email.")
    List<String> set = new ArrayList<>();

    @Option(names = "--reset", paramLabel = "TYPE", description = "Back to your role's defaults.")
    List<String> reset = new ArrayList<>();

    @Option(
        names = "--digest",
        paramLabel = "WHEN",
        description = "Email: immediate (one per notification) or daily (one digest a day).")
    String digest;

    private final List<EventTypePreference> parsed = new ArrayList<>();
    private EmailDigest digestValue = EmailDigest.EMAIL_DIGEST_UNSPECIFIED;

    @Override
    void validate() {
      for (String s : set) {
        int eq = s.indexOf('=');
        if (eq <= 0) {
          throw usage("--set takes TYPE=CHANNELS, e.g. quote.accepted=in-app,email; got " + s);
        }
        EventTypePreference.Builder b =
            EventTypePreference.newBuilder().setEventType(s.substring(0, eq).trim());
        String channels = s.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
        if (!channels.equals("off") && !channels.equals("none")) {
          for (String c : channels.split(",", -1)) {
            b.addChannels(channel(c.trim()));
          }
        }
        parsed.add(b.build());
      }
      if (digest != null) {
        digestValue =
            switch (digest.toLowerCase(Locale.ROOT)) {
              case "immediate" -> EmailDigest.EMAIL_DIGEST_IMMEDIATE;
              case "daily" -> EmailDigest.EMAIL_DIGEST_DAILY;
              default -> throw usage("--digest must be immediate or daily; got " + digest);
            };
      }
    }

    private NotificationChannel channel(String c) {
      return switch (c) {
        case "in-app", "inapp", "in_app" -> NotificationChannel.NOTIFICATION_CHANNEL_IN_APP;
        case "email" -> NotificationChannel.NOTIFICATION_CHANNEL_EMAIL;
        case "web-push", "push", "web_push" -> NotificationChannel.NOTIFICATION_CHANNEL_WEB_PUSH;
        default -> throw usage("unknown channel '" + c + "': in-app, email, web-push or off");
      };
    }

    @Override
    int run(NodeClient client) {
      NotificationPreferences r;
      if (parsed.isEmpty() && reset.isEmpty() && digest == null) {
        r =
            client.call(
                NotificationServiceGrpc.getGetNotificationPreferencesMethod(),
                GetNotificationPreferencesRequest.getDefaultInstance());
      } else {
        r =
            client.call(
                NotificationServiceGrpc.getUpdateNotificationPreferencesMethod(),
                UpdateNotificationPreferencesRequest.newBuilder()
                    .addAllPreferences(parsed)
                    .addAllResetEventTypes(reset)
                    .setEmailDigest(digestValue)
                    .build());
      }
      return emit(
          r,
          () -> {
            Text.Table table = new Text.Table("EVENT TYPE", "CHANNELS", "");
            for (EventTypePreference p : r.getPreferencesList()) {
              String channels =
                  p.getChannelsCount() == 0
                      ? "off"
                      : p.getChannelsList().stream()
                          .map(Prefs::label)
                          .collect(Collectors.joining(","));
              table.row(p.getEventType(), channels, p.getCustomised() ? "yours" : "default");
            }
            table.print(out());
            out()
                .println(
                    "Email: "
                        + (r.getEmailDigest() == EmailDigest.EMAIL_DIGEST_DAILY
                            ? "daily digest"
                            : "immediate"));
          });
    }

    static String label(NotificationChannel c) {
      return switch (c) {
        case NOTIFICATION_CHANNEL_IN_APP -> "in-app";
        case NOTIFICATION_CHANNEL_EMAIL -> "email";
        case NOTIFICATION_CHANNEL_WEB_PUSH -> "web-push";
        default -> c.name();
      };
    }
  }
}
