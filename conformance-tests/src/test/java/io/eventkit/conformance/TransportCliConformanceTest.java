package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.proto.v1.AddBookingLineRequest;
import io.eventkit.proto.v1.AdjustStockRequest;
import io.eventkit.proto.v1.BulkQuantity;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.CreateLocationRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.EventStatus;
import io.eventkit.proto.v1.LocationKind;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.ProductFields;
import io.eventkit.proto.v1.Tracking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventkit transport} against a real node: two vehicles, an event's ten amp racks packed on
 * them (one within capacity, one over), the over-loaded van's load list as a PDF, and a run planned
 * with a qualified driver and dispatched.
 */
class TransportCliConformanceTest {
  private static Deployer deployer;
  private static NodeHandle node;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    node = deployer.deploy(1).get(0);
  }

  @AfterAll
  static void teardown() {
    deployer.close();
  }

  private static com.google.protobuf.Timestamp ts(String iso) {
    return com.google.protobuf.Timestamp.newBuilder()
        .setSeconds(Instant.parse(iso).getEpochSecond())
        .build();
  }

  private static JsonObject load(JsonObject pack, String vehicleId) {
    for (JsonElement e : pack.getAsJsonArray("loads")) {
      JsonObject l = e.getAsJsonObject();
      if (l.getAsJsonObject("vehicle").get("id").getAsString().equals(vehicleId)) {
        return l;
      }
    }
    throw new AssertionError("no load for " + vehicleId + " in " + pack);
  }

  private static boolean flag(JsonObject o, String name) {
    return o.has(name) && o.get(name).getAsBoolean();
  }

  @Test
  void anEventIsPackedOnVansAndARunIsDispatched(@TempDir Path dir) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String warehouse;
    Event event;
    String lineId;
    try (Api a = new Api(node)) {
      warehouse =
          a.inventory()
              .createLocation(
                  CreateLocationRequest.newBuilder()
                      .setKind(LocationKind.LOCATION_KIND_WAREHOUSE)
                      .setCode("TW-" + suffix)
                      .setName("Transport warehouse " + suffix)
                      .build())
              .getId();
      // 150 kg and 0.288 m³ a rack.
      Product rack =
          a.inventory()
              .createProduct(
                  CreateProductRequest.newBuilder()
                      .setProduct(
                          ProductFields.newBuilder()
                              .setManufacturer("Conformance")
                              .setModel("RACK-" + suffix)
                              .setName("Amp rack " + suffix)
                              .setCategory("Audio")
                              .setRentalPrice(
                                  Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(5000))
                              .setReplacementValue(
                                  Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(500000))
                              .setWeightGrams(150_000)
                              .setLengthMm(800)
                              .setWidthMm(600)
                              .setHeightMm(600)
                              .setTracking(Tracking.TRACKING_BULK))
                      .build());
      a.inventory()
          .adjustStock(
              AdjustStockRequest.newBuilder()
                  .setProductId(rack.getId())
                  .setLocationId(warehouse)
                  .setDelta(10)
                  .setReason("purchase")
                  .build());
      event =
          a.planning()
              .createEvent(
                  CreateEventRequest.newBuilder()
                      .setName("Transport CLI gala " + suffix)
                      .setVenue("Conformance Hall")
                      .setPeriod(
                          Period.newBuilder()
                              .setStart(ts("2037-05-04T00:00:00Z"))
                              .setEnd(ts("2037-05-06T00:00:00Z")))
                      .setStatus(EventStatus.EVENT_STATUS_CONFIRMED)
                      .build());
      lineId =
          a.planning()
              .addBookingLine(
                  AddBookingLineRequest.newBuilder()
                      .setEventId(event.getId())
                      .setProduct(
                          BulkQuantity.newBuilder().setProductId(rack.getId()).setQuantity(10))
                      .build())
              .getLine()
              .getId();
    }

    Cli.Result big =
        Cli.run(
            node,
            "transport",
            "vehicles",
            "create",
            "Truck " + suffix,
            "--registration",
            "TR" + suffix.toUpperCase(java.util.Locale.ROOT),
            "--payload",
            "1t",
            "--volume",
            "10m3",
            "--length",
            "4.2m");
    assertThat(big.exitCode()).as(big.toString()).isZero();
    String truck = big.json().get("id").getAsString();
    assertThat(big.json().get("payloadGrams").getAsString()).isEqualTo("1000000");
    Cli.Result small =
        Cli.run(
            node,
            "transport",
            "vehicles",
            "create",
            "Van " + suffix,
            "--payload",
            "500kg",
            "--volume",
            "3m3");
    assertThat(small.exitCode()).as(small.toString()).isZero();
    String van = small.json().get("id").getAsString();

    Cli.Result pack = Cli.run(node, "transport", "pack", event.getId());
    assertThat(pack.exitCode()).as(pack.toString()).isZero();
    assertThat(pack.json().getAsJsonArray("units").toString()).contains(lineId);

    // Five racks (750 kg) on the truck: within its tonne.
    Cli.Result onTruck =
        Cli.run(
            node,
            "transport",
            "load",
            event.getId(),
            "--vehicle",
            truck,
            "--line",
            lineId,
            "--qty",
            "5");
    assertThat(onTruck.exitCode()).as(onTruck.toString()).isZero();
    JsonObject truckLoad = load(onTruck.json(), truck);
    assertThat(truckLoad.get("weightGrams").getAsString()).isEqualTo("750000");
    assertThat(flag(truckLoad, "overWeight")).isFalse();
    // The other five (750 kg) on the 500 kg van: allowed, and flagged.
    Cli.Result onVan =
        Cli.run(
            node,
            "transport",
            "load",
            event.getId(),
            "--vehicle",
            van,
            "--line",
            lineId,
            "--qty",
            "5");
    assertThat(onVan.exitCode()).as(onVan.toString()).isZero();
    JsonObject vanLoad = load(onVan.json(), van);
    assertThat(flag(vanLoad, "overWeight")).isTrue();
    assertThat(flag(onVan.json(), "complete")).isFalse();
    // More than is left unplaced is refused.
    Cli.Result tooMany =
        Cli.run(
            node,
            "transport",
            "load",
            event.getId(),
            "--vehicle",
            truck,
            "--line",
            lineId,
            "--qty",
            "50");
    assertThat(tooMany.exitCode()).as(tooMany.toString()).isNotZero();

    // The text view: percentages against capacity, OVER on the van.
    Cli.Result text = Cli.runWithInput(node, "", "transport", "pack", event.getId());
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("Truck " + suffix + ": weight 750 kg of 1000 kg (75%)");
    assertThat(text.out()).contains("Van " + suffix + ": weight 750 kg of 500 kg (150% OVER)");

    Path pdf = dir.resolve("van.pdf");
    Cli.Result list =
        Cli.run(
            node,
            "transport",
            "load-list",
            event.getId(),
            "--vehicle",
            van,
            "--out",
            pdf.toString());
    assertThat(list.exitCode()).as(list.toString()).isZero();
    byte[] bytes = Files.readAllBytes(pdf);
    assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF");

    // A driver: a crew member holding the truck's default qualification.
    Cli.Result driver =
        Cli.run(
            node,
            "crew",
            "members",
            "create",
            "Driver " + suffix,
            "--employment",
            "employee",
            "--skill",
            "driving-licence");
    assertThat(driver.exitCode()).as(driver.toString()).isZero();
    String driverId = driver.json().get("id").getAsString();

    Cli.Result run =
        Cli.run(
            node,
            "transport",
            "runs",
            "create",
            "--vehicle",
            truck,
            "--driver",
            driverId,
            "--depart",
            "2037-05-04T06:00Z",
            "--return",
            "2037-05-04T14:00Z",
            "--event",
            event.getId(),
            "--stop",
            "warehouse:" + warehouse,
            "--stop",
            "venue",
            "--stop",
            "warehouse:" + warehouse);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String runId = run.json().get("id").getAsString();
    assertThat(run.json().get("reference").getAsString()).matches("RUN-[0-9]{4}-[0-9]+");
    assertThat(run.json().get("status").getAsString()).isEqualTo("DISPATCH_STATUS_PLANNED");

    // The same truck at the same time again: refused.
    Cli.Result busy =
        Cli.run(
            node,
            "transport",
            "runs",
            "create",
            "--vehicle",
            truck,
            "--depart",
            "2037-05-04T10:00Z",
            "--return",
            "2037-05-04T18:00Z",
            "--stop",
            "venue",
            "--event",
            event.getId());
    assertThat(busy.exitCode()).as(busy.toString()).isEqualTo(1);

    Cli.Result dispatched = Cli.run(node, "transport", "runs", "dispatch", runId);
    assertThat(dispatched.exitCode()).as(dispatched.toString()).isZero();
    assertThat(dispatched.json().get("status").getAsString())
        .isEqualTo("DISPATCH_STATUS_DISPATCHED");
  }
}
