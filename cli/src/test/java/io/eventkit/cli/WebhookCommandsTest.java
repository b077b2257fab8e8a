package io.eventkit.cli;

import static io.eventkit.cli.TrustCommandsTest.parseJson;
import static io.eventkit.cli.TrustCommandsTest.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.proto.v1.CreateWebhookRequest;
import io.eventkit.proto.v1.CreateWebhookResponse;
import io.eventkit.proto.v1.DeliveryState;
import io.eventkit.proto.v1.EventType;
import io.eventkit.proto.v1.ListEventTypesResponse;
import io.eventkit.proto.v1.ListWebhookDeliveriesRequest;
import io.eventkit.proto.v1.ListWebhookDeliveriesResponse;
import io.eventkit.proto.v1.ListWebhooksResponse;
import io.eventkit.proto.v1.NotificationChannel;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.Permission;
import io.eventkit.proto.v1.ReplayWebhookDeliveryRequest;
import io.eventkit.proto.v1.UpdateWebhookRequest;
import io.eventkit.proto.v1.Webhook;
import io.eventkit.proto.v1.WebhookAttempt;
import io.eventkit.proto.v1.WebhookDelivery;
import io.eventkit.proto.v1.WebhookState;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code webhooks} commands against a scripted WebhookService on a real gRPC server. */
class WebhookCommandsTest {
  static final String ID = "3f1c0e2b-0000-4000-8000-0000000000a1";
  static final String DELIVERY = "3f1c0e2b-0000-4000-8000-0000000000d1";
  static final String EVENT = "3f1c0e2b-0000-4000-8000-0000000000e1";
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw1234";

