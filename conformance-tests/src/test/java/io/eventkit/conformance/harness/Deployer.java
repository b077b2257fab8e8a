package io.eventkit.conformance.harness;

import java.util.List;

/**
 * Starts nodes named node1…nodeN (numbering continues across calls), each with its own database,
 * ports and data directory. Implementations: {@link InJvmDeployer} (default), {@link
 * ProcessDeployer} ({@code -Deventkit.deployer=process}), {@link ContainerDeployer} ({@code
 * -Deventkit.deployer=containers}, needs a Docker engine).
 */
public interface Deployer extends AutoCloseable {
  /** Starts {@code n} more nodes with the given options and waits until each is healthy. */
  List<NodeHandle> deploy(int n, NodeOptions options);

  default List<NodeHandle> deploy(int n) {
    return deploy(n, NodeOptions.defaults());
  }

  /**
   * Starts another replica of {@code node}: the same node (ID, database, keys, federation ports
   * behind the same proxy, which becomes their load balancer: {@link FaultProxy#upstreams}) with
   * its own HTTP and gRPC ports. Deployers that cannot throw {@link UnsupportedOperationException}.
   */
  default NodeHandle replicaOf(NodeHandle node) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot start replicas");
  }

  /**
   * Whether the nodes share this JVM's loopback network, with a fault proxy in front of each node's
   * federation listeners: what {@link FakePeer}s and {@link NodeHandle#partition()} need.
   */
  default boolean local() {
    return true;
  }

  /** Stops every node this deployer started and releases their resources. */
  @Override
  void close();

  /** The deployer named by the {@code eventkit.deployer} system property (default in-jvm). */
  static Deployer fromSystemProperty() {
    String kind = System.getProperty("eventkit.deployer", "in-jvm");
    return switch (kind) {
      case "in-jvm" -> new InJvmDeployer();
      case "process" ->
          new ProcessDeployer(
              System.getProperty("eventkit.nodeJar", "../node/target/eventkit-node.jar"));
      case "containers" -> new ContainerDeployer();
      default ->
          throw new IllegalArgumentException(
              "unknown eventkit.deployer '" + kind + "': use in-jvm, process or containers");
    };
  }
}
