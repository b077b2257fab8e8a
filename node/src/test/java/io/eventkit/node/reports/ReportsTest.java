package io.eventkit.node.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Timestamp;
import io.eventkit.node.testing.SettableClock;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateSavedReportRequest;
import io.eventkit.proto.v1.CrewHoursGrouping;
import io.eventkit.proto.v1.Dashboard;
import io.eventkit.proto.v1.DashboardWidget;
import io.eventkit.proto.v1.DeleteSavedReportRequest;
import io.eventkit.proto.v1.GetAssetsOutOfServiceRequest;
import io.eventkit.proto.v1.GetAssetsOutOfServiceResponse;
import io.eventkit.proto.v1.GetCrewHoursRequest;
import io.eventkit.proto.v1.GetCrewHoursResponse;
import io.eventkit.proto.v1.GetDashboardRequest;
import io.eventkit.proto.v1.GetOperationsSummaryRequest;
import io.eventkit.proto.v1.GetOverdueReturnsRequest;
import io.eventkit.proto.v1.GetOverdueReturnsResponse;
import io.eventkit.proto.v1.GetRevenueRequest;
import io.eventkit.proto.v1.GetRevenueResponse;
import io.eventkit.proto.v1.GetSavedReportRequest;
import io.eventkit.proto.v1.GetSubhireSummaryRequest;
import io.eventkit.proto.v1.GetSubhireSummaryResponse;
import io.eventkit.proto.v1.GetUpcomingShortagesRequest;
import io.eventkit.proto.v1.GetUpcomingShortagesResponse;
import io.eventkit.proto.v1.GetUtilisationRequest;
import io.eventkit.proto.v1.GetUtilisationResponse;
import io.eventkit.proto.v1.ListSavedReportsRequest;
import io.eventkit.proto.v1.OperationsSummary;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.RelativePeriod;
import io.eventkit.proto.v1.ReportDisplay;
import io.eventkit.proto.v1.ReportServiceGrpc;
import io.eventkit.proto.v1.ReportSpec;
import io.eventkit.proto.v1.RevenueGrouping;
import io.eventkit.proto.v1.RevenueRow;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.SavedReport;
import io.eventkit.proto.v1.UpdateSavedReportRequest;
import io.eventkit.proto.v1.UtilisationGrouping;
import io.eventkit.proto.v1.UtilisationOrder;
import io.eventkit.proto.v1.UtilisationRow;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ReportService against a node of its own (embedded PostgreSQL) holding only the hand-built dataset
 * in {@code dataset.sql}, its clock at 2026-06-15T12:00Z, reporting time zone UTC. Every expected
 * figure is worked out in the comments.
 */
class ReportsTest {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final String W1 = "a0000000-0000-0000-0000-000000000001";
  static final String BIN1 = "a0000000-0000-0000-0000-000000000002";
  static final String W2 = "a0000000-0000-0000-0000-000000000003";
  static final String P1 = "10000000-0000-0000-0000-000000000001";
  static final String P2 = "10000000-0000-0000-0000-000000000002";
  static final String P3 = "10000000-0000-0000-0000-000000000003";
  static final String C1 = "c0000000-0000-0000-0000-000000000001";
  static final String C2 = "c0000000-0000-0000-0000-000000000002";
  static final String E1 = "20000000-0000-0000-0000-000000000001";
  static final String E4 = "20000000-0000-0000-0000-000000000004";
  static final String E6 = "20000000-0000-0000-0000-000000000006";
  static final String E7 = "20000000-0000-0000-0000-000000000007";
  static final String UNKNOWN = "99999999-9999-9999-9999-999999999999";

  static TestNode node;
  static String admin;
  static String manager;
  static String manager2;
  static String planner;
  static String warehouse;
  static String crew;
  static String sales;

