package io.eventkit.node;

import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code server} and {@code check} with the node's server-mode checks ({@link ServerModeChecks}):
 * {@code check} reports every problem {@code server} would refuse to start on.
 */
final class NodeCommands {
  private NodeCommands() {}

  /**
   * Prints a {@link StartupException}'s or a configuration error's message alone; anything else
   * with its stack trace.
   */
  static void printError(Cli cli, Throwable e) {
    StartupException startup = StartupException.find(e);
    if (startup != null) {
      cli.getStdErr().println("eventkit-node: " + startup.getMessage());
    } else if (e instanceof io.dropwizard.configuration.ConfigurationException) {
      cli.getStdErr().println(e.getMessage());
    } else {
      e.printStackTrace(cli.getStdErr());
    }
    cli.getStdErr().flush();
  }

  static final class Server extends ServerCommand<NodeConfiguration> {
    Server(NodeApplication application) {
      super(application, "server", "Runs the node in production mode (every setting required)");
    }

    @Override
    protected void run(
        Bootstrap<NodeConfiguration> bootstrap, Namespace namespace, NodeConfiguration config)
        throws Exception {
      ServerModeChecks.require(config);
      List<String> busy = ServerModeChecks.environmentProblems(config);
      if (!busy.isEmpty()) {
        throw new StartupException("cannot start:\n  - " + String.join("\n  - ", busy));
      }
      super.run(bootstrap, namespace, config);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
      printError(cli, e);
    }
  }

  static final class Check extends CheckCommand<NodeConfiguration> {
    Check(NodeApplication application) {
      super(application);
    }

    @Override
    protected void run(
        Bootstrap<NodeConfiguration> bootstrap, Namespace namespace, NodeConfiguration config)
        throws Exception {
      java.util.List<String> problems =
          new java.util.ArrayList<>(ServerModeChecks.problems(config));
      if (problems.isEmpty()) {
        problems.addAll(ServerModeChecks.environmentProblems(config));
        problems.addAll(ServerModeChecks.databaseProblems(config));
      }
      if (!problems.isEmpty()) {
        throw new StartupException(
            "the configuration is not complete for server mode:\n  - "
                + String.join("\n  - ", problems));
      }
      super.run(bootstrap, namespace, config);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
      printError(cli, e);
    }
  }
}
