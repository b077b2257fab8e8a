package io.eventkit.node.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.GetNodeInfoResponse;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same services over plaintext gRPC, plus /health and /metrics on the HTTP port. */
class GrpcApiTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start("grpc.test");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void nodeInfoIsPublic() {
    GetNodeInfoResponse info =
        node.nodeService().getNodeInfo(GetNodeInfoRequest.getDefaultInstance());
    assertThat(info.getNodeId()).isEqualTo("grpc.test");
    assertThat(info.getServerTime().getSeconds()).isPositive();
  }

  @Test
  void everythingElseNeedsAValidToken() {
    assertThatThrownBy(
            () -> node.authService("ekt_nope").whoAmI(WhoAmIRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(
            node.authService(node.adminToken())
                .whoAmI(WhoAmIRequest.getDefaultInstance())
                .getRole())
        .isEqualTo(Role.ROLE_ADMIN);
  }

  @Test
  void invalidRequestsAreRefusedAndWriteNothing() {
    int before = countTokens();
    assertThatThrownBy(
            () ->
                node.authService(node.adminToken())
                    .createApiToken(
                        CreateApiTokenRequest.newBuilder().setName("x".repeat(101)).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .contains("name must be at most 100 characters")
                  .contains("role is required");
            });
    assertThat(countTokens()).isEqualTo(before);
  }

  @Test
  void healthReportsTheDatabaseAndMetricsCountCalls() throws Exception {
    node.nodeService().getNodeInfo(GetNodeInfoRequest.getDefaultInstance());
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"status\":\"UP\"")
        .contains("\"postgresql\":{\"healthy\":true");
    HttpResponse<String> live =
        http.send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/health/live")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(live.statusCode()).isEqualTo(200);
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create(node.metricsUrl())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "eventkit_rpc_requests_total{code=\"OK\",method=\"eventkit.v1.NodeService/GetNodeInfo\",transport=\"grpc\"}")
        .contains("eventkit_rpc_duration_seconds_bucket")
        .contains("jvm_memory_used_bytes");
  }

  private static int countTokens() {
    return node.runtime()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT count(*) FROM api_token").mapTo(Integer.class).one());
  }
}
