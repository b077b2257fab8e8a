package io.eventkit.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.eventkit.proto.v1.CheckInRequest;
import io.eventkit.proto.v1.CheckOutRequest;
import io.eventkit.proto.v1.GetReturnReportRequest;
import io.eventkit.proto.v1.ItemCondition;
import io.eventkit.proto.v1.MarkMissingRequest;
import io.eventkit.proto.v1.ProductProgress;
import io.eventkit.proto.v1.ReportItem;
import io.eventkit.proto.v1.ReturnReport;
import io.eventkit.proto.v1.ScanResult;
import io.eventkit.proto.v1.ScanningServiceGrpc;
import io.eventkit.proto.v1.UndoScanRequest;
import io.eventkit.proto.v1.VerdictSeverity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "scan",
    description =
        "Check gear out to an event and back in by barcode, the way a keyboard-wedge scanner types"
            + " them: one barcode per line on standard input.",
    subcommands = {
      ScanCommands.Out.class,
      ScanCommands.In.class,
      ScanCommands.Undo.class,
      ScanCommands.Missing.class,
      ScanCommands.Report.class,
      StocktakeCommands.class,
      PackCommand.class
    })
final class ScanCommands {
  static final String EXIT_5 =
      "5:at least one scan was not applied (a warning or an error verdict)";
  static final int NOT_APPLIED = 5;

  private ScanCommands() {}

  /**
   * Reads barcodes from stdin and scans each: one line "BARCODE" or "BARCODE QUANTITY" (bulk),
   * blank lines and lines starting with # skipped. Each scan's operation ID is PREFIX-N (N the line
   * number) with --operation-prefix, so running the same input again changes nothing; otherwise a
   * random one.
   */
  abstract static class StdinScan extends ApiCommand {
    @Parameters(index = "0", paramLabel = "EVENT_ID", description = "The event's ID.")
    String eventId;

    @Option(
        names = "--operation-prefix",
        paramLabel = "PREFIX",
        description =
            "Operation IDs PREFIX-1, PREFIX-2, … by line: re-running the same input is safe.")
    String prefix;

    @Override
    void validate() {
      if (prefix != null && !prefix.matches("[A-Za-z0-9_-]{6,50}")) {
        throw usage("--operation-prefix must be 6–50 characters of A–Z a–z 0–9 - _");
      }
    }

    abstract ScanResult scan(NodeClient client, String operationId, String barcode, int quantity);

    @Override
    Duration defaultTimeout() {
      return Duration.ofSeconds(10);
    }

    @Override
    int run(NodeClient client) {
      int[] counts =
          eachLine(
              this,
              prefix,
              line -> {
                ScanResult r = scan(client, line.operationId(), line.barcode(), line.quantity());
                print(r);
                return r.getApplied() || r.getSeverity() == VerdictSeverity.VERDICT_SEVERITY_INFO;
              });
      if (!json()) {
        out().println(counts[0] + " ok, " + counts[1] + " not applied");
      }
      return counts[1] > 0 ? NOT_APPLIED : 0;
    }

    void print(ScanResult r) {
      ScanCommands.print(out(), json(), r);
    }
  }

  /** One line per scan: the verdict, the barcode and the node's message (NDJSON with -o json). */
  static void print(PrintWriter out, boolean json, ScanResult r) {
    if (json) {
      out.println(compact(r));
      return;
    }
    String verdict = r.getVerdict().name().replace("SCAN_VERDICT_", "");
    String mark =
        r.getApplied()
            ? "ok"
            : switch (r.getSeverity()) {
              case VERDICT_SEVERITY_INFO -> "info";
              case VERDICT_SEVERITY_WARNING -> "WARN";
              default -> "ERROR";
            };
    out.println(
        String.format(
            "%-5s %-15s %-20s %s%s",
            mark,
            verdict,
            r.getItem().getBarcode(),
            r.getMessage(),
            r.getReplayed() ? " (replayed)" : ""));
  }

  /** A line of scanner input: BARCODE, or BARCODE QUANTITY (bulk), and its operation ID. */
  record Scanned(int line, String barcode, int quantity, String operationId) {}

