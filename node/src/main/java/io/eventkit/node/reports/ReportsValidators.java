package io.eventkit.node.reports;

import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.CreateSavedReportRequest;
import io.eventkit.proto.v1.CrewHoursGrouping;
import io.eventkit.proto.v1.GetAssetsOutOfServiceRequest;
import io.eventkit.proto.v1.GetCrewHoursRequest;
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
import io.eventkit.proto.v1.UpdateSavedReportRequest;
import io.eventkit.proto.v1.UtilisationGrouping;
import io.eventkit.proto.v1.UtilisationOrder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Shape checks of every ReportService request, run before the service sees it; a saved report's
 * spec gets the same checks as its report's own request (fields prefixed {@code spec.<report>.}).
 * Unknown IDs are NOT_FOUND later, in the domain. IDs, saved-report names and page sizes are rules
 * in reports.proto and common.proto (a spec's nested request keeps its rules, with the same paths).
 */
final class ReportsValidators {
  static final Set<String> STATUSES = Set.of("IN_REPAIR", "QUARANTINE", "LOST");

  private ReportsValidators() {}

  static void register(RequestValidators validators) {
    validators
        .register(
            GetUtilisationRequest.getDefaultInstance(),
            r -> utilisation(new Validation(), r, "").throwIfInvalid())
        .register(
            GetRevenueRequest.getDefaultInstance(),
            r -> revenue(new Validation(), r, "").throwIfInvalid())
        .register(
            GetSubhireSummaryRequest.getDefaultInstance(),
            r -> subhire(new Validation(), r, "").throwIfInvalid())
        .register(
            GetUpcomingShortagesRequest.getDefaultInstance(),
            r -> shortages(new Validation(), r, "").throwIfInvalid())
        .register(
            GetOverdueReturnsRequest.getDefaultInstance(),
            r -> overdue(new Validation(), r, "").throwIfInvalid())
        .register(
            GetAssetsOutOfServiceRequest.getDefaultInstance(),
            r -> outOfService(new Validation(), r, "").throwIfInvalid())
        .register(
            GetCrewHoursRequest.getDefaultInstance(),
            r -> crewHours(new Validation(), r, "").throwIfInvalid())
        .register(
            CreateSavedReportRequest.getDefaultInstance(),
            r -> saved(new Validation(), r.hasSpec(), r.getSpec(), r.getDisplay()).throwIfInvalid())
        .register(
            UpdateSavedReportRequest.getDefaultInstance(),
            r ->
                saved(
                        new Validation()
                            .check(
                                r.getRevision() > 0,
                                "revision",
                                "is required (the revision you read)"),
                        r.hasSpec(),
                        r.getSpec(),
                        r.getDisplay())
                    .throwIfInvalid());
  }

  /** In a spec ({@code prefix} not empty) paging is ignored, so a page token is refused. */
  private static Validation page(Validation v, PageRequest p, String prefix) {
    return v.check(
        prefix.isEmpty() || p.getPageToken().isEmpty(),
        prefix + "page.page_token",
        "must be empty: a saved report or dashboard widget always shows the first page");
  }

  /** Period or relative: not both; one of them when {@code required}; at most 3 years. */
  static Validation period(
      Validation v,
      boolean hasPeriod,
      Period p,
      RelativePeriod relative,
      boolean required,
      String prefix) {
    boolean hasRelative = relative != RelativePeriod.RELATIVE_PERIOD_UNSPECIFIED;
    v.check(
        relative != RelativePeriod.UNRECOGNIZED,
        prefix + "relative",
        "is not a relative period this node knows");
    v.check(
        !(hasPeriod && hasRelative),
        prefix + "period",
        "and " + prefix + "relative are both set; give one of them");
    v.check(
        !required || hasPeriod || hasRelative,
        prefix + "period",
        "is required: give period (start and end) or relative (e.g. RELATIVE_PERIOD_LAST_30_DAYS)");
    if (hasPeriod) {
      v.check(p.hasStart(), prefix + "period.start", "is required");
      v.check(p.hasEnd(), prefix + "period.end", "is required");
      if (p.hasStart() && p.hasEnd()) {
        Instant s = ProtoTime.instant(p.getStart());
        Instant e = ProtoTime.instant(p.getEnd());
        v.check(e.isAfter(s), prefix + "period.end", "must be after " + prefix + "period.start");
        v.check(
            !e.isAfter(s.atZone(ZoneOffset.UTC).plusYears(3).toInstant()),
            prefix + "period",
            "is longer than 3 years; ask for a shorter period");
      }
    }
    return v;
  }

  static Validation utilisation(Validation v, GetUtilisationRequest r, String prefix) {
    period(v, r.hasPeriod(), r.getPeriod(), r.getRelative(), true, prefix);
    v.check(
        r.getGroupBy() != UtilisationGrouping.UNRECOGNIZED,
        prefix + "group_by",
        "is not a utilisation grouping (PRODUCT or CATEGORY)");
    v.check(
        r.getOrder() != UtilisationOrder.UNRECOGNIZED,
        prefix + "order",
        "is not an order (HIGHEST, LOWEST or NAME)");
    return page(v, r.getPage(), prefix);
  }

  static Validation revenue(Validation v, GetRevenueRequest r, String prefix) {
    period(v, r.hasPeriod(), r.getPeriod(), r.getRelative(), true, prefix);
    v.check(
        r.getGroupBy() != RevenueGrouping.UNRECOGNIZED,
        prefix + "group_by",
        "is not a revenue grouping (DAY, WEEK, MONTH, CLIENT or CATEGORY)");
    return page(v, r.getPage(), prefix);
  }

  static Validation subhire(Validation v, GetSubhireSummaryRequest r, String prefix) {
    period(v, r.hasPeriod(), r.getPeriod(), r.getRelative(), true, prefix);
    return page(v, r.getPage(), prefix);
  }

  static Validation shortages(Validation v, GetUpcomingShortagesRequest r, String prefix) {
    period(v, r.hasPeriod(), r.getPeriod(), r.getRelative(), false, prefix);
    return page(v, r.getPage(), prefix);
  }

  static Validation overdue(Validation v, GetOverdueReturnsRequest r, String prefix) {
    return page(v, r.getPage(), prefix);
  }

  static Validation outOfService(Validation v, GetAssetsOutOfServiceRequest r, String prefix) {
    for (int i = 0; i < r.getStatusesCount(); i++) {
      String s = r.getStatuses(i);
      v.check(
          STATUSES.contains(s),
          prefix + "statuses[" + i + "]",
          "'" + s + "' is not IN_REPAIR, QUARANTINE or LOST");
    }
    return page(v, r.getPage(), prefix);
  }

  static Validation crewHours(Validation v, GetCrewHoursRequest r, String prefix) {
    period(v, r.hasPeriod(), r.getPeriod(), r.getRelative(), true, prefix);
    v.check(
        r.getGroupBy() != CrewHoursGrouping.UNRECOGNIZED,
        prefix + "group_by",
        "is not a crew-hours grouping (MEMBER, EVENT or WEEK)");
    return page(v, r.getPage(), prefix);
  }

  static Validation spec(Validation v, ReportSpec s) {
    return switch (s.getReportCase()) {
      case UTILISATION -> utilisation(v, s.getUtilisation(), "spec.utilisation.");
      case REVENUE -> revenue(v, s.getRevenue(), "spec.revenue.");
      case SUBHIRE -> subhire(v, s.getSubhire(), "spec.subhire.");
      case SHORTAGES -> shortages(v, s.getShortages(), "spec.shortages.");
      case OVERDUE -> overdue(v, s.getOverdue(), "spec.overdue.");
      case OUT_OF_SERVICE -> outOfService(v, s.getOutOfService(), "spec.out_of_service.");
      case CREW_HOURS -> crewHours(v, s.getCrewHours(), "spec.crew_hours.");
      case OPERATIONS -> v;
      case REPORT_NOT_SET ->
          v.check(false, "spec", "must name one report (utilisation, revenue, …)");
    };
  }

  private static Validation saved(
      Validation v, boolean hasSpec, ReportSpec spec, ReportDisplay display) {
    v.check(display != ReportDisplay.UNRECOGNIZED, "display", "is not a report display");
    if (!hasSpec) {
      return v.check(false, "spec", "is required: the report and its filters");
    }
    return spec(v, spec);
  }
}
