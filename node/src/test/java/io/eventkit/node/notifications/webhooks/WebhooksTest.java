package io.eventkit.node.notifications.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dropwizard.util.Duration;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.notifications.FanOut;
import io.eventkit.node.notifications.NotificationsConfig;
import io.eventkit.node.notifications.NotificationsModule;
import io.eventkit.node.notifications.StoredEvent;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import io.eventkit.node.platform.tenancy.Tenants;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateWebhookRequest;
import io.eventkit.proto.v1.CreateWebhookResponse;
import io.eventkit.proto.v1.DeliveryState;
import io.eventkit.proto.v1.GetWebhookRequest;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.ListEventTypesRequest;
import io.eventkit.proto.v1.ListWebhookDeliveriesRequest;
import io.eventkit.proto.v1.ListWebhooksRequest;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.ReplayWebhookDeliveryRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.RotateWebhookSecretRequest;
import io.eventkit.proto.v1.TestWebhookRequest;
import io.eventkit.proto.v1.UpdateWebhookRequest;
import io.eventkit.proto.v1.Webhook;
import io.eventkit.proto.v1.WebhookDelivery;
import io.eventkit.proto.v1.WebhookServiceGrpc;
import io.eventkit.proto.v1.WebhookState;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outbound webhooks end to end: a real node (embedded PostgreSQL) and WireMock as the receiving
 * third party on loopback (allowed by the node's notifications.webhooks.allowedTargets).
 */
class WebhooksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestNode node;
  private static WireMockServer receiver;

  @BeforeAll
  static void start() throws Exception {
    receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    receiver.start();
    NodeConfiguration config =
        TestNode.config("webhooks.test", Files.createTempDirectory("eventkit-webhooks"));
    configure(config.getNotifications());
    node = TestNode.start(config);
  }

  /** Fast retries for tests: 3 attempts 50–100 ms apart, off after 2 failed deliveries. */
  static void configure(NotificationsConfig n) {
    n.setPollInterval(Duration.milliseconds(100));
    NotificationsConfig.WebhooksConfig w = n.getWebhooks();
    w.setAllowedTargets(List.of("127.0.0.1"));
    w.setConnectTimeout(Duration.milliseconds(500));
    w.setRequestTimeout(Duration.milliseconds(3000));
    w.setLease(Duration.milliseconds(4000));
    w.setBackoffBase(Duration.milliseconds(50));
    w.setBackoffMax(Duration.milliseconds(100));
    w.setMaxAttempts(3);
    w.setDisableAfterFailures(2);
    w.setPollInterval(Duration.milliseconds(100));
    w.setWorkers(2);
  }

  @AfterAll
  static void stop() {
    node.close();
    receiver.stop();
  }

  // ---- helpers ----

  static WebhookServiceGrpc.WebhookServiceBlockingStub api() {
    return as(node.adminToken());
  }

  static WebhookServiceGrpc.WebhookServiceBlockingStub as(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return WebhookServiceGrpc.newBlockingStub(node.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  static String path() {
    return "/hook/" + UUID.randomUUID();
  }

  static String url(String path) {
    return "http://127.0.0.1:" + receiver.port() + path;
  }

  static CreateWebhookResponse subscribe(String path, String... types) {
    return api()
        .createWebhook(
            CreateWebhookRequest.newBuilder()
                .setUrl(url(path))
                .setDescription("test receiver")
                .addAllEventTypes(List.of(types))
                .build());
  }

  static void stub(String path, int status) {
    receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status)));
  }

  static UUID record(EventType type, Map<String, Object> payload) {
    Jdbi jdbi = node.runtime().jdbi();
    return jdbi.inTransaction(
        h ->
            node.runtime()
                .events()
                .record(h, DomainEvent.of(type, "quote", UUID.randomUUID(), payload))
                .orElseThrow());
  }

  static List<LoggedRequest> received(String path) {
    return receiver.findAll(postRequestedFor(urlEqualTo(path)));
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  static List<WebhookDelivery> deliveries(String webhookId) {
    return api()
        .listWebhookDeliveries(
            ListWebhookDeliveriesRequest.newBuilder()
                .setWebhookId(webhookId)
                .setIncludeAttempts(true)
                .build())
        .getDeliveriesList();
  }

  static WebhookDelivery onlyDelivery(String webhookId) {
    List<WebhookDelivery> d = deliveries(webhookId);
    assertThat(d).hasSize(1);
    return d.get(0);
  }

  static void awaitState(String webhookId, DeliveryState state) {
    await(
        "a " + state + " delivery",
        () -> {
          List<WebhookDelivery> d = deliveries(webhookId);
          return !d.isEmpty() && d.get(0).getState() == state;
        });
  }

  /** Standard Webhooks' signature, computed here from the spec, not with the node's code. */
  static String expectedSignature(String secret, String id, String ts, String body)
      throws Exception {
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return "v1,"
        + Base64.getEncoder()
            .encodeToString(
                mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  static Status.Code code(Runnable call) {
    return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
  }

  static StatusRuntimeException error(Runnable call) {
    return assertThrows(StatusRuntimeException.class, call::run);
  }

  // ---- delivery ----

  @Test
  void aDeliveryIsSignedTheStandardWebhooksWay() throws Exception {
    String path = path();
    stub(path, 204);
    CreateWebhookResponse created = subscribe(path, "quote.accepted");
    assertThat(created.getSecret()).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(created.getSecret().substring(6))).hasSize(32);
    assertThat(created.getWebhook().getSecretHint())
        .isEqualTo(created.getSecret().substring(created.getSecret().length() - 4));
    UUID event = record(EventType.QUOTE_ACCEPTED, Map.of("quote_id", "Q-1", "total_minor", 1250));

    String id = created.getWebhook().getId();
    awaitState(id, DeliveryState.DELIVERY_STATE_DELIVERED);
    List<LoggedRequest> got = received(path);
    assertThat(got).hasSize(1);
    LoggedRequest r = got.get(0);
    assertThat(r.getHeader("webhook-id")).isEqualTo(event.toString());
    String ts = r.getHeader("webhook-timestamp");
    assertThat(Long.parseLong(ts)).isCloseTo(Instant.now().getEpochSecond(), within(60));
    String body = r.getBodyAsString();
    assertThat(r.getHeader("webhook-signature"))
        .isEqualTo(expectedSignature(created.getSecret(), event.toString(), ts, body));
    assertThat(r.getHeader("content-type")).startsWith("application/json");
    JsonNode json = JSON.readTree(body);
    assertThat(json.get("type").asText()).isEqualTo("quote.accepted");
    assertThat(json.get("data").get("quote_id").asText()).isEqualTo("Q-1");
    assertThat(json.get("data").get("total_minor").asInt()).isEqualTo(1250);
    assertThat(Instant.parse(json.get("timestamp").asText())).isBefore(Instant.now());

    WebhookDelivery d = onlyDelivery(id);
    assertThat(d.getEventId()).isEqualTo(event.toString());
    assertThat(d.getAttemptCount()).isEqualTo(1);
    assertThat(d.getLastResponseCode()).isEqualTo(204);
    assertThat(d.hasDeliveredAt()).isTrue();
    assertThat(d.hasNextAttemptAt()).isFalse();
    assertThat(d.getAttemptsList()).hasSize(1);
    assertThat(d.getPayloadJson()).isEqualTo(body);

    // The secret is encrypted at rest: neither it nor its key bytes are in the row.
    String stored =
        node.runtime()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT secret_enc FROM webhook_subscription WHERE id = :id")
                        .bind("id", UUID.fromString(id))
                        .mapTo(String.class)
                        .one());
    assertThat(stored).startsWith("v1:").doesNotContain(created.getSecret().substring(6));
  }

  private static org.assertj.core.data.Offset<Long> within(long n) {
    return org.assertj.core.data.Offset.offset(n);
  }

  @Test
  void prefixAndStarSubscriptionsMatchAndOthersDoNot() {
    String a = path();
    String b = path();
    String c = path();
    stub(a, 200);
    stub(b, 200);
    stub(c, 200);
    String subhire = subscribe(a, "subhire.*").getWebhook().getId();
    String all = subscribe(b, "*").getWebhook().getId();
    String quotes = subscribe(c, "quote.sent", "quote.declined").getWebhook().getId();
    record(EventType.SUBHIRE_REQUESTED, Map.of("n", 1));
    record(EventType.SUBHIRE_STATE_CHANGED, Map.of("n", 2));
    record(EventType.QUOTE_SENT, Map.of("n", 3));
    await("3 deliveries to '*'", () -> received(b).size() == 3);
    await("2 deliveries to subhire.*", () -> received(a).size() == 2);
    await("1 delivery to quote.sent", () -> received(c).size() == 1);
    assertThat(deliveries(subhire))
        .extracting(WebhookDelivery::getEventType)
        .containsExactlyInAnyOrder("subhire.requested", "subhire.state_changed");
    assertThat(deliveries(all)).hasSize(3);
    assertThat(deliveries(quotes))
        .extracting(WebhookDelivery::getEventType)
        .containsExactly("quote.sent");
  }

  @Test
  void a500IsRetriedWithTheSameIdUntilItSucceeds() {
    String path = path();
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("second"));
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(200)));
    String id = subscribe(path, "quote.sent").getWebhook().getId();
    UUID event = record(EventType.QUOTE_SENT, Map.of());
    awaitState(id, DeliveryState.DELIVERY_STATE_DELIVERED);
    WebhookDelivery d = onlyDelivery(id);
    assertThat(d.getAttemptCount()).isEqualTo(2);
    assertThat(d.getAttempts(0).getResponseCode()).isEqualTo(500);
    assertThat(d.getAttempts(0).getError()).isEqualTo("HTTP 500");
    assertThat(d.getAttempts(1).getResponseCode()).isEqualTo(200);
    assertThat(received(path))
        .extracting(r -> r.getHeader("webhook-id"))
        .containsExactly(event.toString(), event.toString());
    assertThat(
            api()
                .getWebhook(GetWebhookRequest.newBuilder().setId(id).build())
                .getConsecutiveFailures())
        .isZero();
  }

  @Test
  void aTimeoutIsRetried() {
    String path = path();
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(200).withFixedDelay(4500))
            .willSetStateTo("fast"));
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs("fast")
            .willReturn(aResponse().withStatus(200)));
    String id = subscribe(path, "quote.declined").getWebhook().getId();
    record(EventType.QUOTE_DECLINED, Map.of());
    awaitState(id, DeliveryState.DELIVERY_STATE_DELIVERED);
    WebhookDelivery d = onlyDelivery(id);
    assertThat(d.getAttemptsList()).hasSize(2);
    assertThat(d.getAttempts(0).getError()).isEqualTo("timeout");
    assertThat(d.getAttempts(0).getResponseCode()).isZero();
    assertThat(d.getAttempts(0).getLatencyMs()).isBetween(2900L, 4400L);
    assertThat(d.getAttempts(1).getResponseCode()).isEqualTo(200);
  }

  @Test
  void aReplaySendsTheSameIdAgainAndAppendsAnAttempt() {
    String path = path();
    stub(path, 200);
    String id = subscribe(path, "return.overdue").getWebhook().getId();
    UUID event = record(EventType.RETURN_OVERDUE, Map.of("event", "E-7"));
    awaitState(id, DeliveryState.DELIVERY_STATE_DELIVERED);
    WebhookDelivery first = onlyDelivery(id);
    WebhookDelivery replayed =
        api()
            .replayWebhookDelivery(
                ReplayWebhookDeliveryRequest.newBuilder().setId(first.getId()).build());
    assertThat(replayed.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_DELIVERED);
    int before = first.getAttemptCount();
    assertThat(replayed.getAttemptCount()).isEqualTo(before + 1);
    assertThat(replayed.getAttemptsList()).hasSize(before + 1);
    assertThat(replayed.getAttempts(before).getReplay()).isTrue();
    assertThat(replayed.getAttemptsList().subList(0, before))
        .allSatisfy(a -> assertThat(a.getReplay()).isFalse());
    List<LoggedRequest> got = received(path);
    assertThat(got).hasSize(before + 1);
    assertThat(got).extracting(r -> r.getHeader("webhook-id")).containsOnly(event.toString());
    assertThat(got.get(before).getBodyAsString()).isEqualTo(got.get(0).getBodyAsString());
    assertThat(deliveries(id)).hasSize(1);
    assertThat(
            code(
                () ->
                    api()
                        .replayWebhookDelivery(
                            ReplayWebhookDeliveryRequest.newBuilder()
                                .setId(UUID.randomUUID().toString())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void aRunOfFailedDeliveriesTurnsTheSubscriptionOffAndRecordsWebhookDisabled() {
    String path = path();
    stub(path, 503);
    String id = subscribe(path, "scan.discrepancy").getWebhook().getId();
    record(EventType.SCAN_DISCREPANCY, Map.of("n", 1));
    await(
        "the first delivery FAILED",
        () ->
            deliveries(id).stream()
                .anyMatch(d -> d.getState() == DeliveryState.DELIVERY_STATE_FAILED));
    Webhook afterOne = api().getWebhook(GetWebhookRequest.newBuilder().setId(id).build());
    assertThat(afterOne.getState()).isEqualTo(WebhookState.WEBHOOK_STATE_ENABLED);
    assertThat(afterOne.getConsecutiveFailures()).isEqualTo(1);
    assertThat(received(path)).hasSize(3); // maxAttempts

    record(EventType.SCAN_DISCREPANCY, Map.of("n", 2));
    await(
        "the subscription is FAILING",
        () ->
            api().getWebhook(GetWebhookRequest.newBuilder().setId(id).build()).getState()
                == WebhookState.WEBHOOK_STATE_FAILING);
    Webhook off = api().getWebhook(GetWebhookRequest.newBuilder().setId(id).build());
    assertThat(off.getConsecutiveFailures()).isEqualTo(2);
    assertThat(off.getDisabledReason()).contains("2 deliveries in a row", "HTTP 503");
    assertThat(received(path)).hasSize(6);
    assertThat(deliveries(id))
        .extracting(WebhookDelivery::getState)
        .containsOnly(DeliveryState.DELIVERY_STATE_FAILED);

    List<String> payloads =
        node.runtime()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT payload::text FROM domain_event WHERE type = 'webhook.disabled'"
                                + " AND subject_id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .list());
    assertThat(payloads).hasSize(1);
    assertThat(payloads.get(0))
        .contains("\"consecutiveFailures\": 2", "http://127.0.0.1:" + receiver.port())
        .doesNotContain("/hook/");

    // Nothing more is sent while it is off; TestWebhook says to enable it first.
    record(EventType.SCAN_DISCREPANCY, Map.of("n", 3));
    assertThat(code(() -> api().testWebhook(TestWebhookRequest.newBuilder().setId(id).build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);

    // Enabling it again resets the run, and a success keeps it at zero.
    stub(path, 200);
    Webhook on =
        api()
            .updateWebhook(
                UpdateWebhookRequest.newBuilder()
                    .setId(id)
                    .setRevision(off.getRevision())
                    .setEnabled(true)
                    .build());
    assertThat(on.getState()).isEqualTo(WebhookState.WEBHOOK_STATE_ENABLED);
    assertThat(on.getConsecutiveFailures()).isZero();
    assertThat(on.getDisabledReason()).isEmpty();
    WebhookDelivery test = api().testWebhook(TestWebhookRequest.newBuilder().setId(id).build());
    assertThat(test.getEventType()).isEqualTo("webhook.test");
    await(
        "the test delivered",
        () ->
            deliveries(id).stream()
                .anyMatch(
                    d ->
                        d.getId().equals(test.getId())
                            && d.getState() == DeliveryState.DELIVERY_STATE_DELIVERED));
  }

  // ---- SSRF ----

  @Test
  void theGuardRefusesInternalTargetsUnlessAllowed() {
    TargetGuard none = TargetGuard.parse(List.of());
    for (String url :
        List.of(
            "https://127.0.0.1/hook",
            "https://10.1.2.3/hook",
            "https://172.16.0.9/hook",
            "https://192.168.1.1/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/",
            "https://0.0.0.0/",
            "https://224.0.0.1/",
            "https://[::1]/",
            "https://[fd00::1]/",
            "https://[fe80::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://localhost/")) {
      io.eventkit.node.kernel.DomainException e =
          assertThrows(io.eventkit.node.kernel.DomainException.class, () -> none.checkUrl(url));
      assertThat(e.getMessage()).as(url).contains("notifications.webhooks.allowedTargets");
    }
    assertThat(
            assertThrows(
                    io.eventkit.node.kernel.DomainException.class,
                    () -> none.checkUrl("https://169.254.169.254/"))
                .getMessage())
        .contains("metadata");
    // http:// only to allowed targets, even to a public address.
    assertThat(
            assertThrows(
                    io.eventkit.node.kernel.DomainException.class,
                    () -> none.checkUrl("http://93.184.216.34/hook"))
                .getMessage())
        .contains("https://");
    assertThat(
            assertThrows(
                    io.eventkit.node.kernel.DomainException.class,
                    () -> none.checkUrl("ftp://93.184.216.34/"))
                .getMessage())
        .contains("https://");
    assertThrows(
        io.eventkit.node.kernel.DomainException.class,
        () -> none.checkUrl("https://user:pw@93.184.216.34/"));
    none.checkUrl("https://93.184.216.34/hook"); // a public address is fine

    TargetGuard some = TargetGuard.parse(List.of("10.0.0.0/8", "localhost", "fd00::/8"));
    some.checkUrl("https://10.1.2.3/hook");
    some.checkUrl("http://10.200.0.1/hook");
    some.checkUrl("http://localhost:9999/hook");
    some.checkUrl("https://[fd00::1]/");
    some.checkUrl("https://11.0.0.1/x"); // public: always fine
    assertThrows(
        io.eventkit.node.kernel.DomainException.class, () -> some.checkUrl("https://172.16.0.1/x"));
    assertThrows(
        io.eventkit.node.kernel.DomainException.class,
        () -> some.checkUrl("https://192.168.0.1/x"));
    // A name that does not resolve (.invalid never does, RFC 6761) is saved over https, refused
    // over http, and refused at send time while it still does not resolve.
    none.checkUrl("https://receiver-not-deployed-yet.invalid/hook");
    assertThat(
            assertThrows(
                    io.eventkit.node.kernel.DomainException.class,
                    () -> none.checkUrl("http://receiver-not-deployed-yet.invalid/hook"))
                .getMessage())
        .contains("https://");
    assertThat(
            assertThrows(
                    io.eventkit.node.kernel.DomainException.class,
                    () ->
                        none.checkBeforeSend(
                            java.net.URI.create("https://receiver-not-deployed-yet.invalid/h")))
                .getMessage())
        .contains("does not resolve");
    assertThrows(IllegalArgumentException.class, () -> TargetGuard.parse(List.of("10.0.0.0/33")));
    assertThrows(IllegalArgumentException.class, () -> TargetGuard.parse(List.of("bad host!")));
  }

  @Test
  void theApiRefusesInternalTargetsWithAMessageThatSaysHowToAllowThem() {
    StatusRuntimeException e =
        error(
            () ->
                api()
                    .createWebhook(
                        CreateWebhookRequest.newBuilder()
                            .setUrl("https://10.0.0.5/hook")
                            .addEventTypes("*")
                            .build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("10.0.0.5", "private", "notifications.webhooks.allowedTargets");
    assertThat(
            code(
                () ->
                    api()
                        .createWebhook(
                            CreateWebhookRequest.newBuilder()
                                .setUrl("https://169.254.169.254/")
                                .addEventTypes("*")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            error(
                    () ->
                        api()
                            .createWebhook(
                                CreateWebhookRequest.newBuilder()
                                    .setUrl("http://93.184.216.34/")
                                    .addEventTypes("*")
                                    .build()))
                .getStatus()
                .getDescription())
        .contains("https://");
    // An update to a refused URL changes nothing.
    String path = path();
    Webhook w = subscribe(path, "quote.sent").getWebhook();
    assertThat(
            code(
                () ->
                    api()
                        .updateWebhook(
                            UpdateWebhookRequest.newBuilder()
                                .setId(w.getId())
                                .setRevision(w.getRevision())
                                .setUrl("https://192.168.0.10/x")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(api().getWebhook(GetWebhookRequest.newBuilder().setId(w.getId()).build()))
        .isEqualTo(w);
  }

  @Test
  void theGuardIsAppliedAgainAtSendTime() throws Exception {
    // A subscription saved while its target was allowed, sent by a worker whose guard refuses
    // loopback (as after a DNS change or a narrowed allow-list): nothing is sent.
    NotificationsModule nodeModule = node.runtime().notifications();
    nodeModule.stop();
    try {
      String path = path();
      stub(path, 200);
      String id = subscribe(path, "partner.health_changed").getWebhook().getId();
      record(EventType.PARTNER_HEALTH_CHANGED, Map.of());
      nodeModule.fanOut().pass();
      parkOthers(id);
      NotificationsConfig c = new NotificationsConfig();
      configure(c);
      DeliveryWorker strict =
          new DeliveryWorker(
              node.runtime().jdbi(),
              Clock.systemUTC(),
              node.federation().pki().vault(),
              TargetGuard.parse(List.of()),
              c.getWebhooks(),
              node.runtime().events(),
              Tenants.single());
      assertThat(strict.deliverOne()).isTrue();
      WebhookDelivery d = onlyDelivery(id);
      assertThat(d.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_PENDING);
      assertThat(d.getLastError()).startsWith("refused: ").contains("127.0.0.1", "allowedTargets");
      assertThat(received(path)).isEmpty();
    } finally {
      nodeModule.start();
    }
  }

  // ---- exactly once, restarts, replicas ----

  @Test
  void aRestartInTheMiddleOfRetriesLosesNothing() throws Exception {
    String path = path();
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("up"));
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200)));
    String id = subscribe(path, "certificate.expiring").getWebhook().getId();
    NotificationsModule first = node.runtime().notifications();
    UUID event = record(EventType.CERTIFICATE_EXPIRING, Map.of("days", 12));
    // The delivery exists once the fan-out has run (the inbox sink runs in the same pass).
    await(
        "the first attempt",
        () -> {
          List<WebhookDelivery> d = deliveries(id);
          assertThat(d).hasSizeLessThanOrEqualTo(1);
          return d.size() == 1 && d.get(0).getAttemptCount() >= 1;
        });
    first.stop(); // the node goes down between attempts
    NotificationsModule second = null;
    try {
      NotificationsConfig c = new NotificationsConfig();
      configure(c);
      // A new process on the same database.
      second =
          new NotificationsModule(
              node.runtime().jdbi(),
              Clock.systemUTC(),
              new DomainEvents(Clock.systemUTC()),
              node.federation().pki().vault(),
              (h, a, s, d) -> {},
              c,
              List.of(),
              Tenants.single());
      second.start();
      awaitState(id, DeliveryState.DELIVERY_STATE_DELIVERED);
    } finally {
      if (second != null) {
        second.stop();
      }
      first.start();
    }
    WebhookDelivery d = onlyDelivery(id);
    assertThat(d.getAttemptsList()).extracting(a -> a.getResponseCode()).containsExactly(502, 200);
    assertThat(received(path))
        .extracting(r -> r.getHeader("webhook-id"))
        .containsExactly(event.toString(), event.toString());
  }

  @Test
  void aWorkerDyingBetweenSendAndAcknowledgeCausesOneMoreSendOfTheSameIdAndOneDelivery()
      throws Exception {
    NotificationsModule nodeModule = node.runtime().notifications();
    nodeModule.stop();
    try {
      String path = path();
      stub(path, 200);
      String id = subscribe(path, "crew.assignment_offered").getWebhook().getId();
      UUID event = record(EventType.CREW_ASSIGNMENT_OFFERED, Map.of());
      nodeModule.fanOut().pass();
      assertThat(nodeModule.fanOut().pass()).as("a second pass finds nothing").isZero();
      parkOthers(id);
      NotificationsConfig c = new NotificationsConfig();
      configure(c);
      DeliveryWorker dying =
          new DeliveryWorker(
              node.runtime().jdbi(),
              Clock.systemUTC(),
              node.federation().pki().vault(),
              TargetGuard.parse(List.of("127.0.0.1")),
              c.getWebhooks(),
              node.runtime().events(),
              Tenants.single());
      dying.afterSend =
          claim -> {
            throw new IllegalStateException("killed after the send, before the ack");
          };
      assertThrows(IllegalStateException.class, dying::deliverOne);
      assertThat(received(path)).hasSize(1);
      WebhookDelivery leased = onlyDelivery(id);
      assertThat(leased.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_PENDING);
      assertThat(leased.getAttemptCount()).isZero();

      DeliveryWorker next =
          new DeliveryWorker(
              node.runtime().jdbi(),
              Clock.systemUTC(),
              node.federation().pki().vault(),
              TargetGuard.parse(List.of("127.0.0.1")),
              c.getWebhooks(),
              node.runtime().events(),
              Tenants.single());
      assertThat(next.deliverOne()).as("leased: not claimable yet").isFalse();
      await("the lease ran out and the delivery was sent again", next::deliverOne);
      assertThat(received(path))
          .extracting(r -> r.getHeader("webhook-id"))
          .containsExactly(event.toString(), event.toString());
      WebhookDelivery d = onlyDelivery(id);
      assertThat(d.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_DELIVERED);
      assertThat(d.getAttemptCount()).isEqualTo(1);
      assertThat(d.getAttemptsList()).hasSize(1);
      int rows =
          node.runtime()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT count(*) FROM webhook_delivery WHERE webhook_id = :w"
                                  + " AND event_id = :e")
                          .bind("w", UUID.fromString(id))
                          .bind("e", event)
                          .mapTo(Integer.class)
                          .one());
      assertThat(rows).isEqualTo(1);
    } finally {
      nodeModule.start();
    }
  }

  @Test
  void twoFanOutsOnOneDatabaseFanEachEventOutOnce() throws Exception {
    NotificationsModule nodeModule = node.runtime().notifications();
    nodeModule.stop();
    FanOut a = null;
    FanOut b = null;
    try {
      String path = path();
      stub(path, 200);
      String id = subscribe(path, "booking.changed").getWebhook().getId();
      Map<UUID, AtomicInteger> seen = new ConcurrentHashMap<>();
      Set<String> threads = ConcurrentHashMap.newKeySet();
      io.eventkit.node.notifications.EventSink counting =
          (h, e) -> {
            seen.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
            threads.add(Thread.currentThread().getName() + "@" + System.identityHashCode(h));
          };
      NotificationsConfig c = new NotificationsConfig();
      configure(c);
      c.setBatchSize(10);
      DeliveryWorker idle =
          new DeliveryWorker(
              node.runtime().jdbi(),
              Clock.systemUTC(),
              node.federation().pki().vault(),
              TargetGuard.parse(List.of("127.0.0.1")),
              c.getWebhooks(),
              node.runtime().events(),
              Tenants.single());
      List<UUID> events = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        events.add(record(EventType.BOOKING_CHANGED, Map.of("i", i)));
      }
      a =
          new FanOut(
              node.runtime().jdbi(),
              Clock.systemUTC(),
              List.of(new WebhookSink(Clock.systemUTC(), idle), counting),
              c,
              Tenants.single());
      b =
          new FanOut(
              node.runtime().jdbi(),
              Clock.systemUTC(),
              List.of(new WebhookSink(Clock.systemUTC(), idle), counting),
              c,
              Tenants.single());
      a.start();
      b.start();
      await("every event fanned out", () -> seen.keySet().containsAll(events) && pending() == 0);
      a.stop();
      b.stop();
      assertThat(events).allSatisfy(e -> assertThat(seen.get(e).get()).isEqualTo(1));
      List<UUID> delivered =
          node.runtime()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT event_id FROM webhook_delivery WHERE webhook_id = :w")
                          .bind("w", UUID.fromString(id))
                          .mapTo(UUID.class)
                          .list());
      assertThat(delivered).hasSize(300);
      assertThat(new HashSet<>(delivered)).isEqualTo(new HashSet<>(events));
    } finally {
      if (a != null) {
        a.stop();
      }
      if (b != null) {
        b.stop();
      }
      nodeModule.start();
    }
  }

  /**
   * Moves other tests' waiting deliveries an hour ahead, so a worker driven by hand claims this
   * test's delivery (the claim is node-wide, most overdue first).
   */
  static void parkOthers(String webhookId) {
    node.runtime()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE webhook_delivery SET next_attempt_at = now() + interval '1 hour'"
                            + " WHERE state = 'PENDING' AND webhook_id <> :w")
                    .bind("w", UUID.fromString(webhookId))
                    .execute());
  }

  static int pending() {
    return node.runtime()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM domain_event WHERE fanned_out_at IS NULL")
                    .mapTo(Integer.class)
                    .one());
  }

  @Test
  void aFanOutRetriedAfterAFailedTransactionAddsNoSecondDelivery() {
    String path = path();
    stub(path, 200);
    String id = subscribe(path, "security.alert").getWebhook().getId();
    UUID event = UUID.randomUUID();
    StoredEvent e =
        new StoredEvent(
            event,
            "default",
            1,
            EventType.SECURITY_ALERT,
            Instant.now(),
            "",
            "",
            java.util.Optional.empty(),
            "node",
            "{}");
    WebhookSink sink =
        new WebhookSink(Clock.systemUTC(), node.runtime().notifications().deliveries());
    node.runtime().jdbi().useTransaction(h -> sink.fanOut(h, e));
    node.runtime().jdbi().useTransaction(h -> sink.fanOut(h, e));
    awaitState(id, DeliveryState.DELIVERY_STATE_DELIVERED);
    assertThat(deliveries(id)).hasSize(1);
    assertThat(received(path)).hasSize(1);
  }

  @Test
  void housekeepingDeletesOldFannedOutEventsInBatchesAndKeepsTheRest() {
    Jdbi jdbi = node.runtime().jdbi();
    Instant old = Instant.now().minus(java.time.Duration.ofDays(31));
    UUID recent = UUID.randomUUID();
    UUID pendingOld = UUID.randomUUID();
    jdbi.useHandle(
        h -> {
          h.createUpdate(
                  "INSERT INTO domain_event (id, type, occurred_at, fanned_out_at)"
                      + " SELECT gen_random_uuid(), 'event.created', :old, :old"
                      + " FROM generate_series(1, 2500)")
              .bind("old", old)
              .execute();
          h.createUpdate(
                  "INSERT INTO domain_event (id, type, occurred_at, fanned_out_at)"
                      + " VALUES (:id, 'event.created', :now, :now)")
              .bind("id", recent)
              .bind("now", Instant.now())
              .execute();
        });
    NotificationsModule nodeModule = node.runtime().notifications();
    try {
      nodeModule.stop();
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO domain_event (id, type, occurred_at) VALUES (:id,"
                          + " 'event.created', :old)")
                  .bind("id", pendingOld)
                  .bind("old", old)
                  .execute());
      nodeModule.fanOut().housekeeping();
      List<UUID> left =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT id FROM domain_event WHERE occurred_at < :cut"
                              + " OR id IN (:recent, :pending)")
                      .bind("cut", old.plusSeconds(60))
                      .bind("recent", recent)
                      .bind("pending", pendingOld)
                      .mapTo(UUID.class)
                      .list());
      // 2,500 old ones gone (three statements of at most 1,000); the recent one and the old
      // event that was never fanned out stay.
      assertThat(left).containsExactlyInAnyOrder(recent, pendingOld);
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      jdbi.useHandle(
          h ->
              h.createUpdate("DELETE FROM domain_event WHERE id = :id")
                  .bind("id", pendingOld)
                  .execute());
      nodeModule.start();
    }
  }

  // ---- the API ----

  @Test
  void onlyWebhookAdminsManageWebhooksButAnyoneReadsTheCatalogue() {
    String planner =
        node.authService(node.adminToken())
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("planner " + UUID.randomUUID())
                    .setRole(Role.ROLE_PLANNER)
                    .build())
            .getToken();
    assertThat(code(() -> as(planner).listWebhooks(ListWebhooksRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            code(
                () ->
                    as(planner)
                        .createWebhook(
                            CreateWebhookRequest.newBuilder()
                                .setUrl(url(path()))
                                .addEventTypes("*")
                                .build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    var types = as(planner).listEventTypes(ListEventTypesRequest.getDefaultInstance());
    assertThat(types.getEventTypesCount()).isEqualTo(EventType.values().length);
    assertThat(types.getEventTypesList())
        .anySatisfy(t -> assertThat(t.getName()).isEqualTo("webhook.disabled"));
  }

  @Test
  void requestsAreValidatedAndChangesAudited() {
    Status.Code bad =
        code(
            () ->
                api()
                    .createWebhook(
                        CreateWebhookRequest.newBuilder()
                            .setUrl(url(path()))
                            .addEventTypes("quote.eaten")
                            .build()));
    assertThat(bad).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            error(
                    () ->
                        api()
                            .createWebhook(
                                CreateWebhookRequest.newBuilder()
                                    .setUrl(url(path()))
                                    .addEventTypes("quote.eaten")
                                    .build()))
                .getStatus()
                .getDescription())
        .contains("'quote.eaten'", "ListEventTypes");
    assertThat(
            code(
                () ->
                    api()
                        .createWebhook(
                            CreateWebhookRequest.newBuilder()
                                .setUrl(url(path()))
                                .addEventTypes("webhook.test")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .createWebhook(
                            CreateWebhookRequest.newBuilder().setUrl(url(path())).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> api().getWebhook(GetWebhookRequest.newBuilder().setId("nope").build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .getWebhook(
                            GetWebhookRequest.newBuilder()
                                .setId(UUID.randomUUID().toString())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);

    Webhook w = subscribe(path(), "quote.*").getWebhook();
    Webhook changed =
        api()
            .updateWebhook(
                UpdateWebhookRequest.newBuilder()
                    .setId(w.getId())
                    .setRevision(w.getRevision())
                    .setDescription("renamed")
                    .setSetEventTypes(true)
                    .addEventTypes("quote.accepted")
                    .addEventTypes("subhire.*")
                    .build());
    assertThat(changed.getRevision()).isEqualTo(w.getRevision() + 1);
    assertThat(changed.getEventTypesList()).containsExactly("quote.accepted", "subhire.*");
    assertThat(changed.getDescription()).isEqualTo("renamed");
    assertThat(
            code(
                () ->
                    api()
                        .updateWebhook(
                            UpdateWebhookRequest.newBuilder()
                                .setId(w.getId())
                                .setRevision(w.getRevision())
                                .setDescription("stale")
                                .build())))
        .isEqualTo(Status.Code.ABORTED);

    CreateWebhookResponse rotated =
        api().rotateWebhookSecret(RotateWebhookSecretRequest.newBuilder().setId(w.getId()).build());
    assertThat(rotated.getSecret()).startsWith("whsec_");
    assertThat(rotated.getWebhook().getSecretHint())
        .isEqualTo(rotated.getSecret().substring(rotated.getSecret().length() - 4));

    api()
        .deleteWebhook(
            io.eventkit.proto.v1.DeleteWebhookRequest.newBuilder().setId(w.getId()).build());
    assertThat(
            code(
                () ->
                    api()
                        .deleteWebhook(
                            io.eventkit.proto.v1.DeleteWebhookRequest.newBuilder()
                                .setId(w.getId())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);

    var audit =
        node.authService(node.adminToken())
            .listAuthAudit(ListAuthAuditRequest.newBuilder().setPageSize(500).build());
    List<String> actions =
        audit.getEntriesList().stream()
            .filter(e -> e.getSubject().equals("webhook:" + w.getId()))
            .map(e -> e.getAction())
            .toList();
    assertThat(actions)
        .containsExactlyInAnyOrder(
            "WEBHOOK_CREATE", "WEBHOOK_UPDATE", "WEBHOOK_ROTATE_SECRET", "WEBHOOK_DELETE");
    assertThat(audit.toString()).doesNotContain(rotated.getSecret());
  }

  @Test
  void listsPageInSql() {
    for (int i = 0; i < 3; i++) {
      subscribe(path(), "event.created");
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      var page =
          api()
              .listWebhooks(
                  ListWebhooksRequest.newBuilder()
                      .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(token))
                      .build());
      page.getWebhooksList().forEach(w -> seen.add(w.getId()));
      token = page.getPage().getNextPageToken();
      pages++;
    } while (!token.isEmpty() && pages < 1000);
    assertThat(seen).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(3);
    int total =
        node.runtime()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM webhook_subscription")
                        .mapTo(Integer.class)
                        .one());
    assertThat(seen).hasSize(total);
  }
}
