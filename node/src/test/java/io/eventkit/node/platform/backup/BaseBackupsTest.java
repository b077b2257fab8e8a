package io.eventkit.node.platform.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Retention of base backups and archived WAL, and the settings handed to the server. */
class BaseBackupsTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @Test
  void pruneKeepsTheWindowAndTheNewestTwoAndTheWalTheyNeed() throws IOException {
    Path root = Files.createTempDirectory("eventkit-backups");
    backup(root, "a", NOW.minus(Duration.ofDays(20)), "000000010000000000000002");
    backup(root, "b", NOW.minus(Duration.ofDays(15)), "000000010000000000000005");
    backup(root, "c", NOW.minus(Duration.ofDays(13)), "000000010000000000000009");
    Files.createDirectories(root.resolve("base/.d.partial"));
    Files.createDirectories(root.resolve("wal"));
    for (int i = 1; i <= 11; i++) {
      Files.createFile(root.resolve("wal").resolve(String.format("00000001%016X.gz", i)));
    }
    Files.createFile(root.resolve("wal/00000002.history.gz"));
    Files.createFile(root.resolve("wal/00000002000000000000000A.gz"));
    Files.createFile(root.resolve("wal/000000010000000000000008.00000028.backup.gz"));

    BaseBackups backups = new BaseBackups(root, root, null, Clock.fixed(NOW, ZoneOffset.UTC));
    backups.prune(Duration.ofDays(14));

    // a and b ended over 14 days ago; b is one of the newest two, so it stays.
    assertThat(backups.list()).extracting(BaseBackups.Backup::name).containsExactly("b", "c");
    assertThat(names(root.resolve("wal")))
        .containsExactlyInAnyOrder(
            "000000010000000000000005.gz",
            "000000010000000000000006.gz",
            "000000010000000000000007.gz",
            "000000010000000000000008.gz",
            "000000010000000000000008.00000028.backup.gz",
            "000000010000000000000009.gz",
            "00000001000000000000000A.gz",
            "00000001000000000000000B.gz",
            "00000002000000000000000A.gz",
            "00000002.history.gz");
  }

  @Test
  void settingsReachTheServerQuotedForItsShell() {
    var settings = BaseBackups.archiving(Path.of("/srv/eventkit backups"), Duration.ofMinutes(5));
    assertThat(settings)
        .containsEntry("archive_mode", "on")
        .containsEntry("archive_timeout", "300s")
        .containsEntry("wal_recycle", "off");
    assertThat(settings.get("archive_command"))
        .startsWith(
            "if test -f '/srv/eventkit backups/wal'/%f.gz; then gzip -dc '/srv/eventkit"
                + " backups/wal'/%f.gz | cmp -s - %p; else gzip -c %p > ");
    assertThat(io.eventkit.node.platform.db.EmbeddedDatabase.forShell("on")).isEqualTo("on");
    assertThat(
            io.eventkit.node.platform.db.EmbeddedDatabase.forShell(settings.get("archive_command")))
        .startsWith("\"if test -f ")
        .endsWith("; fi\"");
    assertThatThrownBy(
            () -> io.eventkit.node.platform.db.EmbeddedDatabase.forShell("a $(rm -rf /)"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BaseBackups.archiving(Path.of("/srv/it's"), Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class);

    BackupConfig config = new BackupConfig();
    assertThat(config.problems()).isEmpty();
    config.setDirectory("/srv/$HOME");
    config.setEvery(io.dropwizard.util.Duration.days(30));
    assertThat(config.problems())
        .anyMatch(p -> p.startsWith("backup.directory must not contain"))
        .anyMatch(p -> p.startsWith("backup.keep (14 days) must be at least backup.every"));
  }

  private static void backup(Path root, String name, Instant stop, String startWal)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve("base").resolve(name));
    Properties p = new Properties();
    p.setProperty("start", stop.minusSeconds(60).toString());
    p.setProperty("stop", stop.toString());
    p.setProperty("startWal", startWal);
    p.setProperty("stopWal", startWal);
    p.setProperty("bytes", "1");
    try (OutputStream out = Files.newOutputStream(dir.resolve(BaseBackups.MANIFEST))) {
      p.store(out, null);
    }
  }

  private static Stream<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).toList().stream();
    }
  }
}
