package io.eventkit.conformance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every locally started node shares: a name, a temporary data directory and three loopback
 * ports fixed for its lifetime (so a restart keeps its addresses).
 */
abstract class LocalNode implements NodeHandle {
  final String nodeId;
  final Path dataDir;
  final int httpPort = FreePorts.next();
  final int grpcPort = FreePorts.next();
  final int federationPort = FreePorts.next();

  LocalNode(String nodeId) {
    this.nodeId = nodeId;
    try {
      this.dataDir = Files.createTempDirectory("eventkit-" + nodeId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
}
