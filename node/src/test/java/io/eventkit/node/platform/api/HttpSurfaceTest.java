package io.eventkit.node.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventkit.node.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP port serves besides successful calls: no admin surface, and every error in the
 * Connect shape {@code {"code", "message"}}, whoever produced it (the Connect layer, the servlet
 * container, Jetty's HTTP parser).
 */
class HttpSurfaceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestNode node;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    node = TestNode.start("surface.test");
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpResponse<String> send(String method, String path, String contentType)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
            .method(
                method,
                "GET".equals(method)
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    // A fresh connection per request: after an error the server may close a kept-alive
    // connection, and a pooled client that reuses it fails with a broken pipe.
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode connectError(int status, String code, String body, Optional<String> type)
      throws Exception {
    assertThat(type).as(body).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode json = JSON.readTree(body);
    assertThat(json.get("code").asText()).as(body).isEqualTo(code);
    assertThat(json.get("message").asText()).as(body).isNotBlank();
    assertThat(body).doesNotContain("<html").doesNotContain("Exception").doesNotContain("\tat ");
    return json;
  }

  private static JsonNode connectError(HttpResponse<String> r, int status, String code)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return connectError(status, code, r.body(), r.headers().firstValue("content-type"));
  }

  @Test
  void theApiPortServesNoAdminSurface() throws Exception {
    for (String path :
        new String[] {
          "/admin", "/admin/", "/admin/threads", "/admin/healthcheck", "/admin/metrics"
        }) {
      connectError(send("GET", path, null), 404, "not_found");
    }
    connectError(
        send("POST", "/admin/tasks/log-level?logger=ROOT&level=TRACE", null), 404, "not_found");
    connectError(send("POST", "/tasks/log-level?logger=ROOT&level=TRACE", null), 404, "not_found");
    assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
    // In SaaS mode the metrics are on the admin connector only (they name every company).
    assertThat(send("GET", "/metrics", null).statusCode()).isEqualTo(node.saas() ? 404 : 200);
  }

  @Test
  void aConnectGetWhoseQueryStringIsNotUtf8IsAConnectError() throws Exception {
    for (String query :
        new String[] {
          "encoding=json&message=%7B%22query%22%3A%22mic%FF%22%7D",
          "encoding=json%FF&message=%7B%7D",
          "encoding=json&message=%7B%22query%22%3A%22mic%C3%28%22%7D&base64=0"
        }) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(node.baseUrl() + "/eventkit.v1.InventoryService/Search?" + query))
                  .header("Authorization", "Bearer " + node.adminToken())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode error = connectError(r, 400, "invalid_argument");
      assertThat(error.get("message").asText()).as(query).contains("UTF-8");
    }
    // A parameter Connect does not define is ignored, whatever its bytes.
    HttpResponse<String> ok =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        node.baseUrl()
                            + "/eventkit.v1.InventoryService/Search?encoding=json&message="
                            + "%7B%22query%22%3A%22mic%22%7D&utm=%FF"))
                .header("Authorization", "Bearer " + node.adminToken())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void theAdminConnectorListensOnLoopbackOnly() throws Exception {
    ServerConnector admin =
        java.util.Arrays.stream(node.jetty().getConnectors())
            .filter(c -> "admin".equals(c.getName()))
            .map(ServerConnector.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(admin.getHost()).isEqualTo("127.0.0.1");
    assertThat(admin.getLocalPort()).isEqualTo(node.adminPort()).isNotEqualTo(node.httpPort());
    HttpResponse<String> threads =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + "/threads"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(threads.statusCode()).as("admin servlets on the admin port").isEqualTo(200);
    Optional<InetAddress> external = nonLoopbackAddress();
    if (external.isPresent()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(external.get(), node.adminPort()), 2000);
        throw new AssertionError("admin port reachable on " + external.get());
      } catch (IOException expected) {
        // connection refused: not bound there
      }
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void connectLayerRefusalsCarryTheConnectBody() throws Exception {
    // GET of a method with side effects.
    JsonNode get =
        connectError(
            send(
                "GET",
                "/eventkit.v1.AuthService/CreateApiToken?encoding=json&message=%7B%7D",
                null),
            405,
            "unimplemented");
    assertThat(get.get("message").asText()).contains("POST");
    connectError(
        send("PUT", "/eventkit.v1.NodeService/GetNodeInfo", "application/json"),
        405,
        "unimplemented");
    connectError(
        send("DELETE", "/eventkit.v1.NodeService/GetNodeInfo", null), 405, "unimplemented");
    JsonNode type =
        connectError(
            send("POST", "/eventkit.v1.NodeService/GetNodeInfo", "text/plain"),
            415,
            "invalid_argument");
    assertThat(type.get("message").asText()).contains("application/json");
    connectError(
        send("POST", "/eventkit.v1.NodeService/GetNodeInfo", null), 415, "invalid_argument");
  }

  @Test
  void containerErrorsCarryTheConnectBody() throws Exception {
    JsonNode unknown = connectError(send("GET", "/no/such/page", null), 404, "not_found");
    assertThat(unknown.get("message").asText()).contains("/no/such/page");
    connectError(send("POST", "/api/anything", "application/json"), 404, "not_found");
    connectError(send("GET", "/health/nope", null), 404, "not_found");
    // Methods Dropwizard's allowed-methods filter refuses before any servlet.
    connectError(send("TRACE", "/eventkit.v1.NodeService/GetNodeInfo", null), 405, "unimplemented");
    connectError(send("PROPFIND", "/", null), 405, "unimplemented");
  }

  @Test
  void jettyParserErrorsCarryTheConnectBody() throws Exception {
    assertRaw(
        "GET /x HTTP/1.1\r\nHost: a\r\nthis is not a header\r\n\r\n", 400, "invalid_argument");
    assertRaw(
        "GET /x HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
        431,
        "resource_exhausted");
    assertRaw(
        "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414, "resource_exhausted");
  }

  private static void assertRaw(String request, int status, String code) throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.httpPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String head = response.substring(0, response.indexOf("\r\n\r\n"));
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      assertThat(head).as(response).startsWith("HTTP/1.1 " + status);
      Optional<String> type =
          head.lines()
              .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst();
      assertThat(type).as(response).isPresent();
      connectError(status, code, body, type);
    }
  }
}
