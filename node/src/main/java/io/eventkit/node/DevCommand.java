package io.eventkit.node;

import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.io.PrintStream;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code dev [--node-id ID] [--data-dir DIR] [--http-port N] [--admin-port N] [--grpc-port N]
 * [--federation-port N] [--clock-offset D] [--demo-data] [config.yml]}: runs a node on the embedded
 * database with readable logs and prints its URLs. On first start it prints the admin token (also
 * kept in {@code <data-dir>/admin-token}).
 */
final class DevCommand extends ServerCommand<NodeConfiguration> {
  private final NodeApplication application;

  DevCommand(NodeApplication application) {
    super(application, "dev", "Runs a node for development on the embedded PostgreSQL");
    this.application = application;
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    subparser.addArgument("--node-id").dest("nodeId").help("node ID (default dev.eventkit.local)");
    subparser
        .addArgument("--data-dir")
        .dest("dataDir")
        .help("data directory (default data/<node-id>)");
    subparser
        .addArgument("--http-port")
        .dest("httpPort")
        .type(Integer.class)
        .help("HTTP port: Connect, /health, /metrics (default 8080)");
    subparser
        .addArgument("--grpc-port")
        .dest("grpcPort")
        .type(Integer.class)
        .help("plaintext gRPC API port (default 9090)");
    subparser
        .addArgument("--federation-port")
        .dest("federationPort")
        .type(Integer.class)
        .help("mTLS federation port (default 9443)");
    subparser
        .addArgument("--admin-port")
        .dest("adminPort")
        .type(Integer.class)
        .help("admin port on 127.0.0.1: Dropwizard tasks, thread dump (default: any free port)");
    subparser
        .addArgument("--clock-offset")
        .dest("clockOffset")
        .help("shift the node's clock, ISO-8601 (e.g. PT30S, -PT10M); for clock-skew tests");
    subparser
        .addArgument("--demo-data")
        .dest("demoData")
        .action(net.sourceforge.argparse4j.impl.Arguments.storeTrue())
        .help("load the demo inventory (products, assets, events) if the inventory is empty");
  }

  @Override
  protected void run(
      Bootstrap<NodeConfiguration> bootstrap, Namespace namespace, NodeConfiguration config)
      throws Exception {
    applyOverrides(namespace, config);
    java.util.List<String> busy = ServerModeChecks.environmentProblems(config);
    if (!busy.isEmpty()) {
      throw new StartupException("cannot start:\n  - " + String.join("\n  - ", busy));
    }
    super.run(bootstrap, namespace, config);
  }

  static void applyOverrides(Namespace namespace, NodeConfiguration config) {
    String nodeId = namespace.getString("nodeId");
    if (nodeId != null) {
      config.setNodeId(nodeId);
    } else if (config.getNodeId().isBlank()) {
      config.setNodeId("dev.eventkit.local");
    }
    if (config.getPublicHost().isBlank()) {
      config.setPublicHost("localhost");
    }
    String dataDir = namespace.getString("dataDir");
    config.setDataDir(dataDir != null ? dataDir : Path.of("data", config.getNodeId()).toString());
    Integer http = namespace.getInt("httpPort");
    if (http != null) {
      config.httpConnector().setPort(http);
    }
    Integer admin = namespace.getInt("adminPort");
    if (admin != null) {
      config.adminConnector().setPort(admin);
    }
    Integer grpc = namespace.getInt("grpcPort");
    if (grpc != null) {
      config.getGrpc().setPort(grpc);
    }
    if (Boolean.TRUE.equals(namespace.getBoolean("demoData"))) {
      config.getInventory().setDemoData(true);
    }
    String clockOffset = namespace.getString("clockOffset");
    if (clockOffset != null) {
      try {
        config.setClockOffset(java.time.Duration.parse(clockOffset));
      } catch (java.time.format.DateTimeParseException e) {
        throw new StartupException(
            "--clock-offset '"
                + clockOffset
                + "' is not an ISO-8601 duration such as PT90S or -PT10M");
      }
    }
    Integer federation = namespace.getInt("federationPort");
    if (federation != null) {
      config.getFederation().setPort(federation);
    }
  }

  /**
   * argparse4j reads a value that starts with '-' as an option, so {@code --clock-offset -PT10M}
   * (the form the README shows) would be refused: join such a value to its option.
   */
  static String[] normalizeArguments(String... arguments) {
    java.util.List<String> out = new java.util.ArrayList<>(arguments.length);
    for (int i = 0; i < arguments.length; i++) {
      String a = arguments[i];
      if ("--clock-offset".equals(a)
          && i + 1 < arguments.length
          && arguments[i + 1].startsWith("-")
          && !arguments[i + 1].startsWith("--")) {
        out.add(a + "=" + arguments[++i]);
      } else {
        out.add(a);
      }
    }
    return out.toArray(String[]::new);
  }

  @Override
  public void onError(io.dropwizard.core.cli.Cli cli, Namespace namespace, Throwable e) {
    NodeCommands.printError(cli, e);
  }

  @Override
  protected void run(Environment environment, Namespace namespace, NodeConfiguration config)
      throws Exception {
    environment
        .lifecycle()
        .addServerLifecycleListener(server -> printBanner(System.out, config, server));
    super.run(environment, namespace, config);
  }

  private void printBanner(
      PrintStream out, NodeConfiguration config, org.eclipse.jetty.server.Server server) {
    NodeRuntime rt = application.runtime();
    String http = "http://127.0.0.1:" + localPort(server, "application");
    out.println();
    out.println("EventKit node " + config.getNodeId() + " is running");
    out.println("  Connect API   " + http + "/eventkit.v1.NodeService/GetNodeInfo");
    out.println("  health        " + http + "/health");
    out.println("  metrics       " + http + "/metrics");
    out.println("  gRPC API      127.0.0.1:" + rt.grpcPort() + " (plaintext)");
    out.println(
        "  admin         http://127.0.0.1:"
            + localPort(server, "admin")
            + "/ (Dropwizard tasks, thread dump; loopback only)");
    out.println(
        "  federation    "
            + config.getPublicHost()
            + ":"
            + config.getFederation().getPort()
            + " (mTLS)");
    out.println("  data          " + rt.dataDir());
    rt.newAdminToken()
        .ifPresentOrElse(
            token -> {
              out.println("  admin token   " + token);
              out.println(
                  "                (shown once; also saved to "
                      + rt.dataDir().resolve("admin-token")
                      + ")");
            },
            () -> out.println("  admin token   in " + rt.dataDir().resolve("admin-token")));
    out.println();
    out.flush();
  }

  private static int localPort(org.eclipse.jetty.server.Server server, String name) {
    for (var connector : server.getConnectors()) {
      if (connector instanceof org.eclipse.jetty.server.NetworkConnector nc
          && name.equals(connector.getName())) {
        return nc.getLocalPort();
      }
    }
    return -1;
  }
}
