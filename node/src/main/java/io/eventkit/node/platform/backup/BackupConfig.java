package io.eventkit.node.platform.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Config {@code backup} (docs/operations.md, "Backups and restore"): with the embedded database the
 * node archives its WAL and takes base backups itself, so that {@code eventkit-node restore --to
 * <time>} can bring it back to any moment since its oldest kept backup. With an external database
 * this section is not used: that server's own backups apply (the node warns at start when its WAL
 * archiving is off).
 *
 * <p>{@code directory}: where base backups ({@code base/}) and archived WAL ({@code wal/}) go;
 * empty means {@code <dataDir>/backups}. Put it on another disk than the data directory. {@code
 * every}: how often a base backup is taken. {@code keep}: how long base backups are kept (with the
 * WAL they need); the newest two are kept whatever their age. {@code archiveTimeout}: the longest
 * time a written change waits before its WAL is archived (PostgreSQL's {@code archive_timeout}).
 */
public class BackupConfig {
  private boolean enabled = true;
  private String directory = "";
  private Duration every = Duration.hours(24);
  private Duration keep = Duration.days(14);
  private Duration archiveTimeout = Duration.minutes(5);

  /** Problems that stop the node from starting, each naming its setting; empty when fine. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (every.toMinutes() < 1) {
      p.add("backup.every must be at least 1 minute, got " + every);
    }
    if (keep.toJavaDuration().compareTo(every.toJavaDuration()) < 0) {
      p.add("backup.keep (" + keep + ") must be at least backup.every (" + every + ")");
    }
    if (archiveTimeout.toSeconds() < 1) {
      p.add("backup.archiveTimeout must be at least 1 second, got " + archiveTimeout);
    }
    if (directory.chars().anyMatch(c -> "'\"$`\\".indexOf(c) >= 0)) {
      p.add("backup.directory must not contain ', \", $, ` or \\: " + directory);
    }
    return p;
  }

  /** The backup directory: {@code directory} when set, else {@code <dataDir>/backups}. */
  public Path resolve(Path dataDir) {
    return directory.isBlank()
        ? dataDir.resolve("backups").toAbsolutePath()
        : Path.of(directory).toAbsolutePath();
  }

  @JsonProperty
  public boolean isEnabled() {
    return enabled;
  }

  @JsonProperty
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @JsonProperty
  public String getDirectory() {
    return directory;
  }

  @JsonProperty
  public void setDirectory(String directory) {
    this.directory = directory == null ? "" : directory.trim();
  }

  @JsonProperty
  public Duration getEvery() {
    return every;
  }

  @JsonProperty
  public void setEvery(Duration every) {
    this.every = every;
  }

  @JsonProperty
  public Duration getKeep() {
    return keep;
  }

  @JsonProperty
  public void setKeep(Duration keep) {
    this.keep = keep;
  }

  @JsonProperty
  public Duration getArchiveTimeout() {
    return archiveTimeout;
  }

  @JsonProperty
  public void setArchiveTimeout(Duration archiveTimeout) {
    this.archiveTimeout = archiveTimeout;
  }
}
