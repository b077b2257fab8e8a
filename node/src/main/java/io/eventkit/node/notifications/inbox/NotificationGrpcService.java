package io.eventkit.node.notifications.inbox;

import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.notifications.inbox.InboxModel.Digest;
import io.eventkit.node.notifications.inbox.InboxModel.Item;
import io.eventkit.node.platform.events.Channel;
import io.eventkit.proto.v1.EmailDigest;
import io.eventkit.proto.v1.EventTypePreference;
import io.eventkit.proto.v1.GetNotificationPreferencesRequest;
import io.eventkit.proto.v1.GetUnreadCountRequest;
import io.eventkit.proto.v1.GetUnreadCountResponse;
import io.eventkit.proto.v1.GetWebPushConfigRequest;
import io.eventkit.proto.v1.GetWebPushConfigResponse;
import io.eventkit.proto.v1.ListNotificationsRequest;
import io.eventkit.proto.v1.ListNotificationsResponse;
import io.eventkit.proto.v1.MarkNotificationsReadRequest;
import io.eventkit.proto.v1.MarkNotificationsReadResponse;
import io.eventkit.proto.v1.Notification;
import io.eventkit.proto.v1.NotificationChannel;
import io.eventkit.proto.v1.NotificationPreferences;
import io.eventkit.proto.v1.NotificationServiceGrpc;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.SubscribeWebPushRequest;
import io.eventkit.proto.v1.SubscribeWebPushResponse;
import io.eventkit.proto.v1.UnsubscribeWebPushRequest;
import io.eventkit.proto.v1.UnsubscribeWebPushResponse;
import io.eventkit.proto.v1.UpdateNotificationPreferencesRequest;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** gRPC adapter for {@code eventkit.v1.NotificationService}: the caller's own inbox. */
final class NotificationGrpcService extends NotificationServiceGrpc.NotificationServiceImplBase {
  private final Inbox inbox;

