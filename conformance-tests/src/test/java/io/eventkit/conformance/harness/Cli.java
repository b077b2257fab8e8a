package io.eventkit.conformance.harness;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.eventkit.cli.EventKitCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the real CLI's code paths against a node, as an admin would from a shell. */
public final class Cli {
  private Cli() {}

  /** The outcome of one CLI invocation. */
  public record Result(int exitCode, String out, String err) {
    public JsonObject json() {
      return JsonParser.parseString(out).getAsJsonObject();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  /** As {@link #run} with {@code stdin} as standard input (e.g. barcodes a scanner typed). */
  public static Result runWithInput(NodeHandle node, String stdin, String... args) {
    List<String> all =
        new ArrayList<>(List.of("--node", node.httpUrl(), "--token", node.adminToken()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        EventKitCli.run(
            all.toArray(new String[0]),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new java.io.ByteArrayInputStream(
                stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return new Result(code, out.toString().trim(), err.toString().trim());
  }

  public static Result run(NodeHandle node, String... args) {
    return runAs(node, node.adminToken(), args);
  }

  /** As {@link #run} with another user's token (e.g. a Crew user's access token). */
  public static Result runAs(NodeHandle node, String token, String... args) {
    List<String> all =
        new ArrayList<>(List.of("--node", node.httpUrl(), "--token", token, "--output", "json"));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        EventKitCli.run(
            all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString().trim(), err.toString().trim());
  }
}
