package io.eventkit.conformance.harness;

import io.dropwizard.testing.DropwizardTestSupport;
import io.eventkit.node.NodeApplication;
import io.eventkit.node.NodeConfiguration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Real nodes in this JVM: fast, the default. They share one embedded PostgreSQL server started by
 * the deployer, each node with its own database on it (configured as the node's external JDBC URL),
 * which saves an initdb and a server per node; the process deployer keeps the node's own embedded
 * PostgreSQL, as users run it.
 */
public final class InJvmDeployer extends LocalDeployer {
  private EmbeddedPostgres postgres;

  private synchronized String databaseFor(String nodeId) {
    try {
      if (postgres == null) {
        postgres =
            EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
      }
      String db = nodeId.replaceAll("[^a-z0-9]", "_");
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + db);
      }
      return postgres.getJdbcUrl("postgres", db);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("shared embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    super.close();
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        // best effort: the server is a child process of this JVM
      }
      postgres = null;
    }
  }

  @Override
  LocalNode newNode(String nodeId, NodeOptions options) {
    return new InJvmNode(nodeId, options, null);
  }

  @Override
  LocalNode newReplica(LocalNode primary) {
    return new InJvmNode(primary.nodeId, primary.options, (InJvmNode) primary);
  }

  private final class InJvmNode extends LocalNode {
    private final String jdbcUrl;
    private DropwizardTestSupport<NodeConfiguration> support;

    InJvmNode(String nodeId, NodeOptions options, InJvmNode primary) {
      super(nodeId, options, primary);
      this.jdbcUrl = primary == null ? databaseFor(nodeId) : primary.jdbcUrl;
    }

    @Override
    public synchronized void start() {
      if (support != null) {
        return;
      }
      NodeConfiguration config = new NodeConfiguration();
      config.setNodeId(nodeId);
      config.setDataDir(dataDir.toString());
      config.getDatabase().setUrl(jdbcUrl);
      config.getDatabase().setUser("postgres");
      config.getDatabase().setMaxPoolSize(8);
      config.httpConnector().setBindHost("127.0.0.1");
      config.httpConnector().setPort(httpPort);
      config.getGrpc().setPort(grpcPort);
      config.setPublicHost(PUBLIC_HOST);
      config.setClockOffset(options.clockOffset());
      if (!options.displayName().isBlank()) {
        config.setDisplayName(options.displayName());
      }
      config.getFederation().setBindHost(bindHost);
      if (primary != null) {
        // The keys in the database are encrypted with the passphrase the first replica generated.
        config
            .getFederation()
            .setKeyPassphraseFile(primary.dataDir.resolve("key-passphrase").toString());
      }
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
