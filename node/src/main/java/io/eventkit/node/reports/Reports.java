package io.eventkit.node.reports;

import io.eventkit.node.inventory.Availability;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.SingleFlight;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.reports.Model.CrewHours;
import io.eventkit.node.reports.Model.CrewHoursQuery;
import io.eventkit.node.reports.Model.CrewHoursRow;
import io.eventkit.node.reports.Model.OperationsSummary;
import io.eventkit.node.reports.Model.OutOfService;
import io.eventkit.node.reports.Model.OutOfServiceQuery;
import io.eventkit.node.reports.Model.OutOfServiceRow;
import io.eventkit.node.reports.Model.Overdue;
import io.eventkit.node.reports.Model.OverdueQuery;
import io.eventkit.node.reports.Model.OverdueRow;
import io.eventkit.node.reports.Model.Relative;
import io.eventkit.node.reports.Model.Revenue;
import io.eventkit.node.reports.Model.RevenueQuery;
import io.eventkit.node.reports.Model.RevenueRow;
import io.eventkit.node.reports.Model.ShortageQuery;
import io.eventkit.node.reports.Model.ShortageRow;
import io.eventkit.node.reports.Model.Shortages;
import io.eventkit.node.reports.Model.Subhire;
import io.eventkit.node.reports.Model.SubhireQuery;
import io.eventkit.node.reports.Model.SubhireRow;
import io.eventkit.node.reports.Model.Utilisation;
import io.eventkit.node.reports.Model.UtilisationQuery;
import io.eventkit.node.reports.Model.UtilisationRow;
import io.eventkit.node.reports.Model.When;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The reports (docs/reports.md): resolves periods in the reporting time zone, checks that named
 * locations, companies and partners exist, and runs one aggregating query per report. Shortages
 * reuse inventory's shortage computation (a sweep over the holding lines) and only add names,
 * filters and paging.
 */
final class Reports {
  static final String ALL_OUT_OF_SERVICE = "IN_REPAIR,QUARANTINE,LOST";
  private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

  private final Jdbi jdbi;
  private final Clock clock;
  private final ZoneId zone;
  private final Availability availability;
  private final Set<String> eventStatuses;

  /**
   * The dashboard's default widgets are the same query for everyone of a tenant (utilisation by
   * category over the last 90 days, today's operations), and everyone opens the dashboard at once:
   * identical calls that arrive while one runs share its result (50 clients on the benchmark
   * dataset: each call a 100 ms aggregate, p95 3.7–3.9 s when each ran its own).
   */
  private final SingleFlight<UtilisationKey, Utilisation> utilisations = new SingleFlight<>();

  private final SingleFlight<OperationsKey, OperationsSummary> summaries = new SingleFlight<>();

  private record UtilisationKey(String tenant, Interval period, UtilisationQuery query) {}

  private record OperationsKey(String tenant, UUID locationId) {}

