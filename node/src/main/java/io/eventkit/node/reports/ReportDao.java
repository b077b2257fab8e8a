package io.eventkit.node.reports;

import io.eventkit.node.platform.db.BindTenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The report queries: each is one statement that aggregates, orders and pages in SQL and filters on
 * the tenant. Paged reports return the totals over every matching row on each row, and one row with
 * NULL row columns when the page is empty, so a page and its totals are one round trip.
 */
interface ReportDao {
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(UtilRow.class)
  List<UtilRow> utilisation(
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("category") String category,
      @Bind("location") UUID location,
      @Bind("byCategory") boolean byCategory,
      @Bind("order") String order,
      @Bind("afterNum") String afterNum,
      @Bind("afterText") String afterText,
      @Bind("afterKey") String afterKey,
      @Bind("limit") int limit);

  record UtilRow(
      BigDecimal totalOwnedSecs,
      BigDecimal totalBookedSecs,
      String key,
      String label,
      String category,
      Long units,
      BigDecimal ownedSecs,
      BigDecimal bookedSecs,
      String util,
      String nameKey) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(RevenueRow.class)
  List<RevenueRow> revenue(
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("tz") String tz,
      @Bind("grouping") String grouping,
      @Bind("company") UUID company,
      @Bind("category") String category,
      @Bind("afterKey") String afterKey,
      @Bind("afterAmount") Long afterAmount,
      @Bind("limit") int limit);

  record RevenueRow(
      BigDecimal totalAmount,
      Long totalQuotes,
      String base,
      String key,
      String label,
      BigDecimal amount,
      Long quoteCount) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(SubhireRow.class)
  List<SubhireRow> subhire(
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("partner") String partner,
      @Bind("afterSpend") Long afterSpend,
      @Bind("afterIncome") Long afterIncome,
      @Bind("afterPartner") String afterPartner,
      @Bind("afterCurrency") String afterCurrency,
      @Bind("limit") int limit);

  record SubhireRow(
      String partnerNodeId,
      String partnerName,
      String currency,
      BigDecimal spend,
      BigDecimal income,
      long borrowed,
      long supplied) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(ShortageDetail.class)
  List<ShortageDetail> shortageDetails(
      @Bind("events") UUID[] events,
      @Bind("products") UUID[] products,
      @Bind("category") String category,
      @Bind("location") UUID location);

  record ShortageDetail(
      UUID eventId,
      String eventName,
      Instant eventStart,
      Instant eventEnd,
      UUID productId,
      String productName,
      String category) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(OverdueRow.class)
  List<OverdueRow> overdue(
      @Bind("now") Instant now,
      @Bind("location") UUID location,
      @Bind("company") UUID company,
      @Bind("afterDue") Instant afterDue,
      @Bind("afterEvent") UUID afterEvent,
      @Bind("afterProduct") UUID afterProduct,
      @Bind("limit") int limit);

  record OverdueRow(
      long totalRows,
      BigDecimal totalQuantity,
      UUID eventId,
      String eventName,
      String clientName,
      Instant dueAt,
      UUID productId,
      String productName,
      Integer qty,
      String barcodes) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(OutOfServiceRow.class)
  List<OutOfServiceRow> outOfService(
      @Bind("statuses") String[] statuses,
      @Bind("category") String category,
      @Bind("location") UUID location,
      @Bind("afterSince") Instant afterSince,
      @Bind("afterAsset") UUID afterAsset,
      @Bind("limit") int limit);

  record OutOfServiceRow(
      long inRepair,
      long quarantine,
      long lost,
      UUID assetId,
      String barcode,
      UUID productId,
      String productName,
      String category,
      String status,
      String locationName,
      Instant since,
      UUID ticketId,
      String description,
      String replacementCurrency,
      Long replacementMinor) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(CrewRow.class)
  List<CrewRow> crewHours(
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("tz") String tz,
      @Bind("grouping") String grouping,
      @Bind("afterSort") String afterSort,
      @Bind("afterKey") String afterKey,
      @Bind("afterCurrency") String afterCurrency,
      @Bind("limit") int limit);

  record CrewRow(
      int totalApproved,
      int totalPending,
      String sort,
      String key,
      String currency,
      String label,
      Integer approvedMinutes,
      Integer pendingMinutes,
      BigDecimal approvedPay) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(OpsRow.class)
  OpsRow operations(
      @Bind("now") Instant now,
      @Bind("dayStart") Instant dayStart,
      @Bind("dayEnd") Instant dayEnd,
      @Bind("weekEnd") Instant weekEnd,
      @Bind("statuses") String[] statuses,
      @Bind("location") UUID location);

  record OpsRow(
      long eventsOutToday,
      long eventsBackToday,
      long overdueEvents,
      BigDecimal overdueItems,
      long inRepair,
      long quarantine,
      long lost,
      long eventsNext7Days,
      long openRepairTickets) {}

  // ---- existence checks (unknown IDs are NOT_FOUND) ----

  @BindTenant
  @SqlQuery("SELECT kind FROM location WHERE tenant_id = :tenant AND id = :id")
  Optional<String> locationKind(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT EXISTS (SELECT 1 FROM crm_company WHERE tenant_id = :tenant AND id = :id)")
  boolean companyExists(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM partner WHERE tenant_id = :tenant AND node_id = :id)"
          + " OR EXISTS (SELECT 1 FROM subhire WHERE tenant_id = :tenant AND partner_node_id = :id)")
  boolean partnerKnown(@Bind("id") String nodeId);
}
