package io.eventkit.node.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.eventkit.node.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The node as someone debugging it sees it: {@code buf curl} (the npm {@code @bufbuild/buf} the web
 * build installs) calls the HTTP port over Connect, gRPC and gRPC-Web, on HTTP/1.1 and on cleartext
 * HTTP/2 with prior knowledge, and the gRPC port through server reflection, with no proto files.
 * Plus the gRPC-Web framing's refusals, byte by byte.
 */
class ExternalClientTest {
  private static final Path BUF = Path.of("../web/node_modules/.bin/buf").toAbsolutePath();
  private static final Path PROTO = Path.of("../proto").toAbsolutePath();
  private static TestNode node;

  @BeforeAll
  static void start() {
    if (!Files.isExecutable(BUF)) {
      String why = "no " + BUF + ": run the web build (npm ci in web/) first";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    node = TestNode.start("external-client.example");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @ParameterizedTest(name = "{0}, HTTP/2 {1}")
  @CsvSource({"connect, false", "connect, true", "grpc, true", "grpcweb, false", "grpcweb, true"})
  void bufCurlCallsTheHttpPort(String protocol, boolean http2) throws Exception {
    String url = "http://127.0.0.1:" + node.httpPort() + "/eventkit.v1.";
    List<String> common =
        new ArrayList<>(List.of("--schema", PROTO.toString(), "--protocol", protocol));
    if (http2) {
      common.add("--http2-prior-knowledge");
    }
    String auth = "Authorization: Bearer " + node.adminToken();

    Result info = buf(common, "-H", auth, "--data", "{}", url + "NodeService/GetNodeInfo");
    assertThat(info.exit).as(info.output).isZero();
    assertThat(info.output).contains("\"nodeId\": \"external-client.example\"");

    String model = "BUF-" + protocol + "-" + http2;
    Result created =
        buf(
            common,
            "-H",
            auth,
            "--data",
            "{\"product\":{\"manufacturer\":\"Buf\",\"model\":\""
                + model
                + "\",\"name\":\"Buf "
                + model
                + "\",\"category\":\"Buf\",\"rentalPrice\":{\"currencyCode\":\"EUR\",\"minorUnits\":100},"
                + "\"replacementValue\":{\"currencyCode\":\"EUR\",\"minorUnits\":1000},"
                + "\"tracking\":\"TRACKING_BULK\"}}",
            url + "InventoryService/CreateProduct");
    assertThat(created.exit).as(created.output).isZero();
    assertThat(created.output).contains("\"model\": \"" + model + "\"");

    // Errors keep their code and the message a person acts on, in every protocol.
    Result invalid =
        buf(
            common,
            "-H",
            auth,
            "--data",
            "{\"product\":{\"name\":\"\"}}",
            url + "InventoryService/CreateProduct");
    assertThat(invalid.exit).isNotZero();
    assertThat(invalid.output)
        .contains("\"code\": \"invalid_argument\"")
        .contains("product.model is required");
    Result anonymous = buf(common, "--data", "{}", url + "InventoryService/ListProducts");
    assertThat(anonymous.exit).isNotZero();
    assertThat(anonymous.output).contains("\"code\": \"unauthenticated\"");
  }

  @Test
  void bufCurlDiscoversTheGrpcPortByReflection() throws Exception {
    Result info =
        buf(
            List.of("--protocol", "grpc", "--http2-prior-knowledge"),
            "--data",
            "{}",
            "http://127.0.0.1:"
                + node.runtime().grpcPort()
                + "/eventkit.v1.NodeService/GetNodeInfo");
    assertThat(info.exit).as(info.output).isZero();
    assertThat(info.output).contains("\"nodeId\": \"external-client.example\"");
  }

  /**
   * {@code type: h2} (TLS on the HTTP port): HTTP/2 is negotiated by ALPN, and gRPC, Connect and
   * gRPC-Web all work over it.
   */
  @Test
  void withTlsTheHttpPortSpeaksHttp2ByAlpn() throws Exception {
    Path dir = Files.createTempDirectory("eventkit-h2");
    Path keystore = dir.resolve("http.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "http",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=IP:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String keytoolOut = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(keytoolOut).isZero();

    io.eventkit.node.NodeConfiguration config =
        TestNode.config("external-client-tls.example", dir.resolve("data"));
    io.dropwizard.http2.Http2ConnectorFactory h2 = new io.dropwizard.http2.Http2ConnectorFactory();
    h2.setPort(0);
    h2.setBindHost("127.0.0.1");
    h2.setKeyStorePath(keystore.toString());
    h2.setKeyStorePassword("changeit");
    h2.setKeyStoreType("PKCS12");
    // Dropwizard's h2 default is TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 alone; allow TLS 1.3's too.
    h2.setSupportedCipherSuites(
        List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
    config.serverFactory().setApplicationConnectors(List.of(h2));
    TestNode tls = TestNode.start(config);
    try {
      String url = "https://127.0.0.1:" + tls.httpPort() + "/eventkit.v1.NodeService/GetNodeInfo";
      for (String protocol : List.of("grpc", "connect", "grpcweb")) {
        Result info =
            buf(
                List.of("--schema", PROTO.toString(), "--protocol", protocol, "-k", "-v"),
                "--data",
                "{}",
                url);
        assertThat(info.exit).as(info.output).isZero();
        assertThat(info.output)
            .contains("\"nodeId\": \"external-client-tls.example\"")
            .contains("HTTP/2.0");
      }
    } finally {
      tls.close();
    }
  }

  @Test
  void grpcWebFramingErrorsAreAnsweredInTheTrailerFrame() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String url = "http://127.0.0.1:" + node.httpPort() + "/eventkit.v1.NodeService/GetNodeInfo";

    // A prefix announcing 9 bytes that never come.
    String trailers =
        trailerFrame(post(http, url, "application/grpc-web+proto", new byte[] {0, 0, 0, 0, 9}));
    assertThat(trailers).contains("grpc-status:3").contains("exactly one message frame");

    // A frame flagged compressed without grpc-encoding.
    trailers =
        trailerFrame(post(http, url, "application/grpc-web+proto", new byte[] {1, 0, 0, 0, 0}));
    assertThat(trailers).contains("grpc-status:13").contains("grpc-encoding names none");

    // An unknown method.
    trailers =
        trailerFrame(
            post(
                http,
                "http://127.0.0.1:" + node.httpPort() + "/eventkit.v1.NodeService/Nope",
                "application/grpc-web",
                new byte[] {0, 0, 0, 0, 0}));
    assertThat(trailers).contains("grpc-status:12").contains("unknown method");

    // grpc-web-text: the same call, base64 both ways.
    HttpResponse<byte[]> text =
        post(
            http,
            url,
            "application/grpc-web-text",
            Base64.getEncoder().encode(new byte[] {0, 0, 0, 0, 0}));
    assertThat(text.headers().firstValue("content-type")).hasValue("application/grpc-web-text");
    byte[] decoded = Base64.getDecoder().decode(text.body());
    assertThat(decoded[0]).isZero();
    assertThat(new String(decoded, StandardCharsets.ISO_8859_1))
        .contains("external-client.example");
    assertThat(trailerFrameOf(decoded)).contains("grpc-status:0");
  }

  private static HttpResponse<byte[]> post(
      HttpClient http, String url, String contentType, byte[] body) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }

  private static String trailerFrame(HttpResponse<byte[]> response) {
    return trailerFrameOf(response.body());
  }

  /** The text of the frame flagged 0x80 (gRPC-Web's trailers), after any message frames. */
  private static String trailerFrameOf(byte[] body) {
    ByteBuffer frames = ByteBuffer.wrap(body);
    while (frames.remaining() >= 5) {
      byte flags = frames.get();
      byte[] payload = new byte[frames.getInt()];
      frames.get(payload);
      if ((flags & 0x80) != 0) {
        return new String(payload, StandardCharsets.US_ASCII);
      }
    }
    throw new AssertionError("no trailer frame in " + body.length + " bytes");
  }

  private record Result(int exit, String output) {}

  private static Result buf(List<String> options, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(BUF.toString(), "curl"));
    command.addAll(options);
    command.addAll(List.of(arguments));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("buf curl did not finish in 60 s: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
