package io.eventkit.node.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.ListLocationsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The node's PostgreSQL goes away under load and comes back on the same port and data directory:
 * calls get 503 {@code unavailable} (never 500 {@code internal}), readiness goes red, and the node
 * recovers by itself.
 */
class DatabaseOutageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LIST_LOCATIONS = "/eventkit.v1.InventoryService/ListLocations";

  @Test
  void anOutageIsUnavailableAndTheNodeRecoversByItself() throws Exception {
    Path dataDir = Files.createTempDirectory("eventkit-outage");
    NodeConfiguration config = TestNode.config("outage.test", dataDir);
    int pgPort;
    try (ServerSocket s = new ServerSocket(0)) {
      pgPort = s.getLocalPort();
    }
    config.getDatabase().setEmbeddedPort(pgPort);
    // Four unthrottled clients exceed the per-token rate limit (a 429 is not what this test is
    // about).
    config.getRateLimits().setEnabled(false);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Process restarted = null;
    ExecutorService load = Executors.newFixedThreadPool(4);
    AtomicBoolean running = new AtomicBoolean(true);
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    try (TestNode node = TestNode.start(config)) {
      String token = node.adminToken();
      assertThat(call(http, node, token).statusCode()).isEqualTo(200);
      for (int i = 0; i < 4; i++) {
        load.submit(
            () -> {
              while (running.get()) {
                try {
                  HttpResponse<String> r = call(http, node, token);
                  String key =
                      r.statusCode() == 200
                          ? "200"
                          : r.statusCode() + " " + JSON.readTree(r.body()).path("code").asText();
                  outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                } catch (Exception e) {
                  outcomes
                      .computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger())
                      .incrementAndGet();
                }
              }
            });
      }
      Thread.sleep(500);

      // Stop PostgreSQL (fast shutdown: it drops the pool's connections), remembering how it ran.
      long pid =
          Long.parseLong(
              Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
      ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
      List<String> commandLine = new ArrayList<>();
      if ("root".equals(System.getProperty("user.name"))) {
        // PostgreSQL refuses to run as root; zonky starts it in a user namespace the same way.
        commandLine.addAll(List.of("unshare", "-U"));
      }
      commandLine.add(postmaster.info().command().orElseThrow());
      commandLine.addAll(List.of(postmaster.info().arguments().orElseThrow()));
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      postmaster.onExit().get(30, TimeUnit.SECONDS);

      HttpResponse<String> down = call(http, node, token);
      assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
      JsonNode error = JSON.readTree(down.body());
      assertThat(error.get("code").asText()).isEqualTo("unavailable");
      assertThat(error.get("message").asText()).contains("database is unavailable");
      assertThatThrownBy(
              () -> inventory(node, token).listLocations(ListLocationsRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      HttpResponse<String> health = get(http, node, "/health");
      assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
      assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("DOWN");
      assertThat(get(http, node, "/health/live").statusCode()).isEqualTo(200);
      Thread.sleep(1_000);

      // PostgreSQL comes back on the same port and data directory.
      restarted =
          new ProcessBuilder(commandLine)
              .redirectErrorStream(true)
              .redirectOutput(dataDir.resolve("restarted-postgres.log").toFile())
              .start();
      awaitPort(pgPort, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int status = 0;
      while (System.nanoTime() < deadline) {
        status = call(http, node, token).statusCode();
        if (status == 200 && get(http, node, "/health").statusCode() == 200) {
          break;
        }
        Thread.sleep(250);
      }
      assertThat(status).as("recovered without a restart of the node").isEqualTo(200);
      assertThat(get(http, node, "/health").statusCode()).isEqualTo(200);
      inventory(node, token).listLocations(ListLocationsRequest.getDefaultInstance());
      running.set(false);
      load.shutdown();
      assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(outcomes.keySet())
          .as("under load, every failure is 503 unavailable: %s", outcomes)
          .allMatch(k -> k.equals("200") || k.equals("503 unavailable"));
      assertThat(outcomes).containsKey("503 unavailable");
    } finally {
      running.set(false);
      load.shutdownNow();
      if (restarted != null && restarted.isAlive()) {
        restarted.destroy();
        restarted.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static InventoryServiceGrpc.InventoryServiceBlockingStub inventory(
      TestNode node, String token) {
    io.grpc.Metadata md = new io.grpc.Metadata();
    md.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + token);
    return InventoryServiceGrpc.newBlockingStub(node.channel())
        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> call(HttpClient http, TestNode node, String token)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.baseUrl() + LIST_LOCATIONS))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(HttpClient http, TestNode node, String path)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitPort(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("PostgreSQL did not come back on port " + port);
  }
}
