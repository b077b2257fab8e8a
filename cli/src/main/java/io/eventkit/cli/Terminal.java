package io.eventkit.cli;

import java.io.Console;

/** Where confirmations are asked. The real one is the process console; tests supply their own. */
interface Terminal {
  /** True when a person can answer (stdin and stdout are a terminal). */
  boolean interactive();

  /** Shows {@code prompt} and reads one line; null at end of input. */
  String readLine(String prompt);

  /** Shows {@code prompt} and reads one line without echoing it; null when nobody can answer. */
  default char[] readPassword(String prompt) {
    return null;
  }

  /** The process console, or a non-interactive terminal when there is none (pipes, CI). */
  static Terminal system() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        return isTerminal(System.console());
      }

      @Override
      @SuppressWarnings("SystemConsoleNull") // a null guard; interactive() decides whether to ask
      public String readLine(String prompt) {
        Console console = System.console();
        return console == null ? null : console.readLine("%s", prompt);
      }

      @Override
      @SuppressWarnings("SystemConsoleNull") // a null guard; interactive() decides whether to ask
      public char[] readPassword(String prompt) {
        Console console = System.console();
        return console == null ? null : console.readPassword("%s", prompt);
      }
    };
  }

  /**
   * Whether {@code console} is a real terminal. Before JDK 22 a console exists only then; from JDK
   * 22 on it may exist with redirected streams, and {@code Console.isTerminal()} says.
   */
  static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** A terminal nobody answers. */
  Terminal NONE =
      new Terminal() {
        @Override
        public boolean interactive() {
          return false;
        }

        @Override
        public String readLine(String prompt) {
          return null;
        }
      };
}
