package io.eventkit.cli;

import com.google.protobuf.Timestamp;
import io.eventkit.proto.v1.CrewHoursGrouping;
import io.eventkit.proto.v1.CrewHoursRow;
import io.eventkit.proto.v1.Dashboard;
import io.eventkit.proto.v1.DashboardWidget;
import io.eventkit.proto.v1.GetAssetsOutOfServiceResponse;
import io.eventkit.proto.v1.GetCrewHoursResponse;
import io.eventkit.proto.v1.GetOverdueReturnsResponse;
import io.eventkit.proto.v1.GetRevenueResponse;
import io.eventkit.proto.v1.GetSubhireSummaryResponse;
import io.eventkit.proto.v1.GetUpcomingShortagesResponse;
import io.eventkit.proto.v1.GetUtilisationResponse;
import io.eventkit.proto.v1.ListSavedReportsResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.OperationsSummary;
import io.eventkit.proto.v1.OutOfServiceRow;
import io.eventkit.proto.v1.OverdueReturnRow;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.ReportSpec;
import io.eventkit.proto.v1.RevenueGrouping;
import io.eventkit.proto.v1.RevenueRow;
import io.eventkit.proto.v1.SavedReport;
import io.eventkit.proto.v1.ShortageReportRow;
import io.eventkit.proto.v1.SubhirePartnerRow;
import io.eventkit.proto.v1.UtilisationGrouping;
import io.eventkit.proto.v1.UtilisationRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * How reports print: a table for people (money with its currency, utilisation as a percentage,
 * hours as h:mm, totals below the rows) or CSV for spreadsheets (a header line, then one record per
 * row with plain numbers: minor units as decimals with the currency in its own column, ratios and
 * minutes unformatted; times ISO-8601 UTC). JSON is the response itself and does not come here.
 */
final class ReportViews {
  private ReportViews() {}

  // ---- number formats ---------------------------------------------------------------------------

