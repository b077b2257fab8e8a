package io.eventkit.conformance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What every locally started node shares: a name, a temporary data directory and three loopback
 * ports fixed for its lifetime (so a restart keeps its addresses).
 *
 * <p>Network faults: the node binds its federation listeners on 127.0.0.1 but advertises {@link
 * #PUBLIC_HOST} (127.0.0.2, also loopback on Linux) as its public host, where a {@link FaultProxy}
 * listens on the same two ports. Partners learn the advertised endpoints (invitations, enrolment),
 * so every federation byte to this node crosses the proxy, and no port has to be remapped.
 */
abstract class LocalNode implements NodeHandle {
  /**
   * The host every local node advertises to partners: its fault proxy's address. 127.0.0.2 is
   * loopback on Linux; elsewhere add it ({@code sudo ifconfig lo0 alias 127.0.0.2} on macOS) or
   * choose another local address with {@code -Deventkit.proxyHost=…}.
   */
  static final String PUBLIC_HOST = System.getProperty("eventkit.proxyHost", "127.0.0.2");

  static final String BIND_HOST = "127.0.0.1";

  /**
   * Where a replica binds its federation listeners: another loopback address, on the same ports as
   * the node it replicates, behind the same proxy (its load balancer).
   */
  static final String REPLICA_BIND_HOST = "127.0.0.3";

  final String nodeId;
  final NodeOptions options;
  final Path dataDir;
  final int httpPort = FreePorts.next();
  final int grpcPort = FreePorts.next();

  /** The federation port; the enrolment listener is on the next one (docs §3.2). */
  final int federationPort;

  /** The address the federation listeners bind. */
  final String bindHost;

  /** The node this one is a replica of (same node ID and database); null for a node of its own. */
  final LocalNode primary;

  private final FaultProxy proxy;

  LocalNode(String nodeId, NodeOptions options) {
    this(nodeId, options, null);
  }

  /** A replica of {@code primary} when it is not null. */
  LocalNode(String nodeId, NodeOptions options, LocalNode primary) {
    this.nodeId = nodeId;
    this.options = options;
    this.primary = primary;
    try {
      this.dataDir = Files.createTempDirectory("eventkit-" + nodeId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (primary != null) {
      this.federationPort = primary.federationPort;
      this.bindHost = REPLICA_BIND_HOST;
      this.proxy = primary.proxy;
      return;
    }
    this.federationPort = FreePorts.next(2, BIND_HOST, PUBLIC_HOST);
    this.bindHost = BIND_HOST;
    this.proxy =
        new FaultProxy(
            List.of(
                new FaultProxy.Route(
                    new InetSocketAddress(PUBLIC_HOST, federationPort),
                    new InetSocketAddress(BIND_HOST, federationPort)),
                new FaultProxy.Route(
                    new InetSocketAddress(PUBLIC_HOST, federationPort + 1),
                    new InetSocketAddress(BIND_HOST, federationPort + 1))));
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  @Override
  public String grpcTarget() {
    return "127.0.0.1:" + grpcPort;
  }

  @Override
  public String adminToken() {
    if (primary != null) {
      return primary.adminToken(); // one node: its tokens live in the shared database
    }
    try {
      return Files.readString(dataDir.resolve("admin-token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public NetworkFaults network() {
    return proxy;
  }

  /** The proxy in front of this node's federation listeners (shared with its replicas). */
  FaultProxy proxy() {
    return proxy;
  }

  void closeProxy() {
    if (primary != null) {
      return; // the primary's
    }
    proxy.close();
  }
}
