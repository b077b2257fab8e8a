package io.eventkit.cli;

import com.google.protobuf.ProtocolMessageEnum;
import io.eventkit.proto.v1.CrewHoursGrouping;
import io.eventkit.proto.v1.GetAssetsOutOfServiceRequest;
import io.eventkit.proto.v1.GetCrewHoursRequest;
import io.eventkit.proto.v1.GetOperationsSummaryRequest;
import io.eventkit.proto.v1.GetOverdueReturnsRequest;
import io.eventkit.proto.v1.GetRevenueRequest;
import io.eventkit.proto.v1.GetSubhireSummaryRequest;
import io.eventkit.proto.v1.GetUpcomingShortagesRequest;
import io.eventkit.proto.v1.GetUtilisationRequest;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.RelativePeriod;
import io.eventkit.proto.v1.ReportDisplay;
import io.eventkit.proto.v1.ReportSpec;
import io.eventkit.proto.v1.RevenueGrouping;
import io.eventkit.proto.v1.UtilisationGrouping;
import io.eventkit.proto.v1.UtilisationOrder;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The report commands' options and how they become ReportService requests (reports.proto). Every
 * check here runs before the node is called; a complaint is a usage error (exit 2) naming the
 * option.
 */
final class ReportArgs {
  private ReportArgs() {}

  /** The reports, by their command names; a saved report's spec holds exactly one. */
  enum Kind {
    UTILISATION("utilisation", ReportSpec.ReportCase.UTILISATION),
    REVENUE("revenue", ReportSpec.ReportCase.REVENUE),
    SUBHIRE("subhire", ReportSpec.ReportCase.SUBHIRE),
    SHORTAGES("shortages", ReportSpec.ReportCase.SHORTAGES),
    OVERDUE("overdue", ReportSpec.ReportCase.OVERDUE),
    OUT_OF_SERVICE("out-of-service", ReportSpec.ReportCase.OUT_OF_SERVICE),
    CREW_HOURS("crew-hours", ReportSpec.ReportCase.CREW_HOURS),
    TODAY("today", ReportSpec.ReportCase.OPERATIONS);

    final String command;
    final ReportSpec.ReportCase specCase;

    Kind(String command, ReportSpec.ReportCase specCase) {
      this.command = command;
      this.specCase = specCase;
    }

    static Kind of(ReportSpec spec) {
      for (Kind k : values()) {
        if (k.specCase == spec.getReportCase()) {
          return k;
        }
      }
      throw new CliException(
          CliException.FAILURE, "the saved report names no report this CLI knows");
    }

    static Kind parse(ApiCommand c, String option, String value) {
      String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      for (Kind k : values()) {
        if (k.command.equals(v) || (k == TODAY && v.equals("operations"))) {
          return k;
        }
      }
      throw c.usage(
          option
              + " must be one of "
              + Arrays.stream(values()).map(k -> k.command).collect(Collectors.joining(", "))
              + " (got '"
              + value
              + "')");
    }
  }

  // ---- enum choices -----------------------------------------------------------------------------

