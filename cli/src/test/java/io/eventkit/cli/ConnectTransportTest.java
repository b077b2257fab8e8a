package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eventkit.proto.v1.GetPartnerRequest;
import io.eventkit.proto.v1.Partner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Connect path ({@code http://}): binary protobuf requests and Connect JSON errors. */
class ConnectTransportTest {
  record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }
  }

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private Cli cli;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    cli = new Cli("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    requests.add(
        new Request(
            ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders(), body));
    String path = ex.getRequestURI().getPath();
    if (!path.equals("/eventkit.v1.TrustService/GetPartner")) {
      send(
          ex,
          404,
          "application/json",
          "{\"code\":\"unimplemented\",\"message\":\"no " + path + "\"}");
      return;
    }
    String id = GetPartnerRequest.parseFrom(body).getNodeId();
    switch (id) {
      case "b.example" -> {
        ex.getResponseHeaders().set("Content-Type", "application/proto");
        byte[] bytes = TrustCommandsTest.partner("b.example").toByteArray();
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
      }
      case "locked.example" ->
          send(
              ex,
              401,
              "application/json",
              "{\"code\":\"unauthenticated\",\"message\":\"invalid token\"}");
      case "far.example" ->
          send(
              ex,
              503,
              "application/json",
              "{\"code\":\"unavailable\",\"message\":\"far.example did not answer\"}");
      case "proxy.example" -> send(ex, 502, "text/html", "<html>Bad Gateway</html>");
      default ->
          send(
              ex,
              404,
              "application/json",
              "{\"code\":\"not_found\",\"message\":\"no partner " + id + "\"}");
    }
  }

  private static void send(HttpExchange ex, int status, String type, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Test
  void aCallIsAProtoPostWithTheTokenAndTheAnswerIsDecoded() throws Exception {
    Cli.Result r = cli.run("trust", "show", "b.example");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("node          b.example").contains("state         ACTIVE");
    Request req = requests.get(0);
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/eventkit.v1.TrustService/GetPartner");
    assertThat(req.header("Content-type")).isEqualTo("application/proto");
    assertThat(req.header("Connect-protocol-version")).isEqualTo("1");
    assertThat(req.header("Authorization")).isEqualTo("Bearer " + Cli.TOKEN);
    assertThat(GetPartnerRequest.parseFrom(req.body()).getNodeId()).isEqualTo("b.example");

    Cli.Result json = cli.run("trust", "show", "b.example", "-o", "json");
    assertThat(TrustCommandsTest.parseJson(json.out(), Partner.getDefaultInstance()))
        .isEqualTo(TrustCommandsTest.partner("b.example"));
  }

  @Test
  void connectErrorsMapToTheSameExitCodesAsGrpc() {
    Cli.Result notFound = cli.run("trust", "show", "x.example");
    assertThat(notFound.exitCode()).isEqualTo(1);
    assertThat(notFound.err()).isEqualTo("error: no partner x.example\n");

    Cli.Result locked = cli.run("trust", "show", "locked.example");
    assertThat(locked.exitCode()).isEqualTo(4);
    assertThat(locked.err()).contains("invalid token").contains("--token");

    Cli.Result proxy = cli.run("trust", "show", "proxy.example");
    assertThat(proxy.exitCode()).isEqualTo(3);
    assertThat(proxy.err())
        .contains("cannot reach the node at http://127.0.0.1:")
        .contains("HTTP 502")
        .contains("Bad Gateway");

    Cli.Result partnerDown = cli.run("trust", "show", "far.example");
    assertThat(partnerDown.exitCode()).isEqualTo(1);
    assertThat(partnerDown.err()).isEqualTo("error: far.example did not answer\n");

    Cli.Result unknownMethod = cli.run("ca", "show");
    assertThat(unknownMethod.exitCode()).isEqualTo(1);
    assertThat(unknownMethod.err())
        .contains("no /eventkit.v1.TrustService/GetCertificateAuthority")
        .contains("older EventKit");
  }
}