  /** Utilisation as a percentage with one decimal: 0.755 → {@code 75.5%}. */
  static String percent(double ratio) {
    return BigDecimal.valueOf(ratio * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  /** Unit-days with one decimal. */
  static String days(double days) {
    return BigDecimal.valueOf(days).setScale(1, RoundingMode.HALF_UP).toPlainString();
  }

  /** Minutes as hours and minutes: 450 → {@code 7:30}, 5 → {@code 0:05}. */
  static String hm(long minutes) {
    long m = Math.abs(minutes);
    return (minutes < 0 ? "-" : "") + m / 60 + ":" + String.format(Locale.ROOT, "%02d", m % 60);
  }

  /** A double for CSV: at most 4 decimals, no trailing zeros, never exponent notation. */
  static String plain(double v) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  /** The amount of {@code money} as a decimal in its currency's unit ("" when unset). */
  static String amount(Money money) {
    if (money.getCurrencyCode().isEmpty() && money.getMinorUnits() == 0) {
      return "";
    }
    int digits;
    try {
      digits =
          Math.max(0, Currency.getInstance(money.getCurrencyCode()).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      digits = 2;
    }
    return BigDecimal.valueOf(money.getMinorUnits(), digits).toPlainString();
  }

  /** ISO-8601 UTC to the second for CSV; "" when unset. */
  static String iso(Timestamp t) {
    return Text.isSet(t) ? Text.instant(t) : "";
  }

  /** An instant for tables, to the minute in UTC: {@code 2026-11-20T09:00Z}. */
  static String at(Timestamp t) {
    return Times.format(t, ZoneOffset.UTC);
  }

  // ---- CSV ------------------------------------------------------------------------------------

  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

  /** Collects CSV records and prints them with commons-csv (which does all the quoting). */
  static final class Csv {
    private final List<List<String>> records = new ArrayList<>();

    Csv(String... header) {
      records.add(List.of(header));
    }

    Csv row(Object... cells) {
      List<String> r = new ArrayList<>();
      for (Object c : cells) {
        r.add(c == null ? "" : String.valueOf(c));
      }
      records.add(r);
      return this;
    }

    void print(PrintWriter out) {
      try {
        CSVPrinter printer = new CSVPrinter(out, CSV);
        for (List<String> r : records) {
          printer.printRecord(r);
        }
        printer.flush();
      } catch (IOException e) {
        throw new CliException(CliException.FAILURE, "cannot write CSV: " + e.getMessage());
      }
    }
  }

  // ---- the reports ----------------------------------------------------------------------------

  private static void periodLine(PrintWriter out, Period p) {
    if (Text.isSet(p.getStart())) {
      out.println("period: " + Times.period(p, ZoneOffset.UTC));
    }
  }

  static void utilisation(PrintWriter out, ReportSpec spec, GetUtilisationResponse r, boolean csv) {
    boolean byCategory =
        spec.getUtilisation().getGroupBy() == UtilisationGrouping.UTILISATION_GROUPING_CATEGORY;
    if (csv) {
      Csv c =
          new Csv(
              "key",
              "label",
              "category",
              "units_owned",
              "unit_days_owned",
              "unit_days_booked",
              "utilisation");
      for (UtilisationRow x : r.getRowsList()) {
        c.row(
            x.getKey(),
            x.getLabel(),
            x.getCategory(),
            x.getUnitsOwned(),
            plain(x.getUnitDaysOwned()),
            plain(x.getUnitDaysBooked()),
            plain(x.getUtilisation()));
      }
      c.print(out);
      return;
    }
    periodLine(out, r.getPeriod());
    Text.Table t =
        byCategory
            ? new Text.Table("CATEGORY", "UNITS", "UNIT-DAYS OWNED", "BOOKED", "UTILISATION")
                .right(1, 2, 3, 4)
            : new Text.Table(
                    "PRODUCT", "CATEGORY", "UNITS", "UNIT-DAYS OWNED", "BOOKED", "UTILISATION")
                .right(2, 3, 4, 5);
    for (UtilisationRow x : r.getRowsList()) {
      if (byCategory) {
        t.row(
            x.getLabel(),
            String.valueOf(x.getUnitsOwned()),
            days(x.getUnitDaysOwned()),
            days(x.getUnitDaysBooked()),
            percent(x.getUtilisation()));
      } else {
        t.row(
            x.getLabel(),
            x.getCategory(),
            String.valueOf(x.getUnitsOwned()),
            days(x.getUnitDaysOwned()),
            days(x.getUnitDaysBooked()),
            percent(x.getUtilisation()));
      }
    }
    table(out, t);
    out.println(
        "total: "
            + days(r.getUnitDaysBooked())
            + " of "
            + days(r.getUnitDaysOwned())
            + " unit-days booked ("
            + percent(r.getUtilisation())
            + ")");
  }

  static void revenue(PrintWriter out, ReportSpec spec, GetRevenueResponse r, boolean csv) {
    if (csv) {
      Csv c = new Csv("key", "label", "quote_count", "amount", "currency");
      for (RevenueRow x : r.getRowsList()) {
        c.row(
            x.getKey(),
            x.getLabel(),
            x.getQuoteCount(),
            amount(x.getAmount()),
            x.getAmount().getCurrencyCode());
      }
      c.print(out);
      return;
    }
    RevenueGrouping g = spec.getRevenue().getGroupBy();
    String first =
        switch (g) {
          case REVENUE_GROUPING_CLIENT -> "CLIENT";
          case REVENUE_GROUPING_CATEGORY -> "CATEGORY";
          case REVENUE_GROUPING_DAY -> "DAY";
          case REVENUE_GROUPING_WEEK -> "WEEK";
          default -> "MONTH";
        };
    periodLine(out, r.getPeriod());
    Text.Table t = new Text.Table(first, "QUOTES", "REVENUE").right(1, 2);
    for (RevenueRow x : r.getRowsList()) {
      t.row(
          x.getLabel().isEmpty() ? x.getKey() : x.getLabel(),
          String.valueOf(x.getQuoteCount()),
          Amounts.format(x.getAmount()));
    }
    table(out, t);
    out.println(
        "total: " + Amounts.format(r.getTotal()) + " from " + count(r.getQuoteCount(), "quote"));
  }

  static void subhire(PrintWriter out, GetSubhireSummaryResponse r, boolean csv) {
    if (csv) {
      Csv c =
          new Csv(
              "partner_node_id",
              "partner_name",
              "currency",
              "borrowed_count",
              "spend",
              "supplied_count",
              "income");
      for (SubhirePartnerRow x : r.getRowsList()) {
        c.row(
            x.getPartnerNodeId(),
            x.getPartnerName(),
            currency(x.getSpend(), x.getIncome()),
            x.getBorrowedCount(),
            amount(x.getSpend()),
            x.getSuppliedCount(),
            amount(x.getIncome()));
      }
      c.print(out);
      return;
    }
    periodLine(out, r.getPeriod());
    Text.Table t =
        new Text.Table("PARTNER", "NODE", "BORROWED", "SPEND", "SUPPLIED", "INCOME")
            .right(2, 3, 4, 5);
    for (SubhirePartnerRow x : r.getRowsList()) {
      t.row(
          x.getPartnerName(),
          x.getPartnerNodeId(),
          String.valueOf(x.getBorrowedCount()),
          Amounts.format(x.getSpend()),
          String.valueOf(x.getSuppliedCount()),
          Amounts.format(x.getIncome()));
    }
    table(out, t);
  }

  private static String currency(Money a, Money b) {
    return a.getCurrencyCode().isEmpty() ? b.getCurrencyCode() : a.getCurrencyCode();
  }

  static void shortages(PrintWriter out, GetUpcomingShortagesResponse r, boolean csv) {
    if (csv) {
      Csv c =
          new Csv(
              "event_id",
              "event_name",
              "event_start",
              "event_end",
              "product_id",
              "product_name",
              "category",
              "requested",
              "shortfall");
      for (ShortageReportRow x : r.getRowsList()) {
        c.row(
            x.getEventId(),
            x.getEventName(),
            iso(x.getEventPeriod().getStart()),
            iso(x.getEventPeriod().getEnd()),
            x.getProductId(),
            x.getProductName(),
            x.getCategory(),
            x.getRequested(),
            x.getShortfall());
      }
      c.print(out);
      return;
    }
    periodLine(out, r.getPeriod());
    Text.Table t =
        new Text.Table("EVENT", "STARTS", "PRODUCT", "CATEGORY", "REQUESTED", "SHORT").right(4, 5);
    for (ShortageReportRow x : r.getRowsList()) {
      t.row(
          x.getEventName(),
          at(x.getEventPeriod().getStart()),
          x.getProductName(),
          x.getCategory(),
          String.valueOf(x.getRequested()),
          String.valueOf(x.getShortfall()));
    }
    table(out, t);
    out.println(
        "total: "
            + count(r.getTotalRows(), "line")
            + " short by "
            + count(r.getTotalShortfall(), "unit"));
  }

  static void overdue(PrintWriter out, GetOverdueReturnsResponse r, boolean csv) {
    if (csv) {
      Csv c =
          new Csv(
              "event_id",
              "event_name",
              "client_name",
              "due_at",
              "overdue_seconds",
              "product_id",
              "product_name",
              "quantity_out",
              "barcodes");
      for (OverdueReturnRow x : r.getRowsList()) {
        c.row(
            x.getEventId(),
            x.getEventName(),
            x.getClientName(),
            iso(x.getDueAt()),
            x.getOverdueSeconds(),
            x.getProductId(),
            x.getProductName(),
            x.getQuantityOut(),
            String.join(" ", x.getBarcodesList()));
      }
      c.print(out);
      return;
    }
    Text.Table t =
        new Text.Table("EVENT", "CLIENT", "DUE", "OVERDUE", "PRODUCT", "OUT", "BARCODES").right(5);
    for (OverdueReturnRow x : r.getRowsList()) {
      List<String> codes = x.getBarcodesList();
      String shown =
          codes.size() <= 3
              ? String.join(" ", codes)
              : String.join(" ", codes.subList(0, 3)) + " +" + (codes.size() - 3) + " more";
      t.row(
          x.getEventName(),
          x.getClientName(),
          at(x.getDueAt()),
          Text.duration(Duration.ofSeconds(x.getOverdueSeconds())),
          x.getProductName(),
          String.valueOf(x.getQuantityOut()),
          shown);
    }
    table(out, t);
    out.println(
        "total: "
            + count(r.getTotalRows(), "line")
            + ", "
            + count(r.getTotalQuantity(), "item")
            + " still out");
  }

  static String status(String s) {
    return s.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static void outOfService(PrintWriter out, GetAssetsOutOfServiceResponse r, boolean csv) {
    if (csv) {
      Csv c =
          new Csv(
              "asset_id",
              "barcode",
              "product_id",
              "product_name",
              "category",
              "status",
              "location_name",
              "since",
              "repair_ticket_id",
              "description",
              "replacement_value",
              "currency");
      for (OutOfServiceRow x : r.getRowsList()) {
        c.row(
            x.getAssetId(),
            x.getBarcode(),
            x.getProductId(),
            x.getProductName(),
            x.getCategory(),
            x.getStatus(),
            x.getLocationName(),
            iso(x.getSince()),
            x.getRepairTicketId(),
            x.getDescription(),
            amount(x.getReplacementValue()),
            x.getReplacementValue().getCurrencyCode());
      }
      c.print(out);
      return;
    }
    Text.Table t =
        new Text.Table(
                "BARCODE", "PRODUCT", "STATUS", "LOCATION", "SINCE", "VALUE", "REPAIR TICKET")
            .right(5);
    for (OutOfServiceRow x : r.getRowsList()) {
      String ticket =
          x.getRepairTicketId().isEmpty()
              ? ""
              : x.getDescription().isEmpty()
                  ? x.getRepairTicketId()
                  : x.getDescription() + " (" + x.getRepairTicketId() + ")";
      t.row(
          x.getBarcode(),
          x.getProductName(),
          status(x.getStatus()),
          x.getLocationName(),
          at(x.getSince()),
          Amounts.format(x.getReplacementValue()),
          ticket);
    }
    table(out, t);
    out.println(
        "total: "
            + r.getInRepair()
            + " in repair, "
            + r.getQuarantine()
            + " in quarantine, "
            + r.getLost()
            + " lost");
  }

  static void crewHours(PrintWriter out, ReportSpec spec, GetCrewHoursResponse r, boolean csv) {
    if (csv) {
      Csv c =
          new Csv(
              "key", "label", "approved_minutes", "pending_minutes", "approved_pay", "currency");
      for (CrewHoursRow x : r.getRowsList()) {
        c.row(
            x.getKey(),
            x.getLabel(),
            x.getApprovedMinutes(),
            x.getPendingMinutes(),
            amount(x.getApprovedPay()),
            x.getApprovedPay().getCurrencyCode());
      }
      c.print(out);
      return;
    }
    CrewHoursGrouping g = spec.getCrewHours().getGroupBy();
    String first =
        switch (g) {
          case CREW_HOURS_GROUPING_EVENT -> "EVENT";
          case CREW_HOURS_GROUPING_WEEK -> "WEEK";
          default -> "CREW MEMBER";
        };
    periodLine(out, r.getPeriod());
    Text.Table t = new Text.Table(first, "APPROVED", "PENDING", "APPROVED PAY").right(1, 2, 3);
    for (CrewHoursRow x : r.getRowsList()) {
      t.row(
          x.getLabel().isEmpty() ? x.getKey() : x.getLabel(),
          hm(x.getApprovedMinutes()),
          hm(x.getPendingMinutes()),
          Amounts.format(x.getApprovedPay()));
    }
    table(out, t);
    out.println(
        "total: "
            + hm(r.getApprovedMinutes())
            + " approved, "
            + hm(r.getPendingMinutes())
            + " pending");
  }

  /** The figures, in the order of OperationsSummary, with their CSV names. */
  private static Map<String, String[]> figures(OperationsSummary s) {
    Map<String, String[]> m = new LinkedHashMap<>();
    m.put("as of", new String[] {"as_of", iso(s.getAsOf())});
    m.put("events out today", new String[] {"events_out_today", "" + s.getEventsOutToday()});
    m.put("events back today", new String[] {"events_back_today", "" + s.getEventsBackToday()});
    m.put("overdue events", new String[] {"overdue_events", "" + s.getOverdueEvents()});
    m.put("overdue items", new String[] {"overdue_items", "" + s.getOverdueItems()});
    m.put("in repair", new String[] {"in_repair", "" + s.getInRepair()});
    m.put("in quarantine", new String[] {"quarantine", "" + s.getQuarantine()});
    m.put("lost", new String[] {"lost", "" + s.getLost()});
    m.put(
        "shortage lines, next 14 days",
        new String[] {"shortage_lines_next_14_days", "" + s.getShortageLinesNext14Days()});
    m.put("events, next 7 days", new String[] {"events_next_7_days", "" + s.getEventsNext7Days()});
    m.put(
        "open repair tickets", new String[] {"open_repair_tickets", "" + s.getOpenRepairTickets()});
    return m;
  }

  static void today(PrintWriter out, OperationsSummary s, boolean csv) {
    Map<String, String[]> f = figures(s);
    if (csv) {
      Csv c = new Csv(f.values().stream().map(v -> v[0]).toArray(String[]::new));
      c.row(f.values().stream().map(v -> v[1]).toArray());
      c.print(out);
      return;
    }
    Map<String, String> kv = new LinkedHashMap<>();
    f.forEach((k, v) -> kv.put(k, v[1].isEmpty() ? Text.NONE : v[1]));
    Text.keyValues(out, kv);
  }

  // ---- dashboards and saved reports -----------------------------------------------------------

  static String display(io.eventkit.proto.v1.ReportDisplay d) {
    return ReportArgs.name(d, ReportArgs.DISPLAY);
  }

  static void dashboard(PrintWriter out, Dashboard d, boolean csv) {
    if (csv) {
      Csv c = new Csv("id", "title", "title_key", "report", "display", "saved_report_id");
      for (DashboardWidget w : d.getWidgetsList()) {
        c.row(
            w.getId(),
            w.getTitle(),
            w.getTitleKey(),
            ReportArgs.describe(w.getSpec()),
            display(w.getDisplay()),
            w.getSavedReportId());
      }
      c.print(out);
      return;
    }
    Text.Table t = new Text.Table("WIDGET", "TITLE", "REPORT", "DISPLAY");
    for (DashboardWidget w : d.getWidgetsList()) {
      t.row(
          w.getId(),
          w.getTitle().isEmpty() ? w.getTitleKey() : w.getTitle(),
          ReportArgs.describe(w.getSpec()),
          display(w.getDisplay()));
    }
    table(out, t);
  }

  static void savedList(PrintWriter out, ListSavedReportsResponse r, boolean csv) {
    if (csv) {
      Csv c =
          new Csv(
              "id",
              "name",
              "report",
              "display",
              "shared",
              "pinned",
              "owner",
              "mine",
              "revision",
              "updated_at");
      for (SavedReport s : r.getReportsList()) {
        c.row(
            s.getId(),
            s.getName(),
            ReportArgs.describe(s.getSpec()),
            display(s.getDisplay()),
            s.getShared(),
            s.getPinned(),
            s.getOwner(),
            s.getMine(),
            s.getRevision(),
            iso(s.getUpdatedAt()));
      }
      c.print(out);
      return;
    }
    Text.Table t = new Text.Table("ID", "NAME", "REPORT", "DISPLAY", "SHARED", "PINNED", "OWNER");
    for (SavedReport s : r.getReportsList()) {
      t.row(
          s.getId(),
          s.getName(),
          ReportArgs.describe(s.getSpec()),
          display(s.getDisplay()),
          s.getShared() ? "yes" : "no",
          s.getPinned() ? "yes" : "no",
          s.getMine() ? s.getOwner() + " (you)" : s.getOwner());
    }
    table(out, t);
  }

  static void saved(PrintWriter out, SavedReport s) {
    Map<String, String> kv = new LinkedHashMap<>();
    kv.put("id", s.getId());
    kv.put("name", s.getName());
    kv.put("description", Text.orNone(s.getDescription()));
    kv.put("report", ReportArgs.describe(s.getSpec()));
    kv.put("display", display(s.getDisplay()));
    kv.put("shared", s.getShared() ? "yes" : "no");
    kv.put("pinned", s.getPinned() ? "yes" : "no");
    kv.put("owner", Text.orNone(s.getOwner()) + (s.getMine() ? " (you)" : ""));
    kv.put("revision", String.valueOf(s.getRevision()));
    kv.put("created", Text.instant(s.getCreatedAt()));
    kv.put("updated", Text.instant(s.getUpdatedAt()));
    Text.keyValues(out, kv);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static void table(PrintWriter out, Text.Table t) {
    if (t.size() == 0) {
      out.println("no rows");
    } else {
      t.print(out);
    }
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