  private FakeWebhookService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeWebhookService();
    cli = new Cli(fake.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(fake.unexpected).as("calls nobody scripted").isEmpty();
      assertThat(fake.pending()).as("scripted answers never asked for").isZero();
    } finally {
      fake.close();
    }
  }

  static Webhook webhook() {
    return Webhook.newBuilder()
        .setId(ID)
        .setUrl("https://hooks.example.com/eventkit")
        .addEventTypes("quote.accepted")
        .addEventTypes("subhire.*")
        .setState(WebhookState.WEBHOOK_STATE_ENABLED)
        .setCreatedBy("user:ada@example.com")
        .setCreatedAt(ts("2026-11-20T09:00:00Z"))
        .setUpdatedAt(ts("2026-11-20T09:00:00Z"))
        .setRevision(3)
        .setSecretHint("1234")
        .build();
  }

  static WebhookDelivery delivery() {
    return WebhookDelivery.newBuilder()
        .setId(DELIVERY)
        .setWebhookId(ID)
        .setEventId(EVENT)
        .setEventType("quote.accepted")
        .setState(DeliveryState.DELIVERY_STATE_FAILED)
        .setAttemptCount(2)
        .setCreatedAt(ts("2026-11-24T11:00:00Z"))
        .setLastResponseCode(500)
        .setLastLatencyMs(87)
        .setLastError("HTTP 500")
        .addAttempts(
            WebhookAttempt.newBuilder()
                .setAt(ts("2026-11-24T11:00:01Z"))
                .setResponseCode(500)
                .setLatencyMs(80)
                .setError("HTTP 500"))
        .addAttempts(
            WebhookAttempt.newBuilder()
                .setAt(ts("2026-11-24T11:00:31Z"))
                .setLatencyMs(5000)
                .setError("timeout")
                .setReplay(true))
        .build();
  }

  @Test
  void addSendsTheTypesAndPrintsTheSecretOnce() {
    fake.expect(
        "CreateWebhook",
        CreateWebhookResponse.newBuilder().setWebhook(webhook()).setSecret(SECRET).build());
    Cli.Result r =
        cli.run(
            "webhooks",
            "add",
            "https://hooks.example.com/eventkit",
            "--type",
            "quote.accepted",
            "-t",
            "subhire.*",
            "-d",
            "CRM sync");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    CreateWebhookRequest q = fake.only("CreateWebhook");
    assertThat(q.getUrl()).isEqualTo("https://hooks.example.com/eventkit");
    assertThat(q.getEventTypesList()).containsExactly("quote.accepted", "subhire.*");
    assertThat(q.getDescription()).isEqualTo("CRM sync");
    assertThat(r.out())
        .contains("shown this once", SECRET, ID, "quote.accepted, subhire.*", "enabled");
  }

  @Test
  void addWithoutATypeIsAUsageError() {
    Cli.Result r = cli.run("webhooks", "add", "https://hooks.example.com/x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--type");
  }

  @Test
  void listPrintsATableWithoutSecrets() throws Exception {
    ListWebhooksResponse page =
        ListWebhooksResponse.newBuilder()
            .addWebhooks(webhook())
            .setPage(PageResponse.newBuilder().setNextPageToken("tok2"))
            .build();
    fake.expect("ListWebhooks", page).expect("ListWebhooks", page);
    Cli.Result r = cli.run("webhooks", "list", "--page-size", "1");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("ID", "URL", "STATE", ID, "https://hooks.example.com/eventkit", "…1234")
        .contains("next page: --page-token tok2");
    Cli.Result json = cli.run("webhooks", "list", "-o", "json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(parseJson(json.out(), ListWebhooksResponse.getDefaultInstance())).isEqualTo(page);
  }

  @Test
  void updateReadsTheRevisionAndReplacesTypes() {
    fake.expect("GetWebhook", webhook())
        .expect("UpdateWebhook", webhook().toBuilder().setRevision(4).build());
    Cli.Result r = cli.run("webhooks", "update", ID, "--type", "quote.declined", "--disable");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    UpdateWebhookRequest q = fake.<UpdateWebhookRequest>requests("UpdateWebhook").get(0);
    assertThat(q.getRevision()).isEqualTo(3);
    assertThat(q.getSetEventTypes()).isTrue();
    assertThat(q.getEventTypesList()).containsExactly("quote.declined");
    assertThat(q.hasEnabled()).isTrue();
    assertThat(q.getEnabled()).isFalse();
    assertThat(q.hasUrl()).isFalse();
    assertThat(cli.run("webhooks", "update", ID).err()).contains("nothing to change");
    assertThat(cli.run("webhooks", "update", ID, "--enable", "--disable").err())
        .contains("exclude each other");
  }

  @Test
  void aStaleRevisionIsReportedWithTheNodesMessage() {
    fake.expect("GetWebhook", webhook())
        .expect(
            "UpdateWebhook",
            Status.ABORTED.withDescription("webhook " + ID + " was changed by someone else"));
    Cli.Result r = cli.run("webhooks", "update", ID, "--enable");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("changed by someone else");
  }

  @Test
  void deliveriesFilterByStateAndShowAttempts() {
    fake.expect(
        "ListWebhookDeliveries",
        ListWebhookDeliveriesResponse.newBuilder().addDeliveries(delivery()).build());
    Cli.Result r = cli.run("webhooks", "deliveries", ID, "--state", "failed", "--attempts");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    ListWebhookDeliveriesRequest q = fake.only("ListWebhookDeliveries");
    assertThat(q.getWebhookId()).isEqualTo(ID);
    assertThat(q.getState()).isEqualTo(DeliveryState.DELIVERY_STATE_FAILED);
    assertThat(q.getIncludeAttempts()).isTrue();
    assertThat(r.out())
        .contains(DELIVERY, EVENT, "failed", "500", "87 ms", "HTTP 500", "timeout", "5000 ms");
    Cli.Result bad = cli.run("webhooks", "deliveries", ID, "--state", "lost");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("pending, delivered or failed");
  }

  @Test
  void replayShowsTheAppendedAttempt() {
    fake.expect("ReplayWebhookDelivery", delivery());
    Cli.Result r = cli.run("webhooks", "replay", DELIVERY);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    ReplayWebhookDeliveryRequest q = fake.only("ReplayWebhookDelivery");
    assertThat(q.getId()).isEqualTo(DELIVERY);
    assertThat(r.out()).contains("REPLAY", "yes", "timeout");
  }

  @Test
  void testDeleteRotateAndTheCatalogue() {
    fake.expect("TestWebhook", delivery().toBuilder().setEventType("webhook.test").build());
    assertThat(cli.run("webhooks", "test", ID).out()).contains("Queued test delivery " + DELIVERY);
    fake.expect(
        "RotateWebhookSecret",
        CreateWebhookResponse.newBuilder().setWebhook(webhook()).setSecret(SECRET).build());
    assertThat(cli.run("webhooks", "rotate-secret", ID).out()).contains(SECRET);
    fake.expect("DeleteWebhook", io.eventkit.proto.v1.DeleteWebhookResponse.getDefaultInstance());
    assertThat(cli.run("webhooks", "delete", ID).out()).contains("Deleted webhook " + ID);
    fake.expect(
        "ListEventTypes",
        ListEventTypesResponse.newBuilder()
            .addEventTypes(
                EventType.newBuilder()
                    .setName("quote.accepted")
                    .setDescription("A client accepted a quote.")
                    .setPermission(Permission.PERMISSION_QUOTES_READ)
                    .addDefaultChannels(NotificationChannel.NOTIFICATION_CHANNEL_IN_APP)
                    .addDefaultChannels(NotificationChannel.NOTIFICATION_CHANNEL_EMAIL))
            .build());
    Cli.Result r = cli.run("webhooks", "event-types");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("quote.accepted", "in_app,email", "A client accepted a quote.");
  }

  @Test
  void aDeniedCallSaysSo() {
    fake.expect(
        "ListWebhooks",
        Status.PERMISSION_DENIED.withDescription("this needs the webhooks.admin permission"));
    Cli.Result r = cli.run("webhooks", "list");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("webhooks.admin");
  }
}
