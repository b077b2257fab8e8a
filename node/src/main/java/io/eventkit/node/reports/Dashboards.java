package io.eventkit.node.reports;

import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.reports.Model.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The default dashboard widgets per built-in role (docs/reports.md, "Dashboards"). A caller with
 * several roles gets the union in role order, each widget once; widgets whose report the caller may
 * not run are left out.
 */
final class Dashboards {
  private Dashboards() {}

  /** One default widget: its stable ID, message key, report kind. The adapter builds its spec. */
  enum Widget {
    REVENUE_BY_MONTH("default.revenue-by-month", "report.widget.revenueByMonth", Kind.REVENUE),
    UTILISATION_BY_CATEGORY(
        "default.utilisation-by-category", "report.widget.utilisationByCategory", Kind.UTILISATION),
    SUBHIRE_SUMMARY("default.subhire-summary", "report.widget.subhireSummary", Kind.SUBHIRE),
    OPERATIONS_SUMMARY(
        "default.operations-summary", "report.widget.operationsSummary", Kind.OPERATIONS),
    OVERDUE_RETURNS("default.overdue-returns", "report.widget.overdueReturns", Kind.OVERDUE),
    OUT_OF_SERVICE("default.out-of-service", "report.widget.outOfService", Kind.OUT_OF_SERVICE),
    SHORTAGES_NEXT_30_DAYS(
        "default.shortages-next-30-days", "report.widget.shortagesNext30Days", Kind.SHORTAGES);

    final String id;
    final String titleKey;
    final Kind kind;

    Widget(String id, String titleKey, Kind kind) {
      this.id = id;
      this.titleKey = titleKey;
      this.kind = kind;
    }
  }

  static final Map<Principal.Role, List<Widget>> DEFAULTS = defaults();

  private static Map<Principal.Role, List<Widget>> defaults() {
    Map<Principal.Role, List<Widget>> m = new LinkedHashMap<>();
    List<Widget> manager =
        List.of(Widget.REVENUE_BY_MONTH, Widget.UTILISATION_BY_CATEGORY, Widget.SUBHIRE_SUMMARY);
    List<Widget> warehouse =
        List.of(Widget.OPERATIONS_SUMMARY, Widget.OVERDUE_RETURNS, Widget.OUT_OF_SERVICE);
    List<Widget> planner = List.of(Widget.SHORTAGES_NEXT_30_DAYS, Widget.OPERATIONS_SUMMARY);
    List<Widget> admin = new ArrayList<>(manager);
    admin.add(Widget.OPERATIONS_SUMMARY);
    m.put(Principal.Role.ADMIN, List.copyOf(admin));
    m.put(Principal.Role.MANAGER, manager);
    m.put(Principal.Role.PLANNER, planner);
    m.put(Principal.Role.WAREHOUSE, warehouse);
    m.put(Principal.Role.SALES, List.of(Widget.UTILISATION_BY_CATEGORY, Widget.OPERATIONS_SUMMARY));
    m.put(Principal.Role.CREW, List.of());
    m.put(
        Principal.Role.READ_ONLY,
        List.of(Widget.OPERATIONS_SUMMARY, Widget.UTILISATION_BY_CATEGORY));
    return m;
  }

  static boolean mayRun(Set<Permission> held, Kind kind) {
    return held.contains(kind.operational ? Permission.REPORTS_READ : Permission.REPORTS_FINANCE);
  }

  static List<Widget> forCaller(Set<Principal.Role> roles, Set<Permission> held) {
    List<Widget> out = new ArrayList<>();
    for (Principal.Role r : Principal.Role.values()) {
      if (!roles.contains(r)) {
        continue;
      }
      for (Widget w : DEFAULTS.getOrDefault(r, List.of())) {
        if (!out.contains(w) && mayRun(held, w.kind)) {
          out.add(w);
        }
      }
    }
    return out;
  }
}
