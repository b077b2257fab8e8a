package io.eventkit.node.platform.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Error tracking against an HTTP endpoint standing in for Sentry's ingest (the SDK posts its
 * envelopes there, as to sentry.io): a logged error arrives, with its message and exception, and
 * without the token, JWT, email address, IP address or request-log MDC it carried.
 */
class ErrorTrackingTest {
  private static final Logger LOG = LoggerFactory.getLogger("eventkit.test.errors");

  @Test
  void errorsArriveScrubbed() throws Exception {
    List<String> envelopes = new CopyOnWriteArrayList<>();
    HttpServer ingest =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ingest.createContext(
        "/",
        exchange -> {
          InputStream in = exchange.getRequestBody();
          if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
          }
          envelopes.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    ingest.start();
    ErrorTrackingConfig config = new ErrorTrackingConfig();
    config.setDsn("http://publickey@127.0.0.1:" + ingest.getAddress().getPort() + "/42");
    config.setEnvironment("test");
    assertThat(config.toString()).doesNotContain("publickey");
    ErrorTracking tracking = ErrorTracking.install(config, "1.2.3", "acme.example").orElseThrow();
    String token = "ekt_Q2xhc3NpZmllZEFQSXRva2VuMTIzNDU2Nzg5MA";
    String jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJqb0BleGFtcGxlLmNvbSJ9.c2lnbmF0dXJlLWJ5dGVz";
    try {
      MDC.put("principal", "user:jo@example.com");
      MDC.put("caller", "203.0.113.7:51234");
      LOG.warn("retrying the mail to jo@example.com");
      LOG.error(
          "export for jo@example.com from 203.0.113.7 failed with Bearer " + token,
          new IllegalStateException("token " + jwt + " rejected; link ?signature=abc123&x=1"));
    } finally {
      MDC.clear();
      tracking.stop();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (envelopes.stream().noneMatch(e -> e.contains("export for"))
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    ingest.stop(0);
    String sent = String.join("\n", envelopes);
    assertThat(sent)
        .contains("export for [email redacted] from [ip redacted] failed with Bearer [redacted]")
        .contains("IllegalStateException")
        .contains("token [jwt redacted] rejected; link ?signature=[redacted]")
        .contains("retrying the mail to [email redacted]")
        .contains("eventkit-node@1.2.3")
        .doesNotContain("jo@example.com")
        .doesNotContain("203.0.113.7")
        .doesNotContain(token.substring(4))
        .doesNotContain("eyJhbGciOiJFUzI1NiJ9")
        .doesNotContain("abc123")
        .doesNotContain("publickey@");
  }

  @Test
  void withoutADsnNothingIsInstalled() {
    assertThat(ErrorTracking.install(new ErrorTrackingConfig(), "1", "n")).isEmpty();
    assertThat(Scrubber.scrub("asset 3f0c8a52-4a7e-4a77-9c61-5c9cf2b8b1a3 is out"))
        .isEqualTo("asset 3f0c8a52-4a7e-4a77-9c61-5c9cf2b8b1a3 is out");
  }
}
