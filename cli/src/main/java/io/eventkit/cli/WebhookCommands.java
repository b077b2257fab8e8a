package io.eventkit.cli;

import io.eventkit.proto.v1.CreateWebhookRequest;
import io.eventkit.proto.v1.CreateWebhookResponse;
import io.eventkit.proto.v1.DeleteWebhookRequest;
import io.eventkit.proto.v1.DeliveryState;
import io.eventkit.proto.v1.EventType;
import io.eventkit.proto.v1.GetWebhookRequest;
import io.eventkit.proto.v1.ListEventTypesRequest;
import io.eventkit.proto.v1.ListEventTypesResponse;
import io.eventkit.proto.v1.ListWebhookDeliveriesRequest;
import io.eventkit.proto.v1.ListWebhookDeliveriesResponse;
import io.eventkit.proto.v1.ListWebhooksRequest;
import io.eventkit.proto.v1.ListWebhooksResponse;
import io.eventkit.proto.v1.NotificationChannel;
import io.eventkit.proto.v1.ReplayWebhookDeliveryRequest;
import io.eventkit.proto.v1.RotateWebhookSecretRequest;
import io.eventkit.proto.v1.TestWebhookRequest;
import io.eventkit.proto.v1.UpdateWebhookRequest;
import io.eventkit.proto.v1.Webhook;
import io.eventkit.proto.v1.WebhookAttempt;
import io.eventkit.proto.v1.WebhookDelivery;
import io.eventkit.proto.v1.WebhookServiceGrpc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventkit webhooks}: outbound webhook subscriptions, their delivery log and replays. */
@Command(
    name = "webhooks",
    description = {
      "Outbound webhooks (needs webhooks.admin): subscriptions, delivery log, replays.",
      "Deliveries are signed the Standard Webhooks way; see docs/notifications.md."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      WebhookCommands.Add.class,
      WebhookCommands.ListWebhooks.class,
      WebhookCommands.Get.class,
      WebhookCommands.Update.class,
      WebhookCommands.Delete.class,
      WebhookCommands.RotateSecret.class,
      WebhookCommands.Test.class,
      WebhookCommands.Deliveries.class,
      WebhookCommands.Replay.class,
      WebhookCommands.EventTypes.class
    })
final class WebhookCommands {
  @picocli.CommandLine.Mixin HelpOption help;

  static String state(Webhook w) {
    return w.getState().name().replace("WEBHOOK_STATE_", "").toLowerCase(Locale.ROOT);
  }

  static String state(DeliveryState s) {
    return s.name().replace("DELIVERY_STATE_", "").toLowerCase(Locale.ROOT);
  }

