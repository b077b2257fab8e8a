package io.eventkit.cli;

import static io.eventkit.cli.TrustCommandsTest.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.proto.v1.CreateSavedReportRequest;
import io.eventkit.proto.v1.CrewHoursGrouping;
import io.eventkit.proto.v1.CrewHoursRow;
import io.eventkit.proto.v1.Dashboard;
import io.eventkit.proto.v1.DashboardWidget;
import io.eventkit.proto.v1.GetAssetsOutOfServiceRequest;
import io.eventkit.proto.v1.GetAssetsOutOfServiceResponse;
import io.eventkit.proto.v1.GetCrewHoursRequest;
import io.eventkit.proto.v1.GetCrewHoursResponse;
import io.eventkit.proto.v1.GetOperationsSummaryRequest;
import io.eventkit.proto.v1.GetOverdueReturnsRequest;
import io.eventkit.proto.v1.GetOverdueReturnsResponse;
import io.eventkit.proto.v1.GetRevenueRequest;
import io.eventkit.proto.v1.GetRevenueResponse;
import io.eventkit.proto.v1.GetSavedReportRequest;
import io.eventkit.proto.v1.GetUtilisationRequest;
import io.eventkit.proto.v1.GetUtilisationResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.OperationsSummary;
import io.eventkit.proto.v1.OutOfServiceRow;
import io.eventkit.proto.v1.OverdueReturnRow;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.RelativePeriod;
import io.eventkit.proto.v1.ReportDisplay;
import io.eventkit.proto.v1.ReportSpec;
import io.eventkit.proto.v1.RevenueGrouping;
import io.eventkit.proto.v1.RevenueRow;
import io.eventkit.proto.v1.SavedReport;
import io.eventkit.proto.v1.UpdateSavedReportRequest;
import io.eventkit.proto.v1.UtilisationGrouping;
import io.eventkit.proto.v1.UtilisationRow;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code report} commands against a scripted ReportService on a real gRPC server. */
class ReportCommandsTest {
  static final String LOCATION = "3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b";
  static final String CLIENT_1 = "c0000000-0000-4000-8000-000000000001";
  static final String CLIENT_2 = "c0000000-0000-4000-8000-000000000002";
  static final String SAVED = "5a1c0e2b-0000-4000-8000-00000000abcd";

