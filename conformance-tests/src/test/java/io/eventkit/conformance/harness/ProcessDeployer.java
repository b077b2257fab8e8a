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
    return new ProcessNode(nodeId, options, null);
  }

  /**
   * A replica process of {@code primary}: the same node ID, on the primary's embedded PostgreSQL
   * (as its external database) with the primary's key passphrase, its federation listeners on the
   * replica address behind the primary's proxy.
   */
  @Override
  LocalNode newReplica(LocalNode primary) {
    return new ProcessNode(primary.nodeId, primary.options, (ProcessNode) primary);
  }

  private final class ProcessNode extends LocalNode {
    private final Path log;
    private Process process;

    private final Path config;

    /** The port of the embedded PostgreSQL a primary starts (its replicas connect to it). */
    private final int postgresPort;

    ProcessNode(String nodeId, NodeOptions options, ProcessNode primary) {
      super(nodeId, options, primary);
      this.log = dataDir.resolve("node.log");
      this.postgresPort = primary == null ? FreePorts.next() : primary.postgresPort;
      // What the dev command has no flag for: the advertised host, the federation bind host, the
      // company name, the database (a replica's is its primary's) and a replica's passphrase.
      this.config = dataDir.resolve("conformance.yml");
      StringBuilder yaml =
          new StringBuilder("publicHost: ")
              .append(PUBLIC_HOST)
              .append("\nfederation:\n  bindHost: ")
              .append(bindHost)
              .append('\n');
      if (primary != null) {
        yaml.append("  keyPassphraseFile: ")
            .append(primary.dataDir.resolve("key-passphrase"))
            .append("\ndatabase:\n  url: jdbc:postgresql://127.0.0.1:")
            .append(postgresPort)
            .append("/postgres\n  user: postgres\n");
      } else {
        yaml.append("database:\n  embeddedPort: ").append(postgresPort).append('\n');
      }
      if (!options.displayName().isBlank()) {
        // JSON strings are YAML strings: any name is quoted safely.
        yaml.append("displayName: ")
            .append(new com.google.gson.Gson().toJson(options.displayName()))
            .append('\n');
      }
      try {
        Files.writeString(config, yaml);
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