  static void print(ApiCommand c, Webhook w) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("id", w.getId());
    m.put("url", w.getUrl());
    m.put("state", state(w));
    if (!w.getDisabledReason().isEmpty()) {
      m.put("reason", w.getDisabledReason());
    }
    m.put("event types", String.join(", ", w.getEventTypesList()));
    m.put("description", Text.orNone(w.getDescription()));
    m.put("failures in a row", Integer.toString(w.getConsecutiveFailures()));
    m.put("secret", "…" + w.getSecretHint());
    m.put("created", Text.instant(w.getCreatedAt()) + " by " + w.getCreatedBy());
    m.put("updated", Text.instant(w.getUpdatedAt()));
    m.put("revision", Long.toString(w.getRevision()));
    Text.keyValues(c.out(), m);
  }

  static void printSecret(ApiCommand c, CreateWebhookResponse r) {
    print(c, r.getWebhook());
    c.out().println();
    c.out().println("Signing secret (shown this once; store it with the receiver):");
    c.out().println("  " + r.getSecret());
  }

  static void deliveryTable(ApiCommand c, List<WebhookDelivery> list) {
    Text.Table t =
        new Text.Table(
            "ID", "EVENT", "TYPE", "STATE", "ATTEMPTS", "CODE", "LATENCY", "ERROR", "CREATED");
    for (WebhookDelivery d : list) {
      t.row(
          d.getId(),
          d.getEventId(),
          d.getEventType(),
          state(d.getState())
              + (d.hasNextAttemptAt() ? " (next " + Text.instant(d.getNextAttemptAt()) + ")" : ""),
          Integer.toString(d.getAttemptCount()),
          d.getLastResponseCode() == 0 ? "-" : Integer.toString(d.getLastResponseCode()),
          d.getAttemptCount() == 0 ? "-" : d.getLastLatencyMs() + " ms",
          Text.orNone(d.getLastError()),
          Text.instant(d.getCreatedAt()));
    }
    t.print(c.out());
  }

  static void attempts(ApiCommand c, WebhookDelivery d) {
    Text.Table t = new Text.Table("#", "AT", "CODE", "LATENCY", "ERROR", "REPLAY");
    int i = 1;
    for (WebhookAttempt a : d.getAttemptsList()) {
      t.row(
          Integer.toString(i++),
          Text.instant(a.getAt()),
          a.getResponseCode() == 0 ? "-" : Integer.toString(a.getResponseCode()),
          a.getLatencyMs() + " ms",
          Text.orNone(a.getError()),
          a.getReplay() ? "yes" : "");
    }
    t.print(c.out());
  }

  @Command(
      name = "add",
      description = "Subscribe a URL to event types; prints the signing secret once.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit webhooks add https://hooks.example.com/eventkit --type quote.accepted",
        "  eventkit webhooks add https://hooks.example.com/ek --type 'subhire.*' --type"
            + " scan.discrepancy",
        "  eventkit webhooks add https://hooks.example.com/all --type '*' -d 'data warehouse'"
      })
  static final class Add extends ApiCommand {
    @Parameters(index = "0", paramLabel = "URL", description = "https:// address of the receiver.")
    String url;

    @Option(
        names = {"--type", "-t"},
        paramLabel = "TYPE",
        required = true,
        description =
            "Event type, 'prefix.*' or '*'; repeatable ('eventkit webhooks event-types' lists"
                + " them).")
    List<String> types = new ArrayList<>();

    @Option(
        names = {"--description", "-d"},
        paramLabel = "TEXT")
    String description;

    @Override
    int run(NodeClient client) {
      CreateWebhookRequest.Builder b =
          CreateWebhookRequest.newBuilder().setUrl(url).addAllEventTypes(types);
      if (description != null) {
        b.setDescription(description);
      }
      CreateWebhookResponse r = client.call(WebhookServiceGrpc.getCreateWebhookMethod(), b.build());
      return emit(r, () -> printSecret(this, r));
    }
  }

  @Command(name = "list", description = "Subscriptions, oldest first.")
  static final class ListWebhooks extends ApiCommand {
    @ArgGroup(exclusive = false)
    CrmCommands.Paging paging = new CrmCommands.Paging();

    @Override
    int run(NodeClient client) {
      ListWebhooksResponse r =
          client.call(
              WebhookServiceGrpc.getListWebhooksMethod(),
              ListWebhooksRequest.newBuilder().setPage(paging.request(this)).build());
      return emit(
          r,
          () -> {
            if (r.getWebhooksCount() == 0) {
              out().println("No webhooks. Add one with 'eventkit webhooks add URL --type TYPE'.");
              return;
            }
            Text.Table t = new Text.Table("ID", "URL", "STATE", "TYPES", "FAILURES", "SECRET");
            for (Webhook w : r.getWebhooksList()) {
              t.row(
                  w.getId(),
                  w.getUrl(),
                  state(w),
                  String.join(",", w.getEventTypesList()),
                  Integer.toString(w.getConsecutiveFailures()),
                  "…" + w.getSecretHint());
            }
            t.print(out());
            CrmCommands.next(this, r.getPage().getNextPageToken());
          });
    }
  }

  @Command(name = "get", description = "One subscription.")
  static final class Get extends ApiCommand {
    @Parameters(index = "0", paramLabel = "WEBHOOK_ID")
    String id;

    @Override
    int run(NodeClient client) {
      Webhook w =
          client.call(
              WebhookServiceGrpc.getGetWebhookMethod(),
              GetWebhookRequest.newBuilder().setId(id).build());
      return emit(w, () -> print(this, w));
    }
  }

  @Command(
      name = "update",
      description = {
        "Change a subscription. Reads its revision first, so a concurrent change is refused.",
        "--enable on a subscription the node turned off (failing) resets its failure run."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit webhooks update ID --url https://hooks.example.com/v2",
        "  eventkit webhooks update ID --type quote.accepted --type quote.declined",
        "  eventkit webhooks update ID --disable"
      })
  static final class Update extends ApiCommand {
    @Parameters(index = "0", paramLabel = "WEBHOOK_ID")
    String id;

    @Option(names = "--url", paramLabel = "URL")
    String url;

    @Option(
        names = {"--description", "-d"},
        paramLabel = "TEXT")
    String description;

    @Option(
        names = {"--type", "-t"},
        paramLabel = "TYPE",
        description = "Replaces the event types; repeatable.")
    List<String> types = new ArrayList<>();

    @Option(names = "--enable", description = "Turn it on (resets the failure run).")
    boolean enable;

    @Option(names = "--disable", description = "Turn it off; waiting deliveries fail.")
    boolean disable;

    @Override
    void validate() {
      if (enable && disable) {
        throw usage("--enable and --disable exclude each other");
      }
      if (url == null && description == null && types.isEmpty() && !enable && !disable) {
        throw usage("nothing to change: give --url, --description, --type, --enable or --disable");
      }
    }

    @Override
    int run(NodeClient client) {
      Webhook current =
          client.call(
              WebhookServiceGrpc.getGetWebhookMethod(),
              GetWebhookRequest.newBuilder().setId(id).build());
      UpdateWebhookRequest.Builder b =
          UpdateWebhookRequest.newBuilder().setId(id).setRevision(current.getRevision());
      if (url != null) {
        b.setUrl(url);
      }
      if (description != null) {
        b.setDescription(description);
      }
      if (!types.isEmpty()) {
        b.setSetEventTypes(true).addAllEventTypes(types);
      }
      if (enable || disable) {
        b.setEnabled(enable);
      }
      Webhook w = client.call(WebhookServiceGrpc.getUpdateWebhookMethod(), b.build());
      return emit(w, () -> print(this, w));
    }
  }

  @Command(name = "delete", description = "Delete a subscription and its delivery log.")
  static final class Delete extends ApiCommand {
    @Parameters(index = "0", paramLabel = "WEBHOOK_ID")
    String id;

    @Override
    int run(NodeClient client) {
      var r =
          client.call(
              WebhookServiceGrpc.getDeleteWebhookMethod(),
              DeleteWebhookRequest.newBuilder().setId(id).build());
      return emit(r, () -> out().println("Deleted webhook " + id + "."));
    }
  }

  @Command(
      name = "rotate-secret",
      description = "A new signing secret (printed once); the old one stops signing at once.")
  static final class RotateSecret extends ApiCommand {
    @Parameters(index = "0", paramLabel = "WEBHOOK_ID")
    String id;

    @Override
    int run(NodeClient client) {
      CreateWebhookResponse r =
          client.call(
              WebhookServiceGrpc.getRotateWebhookSecretMethod(),
              RotateWebhookSecretRequest.newBuilder().setId(id).build());
      return emit(r, () -> printSecret(this, r));
    }
  }

  @Command(
      name = "test",
      description = "Queue a webhook.test event to this subscription only; shows the delivery.")
  static final class Test extends ApiCommand {
    @Parameters(index = "0", paramLabel = "WEBHOOK_ID")
    String id;

    @Override
    int run(NodeClient client) {
      WebhookDelivery d =
          client.call(
              WebhookServiceGrpc.getTestWebhookMethod(),
              TestWebhookRequest.newBuilder().setId(id).build());
      return emit(
          d,
          () -> {
            out()
                .println(
                    "Queued test delivery " + d.getId() + " (webhook-id " + d.getEventId() + ").");
            out().println("Follow it with: eventkit webhooks deliveries " + id);
          });
    }
  }

  @Command(
      name = "deliveries",
      description = "A subscription's delivery log, newest first.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit webhooks deliveries ID",
        "  eventkit webhooks deliveries ID --state failed --attempts"
      })
  static final class Deliveries extends ApiCommand {
    @Parameters(index = "0", paramLabel = "WEBHOOK_ID")
    String id;

    @Option(
        names = "--state",
        paramLabel = "STATE",
        description = "pending, delivered or failed (default: any).")
    String state;

    @Option(names = "--attempts", description = "Show every attempt of each delivery.")
    boolean attempts;

    @ArgGroup(exclusive = false)
    CrmCommands.Paging paging = new CrmCommands.Paging();

    DeliveryState parsedState() {
      if (state == null) {
        return DeliveryState.DELIVERY_STATE_UNSPECIFIED;
      }
      return switch (state.toLowerCase(Locale.ROOT)) {
        case "pending" -> DeliveryState.DELIVERY_STATE_PENDING;
        case "delivered" -> DeliveryState.DELIVERY_STATE_DELIVERED;
        case "failed" -> DeliveryState.DELIVERY_STATE_FAILED;
        default ->
            throw usage("--state must be pending, delivered or failed (got '" + state + "')");
      };
    }

    @Override
    void validate() {
      parsedState();
    }

    @Override
    int run(NodeClient client) {
      ListWebhookDeliveriesResponse r =
          client.call(
              WebhookServiceGrpc.getListWebhookDeliveriesMethod(),
              ListWebhookDeliveriesRequest.newBuilder()
                  .setWebhookId(id)
                  .setState(parsedState())
                  .setIncludeAttempts(attempts)
                  .setPage(paging.request(this))
                  .build());
      return emit(
          r,
          () -> {
            if (r.getDeliveriesCount() == 0) {
              out().println("No deliveries.");
              return;
            }
            deliveryTable(this, r.getDeliveriesList());
            if (attempts) {
              for (WebhookDelivery d : r.getDeliveriesList()) {
                out().println();
                out().println("Delivery " + d.getId() + ":");
                attempts(this, d);
              }
            }
            CrmCommands.next(this, r.getPage().getNextPageToken());
          });
    }
  }

  @Command(
      name = "replay",
      description =
          "Send a delivery again now (same webhook-id, whatever its state); shows every attempt.")
  static final class Replay extends ApiCommand {
    @Parameters(index = "0", paramLabel = "DELIVERY_ID")
    String id;

    @Override
    int run(NodeClient client) {
      WebhookDelivery d =
          client.call(
              WebhookServiceGrpc.getReplayWebhookDeliveryMethod(),
              ReplayWebhookDeliveryRequest.newBuilder().setId(id).build());
      return emit(
          d,
          () -> {
            deliveryTable(this, List.of(d));
            out().println();
            attempts(this, d);
          });
    }
  }

  @Command(
      name = "event-types",
      description = "The event catalogue: every type, what it means and who may receive it.")
  static final class EventTypes extends ApiCommand {
    @Override
    int run(NodeClient client) {
      ListEventTypesResponse r =
          client.call(
              WebhookServiceGrpc.getListEventTypesMethod(),
              ListEventTypesRequest.getDefaultInstance());
      return emit(
          r,
          () -> {
            Text.Table t = new Text.Table("TYPE", "PERMISSION", "YOUR DEFAULTS", "DESCRIPTION");
            for (EventType e : r.getEventTypesList()) {
              t.row(
                  e.getName(),
                  AccessArgs.permission(e.getPermission()),
                  e.getDefaultChannelsList().isEmpty()
                      ? Text.NONE
                      : e.getDefaultChannelsList().stream()
                          .map(WebhookCommands::channel)
                          .collect(Collectors.joining(",")),
                  e.getDescription());
            }
            t.print(out());
          });
    }
  }

  static String channel(NotificationChannel c) {
    return c.name().replace("NOTIFICATION_CHANNEL_", "").toLowerCase(Locale.ROOT);
  }
}
