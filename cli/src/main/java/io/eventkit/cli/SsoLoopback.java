package io.eventkit.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The loopback end of an OIDC login from the command line (RFC 8252): a tiny HTTP server on
 * 127.0.0.1 and an ephemeral port that waits for the provider to send the browser back to {@code
 * /callback?state=…&code=…}. Only a redirect with the expected {@code state} completes it; anything
 * else gets an error page and is otherwise ignored.
 */
final class SsoLoopback implements AutoCloseable {
  /** What the provider sent back: a code, or an error. */
  record Callback(String code, String error, String errorDescription) {}

  private final HttpServer server;
  private final CompletableFuture<String> expectedState = new CompletableFuture<>();
  private final CompletableFuture<Callback> result = new CompletableFuture<>();

  private SsoLoopback(HttpServer server) {
    this.server = server;
  }

  static SsoLoopback start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new CliException(
          CliException.FAILURE,
          "cannot listen on 127.0.0.1 for the login redirect: " + e.getMessage());
    }
    SsoLoopback loopback = new SsoLoopback(server);
    server.createContext("/", loopback::handle);
    server.start();
    return loopback;
  }

  String redirectUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
  }

  /** Waits up to {@code timeout} for the redirect carrying {@code state}. */
  Callback await(String state, Duration timeout) {
    expectedState.complete(state);
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new CliException(
          CliException.AUTH,
          "the browser did not come back within "
              + Text.duration(timeout)
              + " (raise --sso-timeout, or run eventkit login --sso again)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(CliException.FAILURE, "interrupted");
    } catch (ExecutionException e) {
      throw new CliException(CliException.FAILURE, String.valueOf(e.getCause()));
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          || !"/callback".equals(exchange.getRequestURI().getPath())) {
        respond(exchange, 404, "Not found.");
        return;
      }
      Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
      String state;
      try {
        // The browser can be faster than StartSsoLogin's answer reaching await().
        state = expectedState.get(30, TimeUnit.SECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException e) {
        respond(exchange, 503, "This login is not ready yet.");
        return;
      }
      if (!state.equals(q.get("state"))) {
        respond(exchange, 400, "This link does not belong to the waiting eventkit login.");
        return;
      }
      if (q.containsKey("error")) {
        result.complete(new Callback(null, q.get("error"), q.get("error_description")));
        respond(
            exchange, 200, "The login failed: " + q.get("error") + ". You can close this window.");
        return;
      }
      String code = q.get("code");
      if (code == null || code.isEmpty()) {
        respond(exchange, 400, "The provider sent no authorization code.");
        return;
      }
      result.complete(new Callback(code, null, null));
      respond(exchange, 200, "Logged in. You can close this window and go back to the terminal.");
    }
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    String html =
        "<!doctype html><meta charset=utf-8><title>eventkit login</title><p>"
            + text.replace("&", "&amp;").replace("<", "&lt;")
            + "</p>";
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.putIfAbsent(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  @Override
  public void close() {
    expectedState.completeExceptionally(new IllegalStateException("closed"));
    server.stop(0);
  }
}