  private FakeReportService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeReportService();
    cli = new Cli(fake.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(fake.unexpected).as("calls nobody scripted").isEmpty();
      assertThat(fake.pending()).as("scripted answers never asked for").isZero();
    } finally {
      fake.close();
    }
  }

  static Money money(String currency, long minor) {
    return Money.newBuilder().setCurrencyCode(currency).setMinorUnits(minor).build();
  }

  static Period period(String start, String end) {
    return Period.newBuilder().setStart(ts(start)).setEnd(ts(end)).build();
  }

  static PageResponse next(String token) {
    return PageResponse.newBuilder().setNextPageToken(token).build();
  }

  static UtilisationRow movingHead() {
    return UtilisationRow.newBuilder()
        .setKey("p1")
        .setLabel("Moving head 350")
        .setCategory("lighting")
        .setUnitsOwned(12)
        .setUnitDaysOwned(360)
        .setUnitDaysBooked(270)
        .setUtilisation(0.75)
        .build();
  }

  static UtilisationRow lineArray() {
    return UtilisationRow.newBuilder()
        .setKey("p2")
        .setLabel("Line array")
        .setCategory("audio")
        .setUnitsOwned(8)
        .setUnitDaysOwned(240)
        .setUnitDaysBooked(60.5)
        .setUtilisation(60.5 / 240)
        .build();
  }

  @Test
  void utilisationPrintsATableWithPercentagesAndMapsTheFilters() {
    fake.expect(
        "GetUtilisation",
        GetUtilisationResponse.newBuilder()
            .setPeriod(period("2026-10-25T00:00:00Z", "2026-11-24T00:00:00Z"))
            .addRows(movingHead())
            .addRows(lineArray())
            .setUnitDaysOwned(600)
            .setUnitDaysBooked(330.5)
            .setUtilisation(330.5 / 600)
            .setPage(next("t2"))
            .build());
    Cli.Result r =
        cli.run(
            "report",
            "utilisation",
            "--period",
            "last-30-days",
            "--location",
            LOCATION.toUpperCase(java.util.Locale.ROOT),
            "--order",
            "LOWEST",
            "--page-size",
            "2");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            period: 2026-10-25T00:00Z → 2026-11-24T00:00Z (30d)
            PRODUCT          CATEGORY  UNITS  UNIT-DAYS OWNED  BOOKED  UTILISATION
            Moving head 350  lighting     12            360.0   270.0        75.0%
            Line array       audio         8            240.0    60.5        25.2%
            total: 330.5 of 600.0 unit-days booked (55.1%)
            next page: --page-token t2
            """);
    GetUtilisationRequest q = fake.only("GetUtilisation");
    assertThat(q)
        .isEqualTo(
            GetUtilisationRequest.newBuilder()
                .setRelative(RelativePeriod.RELATIVE_PERIOD_LAST_30_DAYS)
                .setLocationId(LOCATION)
                .setOrder(io.eventkit.proto.v1.UtilisationOrder.UTILISATION_ORDER_LOWEST)
                .setPage(PageRequest.newBuilder().setPageSize(2))
                .build());
  }

  @Test
  void utilisationByCategoryWithAllFollowsThePageTokensIntoOneJsonDocument() {
    UtilisationRow lighting =
        movingHead().toBuilder().setKey("lighting").setLabel("lighting").build();
    UtilisationRow audio = lineArray().toBuilder().setKey("audio").setLabel("audio").build();
    GetUtilisationResponse.Builder page =
        GetUtilisationResponse.newBuilder()
            .setPeriod(period("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"))
            .setUnitDaysOwned(600)
            .setUnitDaysBooked(330.5)
            .setUtilisation(0.5);
    fake.expect("GetUtilisation", page.clone().addRows(lighting).setPage(next("t2")).build());
    fake.expect("GetUtilisation", page.clone().addRows(audio).build());
    Cli.Result r =
        cli.run(
            "report",
            "utilisation",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "--group-by",
            "category",
            "--page-size",
            "1",
            "--all");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            period: 2026-01-01T00:00Z → 2026-02-01T00:00Z (31d)
            CATEGORY  UNITS  UNIT-DAYS OWNED  BOOKED  UTILISATION
            lighting     12            360.0   270.0        75.0%
            audio         8            240.0    60.5        25.2%
            total: 330.5 of 600.0 unit-days booked (50.0%)
            """);
    java.util.List<GetUtilisationRequest> qs = fake.requests("GetUtilisation");
    assertThat(qs).hasSize(2);
    assertThat(qs.get(0).getPeriod())
        .isEqualTo(period("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"));
    assertThat(qs.get(0).getGroupBy()).isEqualTo(UtilisationGrouping.UTILISATION_GROUPING_CATEGORY);
    assertThat(qs.get(0).getPage()).isEqualTo(PageRequest.newBuilder().setPageSize(1).build());
    assertThat(qs.get(1).toBuilder().clearPage().build())
        .isEqualTo(qs.get(0).toBuilder().clearPage().build());
    assertThat(qs.get(1).getPage())
        .isEqualTo(PageRequest.newBuilder().setPageSize(1).setPageToken("t2").build());

    // The same as one JSON document: both pages' rows, no page token.
    fake.expect("GetUtilisation", page.clone().addRows(lighting).setPage(next("t2")).build());
    fake.expect("GetUtilisation", page.clone().addRows(audio).build());
    Cli.Result json =
        cli.run("-o", "json", "report", "utilisation", "--period", "this-month", "--all");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    com.google.gson.JsonObject o =
        com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject();
    assertThat(o.getAsJsonArray("rows")).hasSize(2);
    assertThat(o.getAsJsonArray("rows").get(1).getAsJsonObject().get("key").getAsString())
        .isEqualTo("audio");
    assertThat(o.has("page")).isFalse();
    assertThat(o.get("unitDaysBooked").getAsDouble()).isEqualTo(330.5);
  }

  @Test
  void revenueAsCsvQuotesWhatNeedsQuotingAndKeepsNumbersPlain() {
    fake.expect(
        "GetRevenue",
        GetRevenueResponse.newBuilder()
            .setPeriod(period("2025-12-01T00:00:00Z", "2026-12-01T00:00:00Z"))
            .addRows(
                RevenueRow.newBuilder()
                    .setKey(CLIENT_1)
                    .setLabel("Smith, Jones & \"Co\"")
                    .setAmount(money("EUR", 1234550))
                    .setQuoteCount(3))
            .addRows(
                RevenueRow.newBuilder()
                    .setKey(CLIENT_2)
                    .setLabel("Acme Events")
                    .setAmount(money("EUR", 80000))
                    .setQuoteCount(1))
            .setTotal(money("EUR", 1314550))
            .setQuoteCount(4)
            .setPage(next("more"))
            .build());
    Cli.Result r =
        cli.run(
            "--output",
            "csv",
            "report",
            "revenue",
            "--period",
            "last_12_months",
            "--group-by",
            "client",
            "--category",
            "lighting");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "key,label,quote_count,amount,currency\n"
                + CLIENT_1
                + ",\"Smith, Jones & \"\"Co\"\"\",3,12345.50,EUR\n"
                + CLIENT_2
                + ",Acme Events,1,800.00,EUR\n");
    // The hint goes to stderr, keeping the CSV clean.
    assertThat(r.err()).isEqualTo("next page: --page-token more\n");
    GetRevenueRequest q = fake.only("GetRevenue");
    assertThat(q)
        .isEqualTo(
            GetRevenueRequest.newBuilder()
                .setRelative(RelativePeriod.RELATIVE_PERIOD_LAST_12_MONTHS)
                .setGroupBy(RevenueGrouping.REVENUE_GROUPING_CLIENT)
                .setCategory("lighting")
                .setPage(PageRequest.getDefaultInstance())
                .build());
  }

  @Test
  void revenueTableFormatsMoneyWithItsCurrency() {
    fake.expect(
        "GetRevenue",
        GetRevenueResponse.newBuilder()
            .setPeriod(period("2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z"))
            .addRows(
                RevenueRow.newBuilder()
                    .setKey("2026-01")
                    .setLabel("2026-01")
                    .setAmount(money("JPY", 1500000))
                    .setQuoteCount(2))
            .addRows(
                RevenueRow.newBuilder()
                    .setKey("2026-02")
                    .setLabel("2026-02")
                    .setAmount(money("JPY", 0)))
            .addRows(
                RevenueRow.newBuilder()
                    .setKey("2026-03")
                    .setLabel("2026-03")
                    .setAmount(money("JPY", 250000))
                    .setQuoteCount(1))
            .setTotal(money("JPY", 1750000))
            .setQuoteCount(3)
            .build());
    Cli.Result r = cli.run("report", "revenue", "--from", "2026-01-01", "--to", "2026-03-31");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            period: 2026-01-01T00:00Z → 2026-04-01T00:00Z (90d)
            MONTH    QUOTES      REVENUE
            2026-01       2  1500000 JPY
            2026-02       0        0 JPY
            2026-03       1   250000 JPY
            total: 1750000 JPY from 3 quotes
            """);
    GetRevenueRequest q = fake.only("GetRevenue");
    assertThat(q.getPeriod()).isEqualTo(period("2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z"));
    assertThat(q.getRelative()).isEqualTo(RelativePeriod.RELATIVE_PERIOD_UNSPECIFIED);
  }

  @Test
  void crewHoursAsHoursAndMinutesAndAsProtoJson() {
    GetCrewHoursResponse response =
        GetCrewHoursResponse.newBuilder()
            .setPeriod(period("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"))
            .addRows(
                CrewHoursRow.newBuilder()
                    .setKey("m1")
                    .setLabel("Jo Bloggs")
                    .setApprovedMinutes(450)
                    .setPendingMinutes(75)
                    .setApprovedPay(money("GBP", 12000)))
            .addRows(CrewHoursRow.newBuilder().setKey("m2").setLabel("Sam").setPendingMinutes(600))
            .setApprovedMinutes(450)
            .setPendingMinutes(675)
            .build();
    fake.expect("GetCrewHours", response);
    Cli.Result r = cli.run("report", "crew-hours", "--period", "last-month");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            period: 2026-11-01T00:00Z → 2026-12-01T00:00Z (30d)
            CREW MEMBER  APPROVED  PENDING  APPROVED PAY
            Jo Bloggs        7:30     1:15    120.00 GBP
            Sam              0:00    10:00             -
            total: 7:30 approved, 11:15 pending
            """);

    // Days in a zone: November in London is on GMT, so the same instants.
    fake.expect(
        "GetCrewHours",
        GetCrewHoursResponse.newBuilder()
            .setPeriod(period("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"))
            .addRows(
                CrewHoursRow.newBuilder()
                    .setKey("e1")
                    .setLabel("Gala")
                    .setApprovedMinutes(450)
                    .setApprovedPay(money("GBP", 12000)))
            .setApprovedMinutes(450)
            .build());
    Cli.Result json =
        cli.run(
            "-o",
            "json",
            "report",
            "crew-hours",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--zone",
            "Europe/London",
            "--group-by",
            "event");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(json.out())
        .isEqualTo(
            """
            {
              "period": {
                "start": "2026-11-01T00:00:00Z",
                "end": "2026-12-01T00:00:00Z"
              },
              "rows": [{
                "key": "e1",
                "label": "Gala",
                "approvedMinutes": 450,
                "approvedPay": {
                  "currencyCode": "GBP",
                  "minorUnits": "12000"
                }
              }],
              "approvedMinutes": 450
            }
            """);
    java.util.List<GetCrewHoursRequest> qs = fake.requests("GetCrewHours");
    assertThat(qs.get(0).getRelative()).isEqualTo(RelativePeriod.RELATIVE_PERIOD_LAST_MONTH);
    assertThat(qs.get(1).getGroupBy()).isEqualTo(CrewHoursGrouping.CREW_HOURS_GROUPING_EVENT);
    assertThat(qs.get(1).getPeriod())
        .isEqualTo(period("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"));
  }

  @Test
  void daysInASummerZoneStartAtLocalMidnight() {
    fake.expect("GetRevenue", GetRevenueResponse.getDefaultInstance());
    Cli.Result r =
        cli.run(
            "report",
            "revenue",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
            "--zone",
            "Europe/London");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    GetRevenueRequest q = fake.only("GetRevenue");
    assertThat(q.getPeriod()).isEqualTo(period("2026-06-30T23:00:00Z", "2026-07-31T23:00:00Z"));
    assertThat(r.out()).isEqualTo("no rows\ntotal: - from 0 quotes\n");
  }

  @Test
  void badOptionsAreUsageErrorsAndTheNodeIsNotCalled() {
    String[][] cases = {
      {
        "report",
        "revenue",
        "--period",
        "last-30-days",
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01"
      },
      {"report", "revenue", "--from", "2026-02-30", "--to", "2026-03-31"},
      {"report", "revenue", "--from", "yesterday", "--to", "2026-03-31"},
      {"report", "revenue", "--from", "2026-03-01"},
      {"report", "revenue", "--from", "2026-03-31", "--to", "2026-03-01"},
      {"report", "revenue", "--period", "last-week"},
      {"report", "revenue", "--group-by", "year", "--period", "this-year"},
      {"report", "crew-hours", "--group-by", "event"},
      {"report", "revenue", "--client", "acme", "--period", "this-year"},
      {"report", "utilisation", "--page-size", "0", "--period", "today"},
      {"report", "subhire", "--partner", "http://acme.example", "--period", "today"},
      {"report", "out-of-service", "--status", "broken"},
      {"report", "shortages", "--period", "next-7-days", "--zone", "Europe/London"},
      {"report", "saved", "create", "X", "--report", "overdue", "--period", "last-7-days"},
      {"report", "saved", "create", "X", "--period", "last-7-days"},
      {"report", "saved", "run", "not-a-uuid"},
      {"report", "saved", "update", SAVED},
      {"-o", "csv", "report", "saved", "show", SAVED},
    };
    String[] messages = {
      "error: give either --period or --from/--to, not both",
      "error: --from: '2026-02-30' is not a day (YYYY-MM-DD, e.g. 2026-11-01) or an instant"
          + " (e.g. 2026-11-01T00:00Z)",
      "error: --from: 'yesterday' is not a day",
      "error: --from and --to go together (or use --period, e.g. --period last-30-days)",
      "error: --to: the end (2026-03-02T00:00:00Z) must be after the start (2026-03-31T00:00:00Z)",
      "error: --period must be one of today, last-7-days, last-30-days, last-90-days,"
          + " last-12-months, this-month, last-month, this-year, next-7-days, next-30-days"
          + " (got 'last-week')",
      "error: --group-by must be one of day, week, month, client, category (got 'year')",
      "error: give the period: --from DATE --to DATE, or --period (e.g. --period last-30-days)",
      "error: --client: 'acme' is not an ID: expected a UUID",
      "error: --page-size must be between 1 and 500 (got 0)",
      "error: --partner: 'http://acme.example' is not a valid node ID",
      "error: --status must be in-repair, quarantine or lost (got 'broken')",
      "error: --zone is for --from/--to days; --period is reckoned in the node's reporting time"
          + " zone",
      "error: --from/--to/--period does not apply to the overdue report (it takes --location,"
          + " --client)",
      "error: --report is required",
      "error: ID: 'not-a-uuid' is not an ID",
      "error: nothing to change",
      "error: -o csv is only for the report commands",
    };
    for (int i = 0; i < cases.length; i++) {
      Cli.Result r = cli.run(cases[i]);
      assertThat(r.exitCode()).as(String.join(" ", cases[i]) + "\n" + r).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", cases[i])).startsWith(messages[i]);
      assertThat(r.err()).contains("--help' for usage.");
      assertThat(r.out()).isEmpty();
    }
    assertThat(fake.calls).isEmpty();
    // A non-report command refuses CSV too.
    Cli.Result trust = cli.run("-o", "csv", "trust", "list");
    assertThat(trust.exitCode()).isEqualTo(2);
    assertThat(trust.err()).startsWith("error: -o csv is only for the report commands");
  }

  @Test
  void theNodesErrorsNameTheirStatusCode() {
    fake.expect("GetOverdueReturns", Status.NOT_FOUND.withDescription("no location " + LOCATION));
    Cli.Result r = cli.run("report", "overdue", "--location", LOCATION);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: NOT_FOUND: no location " + LOCATION + "\n");
    assertThat(r.out()).isEmpty();

    fake.expect("GetRevenue", Status.PERMISSION_DENIED.withDescription("needs reports.finance"));
    Cli.Result denied = cli.run("-o", "json", "report", "revenue", "--period", "this-year");
    assertThat(denied.exitCode()).isEqualTo(4);
    assertThat(denied.err()).isEqualTo("error: PERMISSION_DENIED: needs reports.finance\n");
    assertThat(denied.out())
        .isEqualTo("{\"error\":\"PERMISSION_DENIED\",\"message\":\"needs reports.finance\"}\n");

    fake.expect(
        "GetUtilisation",
        Status.INVALID_ARGUMENT.withDescription("the period is longer than 3 years"));
    Cli.Result invalid =
        cli.run("report", "utilisation", "--from", "2020-01-01", "--to", "2026-01-01");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err())
        .isEqualTo("error: INVALID_ARGUMENT: the period is longer than 3 years\n");
  }

  @Test
  void overdueAndOutOfServiceTables() {
    fake.expect(
        "GetOverdueReturns",
        GetOverdueReturnsResponse.newBuilder()
            .addRows(
                OverdueReturnRow.newBuilder()
                    .setEventId("e1")
                    .setEventName("Summer Gala")
                    .setClientName("Acme Events")
                    .setDueAt(ts("2026-11-20T18:00:00Z"))
                    .setOverdueSeconds(4 * 86_400 + 18 * 3_600)
                    .setProductName("Moving head 350")
                    .setQuantityOut(5)
                    .addBarcodes("MH-1")
                    .addBarcodes("MH-2")
                    .addBarcodes("MH-3")
                    .addBarcodes("MH-4")
                    .addBarcodes("MH-5"))
            .addRows(
                OverdueReturnRow.newBuilder()
                    .setEventId("e2")
                    .setEventName("Expo")
                    .setDueAt(ts("2026-11-24T09:30:00Z"))
                    .setOverdueSeconds(2 * 3_600 + 30 * 60)
                    .setProductName("Cable 10m")
                    .setQuantityOut(40))
            .setTotalRows(2)
            .setTotalQuantity(45)
            .build());
    Cli.Result r = cli.run("report", "overdue", "--client", CLIENT_1);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            EVENT        CLIENT       DUE                OVERDUE  PRODUCT          OUT  BARCODES
            Summer Gala  Acme Events  2026-11-20T18:00Z  4d 18h   Moving head 350    5  MH-1 MH-2 MH-3 +2 more
            Expo         -            2026-11-24T09:30Z  2h 30m   Cable 10m         40  -
            total: 2 lines, 45 items still out
            """);
    assertThat(fake.<GetOverdueReturnsRequest>only("GetOverdueReturns").getClientCompanyId())
        .isEqualTo(CLIENT_1);

    fake.calls.clear();
    fake.expect(
        "GetAssetsOutOfService",
        GetAssetsOutOfServiceResponse.newBuilder()
            .addRows(
                OutOfServiceRow.newBuilder()
                    .setBarcode("MH-7")
                    .setProductName("Moving head 350")
                    .setStatus("IN_REPAIR")
                    .setLocationName("Main warehouse")
                    .setSince(ts("2026-11-02T10:15:00Z"))
                    .setRepairTicketId("r-12")
                    .setDescription("Fan noise")
                    .setReplacementValue(money("EUR", 420000)))
            .addRows(
                OutOfServiceRow.newBuilder()
                    .setBarcode("CB-1")
                    .setProductName("Cable 10m")
                    .setStatus("LOST")
                    .setSince(ts("2026-10-01T00:00:00Z")))
            .setInRepair(1)
            .setLost(1)
            .build());
    Cli.Result oos =
        cli.run("report", "out-of-service", "--status", "in-repair,lost", "--status", "LOST");
    assertThat(oos.exitCode()).as(oos.toString()).isZero();
    assertThat(oos.out())
        .isEqualTo(
            """
            BARCODE  PRODUCT          STATUS     LOCATION        SINCE                    VALUE  REPAIR TICKET
            MH-7     Moving head 350  in-repair  Main warehouse  2026-11-02T10:15Z  4200.00 EUR  Fan noise (r-12)
            CB-1     Cable 10m        lost       -               2026-10-01T00:00Z            -  -
            total: 1 in repair, 0 in quarantine, 1 lost
            """);
    assertThat(fake.<GetAssetsOutOfServiceRequest>only("GetAssetsOutOfService").getStatusesList())
        .containsExactly("IN_REPAIR", "LOST");
  }

  @Test
  void todayAsFiguresAndAsOneCsvRecord() {
    OperationsSummary s =
        OperationsSummary.newBuilder()
            .setAsOf(ts("2026-11-24T12:00:00Z"))
            .setEventsOutToday(3)
            .setEventsBackToday(2)
            .setOverdueEvents(1)
            .setOverdueItems(4)
            .setInRepair(2)
            .setQuarantine(1)
            .setShortageLinesNext14Days(5)
            .setEventsNext7Days(6)
            .setOpenRepairTickets(2)
            .build();
    fake.expect("GetOperationsSummary", s);
    Cli.Result r = cli.run("report", "today", "--location", LOCATION);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            as of                         2026-11-24T12:00:00Z
            events out today              3
            events back today             2
            overdue events                1
            overdue items                 4
            in repair                     2
            in quarantine                 1
            lost                          0
            shortage lines, next 14 days  5
            events, next 7 days           6
            open repair tickets           2
            """);
    assertThat(fake.<GetOperationsSummaryRequest>only("GetOperationsSummary").getLocationId())
        .isEqualTo(LOCATION);

    fake.expect("GetOperationsSummary", s);
    Cli.Result csv = cli.run("-o", "csv", "report", "today");
    assertThat(csv.out())
        .isEqualTo(
            "as_of,events_out_today,events_back_today,overdue_events,overdue_items,in_repair,"
                + "quarantine,lost,shortage_lines_next_14_days,events_next_7_days,"
                + "open_repair_tickets\n"
                + "2026-11-24T12:00:00Z,3,2,1,4,2,1,0,5,6,2\n");
  }

  static ReportSpec revenueByClient() {
    return ReportSpec.newBuilder()
        .setRevenue(
            GetRevenueRequest.newBuilder()
                .setRelative(RelativePeriod.RELATIVE_PERIOD_LAST_12_MONTHS)
                .setGroupBy(RevenueGrouping.REVENUE_GROUPING_CLIENT))
        .build();
  }

  static SavedReport saved() {
    return SavedReport.newBuilder()
        .setId(SAVED)
        .setName("Revenue by client")
        .setDescription("For the board")
        .setSpec(revenueByClient())
        .setDisplay(ReportDisplay.REPORT_DISPLAY_BAR)
        .setShared(true)
        .setPinned(true)
        .setOwner("Ana Admin")
        .setMine(true)
        .setRevision(3)
        .setCreatedAt(ts("2026-11-01T09:00:00Z"))
        .setUpdatedAt(ts("2026-11-02T09:00:00Z"))
        .build();
  }

  @Test
  void savedReportsAreCreatedShownAndUpdated() {
    fake.expect("CreateSavedReport", saved());
    Cli.Result r =
        cli.run(
            "report",
            "saved",
            "create",
            "  Revenue by client ",
            "--report",
            "revenue",
            "--period",
            "last-12-months",
            "--group-by",
            "client",
            "--description",
            "For the board",
            "--display",
            "bar",
            "--shared",
            "--pinned");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fake.<CreateSavedReportRequest>only("CreateSavedReport"))
        .isEqualTo(
            CreateSavedReportRequest.newBuilder()
                .setName("Revenue by client")
                .setDescription("For the board")
                .setSpec(revenueByClient())
                .setDisplay(ReportDisplay.REPORT_DISPLAY_BAR)
                .setShared(true)
                .setPinned(true)
                .build());
    assertThat(r.out())
        .isEqualTo(
            """
            id           5a1c0e2b-0000-4000-8000-00000000abcd
            name         Revenue by client
            description  For the board
            report       revenue, last-12-months, by client
            display      bar
            shared       yes
            pinned       yes
            owner        Ana Admin (you)
            revision     3
            created      2026-11-01T09:00:00Z
            updated      2026-11-02T09:00:00Z
            """);

    // Update: filters given replace the saved ones; the rest is kept; the revision is the one read.
    fake.calls.clear();
    fake.expect("GetSavedReport", saved());
    fake.expect("UpdateSavedReport", saved().toBuilder().setPinned(false).setRevision(4).build());
    Cli.Result u =
        cli.run("report", "saved", "update", SAVED, "--no-pinned", "--period", "this-year");
    assertThat(u.exitCode()).as(u.toString()).isZero();
    UpdateSavedReportRequest uq =
        fake.<UpdateSavedReportRequest>requests("UpdateSavedReport").get(0);
    assertThat(uq)
        .isEqualTo(
            UpdateSavedReportRequest.newBuilder()
                .setId(SAVED)
                .setRevision(3)
                .setName("Revenue by client")
                .setDescription("For the board")
                .setSpec(
                    ReportSpec.newBuilder()
                        .setRevenue(
                            GetRevenueRequest.newBuilder()
                                .setRelative(RelativePeriod.RELATIVE_PERIOD_THIS_YEAR)))
                .setDisplay(ReportDisplay.REPORT_DISPLAY_BAR)
                .setShared(true)
                .setPinned(false)
                .build());
    assertThat(u.out()).contains("pinned       no").contains("revision     4");

    // A stale revision from the node: ABORTED, exit 1, the code named.
    fake.expect("GetSavedReport", saved());
    fake.expect(
        "UpdateSavedReport",
        Status.ABORTED.withDescription("the saved report changed (revision 5)"));
    Cli.Result stale = cli.run("report", "saved", "update", SAVED, "--name", "X");
    assertThat(stale.exitCode()).isEqualTo(1);
    assertThat(stale.err()).isEqualTo("error: ABORTED: the saved report changed (revision 5)\n");
  }

  @Test
  void savedRunCallsTheReportsOwnRpcWithItsFiltersAndOurPaging() {
    ReportSpec withPaging =
        revenueByClient().toBuilder()
            .setRevenue(
                revenueByClient().getRevenue().toBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(7).setPageToken("old")))
            .build();
    fake.expect("GetSavedReport", saved().toBuilder().setSpec(withPaging).build());
    fake.expect(
        "GetRevenue",
        GetRevenueResponse.newBuilder()
            .addRows(
                RevenueRow.newBuilder()
                    .setKey(CLIENT_2)
                    .setLabel("Acme Events")
                    .setAmount(money("EUR", 80000))
                    .setQuoteCount(1))
            .setTotal(money("EUR", 80000))
            .setQuoteCount(1)
            .build());
    Cli.Result r = cli.run("report", "saved", "run", SAVED, "--page-size", "20");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            CLIENT       QUOTES     REVENUE
            Acme Events       1  800.00 EUR
            total: 800.00 EUR from 1 quote
            """);
    assertThat(fake.<GetSavedReportRequest>requests("GetSavedReport").get(0).getId())
        .isEqualTo(SAVED);
    assertThat(fake.<GetRevenueRequest>requests("GetRevenue").get(0))
        .isEqualTo(
            revenueByClient().getRevenue().toBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(20))
                .build());
  }

  @Test
  void savedListAndDashboard() {
    fake.expect(
        "ListSavedReports",
        io.eventkit.proto.v1.ListSavedReportsResponse.newBuilder()
            .addReports(saved())
            .addReports(
                SavedReport.newBuilder()
                    .setId("5a1c0e2b-0000-4000-8000-00000000beef")
                    .setName("Lost gear")
                    .setSpec(
                        ReportSpec.newBuilder()
                            .setOutOfService(
                                GetAssetsOutOfServiceRequest.newBuilder().addStatuses("LOST")))
                    .setShared(true)
                    .setOwner("Wes Warehouse"))
            .build());
    Cli.Result r = cli.run("report", "saved", "list");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            ID                                    NAME               REPORT                              DISPLAY  SHARED  PINNED  OWNER
            5a1c0e2b-0000-4000-8000-00000000abcd  Revenue by client  revenue, last-12-months, by client  bar      yes     yes     Ana Admin (you)
            5a1c0e2b-0000-4000-8000-00000000beef  Lost gear          out-of-service, status lost         -        yes     no      Wes Warehouse
            """);

    fake.expect(
        "GetDashboard",
        Dashboard.newBuilder()
            .addWidgets(
                DashboardWidget.newBuilder()
                    .setId("default.today")
                    .setTitleKey("report.widget.today")
                    .setSpec(
                        ReportSpec.newBuilder()
                            .setOperations(GetOperationsSummaryRequest.getDefaultInstance()))
                    .setDisplay(ReportDisplay.REPORT_DISPLAY_FIGURES))
            .addWidgets(
                DashboardWidget.newBuilder()
                    .setId("saved." + SAVED)
                    .setTitle("Revenue by client")
                    .setSpec(revenueByClient())
                    .setDisplay(ReportDisplay.REPORT_DISPLAY_BAR)
                    .setSavedReportId(SAVED))
            .build());
    Cli.Result d = cli.run("report", "dashboard");
    assertThat(d.exitCode()).as(d.toString()).isZero();
    assertThat(d.out())
        .isEqualTo(
            """
            WIDGET                                      TITLE                REPORT                              DISPLAY
            default.today                               report.widget.today  today                               figures
            saved.5a1c0e2b-0000-4000-8000-00000000abcd  Revenue by client    revenue, last-12-months, by client  bar
            """);
  }
}
