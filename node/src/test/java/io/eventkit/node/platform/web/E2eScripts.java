package io.eventkit.node.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The browser tests' harness: web/e2e scripts run with Node.js against a node, driving Debian's
 * Chromium through playwright-core. On CI (CI=true) a missing Chromium or web build fails the test;
 * elsewhere it skips with the reason.
 */
final class E2eScripts {
  static final Path WEB = Path.of("..", "web").toAbsolutePath().normalize();
  static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  private E2eScripts() {}

  /** Fails (CI) or skips (elsewhere) unless Chromium, playwright-core and the built app exist. */
  static void requireBrowser() {
    require(
        Files.isExecutable(CHROMIUM),
        "Chromium is not installed at " + CHROMIUM + ": apt-get install -y chromium");
    require(
        Files.isDirectory(WEB.resolve("node_modules/playwright-core")),
        "web/node_modules lacks playwright-core: build the web app (./mvnw package, without"
            + " -Dweb.skip)");
    require(
        new WebAppServlet().present(),
        "the web app is not on the classpath: build without -Dweb.skip");
  }

  static void require(boolean ok, String why) {
    if (ok) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort("browser test skipped: " + why);
  }

  /**
   * Runs {@code node <script> <baseUrl>} in web/ with {@code env} (plus CHROMIUM and E2E_OUT),
   * prints its output, and asserts it finished within {@code timeout}, exited 0 and printed "{@code
   * <label>: N passed, 0 failed}".
   */
  static void runAndCheck(
      String script, String baseUrl, Map<String, String> env, Duration timeout, String label)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("node", script, baseUrl)
            .directory(WEB.toFile())
            .redirectErrorStream(true);
    pb.environment().put("CHROMIUM", CHROMIUM.toString());
    pb.environment().put("E2E_OUT", WEB.resolve("target/e2e").toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    StringBuilder out = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try {
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (out) {
                  out.append(text);
                }
              } catch (java.io.IOException e) {
                synchronized (out) {
                  out.append(e);
                }
              }
            });
    reader.start();
    boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    reader.join(10_000);
    String log;
    synchronized (out) {
      log = out.toString();
    }
    System.out.println(log);
    assertThat(done).as("%s finished within %s", label, timeout).isTrue();
    assertThat(p.exitValue()).as("%s exit code; output:%n%s", label, log).isZero();
    assertThat(log).containsPattern(label + ": \\d+ passed, 0 failed");
  }
}
