package io.eventkit.conformance.harness;

import java.util.ArrayList;
import java.util.List;

/** Deploys numbered nodes on this machine and stops them all on close. */
abstract class LocalDeployer implements Deployer {
  private final List<LocalNode> nodes = new ArrayList<>();

  /** A node not yet started. */
  abstract LocalNode newNode(String nodeId, NodeOptions options);

  /** A replica of {@code primary}, not yet started; unsupported unless a deployer overrides it. */
  LocalNode newReplica(LocalNode primary) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot start replicas; the in-JVM deployer can");
  }

  @Override
  public synchronized NodeHandle replicaOf(NodeHandle node) {
    if (!(node instanceof LocalNode primary) || !nodes.contains(primary)) {
      throw new IllegalArgumentException(node.nodeId() + " was not started by this deployer");
    }
    LocalNode replica = newReplica(primary);
    nodes.add(replica);
    replica.start();
    return replica;
  }

  @Override
  public synchronized List<NodeHandle> deploy(int n, NodeOptions options) {
    List<NodeHandle> started = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      LocalNode node = newNode("node" + (nodes.size() + 1) + ".test", options);
      nodes.add(node);
      node.start();
      started.add(node);
    }
    return started;
  }

  @Override
  public synchronized void close() {
    for (LocalNode node : nodes) {
      try {
        node.stop();
      } finally {
        node.closeProxy();
      }
    }
    nodes.clear();
  }
}