  /** {@code RELATIVE_PERIOD_LAST_7_DAYS} → {@code last-7-days}; "-" for UNSPECIFIED. */
  static String name(ProtocolMessageEnum e, String prefix) {
    String n = ((Enum<?>) e).name();
    if (n.endsWith("_UNSPECIFIED") || n.equals("UNRECOGNIZED")) {
      return Text.NONE;
    }
    return n.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** One of an enum's values by its {@link #name}; case and '_' versus '-' do not matter. */
  static <E extends Enum<E> & ProtocolMessageEnum> E choice(
      ApiCommand c, String option, String value, E[] values, String prefix) {
    String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    List<String> names = new ArrayList<>();
    for (E e : values) {
      String n = name(e, prefix);
      if (n.equals(Text.NONE)) {
        continue;
      }
      if (n.equals(v)) {
        return e;
      }
      names.add(n);
    }
    throw c.usage(
        option + " must be one of " + String.join(", ", names) + " (got '" + value + "')");
  }

  static final String RELATIVE = "RELATIVE_PERIOD_";
  static final String UTIL_GROUP = "UTILISATION_GROUPING_";
  static final String UTIL_ORDER = "UTILISATION_ORDER_";
  static final String REVENUE_GROUP = "REVENUE_GROUPING_";
  static final String CREW_GROUP = "CREW_HOURS_GROUPING_";
  static final String DISPLAY = "REPORT_DISPLAY_";

  static ReportDisplay display(ApiCommand c, String value) {
    return choice(c, "--display", value, ReportDisplay.values(), DISPLAY);
  }

  /** in-repair, quarantine, lost → the status names the node takes (IN_REPAIR …). */
  static final List<String> STATUSES = List.of("IN_REPAIR", "QUARANTINE", "LOST");

  static List<String> statuses(ApiCommand c, List<String> values) {
    Set<String> out = new LinkedHashSet<>();
    for (String value : values) {
      for (String part : value.split(",", -1)) {
        if (part.isBlank()) {
          continue;
        }
        String v = part.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (!STATUSES.contains(v)) {
          throw c.usage(
              "--status must be in-repair, quarantine or lost (got '" + part.trim() + "')");
        }
        out.add(v);
      }
    }
    return new ArrayList<>(out);
  }

  /** A location or company ID: a UUID, returned in its canonical lowercase. */
  static String uuid(ApiCommand c, String option, String value) {
    String v = value.trim();
    try {
      UUID u = UUID.fromString(v);
      if (u.toString().equalsIgnoreCase(v)) {
        return u.toString();
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw c.usage(
        option
            + ": '"
            + value
            + "' is not an ID: expected a UUID such as 3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b");
  }

  static String partner(ApiCommand c, String value) {
    try {
      return NodeIds.check(value.trim());
    } catch (CommandLine.TypeConversionException e) {
      throw c.usage("--partner: " + e.getMessage());
    }
  }

  // ---- the period ---------------------------------------------------------------------------

  /**
   * {@code --from/--to} (absolute) or {@code --period} (relative); neither: the report's default.
   */
  static final class When {
    @Option(
        names = "--from",
        paramLabel = "DATE|TIME",
        description =
            "Start: a day (YYYY-MM-DD, from its first moment in --zone) or an instant"
                + " (2026-11-01T00:00Z). With --to.")
    String from;

    @Option(
        names = "--to",
        paramLabel = "DATE|TIME",
        description = "End: a day (included, to its end in --zone) or an instant (excluded).")
    String to;

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        description = "Time zone of --from/--to days, e.g. Europe/London. Default: UTC.")
    String zone;

    @Option(
        names = "--period",
        paramLabel = "PERIOD",
        description =
            "Instead of --from/--to: today, last-7-days, last-30-days, last-90-days,"
                + " last-12-months, this-month, last-month, this-year, next-7-days, next-30-days"
                + " (reckoned by the node in its reporting time zone).")
    String period;

    boolean given() {
      return from != null || to != null || period != null || zone != null;
    }

    /**
     * Sets the request's period or relative period, or neither (the report's default, where it has
     * one: {@code required} when it has none).
     */
    void apply(
        ApiCommand c,
        boolean required,
        Consumer<Period> absolute,
        Consumer<RelativePeriod> relative) {
      if (period != null && (from != null || to != null)) {
        throw c.usage("give either --period or --from/--to, not both");
      }
      if (period != null) {
        if (zone != null) {
          throw c.usage(
              "--zone is for --from/--to days; --period is reckoned in the node's reporting time"
                  + " zone");
        }
        relative.accept(choice(c, "--period", period, RelativePeriod.values(), RELATIVE));
        return;
      }
      if (from == null && to == null) {
        if (zone != null) {
          throw c.usage("--zone is for --from/--to days; give them too");
        }
        if (required) {
          throw c.usage(
              "give the period: --from DATE --to DATE, or --period (e.g. --period last-30-days)");
        }
        return;
      }
      if (from == null || to == null) {
        throw c.usage("--from and --to go together (or use --period, e.g. --period last-30-days)");
      }
      ZoneId z = zone == null ? ZoneOffset.UTC : CrewCommands.zoneOption(c, zone);
      Instant start = bound(c, "--from", from, z, true);
      Instant end = bound(c, "--to", to, z, false);
      absolute.accept(CrewCommands.arg(c, "--to", () -> Times.period(start, end)));
    }

    private static Instant bound(ApiCommand c, String option, String value, ZoneId z, boolean s) {
      try {
        return s ? Times.from(value, z) : Times.to(value, z);
      } catch (IllegalArgumentException e) {
        throw c.usage(
            option
                + ": '"
                + value
                + "' is not a day (YYYY-MM-DD, e.g. 2026-11-01) or an instant"
                + " (e.g. 2026-11-01T00:00Z)");
      }
    }
  }

  // ---- paging -------------------------------------------------------------------------------

  static final class Paging {
    @Option(
        names = "--page-size",
        paramLabel = "N",
        description = "Rows per page, 1–500. Default: the node's (50).")
    Integer pageSize;

    @Option(
        names = "--page-token",
        paramLabel = "TOKEN",
        description = "Continue where the previous page ended.")
    String pageToken;

    @Option(
        names = "--all",
        description =
            "Every row: follow the page tokens to the last page (totals are always over"
                + " every row).")
    boolean all;

    PageRequest first(ApiCommand c) {
      if (pageSize != null && (pageSize < 1 || pageSize > 500)) {
        throw c.usage("--page-size must be between 1 and 500 (got " + pageSize + ")");
      }
      PageRequest.Builder b = PageRequest.newBuilder();
      if (pageSize != null) {
        b.setPageSize(pageSize);
      }
      if (pageToken != null) {
        b.setPageToken(pageToken);
      }
      return b.build();
    }
  }

  // ---- filters → requests ---------------------------------------------------------------------

  /**
   * Every filter a report takes, as options. A report command fills the ones it has; {@code saved
   * create/update} has them all and refuses the ones its report does not take.
   */
  static final class Filters {
    When when = new When();
    String groupBy;
    String category;
    String location;
    String client;
    String partner;
    List<String> statuses = new ArrayList<>();
    String order;

    /** The options given, by name, for refusing the ones a report does not take. */
    List<String> given() {
      List<String> g = new ArrayList<>();
      if (when.given()) {
        g.add("--from/--to/--period");
      }
      if (groupBy != null) {
        g.add("--group-by");
      }
      if (category != null) {
        g.add("--category");
      }
      if (location != null) {
        g.add("--location");
      }
      if (client != null) {
        g.add("--client");
      }
      if (partner != null) {
        g.add("--partner");
      }
      if (!statuses.isEmpty()) {
        g.add("--status");
      }
      if (order != null) {
        g.add("--order");
      }
      return g;
    }

    static List<String> takes(Kind kind) {
      return switch (kind) {
        case UTILISATION ->
            List.of("--from/--to/--period", "--group-by", "--category", "--location", "--order");
        case REVENUE -> List.of("--from/--to/--period", "--group-by", "--client", "--category");
        case SUBHIRE -> List.of("--from/--to/--period", "--partner");
        case SHORTAGES -> List.of("--from/--to/--period", "--category", "--location");
        case OVERDUE -> List.of("--location", "--client");
        case OUT_OF_SERVICE -> List.of("--status", "--category", "--location");
        case CREW_HOURS -> List.of("--from/--to/--period", "--group-by");
        case TODAY -> List.of("--location");
      };
    }

    /** The report's request from these filters, paging left unset. */
    ReportSpec spec(ApiCommand c, Kind kind) {
      for (String option : given()) {
        if (!takes(kind).contains(option)) {
          throw c.usage(
              option
                  + " does not apply to the "
                  + kind.command
                  + " report (it takes "
                  + String.join(", ", takes(kind))
                  + ")");
        }
      }
      ReportSpec.Builder spec = ReportSpec.newBuilder();
      switch (kind) {
        case UTILISATION -> {
          GetUtilisationRequest.Builder b = GetUtilisationRequest.newBuilder();
          when.apply(c, true, b::setPeriod, b::setRelative);
          if (groupBy != null) {
            b.setGroupBy(
                choice(c, "--group-by", groupBy, UtilisationGrouping.values(), UTIL_GROUP));
          }
          if (order != null) {
            b.setOrder(choice(c, "--order", order, UtilisationOrder.values(), UTIL_ORDER));
          }
          if (category != null) {
            b.setCategory(category.trim());
          }
          if (location != null) {
            b.setLocationId(uuid(c, "--location", location));
          }
          spec.setUtilisation(b);
        }
        case REVENUE -> {
          GetRevenueRequest.Builder b = GetRevenueRequest.newBuilder();
          when.apply(c, true, b::setPeriod, b::setRelative);
          if (groupBy != null) {
            b.setGroupBy(choice(c, "--group-by", groupBy, RevenueGrouping.values(), REVENUE_GROUP));
          }
          if (client != null) {
            b.setClientCompanyId(uuid(c, "--client", client));
          }
          if (category != null) {
            b.setCategory(category.trim());
          }
          spec.setRevenue(b);
        }
        case SUBHIRE -> {
          GetSubhireSummaryRequest.Builder b = GetSubhireSummaryRequest.newBuilder();
          when.apply(c, true, b::setPeriod, b::setRelative);
          if (partner != null) {
            b.setPartnerNodeId(partner(c, partner));
          }
          spec.setSubhire(b);
        }
        case SHORTAGES -> {
          GetUpcomingShortagesRequest.Builder b = GetUpcomingShortagesRequest.newBuilder();
          when.apply(c, false, b::setPeriod, b::setRelative);
          if (category != null) {
            b.setCategory(category.trim());
          }
          if (location != null) {
            b.setLocationId(uuid(c, "--location", location));
          }
          spec.setShortages(b);
        }
        case OVERDUE -> {
          GetOverdueReturnsRequest.Builder b = GetOverdueReturnsRequest.newBuilder();
          if (location != null) {
            b.setLocationId(uuid(c, "--location", location));
          }
          if (client != null) {
            b.setClientCompanyId(uuid(c, "--client", client));
          }
          spec.setOverdue(b);
        }
        case OUT_OF_SERVICE -> {
          GetAssetsOutOfServiceRequest.Builder b = GetAssetsOutOfServiceRequest.newBuilder();
          b.addAllStatuses(statuses(c, statuses));
          if (category != null) {
            b.setCategory(category.trim());
          }
          if (location != null) {
            b.setLocationId(uuid(c, "--location", location));
          }
          spec.setOutOfService(b);
        }
        case CREW_HOURS -> {
          GetCrewHoursRequest.Builder b = GetCrewHoursRequest.newBuilder();
          when.apply(c, true, b::setPeriod, b::setRelative);
          if (groupBy != null) {
            b.setGroupBy(choice(c, "--group-by", groupBy, CrewHoursGrouping.values(), CREW_GROUP));
          }
          spec.setCrewHours(b);
        }
        case TODAY -> {
          GetOperationsSummaryRequest.Builder b = GetOperationsSummaryRequest.newBuilder();
          if (location != null) {
            b.setLocationId(uuid(c, "--location", location));
          }
          spec.setOperations(b);
        }
      }
      return spec.build();
    }
  }

  // ---- describing a spec ----------------------------------------------------------------------

  /** The period in words: {@code last-30-days}, {@code 2026-11-01T00:00Z → 2026-12-01T00:00Z}. */
  static String period(Period p, RelativePeriod relative) {
    if (relative != RelativePeriod.RELATIVE_PERIOD_UNSPECIFIED) {
      return name(relative, RELATIVE);
    }
    if (Text.isSet(p.getStart())) {
      return Times.format(p.getStart(), ZoneOffset.UTC)
          + " → "
          + Times.format(p.getEnd(), ZoneOffset.UTC);
    }
    return null;
  }

  /** A spec in one line: {@code revenue, last-12-months, by month, category lighting}. */
  static String describe(ReportSpec spec) {
    if (spec.getReportCase() == ReportSpec.ReportCase.REPORT_NOT_SET) {
      return Text.NONE;
    }
    Kind kind = Kind.of(spec);
    List<String> parts = new ArrayList<>();
    parts.add(kind.command);
    switch (kind) {
      case UTILISATION -> {
        GetUtilisationRequest r = spec.getUtilisation();
        parts.add(period(r.getPeriod(), r.getRelative()));
        parts.add(by(name(r.getGroupBy(), UTIL_GROUP)));
        parts.add(filter("category", r.getCategory()));
        parts.add(filter("location", r.getLocationId()));
        parts.add(filter("order", name(r.getOrder(), UTIL_ORDER)));
      }
      case REVENUE -> {
        GetRevenueRequest r = spec.getRevenue();
        parts.add(period(r.getPeriod(), r.getRelative()));
        parts.add(by(name(r.getGroupBy(), REVENUE_GROUP)));
        parts.add(filter("client", r.getClientCompanyId()));
        parts.add(filter("category", r.getCategory()));
      }
      case SUBHIRE -> {
        GetSubhireSummaryRequest r = spec.getSubhire();
        parts.add(period(r.getPeriod(), r.getRelative()));
        parts.add(filter("partner", r.getPartnerNodeId()));
      }
      case SHORTAGES -> {
        GetUpcomingShortagesRequest r = spec.getShortages();
        parts.add(period(r.getPeriod(), r.getRelative()));
        parts.add(filter("category", r.getCategory()));
        parts.add(filter("location", r.getLocationId()));
      }
      case OVERDUE -> {
        parts.add(filter("location", spec.getOverdue().getLocationId()));
        parts.add(filter("client", spec.getOverdue().getClientCompanyId()));
      }
      case OUT_OF_SERVICE -> {
        GetAssetsOutOfServiceRequest r = spec.getOutOfService();
        parts.add(
            r.getStatusesCount() == 0
                ? null
                : "status "
                    + r.getStatusesList().stream()
                        .map(s -> s.toLowerCase(Locale.ROOT).replace('_', '-'))
                        .collect(Collectors.joining(",")));
        parts.add(filter("category", r.getCategory()));
        parts.add(filter("location", r.getLocationId()));
      }
      case CREW_HOURS -> {
        GetCrewHoursRequest r = spec.getCrewHours();
        parts.add(period(r.getPeriod(), r.getRelative()));
        parts.add(by(name(r.getGroupBy(), CREW_GROUP)));
      }
      case TODAY -> parts.add(filter("location", spec.getOperations().getLocationId()));
    }
    return parts.stream().filter(p -> p != null).collect(Collectors.joining(", "));
  }

  private static String by(String grouping) {
    return grouping.equals(Text.NONE) ? null : "by " + grouping;
  }

  private static String filter(String name, String value) {
    return value == null || value.isEmpty() || value.equals(Text.NONE) ? null : name + " " + value;
  }
}
