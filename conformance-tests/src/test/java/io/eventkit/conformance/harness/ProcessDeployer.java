package io.eventkit.conformance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Nodes as separate processes started from the built {@code eventkit-node.jar} with the {@code dev}
 * command: what users run. Select with {@code -Deventkit.deployer=process}.
 *
 * <p>{@code -Deventkit.nodeCommand="/path/to/node [args…]"} runs that command instead of {@code
 * java -jar eventkit-node.jar} (split on spaces), followed by the same {@code dev --node-id … }
 * arguments: the way to point the suite at a node that is not the Java reference
 * (docs/federation.md §18).
 */
public final class ProcessDeployer extends LocalDeployer {
  private final List<String> command;

  public ProcessDeployer(String jar) {
    String custom = System.getProperty("eventkit.nodeCommand", "").trim();
    if (!custom.isEmpty()) {
      this.command = List.of(custom.split("\\s+"));
      return;
    }
    Path path = Path.of(jar).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "node jar not found at " + path + ": build it first with ./mvnw -pl node -am package");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    this.command = List.of(java, "-Xmx256m", "-jar", path.toString());
  }

  @Override
  LocalNode newNode(String nodeId, NodeOptions options) {
    return new ProcessNode(nodeId, options);
  }

  private final class ProcessNode extends LocalNode {
    private final Path log;
    private Process process;

    private final Path config;

    ProcessNode(String nodeId, NodeOptions options) {
      super(nodeId, options);
      this.log = dataDir.resolve("node.log");
      // What the dev command has no flag for: the advertised host, the federation bind host and
      // the company name.
      this.config = dataDir.resolve("conformance.yml");
      try {
        Files.writeString(
            config,
            "publicHost: "
                + PUBLIC_HOST
                + "\nfederation:\n  bindHost: "
                + BIND_HOST
                + "\n"
                + (options.displayName().isBlank()
                    ? ""
                    // JSON strings are YAML strings: any name is quoted safely.
                    : "displayName: "
                        + new com.google.gson.Gson().toJson(options.displayName())
                        + "\n"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public synchronized void start() {
      if (process != null && process.isAlive()) {
        return;
      }
      List<String> args = new java.util.ArrayList<>(command);
      args.addAll(
          List.of(
              "dev",
              "--node-id",
              nodeId,
              "--data-dir",
              dataDir.toString(),
              "--http-port",
              String.valueOf(httpPort),
              "--grpc-port",
              String.valueOf(grpcPort),
              "--federation-port",
              String.valueOf(federationPort),
              "--clock-offset",
              options.clockOffset().toString(),
              config.toString()));
      ProcessBuilder pb = new ProcessBuilder(args);
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      awaitHealthy(Duration.ofSeconds(60));
    }

    private void awaitHealthy(Duration timeout) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(nodeId + " exited during start:\n" + logTail(40));
        }
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create(httpUrl() + "/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        sleep(200);
      }
      throw new IllegalStateException(
          nodeId + " not healthy after " + timeout + ":\n" + logTail(40));
    }

    @Override
    public synchronized void stop() {
      if (process == null) {
        return;
      }
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }

    @Override
    public synchronized void kill() {
      if (process == null) {
        return;
      }
      // SIGKILL: nothing of the node runs its shutdown hooks. The embedded PostgreSQL it started
      // is a separate process; the next start must cope with whatever state that leaves.
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }

    @Override
    public String logTail(int lines) {
      try {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }

    private static void sleep(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
