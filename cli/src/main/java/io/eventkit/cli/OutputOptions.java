package io.eventkit.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code -o/--output}: the one place that decides between text, JSON and CSV output. */
final class OutputOptions {
  enum Format {
    text,
    /** The same as text (tables for lists). */
    table,
    json,
    /** Rows as CSV (RFC 4180, a header line first); only the report commands print it. */
    csv
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      scope = ScopeType.INHERIT,
      defaultValue = "text",
      description =
          "Output format: text (or table) for people, json for scripts, csv (report commands"
              + " only) for spreadsheets. Default: text")
  Format format = Format.text;

  boolean json() {
    return format == Format.json;
  }

  boolean csv() {
    return format == Format.csv;
  }

  /** The message as protobuf JSON (camelCase field names), one document. */
  static void printJson(PrintWriter out, MessageOrBuilder message) {
    try {
      out.println(JsonFormat.printer().print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new CliException(CliException.FAILURE, "cannot print the response: " + e.getMessage());
    }
  }
}
