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

  final String nodeId;
  final NodeOptions options;
  final Path dataDir;
  final int httpPort = FreePorts.next();
  final int grpcPort = FreePorts.next();

  /** The federation port; the enrolment listener is on the next one (docs §3.2). */
  final int federationPort = FreePorts.next(2, BIND_HOST, PUBLIC_HOST);

  private final FaultProxy proxy;

  LocalNode(String nodeId, NodeOptions options) {
    this.nodeId = nodeId;
    this.options = options;
    try {
      this.dataDir = Files.createTempDirectory("eventkit-" + nodeId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  void closeProxy() {
    proxy.close();
  }
}
