package io.eventkit.conformance.harness;

import io.dropwizard.testing.DropwizardTestSupport;
import io.eventkit.node.NodeApplication;
import io.eventkit.node.NodeConfiguration;

/** Real nodes in this JVM, each with its own embedded PostgreSQL. Fast; the default. */
public final class InJvmDeployer extends LocalDeployer {

  @Override
  LocalNode newNode(String nodeId, NodeOptions options) {
    return new InJvmNode(nodeId, options);
  }

  private static final class InJvmNode extends LocalNode {
    private DropwizardTestSupport<NodeConfiguration> support;

    InJvmNode(String nodeId, NodeOptions options) {
      super(nodeId, options);
    }

    @Override
    public synchronized void start() {
      if (support != null) {
        return;
      }
      NodeConfiguration config = new NodeConfiguration();
      config.setNodeId(nodeId);
      config.setDataDir(dataDir.toString());
      config.httpConnector().setBindHost("127.0.0.1");
      config.httpConnector().setPort(httpPort);
      config.getGrpc().setPort(grpcPort);
      config.setPublicHost(PUBLIC_HOST);
      config.setClockOffset(options.clockOffset());
      config.getFederation().setBindHost(BIND_HOST);
      config.getFederation().setPort(federationPort);
      DropwizardTestSupport<NodeConfiguration> s =
          new DropwizardTestSupport<>(NodeApplication.class, config);
      try {
        s.before();
      } catch (Exception e) {
        throw new IllegalStateException(nodeId + " did not start", e);
      }
      support = s;
    }

    @Override
    public synchronized void stop() {
      if (support != null) {
        support.after();
        support = null;
      }
    }

    @Override
    public void kill() {
      throw new UnsupportedOperationException(
          "kill -9 needs the process deployer (-Deventkit.deployer=process)");
    }

    @Override
    public String logTail(int lines) {
      return "(in-jvm node: its log is interleaved in the test output)";
    }
  }
}
