package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.dropwizard.util.Duration;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.platform.config.RateLimitConfig;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-user and per-API-key rate limits, configured per role: over the limit a call is
 * RESOURCE_EXHAUSTED with a google.rpc.RetryInfo (gRPC) or the same detail and Retry-After
 * (Connect). The node runs on a settable clock, so a new period is a clock step, not a sleep.
 */
class RateLimitTest {
  private static final ApiKeysTest.SettableClock clock =
      new ApiKeysTest.SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    NodeConfiguration config =
        TestNode.config("limits.test", Files.createTempDirectory("eventkit-limits"));
    RateLimitConfig limits = config.getRateLimits();
    limits.setShared(true);
    limits.setDefault(new RateLimitConfig.Limit(3, Duration.minutes(1)));
    limits.setRoles(
        Map.of(
            "admin", new RateLimitConfig.Limit(10_000, Duration.seconds(1)),
            "crew", new RateLimitConfig.Limit(5, Duration.minutes(1))));
    node = TestNode.start(config, clock);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String key(Role role) {
    return node.authService(node.adminToken())
        .createApiToken(
            CreateApiTokenRequest.newBuilder().setName("limited " + role).setRole(role).build())
        .getToken();
  }

  private static StatusRuntimeException whoAmI(String token) {
    try {
      node.authService(token).whoAmI(WhoAmIRequest.getDefaultInstance());
      return null;
    } catch (StatusRuntimeException e) {
      return e;
    }
  }

  private static long retryDelaySeconds(StatusRuntimeException e) throws Exception {
    com.google.rpc.Status s = StatusProto.fromThrowable(e);
    assertThat(s).isNotNull();
    Any detail =
        s.getDetailsList().stream().filter(a -> a.is(RetryInfo.class)).findFirst().orElseThrow();
    return detail.unpack(RetryInfo.class).getRetryDelay().getSeconds();
  }

  @Test
  void aKeyOverItsLimitIsRefusedWithARetryHintUntilTheNextPeriod() throws Exception {
    String a = key(Role.ROLE_READ_ONLY);
    String b = key(Role.ROLE_READ_ONLY);
    for (int i = 0; i < 3; i++) {
      assertThat(whoAmI(a)).as("call %d", i + 1).isNull();
    }
    StatusRuntimeException refused = whoAmI(a);
    assertThat(refused).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    long delay = retryDelaySeconds(refused);
    assertThat(delay).isBetween(1L, 60L);
    assertThat(refused.getStatus().getDescription())
        .contains("rate limit of 3 per 1 minute")
        .contains("retry in " + delay + " second");
    // Each key has its own budget.
    assertThat(whoAmI(b)).isNull();
    clock.advance(java.time.Duration.ofSeconds(delay));
    assertThat(whoAmI(a)).isNull();
  }

  @Test
  void theLimitFollowsTheCallersRole() {
    String crew = key(Role.ROLE_CREW);
    for (int i = 0; i < 5; i++) {
      assertThat(whoAmI(crew)).as("call %d", i + 1).isNull();
    }
    assertThat(whoAmI(crew).getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void aUserIsLimitedAcrossTheirAccessTokens() {
    node.authService(node.adminToken())
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .createUser(
            CreateUserRequest.newBuilder()
                .setEmail("rita@example.com")
                .setDisplayName("Rita")
                .addRoles(Role.ROLE_READ_ONLY)
                .setPassword("rita's long passphrase")
                .build());
    LoginRequest login =
        LoginRequest.newBuilder()
            .setEmail("rita@example.com")
            .setPassword("rita's long passphrase")
            .build();
    String first =
        io.eventkit.proto.v1.AuthServiceGrpc.newBlockingStub(node.channel())
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .login(login)
            .getAccessToken();
    for (int i = 0; i < 3; i++) {
      assertThat(whoAmI(first)).isNull();
    }
    String second =
        io.eventkit.proto.v1.AuthServiceGrpc.newBlockingStub(node.channel())
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .login(login)
            .getAccessToken();
    assertThat(whoAmI(second).getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void overConnectTheRefusalIs429WithTheRetryInfoDetailAndRetryAfter() throws Exception {
    String c = key(Role.ROLE_READ_ONLY);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest whoAmI =
        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/eventkit.v1.AuthService/WhoAmI"))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + c)
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    for (int i = 0; i < 3; i++) {
      assertThat(http.send(whoAmI, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
    HttpResponse<String> refused = http.send(whoAmI, HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body())
        .contains("\"code\":\"resource_exhausted\"")
        .contains("retry in")
        .contains("\"type\":\"google.rpc.RetryInfo\"");
    String value = refused.body().replaceAll("(?s).*\"value\":\"([^\"]*)\".*", "$1");
    long delay =
        RetryInfo.parseFrom(Base64.getDecoder().decode(value)).getRetryDelay().getSeconds();
    assertThat(delay).isBetween(1L, 60L);
    assertThat(refused.headers().firstValue("retry-after")).contains(Long.toString(delay));
    assertThat(refused.headers().firstValue("grpc-status-details-bin")).isEmpty();
  }
}
