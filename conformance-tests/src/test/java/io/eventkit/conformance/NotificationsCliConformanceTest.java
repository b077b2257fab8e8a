package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.Role;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code eventkit notifications} against a real node over Connect, as a signed-in user: the empty
 * inbox, preferences with role defaults, changing and resetting them, the digest choice, refusals
 * (a type the user may not receive, bad arguments) and an API token, which has no inbox.
 */
class NotificationsCliConformanceTest {
  private static Deployer deployer;
  private static NodeHandle node;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    node = deployer.deploy(1).get(0);
  }

  @AfterAll
  static void teardown() {
    deployer.close();
  }

  /** A new SALES user's access token. */
  private static String salesUser() {
    String email = "notify-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String password = "a long enough passphrase " + UUID.randomUUID();
    ManagedChannel ch = ManagedChannelBuilder.forTarget(node.grpcTarget()).usePlaintext().build();
    try {
      Metadata md = new Metadata();
      md.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + node.adminToken());
      AuthServiceGrpc.newBlockingStub(ch)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .createUser(
              CreateUserRequest.newBuilder()
                  .setEmail(email)
                  .setDisplayName("Sally Sales")
                  .addRoles(Role.ROLE_SALES)
                  .setPassword(password)
                  .build());
      return AuthServiceGrpc.newBlockingStub(ch)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build())
          .getAccessToken();
    } finally {
      ch.shutdownNow();
    }
  }

  private static JsonObject pref(JsonObject prefs, String type) {
    for (JsonElement e : prefs.getAsJsonArray("preferences")) {
      if (e.getAsJsonObject().get("eventType").getAsString().equals(type)) {
        return e.getAsJsonObject();
      }
    }
    return null;
  }

  @Test
  void aUserReadsTheirInboxAndSetsTheirPreferences() {
    String token = salesUser();

    Cli.Result unread = Cli.runAs(node, token, "notifications", "unread");
    assertThat(unread.exitCode()).as(unread.toString()).isZero();
    assertThat(unread.json().has("unread") ? unread.json().get("unread").getAsInt() : 0).isZero();
    Cli.Result list = Cli.runAs(node, token, "notifications", "list", "--unread");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    Cli.Result all = Cli.runAs(node, token, "notifications", "read", "--all");
    assertThat(all.exitCode()).as(all.toString()).isZero();

    Cli.Result prefs = Cli.runAs(node, token, "notifications", "prefs");
    assertThat(prefs.exitCode()).as(prefs.toString()).isZero();
    JsonObject accepted = pref(prefs.json(), "quote.accepted");
    assertThat(accepted.getAsJsonArray("channels").toString())
        .isEqualTo("[\"NOTIFICATION_CHANNEL_IN_APP\",\"NOTIFICATION_CHANNEL_EMAIL\"]");
    assertThat(pref(prefs.json(), "certificate.expiring")).as("sales has no trust.read").isNull();

    Cli.Result set =
        Cli.runAs(
            node,
            token,
            "notifications",
            "prefs",
            "--set",
            "quote.accepted=in-app",
            "--set",
            "quote.sent=off",
            "--digest",
            "daily");
    assertThat(set.exitCode()).as(set.toString()).isZero();
    assertThat(set.json().get("emailDigest").getAsString()).isEqualTo("EMAIL_DIGEST_DAILY");
    JsonObject mine = pref(set.json(), "quote.accepted");
    assertThat(mine.get("customised").getAsBoolean()).isTrue();
    assertThat(mine.getAsJsonArray("channels").toString())
        .isEqualTo("[\"NOTIFICATION_CHANNEL_IN_APP\"]");
    JsonArray off = pref(set.json(), "quote.sent").getAsJsonArray("channels");
    assertThat(off == null || off.isEmpty()).isTrue();

    Cli.Result reset =
        Cli.runAs(node, token, "notifications", "prefs", "--reset", "quote.accepted");
    assertThat(reset.exitCode()).as(reset.toString()).isZero();
    assertThat(pref(reset.json(), "quote.accepted").has("customised")).isFalse();

    Cli.Result notMine =
        Cli.runAs(node, token, "notifications", "prefs", "--set", "certificate.expiring=email");
    assertThat(notMine.exitCode()).as("INVALID_ARGUMENT: exit 2").isEqualTo(2);
    assertThat(notMine.err()).contains("certificate.expiring");

    Cli.Result badChannel =
        Cli.runAs(node, token, "notifications", "prefs", "--set", "quote.sent=pigeon");
    assertThat(badChannel.exitCode()).isEqualTo(2);
    assertThat(badChannel.err()).contains("unknown channel 'pigeon'");

    Cli.Result notFound =
        Cli.runAs(node, token, "notifications", "read", UUID.randomUUID().toString());
    assertThat(notFound.exitCode()).as(notFound.toString()).isEqualTo(1);
    assertThat(notFound.err()).contains("does not exist");

    Cli.Result apiToken = Cli.run(node, "notifications", "unread");
    assertThat(apiToken.exitCode()).as(apiToken.toString()).isNotZero();
    assertThat(apiToken.err()).contains("API tokens have no notifications");
  }
}
