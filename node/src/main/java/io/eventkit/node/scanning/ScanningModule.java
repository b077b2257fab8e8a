package io.eventkit.node.scanning;

import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.planning.PlanningModule;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.grpc.BindableService;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The scanning feature's one public face: check-out and check-in against pull lists, over inventory
 * (assets, cases, stock) and planning (events and their lines). It keeps events that have scans
 * from being deleted.
 */
public final class ScanningModule {
  private final Scanning scanning;
  private final BindableService service;

  private ScanningModule(Scanning scanning, Stocktakes stocktakes) {
    this.scanning = scanning;
    this.service = new ScanningGrpcService(scanning, stocktakes);
  }

  public static ScanningModule create(
      Jdbi jdbi, Clock clock, InventoryModule inventory, PlanningModule planning) {
    ScanningModule m =
        new ScanningModule(
            new Scanning(jdbi, clock, inventory.availability.policy(), inventory.stock),
            new Stocktakes(jdbi, clock, inventory.stock));
    planning.planning.keepReferencedEvents(m.scanning::whyKept);
    return m;
  }

  public BindableService service() {
    return service;
  }

  public void registerValidators(RequestValidators validators) {
    ScanningValidators.register(validators);
  }
}
