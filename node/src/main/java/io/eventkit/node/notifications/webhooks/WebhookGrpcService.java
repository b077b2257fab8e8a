package io.eventkit.node.notifications.webhooks;

import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.api.grpc.PermissionProtos;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.events.Channel;
import io.eventkit.proto.v1.CreateWebhookRequest;
import io.eventkit.proto.v1.CreateWebhookResponse;
import io.eventkit.proto.v1.DeleteWebhookRequest;
import io.eventkit.proto.v1.DeleteWebhookResponse;
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
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.ReplayWebhookDeliveryRequest;
import io.eventkit.proto.v1.RotateWebhookSecretRequest;
import io.eventkit.proto.v1.TestWebhookRequest;
import io.eventkit.proto.v1.UpdateWebhookRequest;
import io.eventkit.proto.v1.Webhook;
import io.eventkit.proto.v1.WebhookAttempt;
import io.eventkit.proto.v1.WebhookDelivery;
import io.eventkit.proto.v1.WebhookServiceGrpc;
import io.eventkit.proto.v1.WebhookState;
import io.grpc.stub.StreamObserver;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * gRPC adapter for {@code eventkit.v1.WebhookService}: proto in, {@link Webhooks} calls, proto out.
 * Errors are DomainExceptions, mapped to status codes by the API's one error mapper.
 */
public final class WebhookGrpcService extends WebhookServiceGrpc.WebhookServiceImplBase {
  private final Webhooks webhooks;