  /**
   * Feeds each line of standard input to {@code scan} (true: applied, or nothing needed doing).
   * Blank lines and # comments are skipped. A malformed line, or one the node refuses with an
   * error, is reported on stderr and counted as not applied; an unreachable node or a lost login
   * stops the run, saying at which line. Operation IDs are PREFIX-N by line with a prefix, random
   * otherwise. Returns {applied, not applied}.
   */
  static int[] eachLine(ApiCommand c, String prefix, Predicate<Scanned> scan) {
    int lineNo = 0;
    int[] counts = new int[2];
    java.io.PrintWriter err = c.spec.commandLine().getErr();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(c.root().stdin, StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        String[] parts = s.split("\\s+", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].matches("[0-9]{1,6}"))) {
          err.println(
              "error: line " + lineNo + ": expected BARCODE or BARCODE QUANTITY: '" + s + "'");
          counts[1]++;
          continue;
        }
        int quantity = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
        String op = prefix == null ? UUID.randomUUID().toString() : prefix + "-" + lineNo;
        try {
          counts[scan.test(new Scanned(lineNo, parts[0], quantity, op)) ? 0 : 1]++;
        } catch (CliException e) {
          if (e.exitCode() == CliException.UNAVAILABLE || e.exitCode() == CliException.AUTH) {
            throw new CliException(
                e.exitCode(),
                e.code(),
                e.getMessage()
                    + " (stopped at line "
                    + lineNo
                    + "; "
                    + (prefix == null
                        ? "use --operation-prefix to resume safely"
                        : "run the same input again with the same --operation-prefix")
                    + ")");
          }
          err.println("error: line " + lineNo + ": " + parts[0] + ": " + e.getMessage());
          counts[1]++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }

