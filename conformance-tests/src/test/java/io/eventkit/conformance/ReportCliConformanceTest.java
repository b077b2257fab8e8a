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
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.BulkQuantity;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.CreateLocationRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.EventStatus;
import io.eventkit.proto.v1.LocationKind;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.ProductFields;
import io.eventkit.proto.v1.Tracking;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code eventkit report} against a real node: utilisation of a bulk product as a table, CSV and
 * JSON, with figures computed by hand; a saved report created, listed, pinned to the dashboard, run
 * and deleted; the node's refusals (an unknown saved report or location, a period over 3 years, a
 * Warehouse user asking for revenue) with their status codes and exit codes.
 */
class ReportCliConformanceTest {
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

  /** The user's access token from AuthService.Login. */
  private static String login(String email, String password) {
    ManagedChannel ch = ManagedChannelBuilder.forTarget(node.grpcTarget()).usePlaintext().build();
    try {
      return AuthServiceGrpc.newBlockingStub(ch)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build())
          .getAccessToken();
    } finally {
      ch.shutdownNow();
    }
  }

  /** Without -o json (Cli.run adds it): the table or CSV as printed. */
  private static Cli.Result text(String... args) {
    return Cli.runWithInput(node, "", args);
  }

  @Test
  void utilisationAsTableCsvAndJsonAndASavedReportRunFromTheDashboard() {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String category = "Reports-" + suffix;
    String warehouse;
    Product product;
    try (Api a = new Api(node)) {
      warehouse =
          a.inventory()
              .createLocation(
                  CreateLocationRequest.newBuilder()
                      .setKind(LocationKind.LOCATION_KIND_WAREHOUSE)
                      .setCode("RW-" + suffix)
                      .setName("Report warehouse " + suffix)
                      .build())
              .getId();
      product =
          a.inventory()
              .createProduct(
                  CreateProductRequest.newBuilder()
                      .setProduct(
                          ProductFields.newBuilder()
                              .setManufacturer("Conformance")
                              .setModel("PAR-" + suffix)
                              .setName("Par can " + suffix)
                              .setCategory(category)
                              .setRentalPrice(
                                  Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(1500))
                              .setReplacementValue(
                                  Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(30000))
                              .setTracking(Tracking.TRACKING_BULK))
                      .build());
      a.inventory()
          .adjustStock(
              AdjustStockRequest.newBuilder()
                  .setProductId(product.getId())
                  .setLocationId(warehouse)
                  .setDelta(10)
                  .setReason("purchase")
                  .build());
      String event =
          a.planning()
              .createEvent(
                  CreateEventRequest.newBuilder()
                      .setName("Report gala " + suffix)
                      .setVenue("Conformance Hall")
                      .setPeriod(
                          Period.newBuilder()
                              .setStart(ts("2037-05-04T00:00:00Z"))
                              .setEnd(ts("2037-05-06T00:00:00Z")))
                      .setStatus(EventStatus.EVENT_STATUS_CONFIRMED)
                      .build())
              .getId();
      a.planning()
          .addBookingLine(
              AddBookingLineRequest.newBuilder()
                  .setEventId(event)
                  .setProduct(
                      BulkQuantity.newBuilder().setProductId(product.getId()).setQuantity(4))
                  .build());
    }

    // 10 units owned for the 10 days 1–10 May 2037: 100 unit-days; 4 booked for 2 days: 8.
    String[] utilisation = {
      "report", "utilisation", "--from", "2037-05-01", "--to", "2037-05-10", "--category", category
    };
    Cli.Result table = text(utilisation);
    assertThat(table.exitCode()).as(table.toString()).isZero();
    String name = product.getName();
    String pad = " ".repeat(Math.max(0, name.length() - "PRODUCT".length()));
    String catPad = " ".repeat(Math.max(0, category.length() - "CATEGORY".length()));
    assertThat(table.out())
        .isEqualTo(
            "period: 2037-05-01T00:00Z → 2037-05-11T00:00Z (10d)\n"
                + "PRODUCT"
                + pad
                + "  CATEGORY"
                + catPad
                + "  UNITS  UNIT-DAYS OWNED  BOOKED  UTILISATION\n"
                + name
                + "  "
                + category
                + "     10            100.0     8.0         8.0%\n"
                + "total: 8.0 of 100.0 unit-days booked (8.0%)");

    String[] csvArgs = new String[utilisation.length + 2];
    csvArgs[0] = "-o";
    csvArgs[1] = "csv";
    System.arraycopy(utilisation, 0, csvArgs, 2, utilisation.length);
    Cli.Result csv = text(csvArgs);
    assertThat(csv.exitCode()).as(csv.toString()).isZero();
    String expectedCsv =
        "key,label,category,units_owned,unit_days_owned,unit_days_booked,utilisation\n"
            + product.getId()
            + ","
            + name
            + ","
            + category
            + ",10,100,8,0.08";
    assertThat(csv.out()).isEqualTo(expectedCsv);

    Cli.Result json = Cli.run(node, utilisation);
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonObject o = json.json();
    assertThat(o.get("unitDaysOwned").getAsDouble()).isEqualTo(100.0);
    assertThat(o.get("unitDaysBooked").getAsDouble()).isEqualTo(8.0);
    assertThat(o.get("utilisation").getAsDouble()).isEqualTo(0.08);
    assertThat(o.getAsJsonArray("rows")).hasSize(1);

    // By the warehouse: the same figures (all the stock is there).
    Cli.Result here =
        text(
            "-o",
            "csv",
            "report",
            "utilisation",
            "--from",
            "2037-05-01",
            "--to",
            "2037-05-10",
            "--category",
            category,
            "--location",
            warehouse);
    assertThat(here.out()).as(here.toString()).isEqualTo(expectedCsv);

    // Saved: created pinned, listed, on the dashboard, run (the same CSV), renamed, deleted.
    Cli.Result created =
        Cli.run(
            node,
            "report",
            "saved",
            "create",
            "Par cans " + suffix,
            "--report",
            "utilisation",
            "--from",
            "2037-05-01",
            "--to",
            "2037-05-10",
            "--category",
            category,
            "--pinned",
            "--display",
            "bar");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    String id = created.json().get("id").getAsString();
    assertThat(created.json().get("pinned").getAsBoolean()).isTrue();

    Cli.Result list = Cli.run(node, "report", "saved", "list", "--all");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.json().getAsJsonArray("reports").toString()).contains(id);

    Cli.Result dashboard = Cli.run(node, "report", "dashboard");
    assertThat(dashboard.exitCode()).as(dashboard.toString()).isZero();
    boolean pinned = false;
    for (JsonElement w : dashboard.json().getAsJsonArray("widgets")) {
      JsonObject widget = w.getAsJsonObject();
      if (widget.has("savedReportId") && widget.get("savedReportId").getAsString().equals(id)) {
        pinned = true;
        assertThat(widget.get("title").getAsString()).isEqualTo("Par cans " + suffix);
      }
    }
    assertThat(pinned).as(dashboard.out()).isTrue();

    Cli.Result run = text("-o", "csv", "report", "saved", "run", id);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo(expectedCsv);

    Cli.Result renamed =
        Cli.run(node, "report", "saved", "update", id, "--name", "Pars " + suffix, "--no-pinned");
    assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
    assertThat(renamed.json().get("name").getAsString()).isEqualTo("Pars " + suffix);
    assertThat(renamed.json().has("pinned")).isFalse();
    assertThat(renamed.json().getAsJsonObject("spec").toString()).contains(category);

    Cli.Result deleted = Cli.run(node, "report", "saved", "delete", id);
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    Cli.Result gone = text("report", "saved", "show", id);
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).startsWith("error: NOT_FOUND: ");

    // Today's figures answer (the node's clock; the figures depend on what else is here).
    Cli.Result today = Cli.run(node, "report", "today");
    assertThat(today.exitCode()).as(today.toString()).isZero();
    assertThat(today.json().has("asOf")).isTrue();
  }

  @Test
  void theNodesRefusalsCarryTheirStatusCodeAndExitCode() {
    Cli.Result unknown = text("report", "saved", "run", UUID.randomUUID().toString());
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("error: NOT_FOUND: ");

    Cli.Result location = text("report", "overdue", "--location", UUID.randomUUID().toString());
    assertThat(location.exitCode()).as(location.toString()).isEqualTo(1);
    assertThat(location.err()).startsWith("error: NOT_FOUND: ");

    Cli.Result tooLong = text("report", "revenue", "--from", "2030-01-01", "--to", "2033-06-30");
    assertThat(tooLong.exitCode()).as(tooLong.toString()).isEqualTo(2);
    assertThat(tooLong.err()).startsWith("error: INVALID_ARGUMENT: ").contains("3 years");

    // A Warehouse user may read operational reports but not money.
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String email = "wh-" + suffix + "@example.com";
    String password = "warehouse-conformance-" + suffix;
    Cli.Result user =
        Cli.runWithInput(
            node,
            password + "\n",
            "--output",
            "json",
            "users",
            "create",
            "--email",
            email,
            "--name",
            "Wes " + suffix,
            "--role",
            "warehouse",
            "--password-stdin");
    assertThat(user.exitCode()).as(user.toString()).isZero();
    String token = login(email, password);
    Cli.Result overdue = Cli.runAs(node, token, "report", "overdue");
    assertThat(overdue.exitCode()).as(overdue.toString()).isZero();
    Cli.Result revenue = Cli.runAs(node, token, "report", "revenue", "--period", "this-month");
    assertThat(revenue.exitCode()).as(revenue.toString()).isEqualTo(4);
    assertThat(revenue.err()).startsWith("error: PERMISSION_DENIED: ");
  }
}
