package io.eventkit.node.scanning;

import io.eventkit.node.federation.resolve.ManifestLookup;
import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.planning.PlanningModule;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.cluster.ClusterJobs;
import io.eventkit.node.platform.events.DailySweep;
import io.eventkit.node.platform.events.DomainEvents;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The scanning feature's one public face: check-out and check-in against pull lists, over inventory
 * (assets, cases, stock) and planning (events and their lines). It keeps events that have scans
 * from being deleted, and records each event's fulfilment (where its gear is) in planning.
 */
public final class ScanningModule {
  private final Scanning scanning;
  private final List<BindableService> services;
  private final DailySweep overdueSweep;

  private ScanningModule(
      Scanning scanning, Stocktakes stocktakes, Maintenance maintenance, DailySweep overdue) {
    this.scanning = scanning;
    this.overdueSweep = overdue;
    this.services =
        List.of(
            new ScanningGrpcService(scanning, stocktakes), new MaintenanceGrpcService(maintenance));
  }

  /**
   * {@code manifests}: the manifests of this node's dispatched sub-hires (sub-hire's lookup), so
   * that partners' units scan out and back like ours.
   */
  public static ScanningModule create(
      Jdbi jdbi,
      Clock clock,
      DomainEvents events,
      InventoryModule inventory,
      PlanningModule planning,
      ManifestLookup manifests,
      ClusterJobs jobs) {
    ScanningModule m =
        new ScanningModule(
            new Scanning(
                jdbi,
                clock,
                inventory.availability.policy(),
                inventory.stock,
                planning.planning,
                manifests,
                events),
            new Stocktakes(jdbi, clock, inventory.stock),
            new Maintenance(jdbi, clock),
            new DailySweep(
                "overdue-sweep", clock, new OverdueSweep(jdbi, clock, events)::run, jobs));
    planning.planning.keepReferencedEvents(m.scanning::whyKept);
    planning.planning.onLinesChanged(m.scanning::refreshFulfilment);
    return m;
  }

  /** The daily return.overdue sweep, for the application to manage (start and stop). */
  public DailySweep overdueSweep() {
    return overdueSweep;
  }

  public List<BindableService> services() {
    return services;
  }

  public void registerValidators(RequestValidators validators) {
    ScanningValidators.register(validators);
  }
}
