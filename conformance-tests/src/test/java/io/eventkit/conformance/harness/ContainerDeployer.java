package io.eventkit.conformance.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * Nodes as containers ({@code -Deventkit.deployer=containers}): the image built from {@code
 * docker/Dockerfile} (or {@code -Deventkit.nodeImage=…}, an image built by someone else), each node
 * in {@code server} mode with its own PostgreSQL container, all on one Docker network where a
 * node's network alias is its node ID (which it also advertises as its public host).
 *
 * <p>Needs a Docker engine: without one the constructor throws a JUnit assumption failure, so the
 * tests that asked for it are reported skipped, not failed. Faults: {@link NodeHandle#network()} is
 * not supported here (partitions run with the local deployers).
 */
public final class ContainerDeployer implements Deployer {
  private static final int HTTP = 8080;
  private static final int GRPC = 9090;
  private static final int FEDERATION = 9443;
  private static final Duration START = Duration.ofMinutes(3);

  private final Network network;
  private final List<ContainerNode> nodes = new ArrayList<>();
  private ImageFromDockerfile builtImage;

  public ContainerDeployer() {
    assumeTrue(
        DockerClientFactory.instance().isDockerAvailable(),
        "no Docker engine: the container deployer is skipped");
    this.network = Network.newNetwork();
  }

  @Override
  public synchronized List<NodeHandle> deploy(int n, NodeOptions options) {
    List<NodeHandle> started = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ContainerNode node = new ContainerNode("node" + (nodes.size() + 1) + ".test", options);
      nodes.add(node);
      node.start();
      started.add(node);
    }
    return started;
  }

  @Override
  public boolean local() {
    return false;
  }

  @Override
  public synchronized void close() {
    for (ContainerNode node : nodes) {
      node.remove();
    }
    nodes.clear();
    network.close();
  }

  private GenericContainer<?> nodeContainer() {
    String image = System.getProperty("eventkit.nodeImage", "");
    if (!image.isBlank()) {
      return new GenericContainer<>(DockerImageName.parse(image));
    }
    if (builtImage == null) {
      Path repo = Path.of(System.getProperty("eventkit.repoRoot", "..")).toAbsolutePath();
      Path jar = repo.resolve("node/target/eventkit-node.jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "node jar not found at " + jar + ": build it first with ./mvnw -pl node -am package");
      }
      builtImage =
          new ImageFromDockerfile("eventkit-node-conformance", false)
              .withTarget("prebuilt")
              .withFileFromPath("Dockerfile", repo.resolve("docker/Dockerfile"))
              .withFileFromPath("node/target/eventkit-node.jar", jar)
              .withFileFromPath("node/config.yml", repo.resolve("node/config.yml"));
    }
    return new GenericContainer<>(builtImage);
  }

  private final class ContainerNode implements NodeHandle {
    private final String nodeId;
    private final GenericContainer<?> postgres;
    private final GenericContainer<?> node;
    private InspectContainerResponse inspected;

    ContainerNode(String nodeId, NodeOptions options) {
      this.nodeId = nodeId;
      String db = "pg-" + nodeId;
      this.postgres =
          new GenericContainer<>(DockerImageName.parse("postgres:17"))
              .withNetwork(network)
              .withNetworkAliases(db)
              .withEnv("POSTGRES_DB", "eventkit")
              .withEnv("POSTGRES_USER", "eventkit")
              .withEnv("POSTGRES_PASSWORD", "eventkit")
              .waitingFor(
                  Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                      .withStartupTimeout(START));
      this.node =
          nodeContainer()
              .withNetwork(network)
              .withNetworkAliases(nodeId)
              .withEnv("EVENTKIT_NODE_ID", nodeId)
              .withEnv(
                  "EVENTKIT_DISPLAY_NAME",
                  options.displayName().isBlank() ? nodeId : options.displayName())
              .withEnv("EVENTKIT_PUBLIC_HOST", nodeId)
              .withEnv("EVENTKIT_DB_URL", "jdbc:postgresql://" + db + ":5432/eventkit")
              .withEnv("EVENTKIT_DB_USER", "eventkit")
              .withEnv("EVENTKIT_DB_PASSWORD", "eventkit")
              .withEnv("EVENTKIT_KEY_PASSPHRASE", UUID.randomUUID().toString())
              .withEnv("EVENTKIT_GRPC_BIND", "0.0.0.0")
              // Dropwizard reads dw.* system properties as configuration overrides.
              .withEnv("JAVA_TOOL_OPTIONS", "-Ddw.clockOffset=" + options.clockOffset())
              .withExposedPorts(HTTP, GRPC, FEDERATION, FEDERATION + 1)
              .dependsOn(postgres)
              .waitingFor(Wait.forHttp("/health").forPort(HTTP).withStartupTimeout(START));
    }

    private DockerClient docker() {
      return DockerClientFactory.instance().client();
    }

    @Override
    public String nodeId() {
      return nodeId;
    }

    private int hostPort(int containerPort) {
      Ports.Binding[] b =
          inspected
              .getNetworkSettings()
              .getPorts()
              .getBindings()
              .get(ExposedPort.tcp(containerPort));
      return Integer.parseInt(b[0].getHostPortSpec());
    }

    @Override
    public String httpUrl() {
      return "http://" + node.getHost() + ":" + hostPort(HTTP);
    }

    @Override
    public String grpcTarget() {
      return node.getHost() + ":" + hostPort(GRPC);
    }

    @Override
    public String adminToken() {
      return node.copyFileFromContainer(
              "/var/lib/eventkit/admin-token",
              in -> new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .trim();
    }

    @Override
    public synchronized void start() {
      if (node.getContainerId() == null) {
        node.start();
      } else {
        docker().startContainerCmd(node.getContainerId()).exec();
      }
      // Host ports may change across a restart: read them afresh.
      inspected = docker().inspectContainerCmd(node.getContainerId()).exec();
      Wait.forHttp("/health").forPort(HTTP).withStartupTimeout(START).waitUntilReady(node);
    }

    @Override
    public synchronized void stop() {
      if (node.getContainerId() != null) {
        docker().stopContainerCmd(node.getContainerId()).withTimeout(30).exec();
      }
    }

    @Override
    public synchronized void kill() {
      if (node.getContainerId() != null) {
        docker().killContainerCmd(node.getContainerId()).withSignal("KILL").exec();
      }
    }

    void remove() {
      node.stop();
      postgres.stop();
    }

    @Override
    public String logTail(int lines) {
      String[] all = node.getLogs().split("\n");
      return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }
  }
}