  Reports(Jdbi jdbi, Clock clock, ZoneId zone, Availability availability, Set<String> holding) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.zone = zone;
    this.availability = availability;
    Set<String> s = new LinkedHashSet<>(holding);
    s.add("COMPLETED");
    this.eventStatuses = Set.copyOf(s);
  }

  Instant now() {
    return clock.instant();
  }

  ZoneId zone() {
    return zone;
  }

  // ---- periods ----

  /**
   * The period a request asks for: its absolute period, its relative one resolved now, or {@code
   * fallback} (null: a period is required).
   */
  Interval resolve(When when, Relative fallback) {
    if (when.period() != null && when.relative() != null) {
      throw DomainException.invalid("invalid request: give either period or relative, not both");
    }
    Interval p;
    if (when.period() != null) {
      p = when.period();
    } else if (when.relative() != null) {
      p = relative(when.relative());
    } else if (fallback != null) {
      p = relative(fallback);
    } else {
      throw DomainException.invalid(
          "invalid request: period is required: give period (start and end) or relative");
    }
    checkLength(p);
    return p;
  }

  static void checkLength(Interval p) {
    if (p.end().isAfter(p.start().atZone(ZoneOffset.UTC).plusYears(3).toInstant())) {
      throw DomainException.invalid(
          "invalid request: period is longer than 3 years; ask for a shorter period");
    }
  }

  /** A relative period in the reporting time zone, as of now (reports.proto RelativePeriod). */
  Interval relative(Relative r) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    LocalDate month = today.withDayOfMonth(1);
    return switch (r) {
      case TODAY -> days(today, today.plusDays(1));
      case LAST_7_DAYS -> days(today.minusDays(6), today.plusDays(1));
      case LAST_30_DAYS -> days(today.minusDays(29), today.plusDays(1));
      case LAST_90_DAYS -> days(today.minusDays(89), today.plusDays(1));
      case LAST_12_MONTHS -> days(month.minusMonths(11), month.plusMonths(1));
      case THIS_MONTH -> days(month, month.plusMonths(1));
      case LAST_MONTH -> days(month.minusMonths(1), month);
      case THIS_YEAR -> days(today.withDayOfYear(1), today.withDayOfYear(1).plusYears(1));
      case NEXT_7_DAYS -> days(today, today.plusDays(7));
      case NEXT_30_DAYS -> days(today, today.plusDays(30));
    };
  }

  private Interval days(LocalDate from, LocalDate to) {
    return new Interval(from.atStartOfDay(zone).toInstant(), to.atStartOfDay(zone).toInstant());
  }

  // ---- existence of named things ----

  void checkLocation(UUID id) {
    if (id == null) {
      return;
    }
    String kind =
        Daos.with(jdbi, ReportDao.class, d -> d.locationKind(id))
            .orElseThrow(() -> DomainException.notFound("location " + id + " does not exist"));
    if (!kind.equals("WAREHOUSE")) {
      throw DomainException.invalid(
          "invalid request: location_id "
              + id
              + " is a bin; give its warehouse (a warehouse includes its bins)");
    }
  }

  void checkCompany(UUID id) {
    if (id != null && !Daos.with(jdbi, ReportDao.class, d -> d.companyExists(id))) {
      throw DomainException.notFound("client company " + id + " does not exist");
    }
  }

  void checkPartner(String nodeId) {
    if (nodeId != null && !Daos.with(jdbi, ReportDao.class, d -> d.partnerKnown(nodeId))) {
      throw DomainException.notFound(
          "partner " + nodeId + " is not known here (no partnership and no sub-hire)");
    }
  }

  // ---- page tokens ----

  private static PageSpec page(int size, String token, int parts) {
    return PageSpec.of(size, token, parts);
  }

  private static <T> T part(PageSpec p, int i, Function<String, T> parse) {
    if (p.isFirst()) {
      return null;
    }
    try {
      return parse.apply(p.after(i));
    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      throw badToken();
    }
  }

  private static DomainException badToken() {
    return DomainException.invalid(
        "invalid request: page.page_token is not valid for this report; start again with an"
            + " empty token");
  }

  private static <T> Model.Paged<T> paged(
      PageSpec p, List<T> fetched, Function<T, List<String>> key) {
    PageSpec.Page<T> page = p.page(fetched, key);
    return new Model.Paged<>(page.items(), page.nextToken());
  }

  private static double days(BigDecimal secs) {
    return secs == null ? 0 : secs.divide(SECONDS_PER_DAY, MathContext.DECIMAL64).doubleValue();
  }

  private static double ratio(BigDecimal booked, BigDecimal owned) {
    if (owned == null || owned.signum() == 0 || booked == null) {
      return 0;
    }
    return booked.divide(owned, MathContext.DECIMAL64).doubleValue();
  }

  /**
   * Runs a report's query planned with its parameters' values. Every report has optional filters
   * ({@code CAST(:x AS …) IS NULL OR …}), which a cached generic plan cannot prune: on the
   * benchmark dataset utilisation took 120 ms with the generic plan and 50 ms with a custom one.
   */
  private <T> T query(java.util.function.Function<ReportDao, T> q) {
    return jdbi.inTransaction(
        h -> {
          h.execute("SET LOCAL plan_cache_mode = force_custom_plan");
          return q.apply(Daos.of(h, ReportDao.class));
        });
  }

  // ---- reports ----

  Utilisation utilisation(UtilisationQuery q) {
    Interval period = resolve(q.when(), null);
    checkLocation(q.locationId());
    return utilisations.get(
        new UtilisationKey(TenantContext.current(), period, q),
        () -> computeUtilisation(q, period));
  }

  private Utilisation computeUtilisation(UtilisationQuery q, Interval period) {
    PageSpec p = page(q.pageSize(), q.pageToken(), 2);
    String order = q.order().name();
    String afterNum = q.order() == Model.UtilOrder.NAME ? null : part(p, 0, Reports::decimal);
    String afterText = q.order() == Model.UtilOrder.NAME ? part(p, 0, s -> s) : null;
    String afterKey = part(p, 1, s -> s);
    List<ReportDao.UtilRow> rows =
        query(
            d ->
                d.utilisation(
                    period.start(),
                    period.end(),
                    q.category(),
                    q.locationId(),
                    q.group() == Model.UtilGroup.CATEGORY,
                    order,
                    afterNum,
                    afterText,
                    afterKey,
                    p.fetch()));
    ReportDao.UtilRow first = rows.get(0);
    List<ReportDao.UtilRow> real = rows.stream().filter(r -> r.key() != null).toList();
    Model.Paged<ReportDao.UtilRow> page =
        paged(
            p,
            real,
            r -> List.of(q.order() == Model.UtilOrder.NAME ? r.nameKey() : r.util(), r.key()));
    List<UtilisationRow> out = new ArrayList<>();
    for (ReportDao.UtilRow r : page.rows()) {
      out.add(
          new UtilisationRow(
              r.key(),
              r.label(),
              r.category(),
              r.units() == null ? 0 : r.units(),
              days(r.ownedSecs()),
              days(r.bookedSecs()),
              ratio(r.bookedSecs(), r.ownedSecs())));
    }
    return new Utilisation(
        period,
        out,
        days(first.totalOwnedSecs()),
        days(first.totalBookedSecs()),
        ratio(first.totalBookedSecs(), first.totalOwnedSecs()),
        page.nextToken());
  }

  private static String decimal(String s) {
    return new BigDecimal(s).toPlainString();
  }

  Revenue revenue(RevenueQuery q) {
    Interval period = resolve(q.when(), null);
    checkCompany(q.companyId());
    PageSpec p = page(q.pageSize(), q.pageToken(), 2);
    Long afterAmount = q.group().isTime() ? null : part(p, 0, Long::parseLong);
    if (q.group().isTime()) {
      var unused = part(p, 0, s -> s.isEmpty() ? s : badTokenValue());
    }
    String afterKey = part(p, 1, s -> s);
    List<ReportDao.RevenueRow> rows =
        query(
            d ->
                d.revenue(
                    period.start(),
                    period.end(),
                    zone.getId(),
                    q.group().name(),
                    q.companyId(),
                    q.category(),
                    afterKey,
                    afterAmount,
                    p.fetch()));
    ReportDao.RevenueRow first = rows.get(0);
    String base = first.base();
    List<ReportDao.RevenueRow> real = rows.stream().filter(r -> r.key() != null).toList();
    Model.Paged<ReportDao.RevenueRow> page =
        paged(
            p,
            real,
            r -> List.of(q.group().isTime() ? "" : r.amount().toBigInteger().toString(), r.key()));
    List<RevenueRow> out = new ArrayList<>();
    for (ReportDao.RevenueRow r : page.rows()) {
      out.add(
          new RevenueRow(
              r.key(),
              r.label() == null ? r.key() : r.label(),
              new Money(base, r.amount().longValueExact()),
              r.quoteCount().intValue()));
    }
    return new Revenue(
        period,
        out,
        new Money(base, first.totalAmount().longValueExact()),
        first.totalQuotes().intValue(),
        page.nextToken());
  }

  private static String badTokenValue() {
    throw new IllegalArgumentException("not a time-bucket token");
  }

  Subhire subhire(SubhireQuery q) {
    Interval period = resolve(q.when(), null);
    checkPartner(q.partnerNodeId());
    PageSpec p = page(q.pageSize(), q.pageToken(), 4);
    Long afterSpend = part(p, 0, Long::parseLong);
    Long afterIncome = part(p, 1, Long::parseLong);
    String afterPartner = part(p, 2, s -> s);
    String afterCurrency = part(p, 3, s -> s);
    List<ReportDao.SubhireRow> rows =
        query(
            d ->
                d.subhire(
                    period.start(),
                    period.end(),
                    q.partnerNodeId(),
                    afterSpend,
                    afterIncome,
                    afterPartner,
                    afterCurrency,
                    p.fetch()));
    Model.Paged<ReportDao.SubhireRow> page =
        paged(
            p,
            rows,
            r ->
                List.of(
                    r.spend().toBigInteger().toString(),
                    r.income().toBigInteger().toString(),
                    r.partnerNodeId(),
                    r.currency()));
    List<SubhireRow> out = new ArrayList<>();
    for (ReportDao.SubhireRow r : page.rows()) {
      out.add(
          new SubhireRow(
              r.partnerNodeId(),
              r.partnerName(),
              new Money(r.currency(), r.spend().longValueExact()),
              new Money(r.currency(), r.income().longValueExact()),
              (int) r.borrowed(),
              (int) r.supplied()));
    }
    return new Subhire(period, out, page.nextToken());
  }

  Shortages shortages(ShortageQuery q) {
    Interval period = resolve(q.when(), Relative.NEXT_30_DAYS);
    if (period.length().compareTo(Availability.MAX_WINDOW) > 0) {
      throw DomainException.invalid(
          "invalid request: the shortages period must be at most "
              + Availability.MAX_WINDOW.toDays()
              + " days long");
    }
    checkLocation(q.locationId());
    PageSpec p = page(q.pageSize(), q.pageToken(), 3);
    Instant afterFrom = part(p, 0, Instant::parse);
    UUID afterEvent = part(p, 1, UUID::fromString);
    UUID afterProduct = part(p, 2, UUID::fromString);
    List<Availability.Shortage> all = availability.shortages(period);
    List<ShortageRow> rows = new ArrayList<>();
    if (!all.isEmpty()) {
      UUID[] events = all.stream().map(Availability.Shortage::eventId).toArray(UUID[]::new);
      UUID[] products = all.stream().map(Availability.Shortage::productId).toArray(UUID[]::new);
      Map<List<UUID>, ReportDao.ShortageDetail> details = new HashMap<>();
      for (ReportDao.ShortageDetail d :
          query(dao -> dao.shortageDetails(events, products, q.category(), q.locationId()))) {
        details.put(List.of(d.eventId(), d.productId()), d);
      }
      for (Availability.Shortage s : all) {
        ReportDao.ShortageDetail d = details.get(List.of(s.eventId(), s.productId()));
        if (d != null) {
          rows.add(
              new ShortageRow(
                  s.eventId(),
                  d.eventName(),
                  new Interval(d.eventStart(), d.eventEnd()),
                  s.productId(),
                  d.productName(),
                  d.category(),
                  s.requested(),
                  s.shortfall(),
                  s.from()));
        }
      }
    }
    Comparator<ShortageRow> order =
        Comparator.comparing(ShortageRow::from)
            .thenComparing(ShortageRow::eventId)
            .thenComparing(ShortageRow::productId);
    rows.sort(order);
    int total = rows.stream().mapToInt(ShortageRow::shortfall).sum();
    List<ShortageRow> rest = rows;
    if (afterFrom != null) {
      ShortageRow after =
          new ShortageRow(afterEvent, "", null, afterProduct, "", "", 0, 0, afterFrom);
      rest = rows.stream().filter(r -> order.compare(r, after) > 0).toList();
    }
    Model.Paged<ShortageRow> page =
        paged(
            p,
            rest.subList(0, Math.min(rest.size(), p.fetch())),
            r -> List.of(r.from().toString(), r.eventId().toString(), r.productId().toString()));
    return new Shortages(period, page.rows(), total, rows.size(), page.nextToken());
  }

  Overdue overdue(OverdueQuery q) {
    checkLocation(q.locationId());
    checkCompany(q.companyId());
    PageSpec p = page(q.pageSize(), q.pageToken(), 3);
    Instant afterDue = part(p, 0, Instant::parse);
    UUID afterEvent = part(p, 1, UUID::fromString);
    UUID afterProduct = part(p, 2, UUID::fromString);
    Instant now = clock.instant();
    List<ReportDao.OverdueRow> rows =
        query(
            d ->
                d.overdue(
                    now,
                    q.locationId(),
                    q.companyId(),
                    afterDue,
                    afterEvent,
                    afterProduct,
                    p.fetch()));
    ReportDao.OverdueRow first = rows.get(0);
    Model.Paged<ReportDao.OverdueRow> page =
        paged(
            p,
            rows.stream().filter(r -> r.eventId() != null).toList(),
            r -> List.of(r.dueAt().toString(), r.eventId().toString(), r.productId().toString()));
    List<OverdueRow> out = new ArrayList<>();
    for (ReportDao.OverdueRow r : page.rows()) {
      List<String> barcodes =
          r.barcodes() == null || r.barcodes().isEmpty()
              ? List.of()
              : Arrays.stream(r.barcodes().split("\u001f")).filter(b -> !b.isEmpty()).toList();
      out.add(
          new OverdueRow(
              r.eventId(),
              r.eventName(),
              r.clientName(),
              r.dueAt(),
              r.productId(),
              r.productName(),
              r.qty(),
              barcodes,
              Duration.between(r.dueAt(), now).toSeconds()));
    }
    return new Overdue(
        out, (int) first.totalRows(), first.totalQuantity().intValue(), page.nextToken());
  }

  OutOfService outOfService(OutOfServiceQuery q) {
    checkLocation(q.locationId());
    PageSpec p = page(q.pageSize(), q.pageToken(), 2);
    Instant afterSince = part(p, 0, Instant::parse);
    UUID afterAsset = part(p, 1, UUID::fromString);
    String[] statuses =
        (q.statuses().isEmpty() ? List.of(ALL_OUT_OF_SERVICE.split(",")) : q.statuses())
            .toArray(String[]::new);
    List<ReportDao.OutOfServiceRow> rows =
        query(
            d ->
                d.outOfService(
                    statuses, q.category(), q.locationId(), afterSince, afterAsset, p.fetch()));
    ReportDao.OutOfServiceRow first = rows.get(0);
    Model.Paged<ReportDao.OutOfServiceRow> page =
        paged(
            p,
            rows.stream().filter(r -> r.assetId() != null).toList(),
            r -> List.of(r.since().toString(), r.assetId().toString()));
    List<OutOfServiceRow> out = new ArrayList<>();
    for (ReportDao.OutOfServiceRow r : page.rows()) {
      out.add(
          new OutOfServiceRow(
              r.assetId(),
              r.barcode(),
              r.productId(),
              r.productName(),
              r.category(),
              r.status(),
              r.locationName(),
              r.since(),
              r.ticketId(),
              r.description(),
              new Money(r.replacementCurrency(), r.replacementMinor())));
    }
    return new OutOfService(
        out,
        (int) first.inRepair(),
        (int) first.quarantine(),
        (int) first.lost(),
        page.nextToken());
  }

  CrewHours crewHours(CrewHoursQuery q) {
    Interval period = resolve(q.when(), null);
    PageSpec p = page(q.pageSize(), q.pageToken(), 3);
    String afterSort = part(p, 0, s -> s);
    String afterKey = part(p, 1, s -> s);
    String afterCurrency = part(p, 2, s -> s);
    List<ReportDao.CrewRow> rows =
        query(
            d ->
                d.crewHours(
                    period.start(),
                    period.end(),
                    zone.getId(),
                    q.group().name(),
                    afterSort,
                    afterKey,
                    afterCurrency,
                    p.fetch()));
    ReportDao.CrewRow first = rows.get(0);
    Model.Paged<ReportDao.CrewRow> page =
        paged(
            p,
            rows.stream().filter(r -> r.key() != null).toList(),
            r -> List.of(r.sort(), r.key(), r.currency()));
    List<CrewHoursRow> out = new ArrayList<>();
    for (ReportDao.CrewRow r : page.rows()) {
      out.add(
          new CrewHoursRow(
              r.key(),
              r.label(),
              r.approvedMinutes(),
              r.pendingMinutes(),
              new Money(r.currency(), r.approvedPay().longValueExact())));
    }
    return new CrewHours(
        period, out, first.totalApproved(), first.totalPending(), page.nextToken());
  }

  OperationsSummary operations(UUID locationId) {
    checkLocation(locationId);
    return summaries.get(
        new OperationsKey(TenantContext.current(), locationId),
        () -> computeOperations(locationId));
  }

  private OperationsSummary computeOperations(UUID locationId) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, zone);
    Instant dayStart = today.atStartOfDay(zone).toInstant();
    Instant dayEnd = today.plusDays(1).atStartOfDay(zone).toInstant();
    Instant weekEnd = today.plusDays(7).atStartOfDay(zone).toInstant();
    ReportDao.OpsRow r =
        query(
            d ->
                d.operations(
                    now,
                    dayStart,
                    dayEnd,
                    weekEnd,
                    eventStatuses.toArray(String[]::new),
                    locationId));
    int shortages =
        availability
            .shortages(
                new Interval(now, ZonedDateTime.ofInstant(now, zone).plusDays(14).toInstant()))
            .size();
    return new OperationsSummary(
        now,
        (int) r.eventsOutToday(),
        (int) r.eventsBackToday(),
        (int) r.overdueEvents(),
        r.overdueItems().intValue(),
        (int) r.inRepair(),
        (int) r.quarantine(),
        (int) r.lost(),
        shortages,
        (int) r.eventsNext7Days(),
        (int) r.openRepairTickets());
  }

  static DomainException denied(String what) {
    return new DomainException(ErrorCode.PERMISSION_DENIED, what);
  }
}