  @BeforeAll
  static void start() throws IOException {
    SettableClock clock = new SettableClock();
    clock.advance(Duration.between(Instant.now(), NOW));
    node =
        TestNode.start(
            TestNode.config("reports.test", Files.createTempDirectory("eventkit-reports")), clock);
    String sql;
    try (InputStream in = ReportsTest.class.getResourceAsStream("dataset.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String script = sql;
    node.runtime().jdbi().useHandle(h -> h.createScript(script).execute());
    admin = node.adminToken();
    manager = token(Role.ROLE_MANAGER);
    manager2 = token(Role.ROLE_MANAGER);
    planner = token(Role.ROLE_PLANNER);
    warehouse = token(Role.ROLE_WAREHOUSE);
    crew = token(Role.ROLE_CREW);
    sales = token(Role.ROLE_SALES);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  static String token(Role role) {
    return node.authService(admin)
        .createApiToken(
            CreateApiTokenRequest.newBuilder()
                .setName("reports " + role + " " + System.nanoTime())
                .setRole(role)
                .build())
        .getToken();
  }

  static ReportServiceGrpc.ReportServiceBlockingStub api(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return ReportServiceGrpc.newBlockingStub(node.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  static ReportServiceGrpc.ReportServiceBlockingStub api() {
    return api(admin);
  }

  static Timestamp ts(String iso) {
    return Timestamp.newBuilder().setSeconds(Instant.parse(iso).getEpochSecond()).build();
  }

  static Period period(String start, String end) {
    return Period.newBuilder().setStart(ts(start)).setEnd(ts(end)).build();
  }

  static StatusRuntimeException error(Supplier<?> call) {
    return assertThrows(StatusRuntimeException.class, call::get);
  }

  static Status.Code code(Supplier<?> call) {
    return error(call).getStatus().getCode();
  }

  static final Period JUNE_1_TO_11 = period("2026-06-01T00:00:00Z", "2026-06-11T00:00:00Z");

  // ---- utilisation ----

  @Test
  void utilisationPerProductAndCategory() {
    // Period 06-01..06-11: 10 days.
    // Mic owned: A1, A2, A3, A5 (A4 retired) = 4 units × 10 d = 40 unit-days. Booked (holding
    //   lines only): E1 2 × 2 d = 4, E4 3 × 0.5 d (06-10T12 → 06-11) = 1.5 → 5.5; E2 is
    //   PROVISIONAL (not held). 5.5 / 40 = 0.1375.
    // Cable owned: 10 + 10 = 20 × 10 d = 200. Booked: E1 5 × 2 = 10, E3 10 × 2 (06-01 → 06-03) = 20
    //   → 30. 30 / 200 = 0.15.
    // Light owned: L1 from 06-05 = 6 d, L2 and L3 10 d each = 26 (3 units). Booked: E3 1 × 2 = 2.
    //   2 / 26 = 0.076923….
    GetUtilisationResponse r =
        api().getUtilisation(GetUtilisationRequest.newBuilder().setPeriod(JUNE_1_TO_11).build());
    assertThat(r.getRowsList()).extracting(UtilisationRow::getKey).containsExactly(P2, P1, P3);
    UtilisationRow cable = r.getRows(0);
    assertThat(cable.getUnitsOwned()).isEqualTo(20);
    assertThat(cable.getUnitDaysOwned()).isCloseTo(200, within(1e-9));
    assertThat(cable.getUnitDaysBooked()).isCloseTo(30, within(1e-9));
    assertThat(cable.getUtilisation()).isCloseTo(0.15, within(1e-9));
    UtilisationRow mic = r.getRows(1);
    assertThat(mic.getLabel()).isEqualTo("Report Mic");
    assertThat(mic.getCategory()).isEqualTo("Audio");
    assertThat(mic.getUnitsOwned()).isEqualTo(4);
    assertThat(mic.getUnitDaysOwned()).isCloseTo(40, within(1e-9));
    assertThat(mic.getUnitDaysBooked()).isCloseTo(5.5, within(1e-9));
    assertThat(mic.getUtilisation()).isCloseTo(0.1375, within(1e-9));
    UtilisationRow light = r.getRows(2);
    assertThat(light.getUnitsOwned()).isEqualTo(3);
    assertThat(light.getUnitDaysOwned()).isCloseTo(26, within(1e-9));
    assertThat(light.getUtilisation()).isCloseTo(2.0 / 26, within(1e-9));
    // Totals: owned 200 + 40 + 26 = 266, booked 30 + 5.5 + 2 = 37.5.
    assertThat(r.getUnitDaysOwned()).isCloseTo(266, within(1e-9));
    assertThat(r.getUnitDaysBooked()).isCloseTo(37.5, within(1e-9));
    assertThat(r.getUtilisation()).isCloseTo(37.5 / 266, within(1e-9));
    assertThat(r.getPeriod()).isEqualTo(JUNE_1_TO_11);

    // By category: Audio owned 240, booked 35.5; Lighting 26, 2.
    GetUtilisationResponse c =
        api()
            .getUtilisation(
                GetUtilisationRequest.newBuilder()
                    .setPeriod(JUNE_1_TO_11)
                    .setGroupBy(UtilisationGrouping.UTILISATION_GROUPING_CATEGORY)
                    .build());
    assertThat(c.getRowsList())
        .extracting(UtilisationRow::getKey)
        .containsExactly("Audio", "Lighting");
    assertThat(c.getRows(0).getUnitDaysOwned()).isCloseTo(240, within(1e-9));
    assertThat(c.getRows(0).getUnitDaysBooked()).isCloseTo(35.5, within(1e-9));
    assertThat(c.getRows(0).getUnitsOwned()).isEqualTo(24);
    assertThat(c.getRows(1).getUtilisation()).isCloseTo(2.0 / 26, within(1e-9));

    // Category filter and LOWEST first.
    GetUtilisationResponse audio =
        api()
            .getUtilisation(
                GetUtilisationRequest.newBuilder()
                    .setPeriod(JUNE_1_TO_11)
                    .setCategory("Audio")
                    .setOrder(UtilisationOrder.UTILISATION_ORDER_LOWEST)
                    .build());
    assertThat(audio.getRowsList()).extracting(UtilisationRow::getKey).containsExactly(P1, P2);
    assertThat(audio.getUnitDaysOwned()).isCloseTo(240, within(1e-9));
  }

  @Test
  void utilisationAtAWarehouseCountsItsUnitsAndItsShareOfBookings() {
    // W1 (with bin B1): Mic A1, A2, A5 = 3 units, 30 unit-days of 40, so 30/40 of its 5.5 booked
    // = 4.125; Cable 10 (in the bin) = 100 of 200, half of 30 booked = 15. No Light at W1.
    GetUtilisationResponse r =
        api()
            .getUtilisation(
                GetUtilisationRequest.newBuilder()
                    .setPeriod(JUNE_1_TO_11)
                    .setLocationId(W1)
                    .setOrder(UtilisationOrder.UTILISATION_ORDER_NAME)
                    .build());
    assertThat(r.getRowsList()).extracting(UtilisationRow::getKey).containsExactly(P2, P1);
    assertThat(r.getRows(0).getUnitDaysOwned()).isCloseTo(100, within(1e-9));
    assertThat(r.getRows(0).getUnitDaysBooked()).isCloseTo(15, within(1e-9));
    assertThat(r.getRows(1).getUnitsOwned()).isEqualTo(3);
    assertThat(r.getRows(1).getUnitDaysBooked()).isCloseTo(4.125, within(1e-9));
    assertThat(r.getUnitDaysOwned()).isCloseTo(130, within(1e-9));
  }

  @Test
  void utilisationPagesKeepTheirTotals() {
    GetUtilisationResponse first =
        api()
            .getUtilisation(
                GetUtilisationRequest.newBuilder()
                    .setPeriod(JUNE_1_TO_11)
                    .setPage(PageRequest.newBuilder().setPageSize(2))
                    .build());
    assertThat(first.getRowsList()).extracting(UtilisationRow::getKey).containsExactly(P2, P1);
    assertThat(first.getPage().getNextPageToken()).isNotEmpty();
    GetUtilisationResponse second =
        api()
            .getUtilisation(
                GetUtilisationRequest.newBuilder()
                    .setPeriod(JUNE_1_TO_11)
                    .setPage(
                        PageRequest.newBuilder()
                            .setPageSize(2)
                            .setPageToken(first.getPage().getNextPageToken()))
                    .build());
    assertThat(second.getRowsList()).extracting(UtilisationRow::getKey).containsExactly(P3);
    assertThat(second.getPage().getNextPageToken()).isEmpty();
    assertThat(second.getUnitDaysOwned()).isCloseTo(266, within(1e-9));
    // By name, paged one at a time: Report Cable, Report Light, Report Mic.
    String token = "";
    List<String> keys = new java.util.ArrayList<>();
    do {
      GetUtilisationResponse p =
          api()
              .getUtilisation(
                  GetUtilisationRequest.newBuilder()
                      .setPeriod(JUNE_1_TO_11)
                      .setOrder(UtilisationOrder.UTILISATION_ORDER_NAME)
                      .setPage(PageRequest.newBuilder().setPageSize(1).setPageToken(token))
                      .build());
      p.getRowsList().forEach(x -> keys.add(x.getKey()));
      token = p.getPage().getNextPageToken();
    } while (!token.isEmpty());
    assertThat(keys).containsExactly(P2, P3, P1);
  }

  // ---- revenue ----

  @Test
  void revenueByMonthOverTheLast12Months() {
    // LAST_12_MONTHS at 2026-06-15: [2025-07-01, 2026-07-01), 12 buckets.
    // 2026-05: Q2 (no event, accepted 05-20) (8000 + 1001) GBP ÷ 0.8 = 11251.25 → 11251 EUR.
    // 2026-06: Q1 (E1 starts 06-02) 10000 + 5000 = 15000; Q4's accepted version 2 (E4 06-10) 2000
    //   (version 1's 1 is ignored) → 17000. Q3 declined and Q5 only sent: left out.
    GetRevenueResponse r =
        api()
            .getRevenue(
                GetRevenueRequest.newBuilder()
                    .setRelative(RelativePeriod.RELATIVE_PERIOD_LAST_12_MONTHS)
                    .build());
    assertThat(r.getPeriod()).isEqualTo(period("2025-07-01T00:00:00Z", "2026-07-01T00:00:00Z"));
    assertThat(r.getRowsList())
        .extracting(RevenueRow::getKey)
        .containsExactly(
            "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02",
            "2026-03", "2026-04", "2026-05", "2026-06");
    assertThat(r.getRows(0).getAmount().getMinorUnits()).isZero();
    assertThat(r.getRows(0).getQuoteCount()).isZero();
    assertThat(r.getRows(10).getAmount().getMinorUnits()).isEqualTo(11251);
    assertThat(r.getRows(10).getAmount().getCurrencyCode()).isEqualTo("EUR");
    assertThat(r.getRows(10).getQuoteCount()).isEqualTo(1);
    assertThat(r.getRows(11).getAmount().getMinorUnits()).isEqualTo(17000);
    assertThat(r.getRows(11).getQuoteCount()).isEqualTo(2);
    assertThat(r.getRows(11).getLabel()).isEqualTo("2026-06");
    // 11251 + 17000.
    assertThat(r.getTotal().getMinorUnits()).isEqualTo(28251);
    assertThat(r.getTotal().getCurrencyCode()).isEqualTo("EUR");
    assertThat(r.getQuoteCount()).isEqualTo(3);
  }

  @Test
  void revenueByClientCategoryDayAndWeek() {
    Period mayJune = period("2026-05-01T00:00:00Z", "2026-07-01T00:00:00Z");
    // Clients: Northwind (Q1 15000 + Q4 2000 = 17000), Blue Hall (Q2 11251): largest first.
    GetRevenueResponse clients =
        api()
            .getRevenue(
                GetRevenueRequest.newBuilder()
                    .setPeriod(mayJune)
                    .setGroupBy(RevenueGrouping.REVENUE_GROUPING_CLIENT)
                    .build());
    assertThat(clients.getRowsList()).extracting(RevenueRow::getKey).containsExactly(C1, C2);
    assertThat(clients.getRows(0).getLabel()).isEqualTo("Northwind Events");
    assertThat(clients.getRows(0).getAmount().getMinorUnits()).isEqualTo(17000);
    assertThat(clients.getRows(1).getAmount().getMinorUnits()).isEqualTo(11251);
    // Categories, converted once per quote and category: Audio = Q1 Mic 10000 + Q2 Cable 1001 ÷ 0.8
    // (1251.25 → 1251) + Q4 Mic 2000 = 13251; Lighting = Q2 8000 ÷ 0.8 = 10000; the service line
    // without a product 5000.
    GetRevenueResponse cats =
        api()
            .getRevenue(
                GetRevenueRequest.newBuilder()
                    .setPeriod(mayJune)
                    .setGroupBy(RevenueGrouping.REVENUE_GROUPING_CATEGORY)
                    .build());
    assertThat(cats.getRowsList())
        .extracting(RevenueRow::getKey)
        .containsExactly("Audio", "Lighting", "");
    assertThat(cats.getRowsList())
        .extracting(x -> x.getAmount().getMinorUnits())
        .containsExactly(13251L, 10000L, 5000L);
    assertThat(cats.getRows(2).getLabel()).isEqualTo("(no product)");
    assertThat(cats.getTotal().getMinorUnits()).isEqualTo(28251);
    // A category filter: Lighting only, by month: 10000 in May.
    GetRevenueResponse lighting =
        api()
            .getRevenue(
                GetRevenueRequest.newBuilder().setPeriod(mayJune).setCategory("Lighting").build());
    assertThat(lighting.getRowsList())
        .extracting(x -> x.getAmount().getMinorUnits())
        .containsExactly(10000L, 0L);
    assertThat(lighting.getQuoteCount()).isEqualTo(1);
    // Client filter: Blue Hall only.
    assertThat(
            api()
                .getRevenue(
                    GetRevenueRequest.newBuilder()
                        .setPeriod(mayJune)
                        .setClientCompanyId(C2)
                        .build())
                .getTotal()
                .getMinorUnits())
        .isEqualTo(11251);
    // Days 06-01..06-11: 10 buckets, 15000 on 06-02, 2000 on 06-10.
    GetRevenueResponse days =
        api()
            .getRevenue(
                GetRevenueRequest.newBuilder()
                    .setPeriod(JUNE_1_TO_11)
                    .setGroupBy(RevenueGrouping.REVENUE_GROUPING_DAY)
                    .build());
    assertThat(days.getRowsCount()).isEqualTo(10);
    assertThat(days.getRows(1).getKey()).isEqualTo("2026-06-02");
    assertThat(days.getRows(1).getAmount().getMinorUnits()).isEqualTo(15000);
    assertThat(days.getRows(9).getAmount().getMinorUnits()).isEqualTo(2000);
    // ISO weeks: 06-01..06-11 touches W23 (Mon 06-01) and W24 (Mon 06-08).
    GetRevenueResponse weeks =
        api()
            .getRevenue(
                GetRevenueRequest.newBuilder()
                    .setPeriod(JUNE_1_TO_11)
                    .setGroupBy(RevenueGrouping.REVENUE_GROUPING_WEEK)
                    .build());
    assertThat(weeks.getRowsList())
        .extracting(RevenueRow::getKey)
        .containsExactly("2026-W23", "2026-W24");
    assertThat(weeks.getRowsList())
        .extracting(x -> x.getAmount().getMinorUnits())
        .containsExactly(15000L, 2000L);
  }

  // ---- sub-hire ----

  @Test
  void subhireSpendAndIncomePerPartnerAndCurrency() {
    // June: acme EUR spend S1 2 × 1500 + 2000 = 5000, income S2 3 × 1000 = 3000 (S3 only quoted,
    // S7 in August); beta GBP spend S4 700 (closed after being confirmed; S5 cancelled; S6
    // closed without confirmation).
    GetSubhireSummaryResponse r =
        api()
            .getSubhireSummary(
                GetSubhireSummaryRequest.newBuilder()
                    .setPeriod(period("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z"))
                    .build());
    assertThat(r.getRowsCount()).isEqualTo(2);
    var acme = r.getRows(0);
    assertThat(acme.getPartnerNodeId()).isEqualTo("acme.example");
    assertThat(acme.getPartnerName()).isEqualTo("Acme AV");
    assertThat(acme.getSpend().getMinorUnits()).isEqualTo(5000);
    assertThat(acme.getSpend().getCurrencyCode()).isEqualTo("EUR");
    assertThat(acme.getIncome().getMinorUnits()).isEqualTo(3000);
    assertThat(acme.getBorrowedCount()).isEqualTo(1);
    assertThat(acme.getSuppliedCount()).isEqualTo(1);
    var beta = r.getRows(1);
    assertThat(beta.getPartnerNodeId()).isEqualTo("beta.example");
    assertThat(beta.getPartnerName()).isEqualTo("beta.example");
    assertThat(beta.getSpend().getMinorUnits()).isEqualTo(700);
    assertThat(beta.getSpend().getCurrencyCode()).isEqualTo("GBP");
    assertThat(beta.getIncome().getMinorUnits()).isZero();
    assertThat(beta.getSuppliedCount()).isZero();
    // One partner; an unknown one is NOT_FOUND.
    assertThat(
            api()
                .getSubhireSummary(
                    GetSubhireSummaryRequest.newBuilder()
                        .setRelative(RelativePeriod.RELATIVE_PERIOD_THIS_MONTH)
                        .setPartnerNodeId("beta.example")
                        .build())
                .getRowsCount())
        .isEqualTo(1);
    assertThat(
            code(
                () ->
                    api()
                        .getSubhireSummary(
                            GetSubhireSummaryRequest.newBuilder()
                                .setRelative(RelativePeriod.RELATIVE_PERIOD_THIS_MONTH)
                                .setPartnerNodeId("nobody.example")
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  // ---- shortages ----

  @Test
  void upcomingShortagesSoonestFirst() {
    // Default window: the next 30 days from today (06-15..07-15).
    // Light: usable 1 (L1; L2 quarantined, L3 lost), E6 wants 3 → short 2 from 06-20.
    // Mic: usable 3 (A1, A2, A3; A5 in repair, A4 retired), but A1 and A3 are still out (overdue
    // from E1 and E4) and hold until they come back: E7 wants 6 → gets 1, short 5 from 06-25.
    GetUpcomingShortagesResponse r =
        api().getUpcomingShortages(GetUpcomingShortagesRequest.getDefaultInstance());
    assertThat(r.getPeriod()).isEqualTo(period("2026-06-15T00:00:00Z", "2026-07-15T00:00:00Z"));
    assertThat(r.getRowsList()).extracting(x -> x.getEventId()).containsExactly(E6, E7);
    assertThat(r.getRows(0).getProductId()).isEqualTo(P3);
    assertThat(r.getRows(0).getRequested()).isEqualTo(3);
    assertThat(r.getRows(0).getShortfall()).isEqualTo(2);
    assertThat(r.getRows(0).getEventName()).isEqualTo("Light Show");
    assertThat(r.getRows(0).getCategory()).isEqualTo("Lighting");
    assertThat(r.getRows(0).getEventPeriod())
        .isEqualTo(period("2026-06-20T00:00:00Z", "2026-06-22T00:00:00Z"));
    assertThat(r.getRows(1).getShortfall()).isEqualTo(5);
    assertThat(r.getTotalShortfall()).isEqualTo(7);
    assertThat(r.getTotalRows()).isEqualTo(2);
    // Audio only; W1 only (no Light there); paged one by one.
    assertThat(
            api()
                .getUpcomingShortages(
                    GetUpcomingShortagesRequest.newBuilder().setCategory("Audio").build())
                .getRowsList())
        .extracting(x -> x.getProductId())
        .containsExactly(P1);
    assertThat(
            api()
                .getUpcomingShortages(
                    GetUpcomingShortagesRequest.newBuilder().setLocationId(W1).build())
                .getTotalShortfall())
        .isEqualTo(5);
    GetUpcomingShortagesResponse first =
        api()
            .getUpcomingShortages(
                GetUpcomingShortagesRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(1))
                    .build());
    GetUpcomingShortagesResponse second =
        api()
            .getUpcomingShortages(
                GetUpcomingShortagesRequest.newBuilder()
                    .setPage(
                        PageRequest.newBuilder()
                            .setPageSize(1)
                            .setPageToken(first.getPage().getNextPageToken()))
                    .build());
    assertThat(first.getRows(0).getEventId()).isEqualTo(E6);
    assertThat(second.getRows(0).getEventId()).isEqualTo(E7);
    assertThat(second.getPage().getNextPageToken()).isEmpty();
    assertThat(second.getTotalShortfall()).isEqualTo(7);
  }

  // ---- overdue ----

  @Test
  void overdueReturnsMostOverdueFirst() {
    // E1 ended 06-04: A1 still out (A2 back), cables 5 − 2 returned − 1 damaged = 2. E4 ended
    // 06-12: A3 out. L1 is out on E6, which has not ended.
    GetOverdueReturnsResponse r =
        api().getOverdueReturns(GetOverdueReturnsRequest.getDefaultInstance());
    assertThat(r.getRowsList())
        .extracting(x -> x.getEventId() + "/" + x.getProductId())
        .containsExactly(E1 + "/" + P1, E1 + "/" + P2, E4 + "/" + P1);
    var micE1 = r.getRows(0);
    assertThat(micE1.getQuantityOut()).isEqualTo(1);
    assertThat(micE1.getBarcodesList()).containsExactly("RPT-A1");
    assertThat(micE1.getClientName()).isEqualTo("Northwind Events");
    assertThat(micE1.getEventName()).isEqualTo("Spring Gala");
    assertThat(micE1.getDueAt()).isEqualTo(ts("2026-06-04T00:00:00Z"));
    // 06-04T00:00 → 06-15T12:00 = 11.5 days = 993,600 s (the clock runs on during the test).
    assertThat(micE1.getOverdueSeconds()).isBetween(993_600L, 993_600L + 600);
    assertThat(r.getRows(1).getQuantityOut()).isEqualTo(2);
    assertThat(r.getRows(1).getBarcodesList()).isEmpty();
    assertThat(r.getRows(2).getBarcodesList()).containsExactly("RPT-A3");
    assertThat(r.getTotalRows()).isEqualTo(3);
    assertThat(r.getTotalQuantity()).isEqualTo(4);
    // Blue Hall's (E4) only; W1's (A1 homed there, cables stocked there).
    assertThat(
            api()
                .getOverdueReturns(
                    GetOverdueReturnsRequest.newBuilder().setClientCompanyId(C2).build())
                .getTotalQuantity())
        .isEqualTo(1);
    GetOverdueReturnsResponse w1 =
        api().getOverdueReturns(GetOverdueReturnsRequest.newBuilder().setLocationId(W1).build());
    assertThat(w1.getTotalRows()).isEqualTo(2);
    assertThat(w1.getTotalQuantity()).isEqualTo(3);
    // Paged: 2 then 1, totals on both pages.
    GetOverdueReturnsResponse p1 =
        api()
            .getOverdueReturns(
                GetOverdueReturnsRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(2))
                    .build());
    GetOverdueReturnsResponse p2 =
        api()
            .getOverdueReturns(
                GetOverdueReturnsRequest.newBuilder()
                    .setPage(
                        PageRequest.newBuilder()
                            .setPageSize(2)
                            .setPageToken(p1.getPage().getNextPageToken()))
                    .build());
    assertThat(p1.getRowsCount()).isEqualTo(2);
    assertThat(p2.getRowsList()).extracting(x -> x.getEventId()).containsExactly(E4);
    assertThat(p2.getTotalQuantity()).isEqualTo(4);
  }

  // ---- out of service ----

  @Test
  void assetsOutOfServiceLongestFirst() {
    // L3 lost since 04-01, L2 quarantined since 05-01, A5 in repair since its ticket (06-10).
    GetAssetsOutOfServiceResponse r =
        api().getAssetsOutOfService(GetAssetsOutOfServiceRequest.getDefaultInstance());
    assertThat(r.getRowsList())
        .extracting(x -> x.getBarcode())
        .containsExactly("RPT-L3", "RPT-L2", "RPT-A5");
    assertThat(r.getInRepair()).isEqualTo(1);
    assertThat(r.getQuarantine()).isEqualTo(1);
    assertThat(r.getLost()).isEqualTo(1);
    var a5 = r.getRows(2);
    assertThat(a5.getStatus()).isEqualTo("IN_REPAIR");
    assertThat(a5.getRepairTicketId()).isEqualTo("60000000-0000-0000-0000-000000000001");
    assertThat(a5.getDescription()).isEqualTo("Dented grille");
    assertThat(a5.getSince()).isEqualTo(ts("2026-06-10T00:00:00Z"));
    assertThat(a5.getLocationName()).isEqualTo("Report warehouse 1");
    assertThat(a5.getReplacementValue().getMinorUnits()).isEqualTo(30000);
    assertThat(r.getRows(0).getRepairTicketId()).isEmpty();
    // Only in repair; only Lighting; only W2.
    GetAssetsOutOfServiceResponse repair =
        api()
            .getAssetsOutOfService(
                GetAssetsOutOfServiceRequest.newBuilder().addStatuses("IN_REPAIR").build());
    assertThat(repair.getRowsCount()).isEqualTo(1);
    assertThat(repair.getQuarantine()).isZero();
    assertThat(
            api()
                .getAssetsOutOfService(
                    GetAssetsOutOfServiceRequest.newBuilder().setCategory("Lighting").build())
                .getRowsCount())
        .isEqualTo(2);
    assertThat(
            api()
                .getAssetsOutOfService(
                    GetAssetsOutOfServiceRequest.newBuilder().setLocationId(W2).build())
                .getInRepair())
        .isZero();
  }

  // ---- crew hours ----

  @Test
  void crewHoursPerMemberEventAndWeek() {
    // 06-01..06-11: Ada approved 480 (pay 40000), pending 300 (submitted); Ben approved 600 (pay
    // 50000); Ben's draft and rejected sheets don't count.
    GetCrewHoursResponse r =
        api().getCrewHours(GetCrewHoursRequest.newBuilder().setPeriod(JUNE_1_TO_11).build());
    assertThat(r.getRowsList())
        .extracting(x -> x.getLabel())
        .containsExactly("Ada Report", "Ben Report");
    assertThat(r.getRows(0).getApprovedMinutes()).isEqualTo(480);
    assertThat(r.getRows(0).getPendingMinutes()).isEqualTo(300);
    assertThat(r.getRows(0).getApprovedPay().getMinorUnits()).isEqualTo(40000);
    assertThat(r.getRows(1).getApprovedMinutes()).isEqualTo(600);
    assertThat(r.getRows(1).getApprovedPay().getMinorUnits()).isEqualTo(50000);
    assertThat(r.getApprovedMinutes()).isEqualTo(1080);
    assertThat(r.getPendingMinutes()).isEqualTo(300);
    // Per event: Spring Gala (06-02) 480 + 600 approved; Hall Concert (06-10) 300 pending.
    GetCrewHoursResponse events =
        api()
            .getCrewHours(
                GetCrewHoursRequest.newBuilder()
                    .setPeriod(JUNE_1_TO_11)
                    .setGroupBy(CrewHoursGrouping.CREW_HOURS_GROUPING_EVENT)
                    .build());
    assertThat(events.getRowsList()).extracting(x -> x.getKey()).containsExactly(E1, E4);
    assertThat(events.getRows(0).getApprovedMinutes()).isEqualTo(1080);
    assertThat(events.getRows(0).getApprovedPay().getMinorUnits()).isEqualTo(90000);
    assertThat(events.getRows(1).getPendingMinutes()).isEqualTo(300);
    // Per ISO week: W23 (06-02, 06-03) 1080; W24 (06-10) 300 pending.
    GetCrewHoursResponse weeks =
        api()
            .getCrewHours(
                GetCrewHoursRequest.newBuilder()
                    .setPeriod(JUNE_1_TO_11)
                    .setGroupBy(CrewHoursGrouping.CREW_HOURS_GROUPING_WEEK)
                    .build());
    assertThat(weeks.getRowsList())
        .extracting(x -> x.getKey())
        .containsExactly("2026-W23", "2026-W24");
    assertThat(weeks.getRows(0).getApprovedMinutes()).isEqualTo(1080);
  }

  // ---- operations ----

  @Test
  void todaysFigures() {
    // Today 06-15: E8 starts and ends today. Overdue: E1 and E4, 1 + 2 + 1 = 4 items. Out of
    // service 1/1/1. Shortages in the next 14 days: E6/Light, E7/Mic. Events starting 06-15..06-21:
    // E8, E6. One open repair ticket (A5).
    OperationsSummary s =
        api().getOperationsSummary(GetOperationsSummaryRequest.getDefaultInstance());
    assertThat(s.getEventsOutToday()).isEqualTo(1);
    assertThat(s.getEventsBackToday()).isEqualTo(1);
    assertThat(s.getOverdueEvents()).isEqualTo(2);
    assertThat(s.getOverdueItems()).isEqualTo(4);
    assertThat(s.getInRepair()).isEqualTo(1);
    assertThat(s.getQuarantine()).isEqualTo(1);
    assertThat(s.getLost()).isEqualTo(1);
    assertThat(s.getShortageLinesNext14Days()).isEqualTo(2);
    assertThat(s.getEventsNext7Days()).isEqualTo(2);
    assertThat(s.getOpenRepairTickets()).isEqualTo(1);
    assertThat(s.getAsOf().getSeconds())
        .isBetween(NOW.getEpochSecond(), NOW.getEpochSecond() + 600);
    // W1: overdue E1 only (A1 + 2 cables), A5 in repair there, L2/L3 are at W2.
    OperationsSummary w1 =
        api()
            .getOperationsSummary(
                GetOperationsSummaryRequest.newBuilder().setLocationId(W1).build());
    assertThat(w1.getOverdueEvents()).isEqualTo(1);
    assertThat(w1.getOverdueItems()).isEqualTo(3);
    assertThat(w1.getInRepair()).isEqualTo(1);
    assertThat(w1.getLost()).isZero();
    assertThat(w1.getOpenRepairTickets()).isEqualTo(1);
  }

  // ---- permissions ----

  @Test
  void eachReportNeedsItsPermission() {
    // Planner: operational reports yes, money no.
    assertThat(
            api(planner)
                .getUtilisation(GetUtilisationRequest.newBuilder().setPeriod(JUNE_1_TO_11).build())
                .getRowsCount())
        .isEqualTo(3);
    assertThat(
            code(
                () ->
                    api(planner)
                        .getRevenue(
                            GetRevenueRequest.newBuilder().setPeriod(JUNE_1_TO_11).build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            code(
                () ->
                    api(planner)
                        .getSubhireSummary(
                            GetSubhireSummaryRequest.newBuilder().setPeriod(JUNE_1_TO_11).build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            code(
                () ->
                    api(warehouse)
                        .getCrewHours(
                            GetCrewHoursRequest.newBuilder().setPeriod(JUNE_1_TO_11).build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            api(warehouse)
                .getOverdueReturns(GetOverdueReturnsRequest.getDefaultInstance())
                .getTotalRows())
        .isEqualTo(3);
    assertThat(
            api(manager)
                .getCrewHours(GetCrewHoursRequest.newBuilder().setPeriod(JUNE_1_TO_11).build())
                .getApprovedMinutes())
        .isEqualTo(1080);
    // Crew: nothing at all.
    List<Supplier<?>> all =
        List.of(
            () ->
                api(crew)
                    .getUtilisation(
                        GetUtilisationRequest.newBuilder().setPeriod(JUNE_1_TO_11).build()),
            () ->
                api(crew)
                    .getRevenue(GetRevenueRequest.newBuilder().setPeriod(JUNE_1_TO_11).build()),
            () ->
                api(crew)
                    .getSubhireSummary(
                        GetSubhireSummaryRequest.newBuilder().setPeriod(JUNE_1_TO_11).build()),
            () -> api(crew).getUpcomingShortages(GetUpcomingShortagesRequest.getDefaultInstance()),
            () -> api(crew).getOverdueReturns(GetOverdueReturnsRequest.getDefaultInstance()),
            () ->
                api(crew).getAssetsOutOfService(GetAssetsOutOfServiceRequest.getDefaultInstance()),
            () ->
                api(crew)
                    .getCrewHours(GetCrewHoursRequest.newBuilder().setPeriod(JUNE_1_TO_11).build()),
            () -> api(crew).getOperationsSummary(GetOperationsSummaryRequest.getDefaultInstance()),
            () -> api(crew).getDashboard(GetDashboardRequest.getDefaultInstance()),
            () -> api(crew).listSavedReports(ListSavedReportsRequest.getDefaultInstance()));
    for (Supplier<?> call : all) {
      assertThat(code(call)).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
  }

  // ---- dashboards ----

  static List<String> widgetIds(Dashboard d) {
    return d.getWidgetsList().stream().map(DashboardWidget::getId).toList();
  }

  @Test
  void dashboardsPerRole() {
    Dashboard m = api(manager2).getDashboard(GetDashboardRequest.getDefaultInstance());
    assertThat(widgetIds(m))
        .containsExactly(
            "default.revenue-by-month",
            "default.utilisation-by-category",
            "default.subhire-summary");
    DashboardWidget revenue = m.getWidgets(0);
    assertThat(revenue.getTitleKey()).isEqualTo("report.widget.revenueByMonth");
    assertThat(revenue.getTitle()).isEmpty();
    assertThat(revenue.getSpec().getRevenue().getRelative())
        .isEqualTo(RelativePeriod.RELATIVE_PERIOD_LAST_12_MONTHS);
    assertThat(revenue.getSpec().getRevenue().getGroupBy())
        .isEqualTo(RevenueGrouping.REVENUE_GROUPING_MONTH);
    assertThat(m.getWidgets(1).getSpec().getUtilisation().getRelative())
        .isEqualTo(RelativePeriod.RELATIVE_PERIOD_LAST_90_DAYS);
    assertThat(widgetIds(api(warehouse).getDashboard(GetDashboardRequest.getDefaultInstance())))
        .containsExactly(
            "default.operations-summary", "default.overdue-returns", "default.out-of-service");
    Dashboard p = api(planner).getDashboard(GetDashboardRequest.getDefaultInstance());
    assertThat(widgetIds(p))
        .containsExactly("default.shortages-next-30-days", "default.operations-summary");
    assertThat(p.getWidgets(0).getSpec().getShortages().getRelative())
        .isEqualTo(RelativePeriod.RELATIVE_PERIOD_NEXT_30_DAYS);
    assertThat(p.getWidgets(1).getDisplay()).isEqualTo(ReportDisplay.REPORT_DISPLAY_FIGURES);
    // Sales has no REPORTS_FINANCE: no money widgets.
    assertThat(widgetIds(api(sales).getDashboard(GetDashboardRequest.getDefaultInstance())))
        .doesNotContain("default.revenue-by-month", "default.subhire-summary");
  }

  // ---- saved reports ----

  static ReportSpec utilSpec() {
    return ReportSpec.newBuilder()
        .setUtilisation(
            GetUtilisationRequest.newBuilder()
                .setRelative(RelativePeriod.RELATIVE_PERIOD_LAST_30_DAYS)
                .setGroupBy(UtilisationGrouping.UTILISATION_GROUPING_CATEGORY)
                .setCategory("Audio"))
        .build();
  }

  static ReportSpec revenueSpec() {
    return ReportSpec.newBuilder()
        .setRevenue(
            GetRevenueRequest.newBuilder()
                .setRelative(RelativePeriod.RELATIVE_PERIOD_THIS_YEAR)
                .setGroupBy(RevenueGrouping.REVENUE_GROUPING_CLIENT)
                .setClientCompanyId(C1))
        .build();
  }

  static long savedCount() {
    return node.runtime()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT count(*) FROM saved_report").mapTo(Long.class).one());
  }

  @Test
  void savedReportsBelongToTheirOwner() {
    SavedReport priv =
        api(manager)
            .createSavedReport(
                CreateSavedReportRequest.newBuilder()
                    .setName("Audio use")
                    .setDescription("last 30 days")
                    .setSpec(utilSpec())
                    .setDisplay(ReportDisplay.REPORT_DISPLAY_BAR)
                    .setPinned(true)
                    .build());
    assertThat(priv.getRevision()).isEqualTo(1);
    assertThat(priv.getMine()).isTrue();
    assertThat(priv.getSpec()).isEqualTo(utilSpec());
    assertThat(priv.getOwner()).isNotEmpty();
    SavedReport shared =
        api(manager)
            .createSavedReport(
                CreateSavedReportRequest.newBuilder()
                    .setName("Northwind this year")
                    .setSpec(revenueSpec())
                    .setShared(true)
                    .build());

    // Someone else: the private one does not exist for them; the shared one is read-only.
    assertThat(
            code(
                () ->
                    api(manager2)
                        .getSavedReport(
                            GetSavedReportRequest.newBuilder().setId(priv.getId()).build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    api(manager2)
                        .updateSavedReport(
                            UpdateSavedReportRequest.newBuilder()
                                .setId(priv.getId())
                                .setRevision(1)
                                .setName("mine now")
                                .setSpec(utilSpec())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    SavedReport seen =
        api(manager2)
            .getSavedReport(GetSavedReportRequest.newBuilder().setId(shared.getId()).build());
    assertThat(seen.getMine()).isFalse();
    assertThat(seen.getSpec()).isEqualTo(revenueSpec());
    assertThat(
            code(
                () ->
                    api(manager2)
                        .updateSavedReport(
                            UpdateSavedReportRequest.newBuilder()
                                .setId(shared.getId())
                                .setRevision(1)
                                .setName("taken over")
                                .setSpec(revenueSpec())
                                .build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            code(
                () ->
                    api(manager2)
                        .deleteSavedReport(
                            DeleteSavedReportRequest.newBuilder().setId(shared.getId()).build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            code(
                () ->
                    api(manager2)
                        .deleteSavedReport(
                            DeleteSavedReportRequest.newBuilder().setId(priv.getId()).build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    // The planner sees the shared one in its list but may not save a revenue report.
    assertThat(
            api(planner)
                .listSavedReports(ListSavedReportsRequest.getDefaultInstance())
                .getReportsList())
        .extracting(SavedReport::getId)
        .contains(shared.getId())
        .doesNotContain(priv.getId());
    assertThat(
            code(
                () ->
                    api(planner)
                        .createSavedReport(
                            CreateSavedReportRequest.newBuilder()
                                .setName("Sneaky revenue")
                                .setSpec(revenueSpec())
                                .build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);

    // The owner: stale revision ABORTED, then a good update; duplicate names ALREADY_EXISTS.
    assertThat(
            code(
                () ->
                    api(manager)
                        .updateSavedReport(
                            UpdateSavedReportRequest.newBuilder()
                                .setId(priv.getId())
                                .setRevision(7)
                                .setName("Audio use")
                                .setSpec(utilSpec())
                                .build())))
        .isEqualTo(Status.Code.ABORTED);
    SavedReport updated =
        api(manager)
            .updateSavedReport(
                UpdateSavedReportRequest.newBuilder()
                    .setId(priv.getId())
                    .setRevision(1)
                    .setName("Audio use (30 d)")
                    .setSpec(utilSpec())
                    .setDisplay(ReportDisplay.REPORT_DISPLAY_TABLE)
                    .setPinned(true)
                    .build());
    assertThat(updated.getRevision()).isEqualTo(2);
    assertThat(updated.getName()).isEqualTo("Audio use (30 d)");
    assertThat(updated.getDisplay()).isEqualTo(ReportDisplay.REPORT_DISPLAY_TABLE);
    assertThat(
            code(
                () ->
                    api(manager)
                        .createSavedReport(
                            CreateSavedReportRequest.newBuilder()
                                .setName("NORTHWIND THIS YEAR")
                                .setSpec(revenueSpec())
                                .build())))
        .isEqualTo(Status.Code.ALREADY_EXISTS);
    // Another owner may use the same name.
    SavedReport same =
        api(manager2)
            .createSavedReport(
                CreateSavedReportRequest.newBuilder()
                    .setName("Northwind this year")
                    .setSpec(revenueSpec())
                    .build());

    // Pinned: after the defaults on the owner's dashboard, not on anyone else's.
    Dashboard d = api(manager).getDashboard(GetDashboardRequest.getDefaultInstance());
    assertThat(widgetIds(d))
        .containsExactly(
            "default.revenue-by-month",
            "default.utilisation-by-category",
            "default.subhire-summary",
            "saved." + priv.getId());
    DashboardWidget pinned = d.getWidgets(3);
    assertThat(pinned.getTitle()).isEqualTo("Audio use (30 d)");
    assertThat(pinned.getTitleKey()).isEmpty();
    assertThat(pinned.getSavedReportId()).isEqualTo(priv.getId());
    assertThat(pinned.getSpec()).isEqualTo(utilSpec());
    assertThat(widgetIds(api(manager2).getDashboard(GetDashboardRequest.getDefaultInstance())))
        .doesNotContain("saved." + priv.getId());

    // Listing by name, paged.
    ListSavedReportsRequest one =
        ListSavedReportsRequest.newBuilder()
            .setPage(PageRequest.newBuilder().setPageSize(1))
            .build();
    var page1 = api(manager).listSavedReports(one);
    assertThat(page1.getReports(0).getName()).isEqualTo("Audio use (30 d)");
    var page2 =
        api(manager)
            .listSavedReports(
                ListSavedReportsRequest.newBuilder()
                    .setPage(
                        PageRequest.newBuilder()
                            .setPageSize(1)
                            .setPageToken(page1.getPage().getNextPageToken()))
                    .build());
    assertThat(page2.getReports(0).getName()).isEqualTo("Northwind this year");

    // Delete by the owner.
    api(manager)
        .deleteSavedReport(DeleteSavedReportRequest.newBuilder().setId(priv.getId()).build());
    assertThat(
            code(
                () ->
                    api(manager)
                        .getSavedReport(
                            GetSavedReportRequest.newBuilder().setId(priv.getId()).build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    api(manager2)
        .deleteSavedReport(DeleteSavedReportRequest.newBuilder().setId(same.getId()).build());
    api(manager)
        .deleteSavedReport(DeleteSavedReportRequest.newBuilder().setId(shared.getId()).build());
  }

  // ---- validation ----

  @Test
  void badRequestsAreRefusedAndChangeNothing() {
    long before = savedCount();
    Period twoYears = period("2024-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
    Period fourYears = period("2022-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
    // Both, neither, too long, backwards.
    StatusRuntimeException both =
        error(
            () ->
                api()
                    .getUtilisation(
                        GetUtilisationRequest.newBuilder()
                            .setPeriod(JUNE_1_TO_11)
                            .setRelative(RelativePeriod.RELATIVE_PERIOD_LAST_7_DAYS)
                            .build()));
    assertThat(both.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(both.getStatus().getDescription()).contains("relative");
    assertThat(code(() -> api().getRevenue(GetRevenueRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> api().getCrewHours(GetCrewHoursRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    StatusRuntimeException tooLong =
        error(() -> api().getRevenue(GetRevenueRequest.newBuilder().setPeriod(fourYears).build()));
    assertThat(tooLong.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooLong.getStatus().getDescription()).contains("3 years");
    assertThat(
            api()
                .getRevenue(GetRevenueRequest.newBuilder().setPeriod(twoYears).build())
                .getRowsCount())
        .isEqualTo(24);
    assertThat(
            code(
                () ->
                    api()
                        .getUtilisation(
                            GetUtilisationRequest.newBuilder()
                                .setPeriod(period("2026-06-11T00:00:00Z", "2026-06-01T00:00:00Z"))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    // Unknown IDs are NOT_FOUND; malformed ones and bins INVALID_ARGUMENT.
    assertThat(
            code(
                () ->
                    api()
                        .getUtilisation(
                            GetUtilisationRequest.newBuilder()
                                .setPeriod(JUNE_1_TO_11)
                                .setLocationId(UNKNOWN)
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    api()
                        .getRevenue(
                            GetRevenueRequest.newBuilder()
                                .setPeriod(JUNE_1_TO_11)
                                .setClientCompanyId(UNKNOWN)
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    api()
                        .getOverdueReturns(
                            GetOverdueReturnsRequest.newBuilder()
                                .setClientCompanyId(UNKNOWN)
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    api()
                        .getOperationsSummary(
                            GetOperationsSummaryRequest.newBuilder()
                                .setLocationId(UNKNOWN)
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    api()
                        .getOverdueReturns(
                            GetOverdueReturnsRequest.newBuilder()
                                .setLocationId("not-a-uuid")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .getAssetsOutOfService(
                            GetAssetsOutOfServiceRequest.newBuilder().setLocationId(BIN1).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    // Bad enums, statuses and page tokens.
    assertThat(
            code(
                () ->
                    api()
                        .getUtilisation(
                            GetUtilisationRequest.newBuilder()
                                .setPeriod(JUNE_1_TO_11)
                                .setGroupByValue(99)
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api().getRevenue(GetRevenueRequest.newBuilder().setRelativeValue(42).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .getAssetsOutOfService(
                            GetAssetsOutOfServiceRequest.newBuilder()
                                .addStatuses("BROKEN")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    for (String token :
        List.of("garbage", "Zm9v", PageTokens.of("x", "y"), PageTokens.of("abc", P1, P2))) {
      assertThat(
              code(
                  () ->
                      api()
                          .getUtilisation(
                              GetUtilisationRequest.newBuilder()
                                  .setPeriod(JUNE_1_TO_11)
                                  .setPage(PageRequest.newBuilder().setPageToken(token))
                                  .build())))
          .as(token)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(
              code(
                  () ->
                      api()
                          .getOverdueReturns(
                              GetOverdueReturnsRequest.newBuilder()
                                  .setPage(PageRequest.newBuilder().setPageToken(token))
                                  .build())))
          .as(token)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    // Saved reports: no spec, an empty spec, a bad spec, a too-long name, an unknown location.
    assertThat(
            code(
                () ->
                    api()
                        .createSavedReport(
                            CreateSavedReportRequest.newBuilder().setName("x").build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .createSavedReport(
                            CreateSavedReportRequest.newBuilder()
                                .setName("x")
                                .setSpec(ReportSpec.getDefaultInstance())
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    StatusRuntimeException badSpec =
        error(
            () ->
                api()
                    .createSavedReport(
                        CreateSavedReportRequest.newBuilder()
                            .setName("x")
                            .setSpec(
                                ReportSpec.newBuilder()
                                    .setRevenue(
                                        GetRevenueRequest.newBuilder()
                                            .setPeriod(JUNE_1_TO_11)
                                            .setRelative(RelativePeriod.RELATIVE_PERIOD_THIS_YEAR)))
                            .build()));
    assertThat(badSpec.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badSpec.getStatus().getDescription()).contains("spec.revenue.period");
    assertThat(
            code(
                () ->
                    api()
                        .createSavedReport(
                            CreateSavedReportRequest.newBuilder()
                                .setName("x".repeat(121))
                                .setSpec(utilSpec())
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .createSavedReport(
                            CreateSavedReportRequest.newBuilder()
                                .setName("")
                                .setSpec(utilSpec())
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .createSavedReport(
                            CreateSavedReportRequest.newBuilder()
                                .setName("x")
                                .setSpec(
                                    ReportSpec.newBuilder()
                                        .setOverdue(
                                            GetOverdueReturnsRequest.newBuilder()
                                                .setLocationId(UNKNOWN)))
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    api()
                        .updateSavedReport(
                            UpdateSavedReportRequest.newBuilder()
                                .setId(UNKNOWN)
                                .setRevision(1)
                                .setName("x")
                                .setSpec(utilSpec())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    api()
                        .updateSavedReport(
                            UpdateSavedReportRequest.newBuilder()
                                .setId(UNKNOWN)
                                .setName("x")
                                .setSpec(utilSpec())
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api().getSavedReport(GetSavedReportRequest.newBuilder().setId("nope").build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(savedCount()).isEqualTo(before);
  }

  /** Page tokens as the node makes them (kernel.PageSpec), for tampered-token cases. */
  static final class PageTokens {
    static String of(String... parts) {
      return io.eventkit.node.kernel.PageSpec.token(List.of(parts));
    }
  }
}
