package io.eventkit.node.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dropwizard.util.Duration;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.CreateWebhookRequest;
import io.eventkit.proto.v1.CreateWebhookResponse;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.GetUnreadCountRequest;
import io.eventkit.proto.v1.ListNotificationsRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.Notification;
import io.eventkit.proto.v1.NotificationServiceGrpc;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.PlanningServiceGrpc;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.WebhookServiceGrpc;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path on one real node: a change through the public API records a domain event in its
 * transaction, the fan-out hands it to both sinks, and it arrives once as a signed webhook
 * (WireMock as the integrator), not at a subscription for other types, and in the in-app inbox of a
 * user who may see it.
 */
class NotificationsFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestNode node;
  private static WireMockServer receiver;

  @BeforeAll
  static void start() throws Exception {
    receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    receiver.start();
    NodeConfiguration config =
        TestNode.config("flow.test", Files.createTempDirectory("eventkit-notify-flow"));
    config.getNotifications().setPollInterval(Duration.milliseconds(100));
    config.getNotifications().getWebhooks().setAllowedTargets(List.of("127.0.0.1"));
    config.getNotifications().getWebhooks().setPollInterval(Duration.milliseconds(100));
    node = TestNode.start(config);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (receiver != null) {
      receiver.stop();
    }
  }

  static <S extends AbstractStub<S>> S as(S stub, String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  static String userToken(Role role) {
    String email = "flow-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String password = "a long enough passphrase " + UUID.randomUUID();
    node.authService(node.adminToken())
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .createUser(
            CreateUserRequest.newBuilder()
                .setEmail(email)
                .setDisplayName("Flow " + role)
                .addRoles(role)
                .setPassword(password)
                .build());
    return AuthServiceGrpc.newBlockingStub(node.channel())
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build())
        .getAccessToken();
  }

  static com.google.protobuf.Timestamp ts(String iso) {
    return com.google.protobuf.Timestamp.newBuilder()
        .setSeconds(Instant.parse(iso).getEpochSecond())
        .build();
  }

  @Test
  void anEventCreatedThroughTheApiReachesTheWebhookAndThePlannersInbox() throws Exception {
    String path = "/flow/" + UUID.randomUUID();
    receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
    CreateWebhookResponse hook =
        as(WebhookServiceGrpc.newBlockingStub(node.channel()), node.adminToken())
            .createWebhook(
                CreateWebhookRequest.newBuilder()
                    .setUrl("http://127.0.0.1:" + receiver.port() + path)
                    .addEventTypes("event.*")
                    .build());
    String planner = userToken(Role.ROLE_PLANNER);
    // A subscription for other types must get nothing.
    String quotePath = "/quotes-only/" + UUID.randomUUID();
    receiver.stubFor(post(urlEqualTo(quotePath)).willReturn(aResponse().withStatus(204)));
    as(WebhookServiceGrpc.newBlockingStub(node.channel()), node.adminToken())
        .createWebhook(
            CreateWebhookRequest.newBuilder()
                .setUrl("http://127.0.0.1:" + receiver.port() + quotePath)
                .addEventTypes("quote.*")
                .build());

    String name = "Flow gala " + UUID.randomUUID().toString().substring(0, 6);
    Event created =
        as(PlanningServiceGrpc.newBlockingStub(node.channel()), planner)
            .createEvent(
                CreateEventRequest.newBuilder()
                    .setName(name)
                    .setPeriod(
                        Period.newBuilder()
                            .setStart(ts("2034-06-01T08:00:00Z"))
                            .setEnd(ts("2034-06-02T08:00:00Z")))
                    .setClientName("Flow client")
                    .build());

    // The webhook: exactly one delivery of event.created for this event, correctly signed.
    List<LoggedRequest> got = awaitRequests(path, 1);
    LoggedRequest r = got.get(0);
    String body = r.getBodyAsString();
    JsonNode json = JSON.readTree(body);
    assertThat(json.get("type").asText()).isEqualTo("event.created");
    String id = r.getHeader("webhook-id");
    String stamp = r.getHeader("webhook-timestamp");
    byte[] key = Base64.getDecoder().decode(hook.getSecret().substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String expected =
        "v1,"
            + Base64.getEncoder()
                .encodeToString(
                    mac.doFinal((id + "." + stamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    assertThat(r.getHeader("webhook-signature").split(" ")).contains(expected);
    assertThat(body).contains(created.getId());

    // The planner's inbox: one unread notification about this event, linking to it.
    var inbox = as(NotificationServiceGrpc.newBlockingStub(node.channel()), planner);
    Notification n = awaitNotification(inbox, created.getId());
    assertThat(n.getEventType()).isEqualTo("event.created");
    assertThat(n.getSubjectKind()).isEqualTo("event");
    assertThat(n.hasReadAt()).isFalse();
    assertThat(inbox.getUnreadCount(GetUnreadCountRequest.getDefaultInstance()).getUnread())
        .isGreaterThanOrEqualTo(1);

    // Nothing more arrives: no second delivery, and the quote.* subscription got nothing.
    Thread.sleep(1_000);
    assertThat(receiver.findAll(postRequestedFor(urlEqualTo(path)))).hasSize(1);
    assertThat(receiver.findAll(postRequestedFor(urlEqualTo(quotePath)))).isEmpty();
  }

  static List<LoggedRequest> awaitRequests(String path, int n) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      List<LoggedRequest> got = receiver.findAll(postRequestedFor(urlEqualTo(path)));
      if (got.size() >= n || System.nanoTime() > until) {
        assertThat(got).as("webhook requests at " + path).hasSizeGreaterThanOrEqualTo(n);
        return got;
      }
      Thread.sleep(50);
    }
  }

  static Notification awaitNotification(
      NotificationServiceGrpc.NotificationServiceBlockingStub inbox, String subjectId)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      List<Notification> mine =
          inbox
              .listNotifications(ListNotificationsRequest.getDefaultInstance())
              .getNotificationsList()
              .stream()
              .filter(x -> x.getSubjectId().equals(subjectId))
              .toList();
      if (!mine.isEmpty() || System.nanoTime() > until) {
        assertThat(mine).as("notifications about " + subjectId).hasSize(1);
        return mine.get(0);
      }
      Thread.sleep(50);
    }
  }
}
