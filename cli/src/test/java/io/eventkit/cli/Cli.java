package io.eventkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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

  Cli(String url) {
    this.url = url;
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
            Clock.fixed(NOW, ZoneOffset.UTC),
            terminal);
    return new Result(code, out.toString(), err.toString());
  }
}
