package io.eventkit.cli;

import io.eventkit.proto.v1.CloseRepairRequest;
import io.eventkit.proto.v1.InspectionDue;
import io.eventkit.proto.v1.InspectionResult;
import io.eventkit.proto.v1.ListInspectionsDueRequest;
import io.eventkit.proto.v1.ListInspectionsDueResponse;
import io.eventkit.proto.v1.ListRepairsRequest;
import io.eventkit.proto.v1.ListRepairsResponse;
import io.eventkit.proto.v1.MaintenanceServiceGrpc;
import io.eventkit.proto.v1.OpenRepairRequest;
import io.eventkit.proto.v1.RecordInspectionRequest;
import io.eventkit.proto.v1.RepairStatus;
import io.eventkit.proto.v1.RepairTicket;
import io.eventkit.proto.v1.SetInspectionIntervalRequest;
import io.eventkit.proto.v1.UpdateRepairRequest;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "repairs",
    description = "Repair tickets and inspections (maintenance).",
    subcommands = {
      RepairCommands.ListTickets.class,
      RepairCommands.Open.class,
      RepairCommands.Show.class,
      RepairCommands.Update.class,
      RepairCommands.Close.class,
      RepairCommands.Interval.class,
      RepairCommands.Inspect.class,
      RepairCommands.Due.class
    })
final class RepairCommands {
  private RepairCommands() {}

  @Command(name = "list", description = "Repair tickets, newest first.")
  static final class ListTickets extends ApiCommand {
    @Option(names = "--open", description = "Only open tickets.")
    boolean open;

    @Option(names = "--asset", paramLabel = "ASSET_ID", description = "Only this unit's.")
    String asset;

    @Override
    int run(NodeClient client) {
      ListRepairsRequest.Builder b = ListRepairsRequest.newBuilder();
      if (open) {
        b.setStatus(RepairStatus.REPAIR_STATUS_OPEN);
      }
      if (asset != null) {
        b.setAssetId(asset);
      }
      b.getPageBuilder().setPageSize(200);
      ListRepairsResponse r = client.call(MaintenanceServiceGrpc.getListRepairsMethod(), b.build());
      return emit(
          r,
          () -> {
            Text.Table t =
                new Text.Table("ID", "BARCODE", "PRODUCT", "STATUS", "SOURCE", "DESCRIPTION");
            for (RepairTicket x : r.getTicketsList()) {
              t.row(
                  x.getId(),
                  x.getBarcode(),
                  x.getProductName(),
                  x.getStatus().name().replace("REPAIR_STATUS_", ""),
                  x.getSource(),
                  x.getDescription());
            }
            t.print(out());
          });
    }
  }

  @Command(
      name = "open",
      description = "Open a ticket for the unit with BARCODE (it becomes IN_REPAIR).")
  static final class Open extends ApiCommand {
    @Parameters(index = "0", paramLabel = "BARCODE")
    String barcode;

    @Option(names = "--description", required = true, description = "What is wrong.")
    String description;

    @Override
    int run(NodeClient client) {
      RepairTicket t =
          client.call(
              MaintenanceServiceGrpc.getOpenRepairMethod(),
              OpenRepairRequest.newBuilder()
                  .setBarcode(barcode)
                  .setDescription(description)
                  .build());
      return emit(t, () -> out().println(t.getId()));
    }
  }

  @Command(name = "show", description = "One repair ticket.")
  static final class Show extends ApiCommand {
    @Parameters(index = "0", paramLabel = "TICKET_ID")
    String id;

    @Override
    int run(NodeClient client) {
      RepairTicket t =
          client.call(
              MaintenanceServiceGrpc.getGetRepairMethod(),
              io.eventkit.proto.v1.GetRepairRequest.newBuilder().setId(id).build());
      return emit(
          t,
          () -> {
            out().println(t.getBarcode() + "  " + t.getProductName());
            out().println("status:      " + t.getStatus().name().replace("REPAIR_STATUS_", ""));
            out().println("source:      " + t.getSource());
            out().println("fault:       " + t.getDescription());
            out().println("notes:       " + t.getNotes());
            if (t.hasCost()) {
              out().println("cost:        " + Amounts.format(t.getCost()));
            }
            out().println("opened:      " + t.getOpenedBy());
            if (!t.getClosedBy().isEmpty()) {
              out().println("closed:      " + t.getClosedBy());
            }
          });
    }
  }

  @Command(
      name = "update",
      description = "Notes, cost and status (open or in-progress) of a ticket not yet closed.")
  static final class Update extends ApiCommand {
    @Parameters(index = "0", paramLabel = "TICKET_ID")
    String id;

    @Option(names = "--notes", description = "Replaces the notes.")
    String notes;

    @Option(names = "--cost", paramLabel = "AMOUNT", description = "Cost so far, e.g. 45.00EUR.")
    String cost;

    @Option(names = "--status", paramLabel = "STATUS", description = "open or in-progress.")
    String status;

