package io.eventkit.node.reports;

import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The reports' domain values: queries in, rows and totals out (docs/reports.md). */
final class Model {
  private Model() {}

  /** A period relative to today in the reporting time zone (reports.proto RelativePeriod). */
  enum Relative {
    TODAY,
    LAST_7_DAYS,
    LAST_30_DAYS,
    LAST_90_DAYS,
    LAST_12_MONTHS,
    THIS_MONTH,
    LAST_MONTH,
    THIS_YEAR,
    NEXT_7_DAYS,
    NEXT_30_DAYS
  }

  /** Exactly one of an absolute period and a relative one, or neither (the report's default). */
  record When(Interval period, Relative relative) {}

  /** Which of the reports a spec runs; each has its permission (reports.proto). */
  enum Kind {
    UTILISATION(true),
    REVENUE(false),
    SUBHIRE(false),
    SHORTAGES(true),
    OVERDUE(true),
    OUT_OF_SERVICE(true),
    CREW_HOURS(false),
    OPERATIONS(true);

    /** True: REPORTS_READ suffices; false: REPORTS_FINANCE. */
    final boolean operational;

    Kind(boolean operational) {
      this.operational = operational;
    }
  }

  /** A page of rows: a token for the next one ("" on the last page). */
  record Paged<T>(List<T> rows, String nextToken) {}

  // ---- utilisation ----

  enum UtilGroup {
    PRODUCT,
    CATEGORY
  }

  enum UtilOrder {
    HIGHEST,
    LOWEST,
    NAME
  }

  record UtilisationQuery(
      When when,
      UtilGroup group,
      String category,
      UUID locationId,
      UtilOrder order,
      int pageSize,
      String pageToken) {}

  record UtilisationRow(
      String key,
      String label,
      String category,
      long unitsOwned,
      double unitDaysOwned,
      double unitDaysBooked,
      double utilisation) {}

  record Utilisation(
      Interval period,
      List<UtilisationRow> rows,
      double unitDaysOwned,
      double unitDaysBooked,
      double utilisation,
      String nextToken) {}

  // ---- revenue ----

  enum RevenueGroup {
    DAY,
    WEEK,
    MONTH,
    CLIENT,
    CATEGORY;

    boolean isTime() {
      return this == DAY || this == WEEK || this == MONTH;
    }
  }

  record RevenueQuery(
      When when,
      RevenueGroup group,
      UUID companyId,
      String category,
      int pageSize,
      String pageToken) {}

  record RevenueRow(String key, String label, Money amount, int quoteCount) {}

  record Revenue(
      Interval period, List<RevenueRow> rows, Money total, int quoteCount, String nextToken) {}

  // ---- sub-hire ----

  record SubhireQuery(When when, String partnerNodeId, int pageSize, String pageToken) {}

  record SubhireRow(
      String partnerNodeId,
      String partnerName,
      Money spend,
      Money income,
      int borrowedCount,
      int suppliedCount) {}

  record Subhire(Interval period, List<SubhireRow> rows, String nextToken) {}

  // ---- shortages ----

  record ShortageQuery(
      When when, String category, UUID locationId, int pageSize, String pageToken) {}

  record ShortageRow(
      UUID eventId,
      String eventName,
      Interval eventPeriod,
      UUID productId,
      String productName,
      String category,
      int requested,
      int shortfall,
      Instant from) {}

  record Shortages(
      Interval period,
      List<ShortageRow> rows,
      int totalShortfall,
      int totalRows,
      String nextToken) {}

  // ---- overdue ----

  record OverdueQuery(UUID locationId, UUID companyId, int pageSize, String pageToken) {}

  record OverdueRow(
      UUID eventId,
      String eventName,
      String clientName,
      Instant dueAt,
      UUID productId,
      String productName,
      int quantityOut,
      List<String> barcodes,
      long overdueSeconds) {}

  record Overdue(List<OverdueRow> rows, int totalRows, int totalQuantity, String nextToken) {}

  // ---- out of service ----

  record OutOfServiceQuery(
      List<String> statuses, String category, UUID locationId, int pageSize, String pageToken) {}

  record OutOfServiceRow(
      UUID assetId,
      String barcode,
      UUID productId,
      String productName,
      String category,
      String status,
      String locationName,
      Instant since,
      UUID repairTicketId,
      String description,
      Money replacementValue) {}

  record OutOfService(
      List<OutOfServiceRow> rows, int inRepair, int quarantine, int lost, String nextToken) {}

  // ---- crew hours ----

  enum CrewGroup {
    MEMBER,
    EVENT,
    WEEK
  }

  record CrewHoursQuery(When when, CrewGroup group, int pageSize, String pageToken) {}

  record CrewHoursRow(
      String key, String label, int approvedMinutes, int pendingMinutes, Money approvedPay) {}

  record CrewHours(
      Interval period,
      List<CrewHoursRow> rows,
      int approvedMinutes,
      int pendingMinutes,
      String nextToken) {}

  // ---- operations ----

  record OperationsSummary(
      Instant asOf,
      int eventsOutToday,
      int eventsBackToday,
      int overdueEvents,
      int overdueItems,
      int inRepair,
      int quarantine,
      int lost,
      int shortageLinesNext14Days,
      int eventsNext7Days,
      int openRepairTickets) {}

  // ---- saved reports ----

  /** Who is asking: the principal's stable ID and display name. */
  record Owner(String id, String name) {}

  record SavedFields(
      String name,
      String description,
      Kind kind,
      String specJson,
      String display,
      boolean shared,
      boolean pinned) {}

  record Saved(
      UUID id,
      String name,
      String description,
      Kind kind,
      String specJson,
      String display,
      boolean shared,
      boolean pinned,
      String ownerName,
      boolean mine,
      long revision,
      Instant createdAt,
      Instant updatedAt) {}
}
