package io.eventkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads passwords: from the console without echo, or one per line from standard input with {@code
 * --password-stdin}. Never from an argument (it would show in the process list and the shell
 * history).
 */
final class Passwords {
  /** The node's policy (AuthService.SetPassword): 12–256 code points, no composition rules. */
  static final int MIN = 12;

  static final int MAX = 256;

  private final EventKitCli root;
  private final boolean fromStdin;
  private BufferedReader stdin;

  Passwords(EventKitCli root, boolean fromStdin) {
    this.root = root;
    this.fromStdin = fromStdin;
  }

  /** Whether a password can be read at all; throw the returned message as a usage error if not. */
  String unavailable() {
    if (fromStdin || root.terminal.interactive()) {
      return null;
    }
    return "no terminal to read the password from: pipe it in with --password-stdin";
  }

  /** An existing password (login, the current one): 1–256 characters. */
  String existing(String prompt) {
    String p = read(prompt);
    if (p.isEmpty()) {
      throw new CliException(CliException.USAGE, "the password is empty");
    }
    if (p.codePointCount(0, p.length()) > MAX) {
      throw new CliException(
          CliException.USAGE, "the password is longer than " + MAX + " characters");
    }
    return p;
  }

  /** A new password, checked against the policy; asked twice on a terminal. */
  String chosen(String prompt) {
    String p = read(prompt);
    int n = p.codePointCount(0, p.length());
    if (n < MIN || n > MAX) {
      throw new CliException(
          CliException.USAGE,
          "a password must be " + MIN + " to " + MAX + " characters long (got " + n + ")");
    }
    if (!fromStdin) {
      String again = read("Repeat it: ");
      if (!again.equals(p)) {
        throw new CliException(CliException.USAGE, "the two passwords differ; nothing was changed");
      }
    }
    return p;
  }

  private String read(String prompt) {
    if (fromStdin) {
      try {
        if (stdin == null) {
          stdin = new BufferedReader(new InputStreamReader(root.stdin, StandardCharsets.UTF_8));
        }
        String line = stdin.readLine();
        if (line == null) {
          throw new CliException(
              CliException.USAGE, "--password-stdin: standard input ended before a password");
        }
        return line;
      } catch (IOException e) {
        throw new CliException(CliException.USAGE, "cannot read standard input: " + e.getMessage());
      }
    }
    String why = unavailable();
    if (why != null) {
      throw new CliException(CliException.USAGE, why);
    }
    char[] chars = root.terminal.readPassword(prompt);
    if (chars == null) {
      throw new CliException(CliException.USAGE, "no password given");
    }
    try {
      return new String(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }
}