  NotificationGrpcService(Inbox inbox) {
    this.inbox = inbox;
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  /** The signed-in user; an API token has no inbox. */
  static Inbox.Caller caller() {
    Principal p = Principal.current();
    if (p == null || p.kind() != Principal.Kind.USER) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "API tokens have no notifications; sign in as a user to read notifications and"
              + " preferences");
    }
    UUID id;
    try {
      id = UUID.fromString(p.id());
    } catch (IllegalArgumentException e) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION, "this sign-in has no user account; it has no inbox");
    }
    return new Inbox.Caller(id, p.permissions(), p.roles());
  }

  static Notification notification(Item i) {
    Notification.Builder b =
        Notification.newBuilder()
            .setId(i.id().toString())
            .setEventId(i.eventId().toString())
            .setEventType(i.eventType())
            .setTitle(i.title())
            .setBody(i.body())
            .setSubjectKind(i.subjectKind())
            .setSubjectId(i.subjectId())
            .setCreatedAt(timestamp(i.createdAt()));
    if (i.readAt() != null) {
      b.setReadAt(timestamp(i.readAt()));
    }
    return b.build();
  }

  static NotificationChannel channel(Channel c) {
    return switch (c) {
      case IN_APP -> NotificationChannel.NOTIFICATION_CHANNEL_IN_APP;
      case EMAIL -> NotificationChannel.NOTIFICATION_CHANNEL_EMAIL;
      case WEB_PUSH -> NotificationChannel.NOTIFICATION_CHANNEL_WEB_PUSH;
    };
  }

  static Channel channel(NotificationChannel c) {
    return switch (c) {
      case NOTIFICATION_CHANNEL_IN_APP -> Channel.IN_APP;
      case NOTIFICATION_CHANNEL_EMAIL -> Channel.EMAIL;
      case NOTIFICATION_CHANNEL_WEB_PUSH -> Channel.WEB_PUSH;
      default ->
          throw DomainException.invalid(
              "channels: " + c + " is not a channel (IN_APP, EMAIL or WEB_PUSH)");
    };
  }

  static NotificationPreferences preferences(InboxModel.Preferences p) {
    NotificationPreferences.Builder b =
        NotificationPreferences.newBuilder()
            .setEmailDigest(
                p.digest() == Digest.DAILY
                    ? EmailDigest.EMAIL_DIGEST_DAILY
                    : EmailDigest.EMAIL_DIGEST_IMMEDIATE);
    for (InboxModel.Preference e : p.preferences()) {
      EventTypePreference.Builder eb =
          EventTypePreference.newBuilder()
              .setEventType(e.eventType())
              .setCustomised(e.customised());
      e.channels().forEach(c -> eb.addChannels(channel(c)));
      b.addPreferences(eb);
    }
    return b.build();
  }

  @Override
  public void listNotifications(
      ListNotificationsRequest r, StreamObserver<ListNotificationsResponse> out) {
    Inbox.Caller c = caller();
    PageSpec page = PageSpec.of(r.getPage().getPageSize(), r.getPage().getPageToken(), 2);
    PageSpec.Page<Item> p = inbox.list(c, r.getUnreadOnly(), page);
    ListNotificationsResponse.Builder b =
        ListNotificationsResponse.newBuilder()
            .setPage(PageResponse.newBuilder().setNextPageToken(p.nextToken()));
    p.items().forEach(i -> b.addNotifications(notification(i)));
    reply(out, b.build());
  }

  @Override
  public void getUnreadCount(GetUnreadCountRequest r, StreamObserver<GetUnreadCountResponse> out) {
    reply(out, GetUnreadCountResponse.newBuilder().setUnread(inbox.unread(caller())).build());
  }

  @Override
  public void markNotificationsRead(
      MarkNotificationsReadRequest r, StreamObserver<MarkNotificationsReadResponse> out) {
    Inbox.Caller c = caller();
    List<UUID> ids = new ArrayList<>();
    r.getIdsList().forEach(s -> ids.add(UUID.fromString(s)));
    int marked = inbox.markRead(c, ids, r.getAll());
    reply(out, MarkNotificationsReadResponse.newBuilder().setMarked(marked).build());
  }

  @Override
  public void getNotificationPreferences(
      GetNotificationPreferencesRequest r, StreamObserver<NotificationPreferences> out) {
    reply(out, preferences(inbox.preferences(caller())));
  }

  @Override
  public void updateNotificationPreferences(
      UpdateNotificationPreferencesRequest r, StreamObserver<NotificationPreferences> out) {
    Inbox.Caller c = caller();
    Map<String, Set<Channel>> set = new LinkedHashMap<>();
    for (EventTypePreference p : r.getPreferencesList()) {
      Set<Channel> ch = EnumSet.noneOf(Channel.class);
      p.getChannelsList().forEach(x -> ch.add(channel(x)));
      set.put(p.getEventType(), ch);
    }
    Digest digest =
        switch (r.getEmailDigest()) {
          case EMAIL_DIGEST_IMMEDIATE -> Digest.IMMEDIATE;
          case EMAIL_DIGEST_DAILY -> Digest.DAILY;
          default -> null;
        };
    reply(out, preferences(inbox.update(c, set, r.getResetEventTypesList(), digest)));
  }

  @Override
  public void getWebPushConfig(
      GetWebPushConfigRequest r, StreamObserver<GetWebPushConfigResponse> out) {
    caller();
    InboxModel.PushConfig p = inbox.pushConfig();
    reply(
        out,
        GetWebPushConfigResponse.newBuilder()
            .setVapidPublicKey(p.vapidPublicKey())
            .setEnabled(p.enabled())
            .build());
  }

  @Override
  public void subscribeWebPush(
      SubscribeWebPushRequest r, StreamObserver<SubscribeWebPushResponse> out) {
    UUID id =
        inbox.subscribe(
            caller(),
            new InboxModel.Subscription(
                r.getEndpoint(), r.getP256Dh(), r.getAuth(), r.getUserAgent().strip()));
    reply(out, SubscribeWebPushResponse.newBuilder().setId(id.toString()).build());
  }

  @Override
  public void unsubscribeWebPush(
      UnsubscribeWebPushRequest r, StreamObserver<UnsubscribeWebPushResponse> out) {
    inbox.unsubscribe(caller(), r.getEndpoint());
    reply(out, UnsubscribeWebPushResponse.getDefaultInstance());
  }
}
