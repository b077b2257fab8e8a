package io.eventkit.node.reports;

import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The reports feature's one public face: ReportService (docs/reports.md) — figures computed in SQL
 * from the other features' tables (inventory, planning, quotes, CRM, sub-hire, scanning, crew),
 * dashboards and saved reports. It uses inventory's availability engine for upcoming shortages and
 * reads every other table in its own queries.
 */
public final class ReportsModule {
  private final List<BindableService> services;

  private ReportsModule(Reports reports, SavedReports saved) {
    this.services = List.of(new ReportsGrpcService(reports, saved));
  }

  /**
   * @throws IllegalArgumentException if {@code config}'s time zone is not a zone
   */
  public static ReportsModule create(
      Jdbi jdbi, Clock clock, InventoryModule inventory, ReportsConfig config) {
    Reports reports =
        new Reports(
            jdbi,
            clock,
            config.zone(),
            inventory.availability,
            inventory.availability.policy().holding());
    return new ReportsModule(reports, new SavedReports(jdbi, clock));
  }

  public List<BindableService> services() {
    return services;
  }

  public void registerValidators(RequestValidators validators) {
    ReportsValidators.register(validators);
  }
}
