package io.eventkit.node;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.eventkit.node.platform.backup.BaseBackups;
import io.eventkit.node.platform.backup.PointInTimeRestore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code restore --to <time>|latest [--list] [--node-id ID] [--data-dir DIR] [config.yml]}:
 * restores the embedded database from the node's backups to a point in time (docs/operations.md,
 * "Backups and restore"). The node must be stopped: the command takes the data directory's lock.
 * The data directory is {@code --data-dir}, else the config file's {@code dataDir}, else the dev
 * default {@code data/<node-id>}.
 */
final class RestoreCommand extends ConfiguredCommand<NodeConfiguration> {
  private final Clock clock;

  RestoreCommand(Clock clock) {
    super("restore", "Restores the embedded database to a point in time from the node's backups");
    this.clock = clock;
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    subparser
        .addArgument("--to")
        .dest("to")
        .help(
            "the time to restore to: 2026-12-06T14:30:00Z, 2026-12-06T15:30+01:00, or a local"
                + " time (2026-12-06T15:30) in this machine's time zone; 'latest' restores"
                + " everything the backups hold");
    subparser
        .addArgument("--list")
        .dest("list")
        .action(Arguments.storeTrue())
        .help(
            "list the base backups and the times the node can be restored to, and change nothing");
    subparser.addArgument("--node-id").dest("nodeId").help("node ID (default dev.eventkit.local)");
    subparser.addArgument("--data-dir").dest("dataDir").help("the node's data directory");
  }

  @Override
  protected void run(
      Bootstrap<NodeConfiguration> bootstrap, Namespace namespace, NodeConfiguration config)
      throws Exception {
    if (!config.getDatabase().isEmbedded()) {
      throw new StartupException(
          "restore works on the embedded database; this configuration uses "
              + config.getDatabase().getUrl().split("\\?", 2)[0]
              + ", so restore it with that server's own tools (docs/operations.md, \"Backups and"
              + " restore\")");
    }
    Path dataDir = dataDir(namespace, config);
    Path backups = config.getBackup().resolve(dataDir);
    PointInTimeRestore restore =
        new PointInTimeRestore(
            dataDir, backups, config.getBackup().getArchiveTimeout().toJavaDuration(), clock);
    PrintStream out = System.out;
    if (Boolean.TRUE.equals(namespace.getBoolean("list"))) {
      List<BaseBackups.Backup> all = restore.backups();
      if (all.isEmpty()) {
        out.println("no complete base backup in " + backups);
        return;
      }
      out.println("base backups in " + backups + ":");
      for (BaseBackups.Backup b : all) {
        out.printf("  %s  restorable from %s  (%d MB)%n", b.name(), b.stop(), b.bytes() >> 20);
      }
      out.println(
          "the node can be restored to any time from "
              + all.get(0).stop()
              + " to its last archived change (--to latest)");
      return;
    }
    String to = namespace.getString("to");
    if (to == null) {
      throw new StartupException("give --to <time> (or --to latest), or --list");
    }
    Optional<Instant> target =
        "latest".equalsIgnoreCase(to) ? Optional.empty() : Optional.of(parse(to));
    java.nio.file.Files.createDirectories(dataDir);
    DataDirLock lock = DataDirLock.acquire(dataDir, clock);
    try (lock) {
      out.println(
          "restoring "
              + dataDir
              + " to "
              + target.map(Instant::toString).orElse("the latest archived change")
              + "…");
      PointInTimeRestore.Result result = restore.restore(target);
      out.println("restored from base backup " + result.backup().name() + ".");
      if (!config.getFiles().isS3()) {
        int files =
            new io.eventkit.node.platform.backup.FileMirror(
                    config.getFiles().resolve(dataDir), backups, clock)
                .restore(result.fileKeys());
        out.println(
            files == 0
                ? "every uploaded file was still in place."
                : files + " uploaded files were put back from the backup.");
      }
      result
          .lastTransaction()
          .ifPresent(t -> out.println("the last transaction restored was committed at " + t + "."));
      if (result.previousDirectory() != null) {
        out.println(
            "the database as it was before is kept in "
                + result.previousDirectory()
                + "; delete it once the restored node is checked.");
      }
      out.println("start the node as usual.");
    } catch (PointInTimeRestore.RestoreException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  static Path dataDir(Namespace namespace, NodeConfiguration config) {
    String dir = namespace.getString("dataDir");
    if (dir != null) {
      return Path.of(dir).toAbsolutePath();
    }
    if (namespace.getString("file") != null && !config.getDataDir().isBlank()) {
      return Path.of(config.getDataDir()).toAbsolutePath();
    }
    String nodeId = namespace.getString("nodeId");
    return Path.of("data", nodeId != null ? nodeId : "dev.eventkit.local").toAbsolutePath();
  }

  static Instant parse(String time) {
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException notInstant) {
      // next form
    }
    try {
      return OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException notOffset) {
      // next form
    }
    try {
      return LocalDateTime.parse(time.replace(' ', 'T')).atZone(ZoneId.systemDefault()).toInstant();
    } catch (DateTimeParseException e) {
      throw new StartupException(
          "--to '"
              + time
              + "' is not a time: use 2026-12-06T14:30:00Z, 2026-12-06T15:30+01:00, a local"
              + " 2026-12-06T15:30, or latest");
    }
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    NodeCommands.printError(cli, e);
  }
}
