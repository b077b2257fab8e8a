package io.eventkit.node.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving rules on a real Jetty, with a small built app on the classpath. */
class WebAppServletTest {
  @TempDir static Path dir;
  static Server server;
  static String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path dist = dir.resolve(WebAppServlet.ROOT);
    Files.createDirectories(dist.resolve("assets"));
    Files.writeString(dist.resolve("index.html"), "<!doctype html><title>EventKit</title>");
    Files.writeString(dist.resolve("assets/index-AbC123.js"), "console.log(1)");
    Files.writeString(dist.resolve("favicon.svg"), "<svg/>");
    Files.writeString(dist.resolve("sw.js"), "self.addEventListener('fetch', () => {})");
    Files.writeString(dist.resolve("manifest.webmanifest"), "{\"name\":\"EventKit\"}");
    Files.write(dist.resolve("assets/zxing_reader-AbC123.wasm"), new byte[] {0, 'a', 's', 'm'});
    Files.writeString(dir.resolve("secret.txt"), "outside the app");
    URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new WebAppServlet(loader)), "/");
    server.setHandler(context);
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  static HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void indexIsRevalidatedEveryLoad() throws Exception {
    HttpResponse<String> r = get("/", "text/html");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<title>EventKit</title>");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");

    String etag = r.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/")).header("If-None-Match", etag).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void hashedAssetsAreCachedForAYear() throws Exception {
    HttpResponse<String> r = get("/assets/index-AbC123.js", "*/*");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("console.log(1)");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(r.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
    assertThat(get("/favicon.svg", null).headers().firstValue("Cache-Control"))
        .hasValue("no-cache");
  }

  @Test
  void theServiceWorkerAndManifestAreRevalidatedAndTheWasmIsTyped() throws Exception {
    // A long-cached sw.js would pin every browser to an old build.
    HttpResponse<String> sw = get("/sw.js", "*/*");
    assertThat(sw.statusCode()).isEqualTo(200);
    assertThat(sw.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(sw.headers().firstValue("Cache-Control")).hasValue("no-cache");

    HttpResponse<String> manifest = get("/manifest.webmanifest", "*/*");
    assertThat(manifest.statusCode()).isEqualTo(200);
    assertThat(manifest.headers().firstValue("Content-Type")).hasValue("application/manifest+json");
    assertThat(manifest.headers().firstValue("Cache-Control")).hasValue("no-cache");

    // WebAssembly.instantiateStreaming refuses any other type.
    HttpResponse<String> wasm = get("/assets/zxing_reader-AbC123.wasm", "*/*");
    assertThat(wasm.statusCode()).isEqualTo(200);
    assertThat(wasm.headers().firstValue("Content-Type")).hasValue("application/wasm");
    assertThat(wasm.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
  }

  @Test
  void deepLinksThatAcceptHtmlGetTheApp() throws Exception {
    HttpResponse<String> r = get("/inventory/products?q=sm58", "text/html,application/xhtml+xml");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<title>EventKit</title>");
  }

  @Test
  void apiPathsMissingFilesAndNonHtmlRequestsAreNotTheApp() throws Exception {
    assertThat(get("/inventory/products", "application/json").statusCode()).isEqualTo(404);
    assertThat(get("/eventkit.v1.NoSuch/Method", "text/html").statusCode()).isEqualTo(404);
    assertThat(get("/assets/missing-123.js", "text/html").statusCode()).isEqualTo(404);
    assertThat(get("/report.pdf", "text/html").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(404);
  }

  @Test
  void nothingOutsideTheAppIsServed() throws Exception {
    assertThat(get("/../secret.txt", null).statusCode()).isIn(400, 404);
    assertThat(get("/%2e%2e/secret.txt", null).statusCode()).isIn(400, 404);
    assertThat(get("/assets/..%2f..%2fsecret.txt", null).statusCode()).isIn(400, 404);
  }

  @Test
  void aBuildWithoutTheAppSaysSo() throws Exception {
    WebAppServlet empty = new WebAppServlet(new URLClassLoader(new URL[0], null));
    assertThat(empty.present()).isFalse();
    assertThat(
            new WebAppServlet(new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)).present())
        .isTrue();
  }
}
