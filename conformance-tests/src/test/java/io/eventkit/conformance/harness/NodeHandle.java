package io.eventkit.conformance.harness;

/**
 * One node of a mesh, as the suite sees it: addresses and credentials only. The suite talks to a
 * node exclusively through its public APIs (gRPC, Connect, CLI), so any implementation that a
 * deployer can start is testable.
 */
public interface NodeHandle {
  String nodeId();

  /** Base URL of the HTTP port (Connect, /health, /metrics), e.g. http://127.0.0.1:8080. */
  String httpUrl();

  /** host:port of the plaintext local gRPC API. */
  String grpcTarget();

  /** The admin API token of the node. */
  String adminToken();

  /** Stops the node gracefully; its data stays for {@link #start()}. */
  void stop();

  /** Starts a stopped node again on the same data and ports. */
  void start();

  /**
   * Ends the node without a graceful shutdown (kill -9 where it is a process). Its data stays for
   * {@link #start()}.
   */
  void kill();

  /** The last lines of the node's log, for failure reports. */
  String logTail(int lines);

  /**
   * The network in front of the node's federation listeners: what partners' calls to this node (and
   * their answers) go through. Deployers that cannot inject faults throw {@link
   * UnsupportedOperationException}.
   */
  default NetworkFaults network() {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " does not route federation traffic through a fault proxy");
  }

  /** Cuts the node off from its partners (bytes dropped both ways, connections left hanging). */
  default void partition() {
    network().blackhole();
  }

  /** Ends a partition or a delay: traffic passes again. */
  default void heal() {
    network().pass();
  }
}