  public WebhookGrpcService(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  /**
   * Shape checks run before the service (required fields); IDs are rules in notifications.proto,
   * the rest is in Webhooks.
   */
  public static void registerValidators(RequestValidators v) {
    v.register(
        CreateWebhookRequest.getDefaultInstance(),
        r -> {
          if (r.getUrl().isEmpty()) {
            throw DomainException.invalid(
                "url is required: the https:// address that receives events");
          }
          if (r.getEventTypesCount() == 0) {
            throw DomainException.invalid(
                "event_types needs at least one event type, a prefix such as 'subhire.*', or '*'");
          }
        });
    v.register(
        UpdateWebhookRequest.getDefaultInstance(),
        r -> {
          if (r.getRevision() <= 0) {
            throw DomainException.invalid(
                "revision is required: the revision of the webhook you read (GetWebhook)");
          }
        });
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  @Override
  public void createWebhook(CreateWebhookRequest r, StreamObserver<CreateWebhookResponse> out) {
    Webhooks.Created c = webhooks.create(r.getUrl(), r.getDescription(), r.getEventTypesList());
    reply(
        out,
        CreateWebhookResponse.newBuilder()
            .setWebhook(webhook(c.webhook()))
            .setSecret(c.secret())
            .build());
  }

  @Override
  public void getWebhook(GetWebhookRequest r, StreamObserver<Webhook> out) {
    reply(out, webhook(webhooks.get(Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void listWebhooks(ListWebhooksRequest r, StreamObserver<ListWebhooksResponse> out) {
    PageSpec.Page<WebhookDao.Subscription> p =
        webhooks.list(PageSpec.of(r.getPage().getPageSize(), r.getPage().getPageToken(), 2));
    ListWebhooksResponse.Builder b = ListWebhooksResponse.newBuilder();
    p.items().forEach(s -> b.addWebhooks(webhook(s)));
    reply(out, b.setPage(PageResponse.newBuilder().setNextPageToken(p.nextToken())).build());
  }

  @Override
  public void updateWebhook(UpdateWebhookRequest r, StreamObserver<Webhook> out) {
    Webhooks.Changes c =
        new Webhooks.Changes(
            r.hasUrl() ? Optional.of(r.getUrl()) : Optional.empty(),
            r.hasDescription() ? Optional.of(r.getDescription()) : Optional.empty(),
            r.getSetEventTypes() ? Optional.of(r.getEventTypesList()) : Optional.empty(),
            r.hasEnabled() ? Optional.of(r.getEnabled()) : Optional.empty());
    if (!r.getSetEventTypes() && r.getEventTypesCount() > 0) {
      throw DomainException.invalid(
          "event_types is set but set_event_types is false; set set_event_types to replace the"
              + " list");
    }
    reply(out, webhook(webhooks.update(Ids.parse(r.getId(), "id"), r.getRevision(), c)));
  }

  @Override
  public void deleteWebhook(DeleteWebhookRequest r, StreamObserver<DeleteWebhookResponse> out) {
    webhooks.delete(Ids.parse(r.getId(), "id"));
    reply(out, DeleteWebhookResponse.getDefaultInstance());
  }

  @Override
  public void rotateWebhookSecret(
      RotateWebhookSecretRequest r, StreamObserver<CreateWebhookResponse> out) {
    Webhooks.Created c = webhooks.rotateSecret(Ids.parse(r.getId(), "id"));
    reply(
        out,
        CreateWebhookResponse.newBuilder()
            .setWebhook(webhook(c.webhook()))
            .setSecret(c.secret())
            .build());
  }

  @Override
  public void testWebhook(TestWebhookRequest r, StreamObserver<WebhookDelivery> out) {
    reply(out, delivery(webhooks.test(Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void listWebhookDeliveries(
      ListWebhookDeliveriesRequest r, StreamObserver<ListWebhookDeliveriesResponse> out) {
    Delivery.State state =
        switch (r.getState()) {
          case DELIVERY_STATE_UNSPECIFIED -> null;
          case DELIVERY_STATE_PENDING -> Delivery.State.PENDING;
          case DELIVERY_STATE_DELIVERED -> Delivery.State.DELIVERED;
          case DELIVERY_STATE_FAILED -> Delivery.State.FAILED;
          default -> throw DomainException.invalid("state has an unknown value");
        };
    PageSpec.Page<Delivery> p =
        webhooks.deliveries(
            Ids.parse(r.getWebhookId(), "webhook_id"),
            state,
            r.getIncludeAttempts(),
            PageSpec.of(r.getPage().getPageSize(), r.getPage().getPageToken(), 2));
    ListWebhookDeliveriesResponse.Builder b = ListWebhookDeliveriesResponse.newBuilder();
    p.items().forEach(d -> b.addDeliveries(delivery(d)));
    reply(out, b.setPage(PageResponse.newBuilder().setNextPageToken(p.nextToken())).build());
  }

  @Override
  public void replayWebhookDelivery(
      ReplayWebhookDeliveryRequest r, StreamObserver<WebhookDelivery> out) {
    reply(out, delivery(webhooks.replay(Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void listEventTypes(ListEventTypesRequest r, StreamObserver<ListEventTypesResponse> out) {
    Principal p = Principal.current();
    Set<Principal.Role> roles = p == null ? Set.of() : p.roles();
    ListEventTypesResponse.Builder b = ListEventTypesResponse.newBuilder();
    for (io.eventkit.node.platform.events.EventType t : Webhooks.eventTypes()) {
      EventType.Builder e =
          EventType.newBuilder()
              .setName(t.wireName())
              .setDescription(t.description())
              .setPermission(PermissionProtos.toProto(t.permission()));
      Set<Channel> channels =
          t.defaultChannels(roles).isEmpty()
              ? EnumSet.noneOf(Channel.class)
              : EnumSet.copyOf(t.defaultChannels(roles));
      channels.forEach(c -> e.addDefaultChannels(channel(c)));
      b.addEventTypes(e);
    }
    reply(out, b.build());
  }

  // ---- mapping ----

  private static NotificationChannel channel(Channel c) {
    return switch (c) {
      case IN_APP -> NotificationChannel.NOTIFICATION_CHANNEL_IN_APP;
      case EMAIL -> NotificationChannel.NOTIFICATION_CHANNEL_EMAIL;
      case WEB_PUSH -> NotificationChannel.NOTIFICATION_CHANNEL_WEB_PUSH;
    };
  }

  static Webhook webhook(WebhookDao.Subscription s) {
    return Webhook.newBuilder()
        .setId(s.id().toString())
        .setUrl(s.url())
        .setDescription(s.description())
        .addAllEventTypes(s.eventTypes())
        .setState(
            switch (s.state()) {
              case "ENABLED" -> WebhookState.WEBHOOK_STATE_ENABLED;
              case "DISABLED" -> WebhookState.WEBHOOK_STATE_DISABLED;
              case "FAILING" -> WebhookState.WEBHOOK_STATE_FAILING;
              default -> WebhookState.WEBHOOK_STATE_UNSPECIFIED;
            })
        .setConsecutiveFailures(s.consecutiveFailures())
        .setDisabledReason(s.disabledReason())
        .setCreatedBy(s.createdBy())
        .setCreatedAt(timestamp(s.createdAt()))
        .setUpdatedAt(timestamp(s.updatedAt()))
        .setRevision(s.revision())
        .setSecretHint(s.secretHint())
        .build();
  }

  static WebhookDelivery delivery(Delivery d) {
    WebhookDelivery.Builder b =
        WebhookDelivery.newBuilder()
            .setId(d.id().toString())
            .setWebhookId(d.webhookId().toString())
            .setEventId(d.eventId().toString())
            .setEventType(d.eventType())
            .setState(
                switch (d.state()) {
                  case PENDING -> DeliveryState.DELIVERY_STATE_PENDING;
                  case DELIVERED -> DeliveryState.DELIVERY_STATE_DELIVERED;
                  case FAILED -> DeliveryState.DELIVERY_STATE_FAILED;
                })
            .setAttemptCount(d.attemptCount())
            .setCreatedAt(timestamp(d.createdAt()))
            .setLastResponseCode(d.lastResponseCode())
            .setLastLatencyMs(d.lastLatencyMs())
            .setLastError(d.lastError())
            .setPayloadJson(d.payload());
    if (d.state() == Delivery.State.PENDING && d.nextAttemptAt() != null) {
      b.setNextAttemptAt(timestamp(d.nextAttemptAt()));
    }
    if (d.deliveredAt() != null) {
      b.setDeliveredAt(timestamp(d.deliveredAt()));
    }
    for (WebhookDao.Attempt a : d.attempts()) {
      b.addAttempts(
          WebhookAttempt.newBuilder()
              .setAt(timestamp(a.at()))
              .setResponseCode(a.responseCode())
              .setLatencyMs(a.latencyMs())
              .setError(a.error())
              .setReplay(a.replay()));
    }
    return b.build();
  }
}