    @Override
    void validate() {
      if (status != null
          && !status.equalsIgnoreCase("open")
          && !status.equalsIgnoreCase("in-progress")) {
        throw usage("--status must be open or in-progress (close a ticket with repairs close)");
      }
      if (notes == null && cost == null && status == null) {
        throw usage("give --notes, --cost or --status");
      }
      if (cost != null) {
        try {
          amount = Amounts.parse(cost);
        } catch (picocli.CommandLine.TypeConversionException e) {
          throw usage("--cost: " + e.getMessage());
        }
      }
    }

    private io.eventkit.proto.v1.Money amount;

    @Override
    int run(NodeClient client) {
      UpdateRepairRequest.Builder b = UpdateRepairRequest.newBuilder().setId(id);
      if (notes != null) {
        b.setNotes(notes);
      }
      if (amount != null) {
        b.setCost(amount);
      }
      if (status != null) {
        b.setStatus(
            status.equalsIgnoreCase("open")
                ? RepairStatus.REPAIR_STATUS_OPEN
                : RepairStatus.REPAIR_STATUS_IN_PROGRESS);
      }
      RepairTicket t = client.call(MaintenanceServiceGrpc.getUpdateRepairMethod(), b.build());
      return emit(t, () -> out().println(t.getBarcode() + ": " + t.getStatus().name()));
    }
  }

  @Command(
      name = "close",
      description =
          "Close a ticket: repaired (the unit is AVAILABLE) or retired (it leaves stock).")
  static final class Close extends ApiCommand {
    @Parameters(index = "0", paramLabel = "TICKET_ID")
    String id;

    @Option(names = "--outcome", required = true, description = "repaired or retired.")
    String outcome;

    @Option(names = "--notes", description = "What was done.")
    String notes = "";

    @Override
    void validate() {
      if (!outcome.equalsIgnoreCase("repaired") && !outcome.equalsIgnoreCase("retired")) {
        throw usage("--outcome must be repaired or retired");
      }
    }

    @Override
    int run(NodeClient client) {
      RepairTicket t =
          client.call(
              MaintenanceServiceGrpc.getCloseRepairMethod(),
              CloseRepairRequest.newBuilder()
                  .setId(id)
                  .setOutcome(
                      RepairStatus.valueOf("REPAIR_STATUS_" + outcome.toUpperCase(Locale.ROOT)))
                  .setNotes(notes)
                  .build());
      return emit(t, () -> out().println(t.getBarcode() + ": " + t.getStatus().name()));
    }
  }

  @Command(
      name = "interval",
      description = "How often units of PRODUCT_ID must pass an inspection (0 removes the rule).")
  static final class Interval extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PRODUCT_ID")
    String product;

    @Option(names = "--days", required = true, description = "0–3650.")
    int days;

    @Override
    int run(NodeClient client) {
      var r =
          client.call(
              MaintenanceServiceGrpc.getSetInspectionIntervalMethod(),
              SetInspectionIntervalRequest.newBuilder()
                  .setProductId(product)
                  .setIntervalDays(days)
                  .build());
      return emit(r, () -> out().println(r.getIntervalDays() + " days"));
    }
  }

  @Command(
      name = "inspect",
      description =
          "Record inspection results for the barcodes read from standard input, one per line:"
              + " passed, or with --fail NOTE failed (the unit goes to QUARANTINE with a ticket).")
  static final class Inspect extends ApiCommand {
    @Option(names = "--fail", paramLabel = "NOTE", description = "Record a failure with this note.")
    String fail;

    @Override
    int run(NodeClient client) {
      int[] counts =
          ScanCommands.eachLine(
              this,
              null,
              line -> {
                InspectionResult r =
                    client.call(
                        MaintenanceServiceGrpc.getRecordInspectionMethod(),
                        RecordInspectionRequest.newBuilder()
                            .setOperationId(line.operationId())
                            .setBarcode(line.barcode())
                            .setPassed(fail == null)
                            .setNote(fail == null ? "" : fail)
                            .build());
                out().println(json() ? ScanCommands.compact(r) : r.getMessage());
                return true;
              });
      return counts[1] > 0 ? ScanCommands.NOT_APPLIED : 0;
    }
  }

  @Command(name = "due", description = "Units due for inspection within --days (0: overdue only).")
  static final class Due extends ApiCommand {
    @Option(names = "--days", description = "Horizon in days (default 30).")
    int days = 30;

    @Override
    int run(NodeClient client) {
      ListInspectionsDueRequest.Builder b =
          ListInspectionsDueRequest.newBuilder().setWithinDays(days);
      b.getPageBuilder().setPageSize(500);
      ListInspectionsDueResponse r =
          client.call(MaintenanceServiceGrpc.getListInspectionsDueMethod(), b.build());
      return emit(
          r,
          () -> {
            Text.Table t = new Text.Table("BARCODE", "PRODUCT", "DUE", "");
            for (InspectionDue d : r.getUnitsList()) {
              t.row(
                  d.getBarcode(),
                  d.getProductName(),
                  java.time.Instant.ofEpochSecond(d.getDueAt().getSeconds()).toString(),
                  d.getOverdue() ? "OVERDUE" : "");
            }
            t.print(out());
          });
    }
  }
}
