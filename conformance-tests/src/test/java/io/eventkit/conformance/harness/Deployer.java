package io.eventkit.conformance.harness;

import java.util.List;

/** Starts N nodes named node1…nodeN, each with its own database, ports and data directory. */
public interface Deployer extends AutoCloseable {
  List<NodeHandle> deploy(int n);

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
      default ->
          throw new IllegalArgumentException(
              "unknown eventkit.deployer '" + kind + "': use in-jvm or process");
    };
  }
}
