package io.eventkit.cli;

import io.eventkit.proto.v1.AddToCaseRequest;
import io.eventkit.proto.v1.Case;
import io.eventkit.proto.v1.GetCaseRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.RemoveFromCaseRequest;
import io.eventkit.proto.v1.ResolveBarcodeRequest;
import io.eventkit.proto.v1.ResolveBarcodeResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Packs (or unpacks) the units and cases read from standard input into one case, the way a packer
 * scans them at the bench. Packing what is already in that case is reported, not an error, so
 * re-running the same input changes nothing.
 */
@Command(
    name = "pack",
    description = {
      "Pack into CASE (its barcode or ID) every unit or case barcode read from standard input, one"
          + " per line; with --unpack, take them out. Prints a line per barcode and the case's"
          + " contents at the end.",
      "Bulk stock is packed by quantity in the web app's case packing screen."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ApiCommand.EXIT_0,
      ApiCommand.EXIT_1,
      ApiCommand.EXIT_2,
      ApiCommand.EXIT_3,
      ApiCommand.EXIT_4,
      "5:at least one line could not be packed (unknown barcode, packed elsewhere, …)"
    })
final class PackCommand extends ApiCommand {
  private static final Pattern UUID_SHAPE =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  @Parameters(index = "0", paramLabel = "CASE", description = "The case's barcode or ID.")
  String caseRef;

  @Option(names = "--unpack", description = "Take the scanned items out of CASE instead.")
  boolean unpack;

  @Override
  Duration defaultTimeout() {
    return Duration.ofSeconds(10);
  }

  @Override
  int run(NodeClient client) {
    Case box = target(client);
    int[] counts =
        ScanCommands.eachLine(
            this,
            null,
            line -> {
              if (line.quantity() > 0) {
                spec.commandLine()
                    .getErr()
                    .println(
                        "error: line "
                            + line.line()
                            + ": "
                            + line.barcode()
                            + ": bulk quantities are packed in the web app's case packing screen");
                return false;
              }
              return packOne(client, box, line.barcode());
            });
    Case after = client.call(InventoryServiceGrpc.getGetCaseMethod(), get(box.getId()));
    if (json()) {
      out().println(ScanCommands.compact(after));
    } else {
      out()
          .println(
              String.format(
                  "case %s holds units: %d, bulk lines: %d, cases: %d; %d ok, %d not done",
                  after.getBarcode(),
                  after.getAssetIdsCount(),
                  after.getBulkCount(),
                  after.getChildCaseIdsCount(),
                  counts[0],
                  counts[1]));
    }
    return counts[1] > 0 ? ScanCommands.NOT_APPLIED : 0;
  }

  private Case target(NodeClient client) {
    if (UUID_SHAPE.matcher(caseRef).matches()) {
      return client.call(InventoryServiceGrpc.getGetCaseMethod(), get(caseRef));
    }
    ResolveBarcodeResponse r =
        client.call(
            InventoryServiceGrpc.getResolveBarcodeMethod(),
            ResolveBarcodeRequest.newBuilder().setBarcode(caseRef).build());
    if (!r.hasCase()) {
      throw usage(caseRef + " is a unit's barcode, not a case's");
    }
    return r.getCase();
  }

  private static GetCaseRequest get(String id) {
    return GetCaseRequest.newBuilder().setId(id).build();
  }

  /** True when the item is where it should be now (packed, or already there). */
  private boolean packOne(NodeClient client, Case box, String barcode) {
    ResolveBarcodeResponse r =
        client.call(
            InventoryServiceGrpc.getResolveBarcodeMethod(),
            ResolveBarcodeRequest.newBuilder().setBarcode(barcode).build());
    if (r.hasCase() && r.getCase().getId().equals(box.getId())) {
      throw new CliException(CliException.FAILURE, "that is the case being packed");
    }
    String already =
        r.hasAsset() ? r.getAsset().getCaseId() : r.hasCase() ? r.getCase().getParentCaseId() : "";
    boolean inThisCase = already.equals(box.getId());
    if (unpack ? !inThisCase : inThisCase) {
      print(unpack ? "info  NOT_IN_CASE" : "info  ALREADY_PACKED", barcode, "nothing to do");
      return true;
    }
    if (unpack) {
      RemoveFromCaseRequest.Builder b = RemoveFromCaseRequest.newBuilder().setCaseId(box.getId());
      if (r.hasAsset()) {
        b.setAssetId(r.getAsset().getId());
      } else {
        b.setChildCaseId(r.getCase().getId());
      }
      client.call(InventoryServiceGrpc.getRemoveFromCaseMethod(), b.build());
      print("ok    UNPACKED", barcode, "out of " + box.getBarcode());
    } else {
      AddToCaseRequest.Builder b = AddToCaseRequest.newBuilder().setCaseId(box.getId());
      if (r.hasAsset()) {
        b.setAssetId(r.getAsset().getId());
      } else {
        b.setChildCaseId(r.getCase().getId());
      }
      client.call(InventoryServiceGrpc.getAddToCaseMethod(), b.build());
      print("ok    PACKED", barcode, "into " + box.getBarcode());
    }
    return true;
  }

  private void print(String verdict, String barcode, String message) {
    if (json()) {
      out()
          .println(
              new com.google.gson.Gson()
                  .toJson(
                      Map.of(
                          "verdict", verdict.substring(6).strip(),
                          "barcode", barcode,
                          "message", message)));
    } else {
      out().println(String.format("%-21s %-20s %s", verdict, barcode, message));
    }
  }
}
