package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.proto.v1.AddBookingLineRequest;
import io.eventkit.proto.v1.BulkQuantity;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.EventStatus;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Product;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code eventkit scan} against a real node, fed the way a keyboard-wedge scanner types: barcodes
 * one per line on standard input, a verdict per line, exit codes for scripts, safe re-runs.
 */
class ScanCliConformanceTest {
  private static Deployer deployer;
  private static NodeHandle node;
  private static final SubHireApi api = new SubHireApi();

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    node = deployer.deploy(1).get(0);
  }

  @AfterAll
  static void teardown() {
    deployer.close();
  }

  private static String code(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
  }

  @Test
  void scansOutAndBackFromStandardInput() {
    List<String> codes = List.of(code("MIC"), code("MIC"), code("MIC"));
    Product mic = api.serialised(node, code("SM58-"), codes);
    Event e;
    try (Api a = new Api(node)) {
      Period june =
          Period.newBuilder()
              .setStart(com.google.protobuf.Timestamp.newBuilder().setSeconds(2_000_000_000L))
              .setEnd(com.google.protobuf.Timestamp.newBuilder().setSeconds(2_000_086_400L))
              .build();
      e =
          a.planning()
              .createEvent(
                  CreateEventRequest.newBuilder()
                      .setName("Scan CLI gala")
                      .setPeriod(june)
                      .setStatus(EventStatus.EVENT_STATUS_CONFIRMED)
                      .build());
      a.planning()
          .addBookingLine(
              AddBookingLineRequest.newBuilder()
                  .setEventId(e.getId())
                  .setProduct(BulkQuantity.newBuilder().setProductId(mic.getId()).setQuantity(2))
                  .build());
    }
    String input = "# morning prep\n" + codes.get(0) + "\n\n" + codes.get(1) + "\nNOPE-123\n";
    Cli.Result out =
        Cli.runWithInput(node, input, "scan", "out", e.getId(), "--operation-prefix", "prep-run1");
    assertThat(out.exitCode()).as(out.toString()).isEqualTo(5);
    assertThat(out.out())
        .contains("ok    OK")
        .contains("1/2 out")
        .contains("2/2 out")
        .contains("ERROR UNKNOWN_BARCODE")
        .contains("2 ok, 1 not applied");

    // The same input again with the same prefix: replays, nothing changes.
    Cli.Result again =
        Cli.runWithInput(node, input, "scan", "out", e.getId(), "--operation-prefix", "prep-run1");
    assertThat(again.out()).contains("(replayed)");
    Cli.Result report = Cli.run(node, "scan", "report", e.getId());
    assertThat(report.exitCode()).as(report.toString()).isZero();
    assertThat(report.json().getAsJsonArray("items")).hasSize(2);
    assertThat(report.json().get("state").getAsString()).isEqualTo("FULFILMENT_STATE_OUT");

    // A third unit is over the booked two: a warning, not applied, exit 5; JSON lines with -o json.
    Cli.Result over =
        Cli.runWithInput(node, codes.get(2) + "\n", "--output", "json", "scan", "out", e.getId());
    assertThat(over.exitCode()).isEqualTo(5);
    assertThat(over.out()).contains("\"verdict\":\"SCAN_VERDICT_OVER_SCAN\"");

    // Back in, one damaged: all applied, exit 0; the report says RETURNED.
    Cli.Result back = Cli.runWithInput(node, codes.get(0) + "\n", "scan", "in", e.getId());
    assertThat(back.exitCode()).as(back.toString()).isZero();
    Cli.Result damaged =
        Cli.runWithInput(
            node, codes.get(1) + "\n", "scan", "in", e.getId(), "--damaged", "cable torn");
    assertThat(damaged.exitCode()).as(damaged.toString()).isZero();
    assertThat(damaged.out()).contains("damaged");
    Cli.Result done = Cli.run(node, "scan", "report", e.getId());
    assertThat(done.json().get("state").getAsString()).isEqualTo("FULFILMENT_STATE_RETURNED");

    // Bad input: a usage error, exit 2, before anything is sent.
    Cli.Result bad =
        Cli.runWithInput(node, "X\n", "scan", "out", e.getId(), "--operation-prefix", "a b");
    assertThat(bad.exitCode()).isEqualTo(2);
  }

  @Test
  void aStocktakeIsCountedFromStandardInputAndApproved() {
    List<String> codes = List.of(code("ST"), code("ST"));
    api.serialised(node, code("LED-"), codes);
    String location;
    try (Api a = new Api(node)) {
      location =
          a.inventory()
              .resolveBarcode(
                  io.eventkit.proto.v1.ResolveBarcodeRequest.newBuilder()
                      .setBarcode(codes.get(0))
                      .build())
              .getAsset()
              .getLocationId();
    }
    Cli.Result start =
        Cli.run(node, "scan", "stocktake", "start", location, "--name", "Spot check");
    assertThat(start.exitCode()).as(start.toString()).isZero();
    String id = start.json().get("id").getAsString();
    Cli.Result counted =
        Cli.runWithInput(node, codes.get(0) + "\nUNKNOWN-1\n", "scan", "stocktake", "count", id);
    assertThat(counted.exitCode()).as(counted.toString()).isEqualTo(5);
    assertThat(counted.out()).contains("OK").contains("UNKNOWN_BARCODE");
    Cli.Result show = Cli.runWithInput(node, "", "scan", "stocktake", "show", id);
    assertThat(show.out()).contains("MISSING").contains(codes.get(1));
    Cli.Result approved = Cli.run(node, "scan", "stocktake", "approve", id);
    assertThat(approved.exitCode()).as(approved.toString()).isZero();
    assertThat(approved.json().getAsJsonObject("stocktake").get("status").getAsString())
        .isEqualTo("STOCKTAKE_STATUS_APPROVED");
    Cli.Result noNote = Cli.run(node, "scan", "stocktake", "reject", id);
    assertThat(noNote.exitCode()).isEqualTo(2);
  }

  @Test
  void repairsAndInspectionsFromTheCommandLine() {
    List<String> codes = List.of(code("AMP"), code("AMP"));
    Product amp = api.serialised(node, code("PA-"), codes);
    Cli.Result opened =
        Cli.run(node, "repairs", "open", codes.get(0), "--description", "fan noise");
    assertThat(opened.exitCode()).as(opened.toString()).isZero();
    String ticket = opened.json().get("id").getAsString();
    Cli.Result list = Cli.runWithInput(node, "", "repairs", "list", "--open");
    assertThat(list.out()).contains(ticket).contains("fan noise").contains("OPEN");
    Cli.Result working =
        Cli.run(
            node,
            "repairs",
            "update",
            ticket,
            "--status",
            "in-progress",
            "--notes",
            "bench",
            "--cost",
            "12.50EUR");
    assertThat(working.exitCode()).as(working.toString()).isZero();
    Cli.Result shown = Cli.runWithInput(node, "", "--output", "text", "repairs", "show", ticket);
    assertThat(shown.out()).contains("IN_PROGRESS").contains("bench").contains("12.50");
    assertThat(Cli.run(node, "repairs", "update", ticket, "--status", "repaired").exitCode())
        .isEqualTo(2);
    assertThat(Cli.run(node, "repairs", "update", ticket, "--cost", "lots").exitCode())
        .isEqualTo(2);
    Cli.Result interval = Cli.run(node, "repairs", "interval", amp.getId(), "--days", "365");
    assertThat(interval.exitCode()).as(interval.toString()).isZero();
    Cli.Result inspected =
        Cli.runWithInput(node, codes.get(1) + "\nNOPE-1\n", "repairs", "inspect");
    assertThat(inspected.exitCode()).as(inspected.toString()).isEqualTo(5);
    assertThat(inspected.out()).contains("passed");
    Cli.Result closed =
        Cli.run(node, "repairs", "close", ticket, "--outcome", "repaired", "--notes", "new fan");
    assertThat(closed.exitCode()).as(closed.toString()).isZero();
    assertThat(closed.json().get("status").getAsString()).isEqualTo("REPAIR_STATUS_REPAIRED");
    assertThat(Cli.run(node, "repairs", "close", ticket, "--outcome", "broken").exitCode())
        .isEqualTo(2);
  }

  @Test
  void aCaseIsPackedAndUnpackedFromStandardInput() {
    List<String> codes = List.of(code("DI"), code("DI"), code("DI"));
    api.serialised(node, code("DI-BOX-"), codes);
    String caseCode = code("CASE");
    try (Api a = new Api(node)) {
      String location =
          a.inventory()
              .resolveBarcode(
                  io.eventkit.proto.v1.ResolveBarcodeRequest.newBuilder()
                      .setBarcode(codes.get(0))
                      .build())
              .getAsset()
              .getLocationId();
      a.inventory()
          .createCase(
              io.eventkit.proto.v1.CreateCaseRequest.newBuilder()
                  .setBarcode(caseCode)
                  .setName("DI rack")
                  .setKind(io.eventkit.proto.v1.CaseKind.CASE_KIND_PERMANENT)
                  .setLocationId(location)
                  .build());
    }
    String input = codes.get(0) + "\n" + codes.get(1) + "\nNOPE-77\n" + codes.get(2) + " 4\n";
    Cli.Result packed = Cli.runWithInput(node, input, "scan", "pack", caseCode);
    assertThat(packed.exitCode()).as(packed.toString()).isEqualTo(5);
    assertThat(packed.out())
        .contains("PACKED")
        .contains("case " + caseCode + " holds units: 2,")
        .contains("2 ok, 2 not done");
    assertThat(packed.err()).contains("NOPE-77").contains("bulk quantities");

    // Scanning the same units again is safe: already packed, nothing changes, exit 0.
    Cli.Result again =
        Cli.runWithInput(node, codes.get(0) + "\n" + codes.get(1) + "\n", "scan", "pack", caseCode);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("ALREADY_PACKED").contains("units: 2,");

    Cli.Result unpacked =
        Cli.runWithInput(node, codes.get(1) + "\n", "scan", "pack", caseCode, "--unpack");
    assertThat(unpacked.exitCode()).as(unpacked.toString()).isZero();
    assertThat(unpacked.out()).contains("UNPACKED").contains("units: 1,");
    try (Api a = new Api(node)) {
      assertThat(
              a.inventory()
                  .resolveBarcode(
                      io.eventkit.proto.v1.ResolveBarcodeRequest.newBuilder()
                          .setBarcode(codes.get(0))
                          .build())
                  .getAsset()
                  .getCaseBarcode())
          .isEqualTo(caseCode);
    }
    // A unit's barcode where the case belongs: a usage error before anything changes.
    assertThat(Cli.runWithInput(node, "", "scan", "pack", codes.get(2)).exitCode()).isEqualTo(2);
  }
}
