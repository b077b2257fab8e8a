package io.eventkit.cli;

import io.eventkit.proto.v1.CountStocktakeRequest;
import io.eventkit.proto.v1.CountVerdict;
import io.eventkit.proto.v1.DecideStocktakeRequest;
import io.eventkit.proto.v1.GetStocktakeRequest;
import io.eventkit.proto.v1.ScanningServiceGrpc;
import io.eventkit.proto.v1.StartStocktakeRequest;
import io.eventkit.proto.v1.Stocktake;
import io.eventkit.proto.v1.StocktakeCount;
import io.eventkit.proto.v1.StocktakeLine;
import io.eventkit.proto.v1.StocktakeReview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "stocktake",
    description =
        "Count a location (a warehouse includes its bins), review the differences against the"
            + " books, and approve (applies them) or reject (applies nothing).",
    subcommands = {
      StocktakeCommands.Start.class,
      StocktakeCommands.Count.class,
      StocktakeCommands.Show.class,
      StocktakeCommands.Approve.class,
      StocktakeCommands.Reject.class
    })
final class StocktakeCommands {
  private StocktakeCommands() {}

  static void printReview(ApiCommand c, StocktakeReview r) {
    c.emit(
        r,
        () -> {
          Stocktake s = r.getStocktake();
          c.out()
              .println(
                  s.getName()
                      + " ("
                      + s.getLocationCode()
                      + "): "
                      + s.getStatus().name().replace("STOCKTAKE_STATUS_", "")
                      + ", "
                      + r.getCountedUnits()
                      + " units counted"
                      + (r.getBooksShown()
                          ? ", " + r.getExpectedUnits() + " expected"
                          : " (blind count)"));
          Text.Table t =
              new Text.Table("KIND", "PRODUCT", "BARCODE", "EXPECTED", "COUNTED", "DIFFERENCE");
          for (StocktakeLine l : r.getLinesList()) {
            t.row(
                l.getKind(),
                l.getProductName(),
                l.getBarcode().isEmpty() ? Text.NONE : l.getBarcode(),
                r.getBooksShown() ? String.valueOf(l.getExpected()) : Text.NONE,
                String.valueOf(l.getCounted()),
                r.getBooksShown() ? String.valueOf(l.getDifference()) : Text.NONE);
          }
          if (r.getLinesCount() > 0) {
            t.print(c.out());
          }
        });
  }

  @Command(name = "start", description = "Open a stocktake of LOCATION_ID; prints its ID.")
  static final class Start extends ApiCommand {
    @Parameters(index = "0", paramLabel = "LOCATION_ID", description = "The location to count.")
    String location;

    @Option(names = "--name", required = true, description = "e.g. \"Year end 2026\".")
    String name;

    @Option(names = "--blind", description = "Counters are not shown the book figures.")
    boolean blind;

    @Override
    int run(NodeClient client) {
      Stocktake s =
          client.call(
              ScanningServiceGrpc.getStartStocktakeMethod(),
              StartStocktakeRequest.newBuilder()
                  .setLocationId(location)
                  .setName(name)
                  .setBlind(blind)
                  .build());
      return emit(s, () -> out().println(s.getId()));
    }
  }

  @Command(
      name = "count",
      description =
          "Count what is read from standard input into STOCKTAKE_ID: one barcode per line (a case"
              + " counts its contents), or a bulk product's GTIN and the quantity counted.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        ApiCommand.EXIT_0,
        ApiCommand.EXIT_1,
        ApiCommand.EXIT_2,
        ApiCommand.EXIT_3,
        ApiCommand.EXIT_4,
        "5:at least one line was an unknown barcode or could not be counted"
      })
  static final class Count extends ApiCommand {
    @Parameters(index = "0", paramLabel = "STOCKTAKE_ID", description = "The stocktake.")
    String stocktake;

    @Option(
        names = "--operation-prefix",
        paramLabel = "PREFIX",
        description = "Operation IDs PREFIX-1, PREFIX-2, … by line: re-running is safe.")
    String prefix;

    @Override
    void validate() {
      if (prefix != null && !prefix.matches("[A-Za-z0-9_-]{6,50}")) {
        throw usage("--operation-prefix must be 6–50 characters of A–Z a–z 0–9 - _");
      }
    }

    @Override
    int run(NodeClient client) {
      int[] counts =
          ScanCommands.eachLine(
              this,
              prefix,
              line -> {
                CountStocktakeRequest.Builder b =
                    CountStocktakeRequest.newBuilder()
                        .setOperationId(line.operationId())
                        .setStocktakeId(stocktake)
                        .setBarcode(line.barcode())
                        .setQuantity(line.quantity());
                StocktakeCount c =
                    client.call(ScanningServiceGrpc.getCountStocktakeMethod(), b.build());
                if (json()) {
                  out().println(ScanCommands.compact(c));
                } else {
                  out()
                      .println(
                          String.format(
                              "%-16s %-20s %s%s",
                              c.getVerdict().name().replace("COUNT_VERDICT_", ""),
                              line.barcode(),
                              c.getMessage(),
                              c.getReplayed() ? " (replayed)" : ""));
                }
                return c.getVerdict() != CountVerdict.COUNT_VERDICT_UNKNOWN_BARCODE;
              });
      return counts[1] > 0 ? ScanCommands.NOT_APPLIED : 0;
    }
  }

  @Command(name = "show", description = "The stocktake and its differences against the books.")
  static final class Show extends ApiCommand {
    @Parameters(index = "0", paramLabel = "STOCKTAKE_ID")
    String id;

    @Override
    int run(NodeClient client) {
      printReview(
          this,
          client.call(
              ScanningServiceGrpc.getGetStocktakeMethod(),
              GetStocktakeRequest.newBuilder().setId(id).build()));
      return 0;
    }
  }

  @Command(
      name = "approve",
      description =
          "Apply the differences: units not found become LOST, units found here move here, bulk"
              + " counts become stock adjustments. Needs STOCKTAKE_APPROVE.")
  static final class Approve extends ApiCommand {
    @Parameters(index = "0", paramLabel = "STOCKTAKE_ID")
    String id;

    @Option(names = "--note", description = "Recorded with the decision.")
    String note = "";

    @Override
    int run(NodeClient client) {
      printReview(
          this,
          client.call(
              ScanningServiceGrpc.getApproveStocktakeMethod(),
              DecideStocktakeRequest.newBuilder().setId(id).setNote(note).build()));
      return 0;
    }
  }

  @Command(name = "reject", description = "Close the stocktake without changing the books.")
  static final class Reject extends ApiCommand {
    @Parameters(index = "0", paramLabel = "STOCKTAKE_ID")
    String id;

    @Option(names = "--note", required = true, description = "Why (required).")
    String note;

    @Override
    int run(NodeClient client) {
      printReview(
          this,
          client.call(
              ScanningServiceGrpc.getRejectStocktakeMethod(),
              DecideStocktakeRequest.newBuilder().setId(id).setNote(note).build()));
      return 0;
    }
  }
}