  static String compact(MessageOrBuilder m) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(m);
    } catch (InvalidProtocolBufferException e) {
      throw new CliException(CliException.FAILURE, "cannot print the response: " + e.getMessage());
    }
  }

  @Command(
      name = "out",
      description = {
        "Check out to EVENT_ID every barcode read from standard input, one per line (a bulk"
            + " product's GTIN may be followed by a quantity). Prints a verdict per line.",
        "Warnings (not on the list, over-scan, in maintenance, wrong product) are not applied"
            + " unless --override gives a reason (needs the SCAN_OVERRIDE permission)."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        ApiCommand.EXIT_0,
        ApiCommand.EXIT_1,
        ApiCommand.EXIT_2,
        ApiCommand.EXIT_3,
        ApiCommand.EXIT_4,
        EXIT_5
      })
  static final class Out extends StdinScan {
    @Option(
        names = "--override",
        paramLabel = "REASON",
        description = "Apply warning verdicts anyway, recording this reason.")
    String override;

    @Option(
        names = "--line",
        paramLabel = "LINE_ID",
        description = "The pull-list line being worked: other products are WRONG_PRODUCT.")
    String lineId;

    @Override
    ScanResult scan(NodeClient client, String operationId, String barcode, int quantity) {
      CheckOutRequest.Builder b =
          CheckOutRequest.newBuilder()
              .setOperationId(operationId)
              .setEventId(eventId)
              .setBarcode(barcode)
              .setQuantity(quantity);
      if (override != null) {
        b.setOverrideReason(override);
      }
      if (lineId != null) {
        b.setLineId(lineId);
      }
      return client.call(ScanningServiceGrpc.getCheckOutMethod(), b.build());
    }
  }

  @Command(
      name = "in",
      description = {
        "Check in from EVENT_ID every barcode read from standard input, one per line. Returns may"
            + " come over as many runs as needed; what is still out stays on the return report.",
        "With --damaged NOTE every item of this run is marked damaged (assets go to IN_REPAIR)."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        ApiCommand.EXIT_0,
        ApiCommand.EXIT_1,
        ApiCommand.EXIT_2,
        ApiCommand.EXIT_3,
        ApiCommand.EXIT_4,
        EXIT_5
      })
  static final class In extends StdinScan {
    @Option(
        names = "--damaged",
        paramLabel = "NOTE",
        description = "Mark what is scanned as damaged, with this note.")
    String damaged;

    @Option(
        names = "--location",
        paramLabel = "LOCATION_ID",
        description = "Where the items go back to (default: their home location).")
    String location;

    @Override
    ScanResult scan(NodeClient client, String operationId, String barcode, int quantity) {
      CheckInRequest.Builder b =
          CheckInRequest.newBuilder()
              .setOperationId(operationId)
              .setEventId(eventId)
              .setBarcode(barcode)
              .setQuantity(quantity);
      if (damaged != null) {
        b.setCondition(ItemCondition.ITEM_CONDITION_DAMAGED).setNote(damaged);
      }
      if (location != null) {
        b.setLocationId(location);
      }
      return client.call(ScanningServiceGrpc.getCheckInMethod(), b.build());
    }
  }

  /** A single request's result, printed as the stdin scans print theirs. */
  private static int single(ApiCommand c, ScanResult r) {
    print(c.out(), c.json(), r);
    return r.getApplied() ? 0 : NOT_APPLIED;
  }

  @Command(
      name = "undo",
      description = "Revert a scan by its operation ID (refused if later scans built on it).")
  static final class Undo extends ApiCommand {
    @Parameters(index = "0", paramLabel = "OPERATION_ID", description = "The scan to revert.")
    String operationId;

    @Override
    int run(NodeClient client) {
      ScanResult r =
          client.call(
              ScanningServiceGrpc.getUndoScanMethod(),
              UndoScanRequest.newBuilder()
                  .setOperationId(UUID.randomUUID().toString())
                  .setScanOperationId(operationId)
                  .build());
      return single(this, r);
    }
  }

  @Command(
      name = "missing",
      description =
          "Mark an asset that is out on EVENT_ID as missing (it becomes LOST), or a bulk quantity"
              + " (written off the stock at --location).")
  static final class Missing extends ApiCommand {
    @Parameters(index = "0", paramLabel = "EVENT_ID", description = "The event's ID.")
    String eventId;

    @Option(names = "--asset", paramLabel = "ASSET_ID", description = "The missing asset.")
    String asset;

    @Option(names = "--product", paramLabel = "PRODUCT_ID", description = "A missing bulk product.")
    String product;

    @Option(names = "--quantity", description = "How many of the bulk product.")
    int quantity;

    @Option(
        names = "--location",
        paramLabel = "LOCATION_ID",
        description = "Bulk: written off here.")
    String location;

    @Option(names = "--note", required = true, description = "What is known.")
    String note;

    @Override
    int run(NodeClient client) {
      MarkMissingRequest.Builder b =
          MarkMissingRequest.newBuilder()
              .setOperationId(UUID.randomUUID().toString())
              .setEventId(eventId)
              .setNote(note)
              .setQuantity(quantity);
      if (asset != null) {
        b.setAssetId(asset);
      }
      if (product != null) {
        b.setProductId(product);
      }
      if (location != null) {
        b.setLocationId(location);
      }
      return single(this, client.call(ScanningServiceGrpc.getMarkMissingMethod(), b.build()));
    }
  }

  @Command(
      name = "report",
      description =
          "What went out to EVENT_ID and what came back: per product, and every unit still out"
              + " with who scanned it.")
  static final class Report extends ApiCommand {
    @Parameters(index = "0", paramLabel = "EVENT_ID", description = "The event's ID.")
    String eventId;

    @Override
    int run(NodeClient client) {
      ReturnReport r =
          client.call(
              ScanningServiceGrpc.getGetReturnReportMethod(),
              GetReturnReportRequest.newBuilder().setEventId(eventId).build());
      return emit(
          r,
          () -> {
            out()
                .println(
                    r.getEventName()
                        + ": "
                        + r.getState().name().replace("FULFILMENT_STATE_", "")
                        + (r.getOverdue() ? " (OVERDUE)" : ""));
            Text.Table t =
                new Text.Table(
                    "PRODUCT", "BOOKED", "OUT", "BACK", "DAMAGED", "MISSING", "STILL OUT");
            for (ProductProgress p : r.getProductsList()) {
              t.row(
                  p.getProductName(),
                  String.valueOf(p.getBooked()),
                  String.valueOf(p.getOut()),
                  String.valueOf(p.getReturned()),
                  String.valueOf(p.getDamaged()),
                  String.valueOf(p.getMissing()),
                  String.valueOf(p.getOutstanding()));
            }
            t.print(out());
            Text.Table items = new Text.Table("BARCODE", "PRODUCT", "OUT BY", "STATE", "NOTE");
            for (ReportItem i : r.getItemsList()) {
              String state =
                  i.hasClosedAt()
                      ? i.getCondition().name().replace("ITEM_CONDITION_", "")
                          + (i.getLate() ? " (late)" : "")
                      : "still out";
              items.row(i.getBarcode(), i.getProductName(), i.getOutBy(), state, i.getNote());
            }
            if (r.getItemsCount() > 0) {
              out().println();
              items.print(out());
            }
          });
    }
  }
}
