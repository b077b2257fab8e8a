package io.eventkit.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process against a node URL with a fixed clock and captures its output. */
final class Cli {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final String TOKEN = "test-admin-token";

  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  private final String url;
  private Terminal terminal = Terminal.NONE;
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Map<String, String> env = new HashMap<>();
  private String stdin = "";

  /**
   * The environment is empty but for EVENTKIT_CONFIG_DIR, a fresh directory that does not exist
   * yet, so no test sees the stored login of the person running the tests.
   */
  Cli(String url) {
    this.url = url;
    try {
      Path base = Files.createTempDirectory("eventkit-cli-test");
      base.toFile().deleteOnExit();
      env.put("EVENTKIT_CONFIG_DIR", base.resolve("config").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Cli clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** Sets (or with null removes) an environment variable of later runs. */
  Cli env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  Path configDir() {
    return Path.of(env.get("EVENTKIT_CONFIG_DIR"));
  }

  /** Deletes the config directory and what is in it (the stored login of the tests). */
  void deleteConfigDir() throws IOException {
    Path dir = configDir();
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    Files.deleteIfExists(dir.getParent());
  }

  /** What the next runs read on standard input. */
  Cli stdin(String text) {
    this.stdin = text;
    return this;
  }

  Cli terminal(Terminal t) {
    this.terminal = t;
    return this;
  }

  /** Runs with {@code --node URL --token TOKEN} followed by {@code args}. */
  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--node", url, "--token", TOKEN));
    all.addAll(List.of(args));
    return raw(all.toArray(String[]::new));
  }

  /** Runs exactly {@code args}. */
  Result raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        EventKitCli.run(
            args,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            clock,
            terminal,
            Map.copyOf(env),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    return new Result(code, out.toString(), err.toString());
  }
}
