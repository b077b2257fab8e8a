package io.eventkit.node.federation.availability;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.federation.FederationModule;
import io.eventkit.node.federation.catalog.FederationCatalogGrpcService;
import io.eventkit.node.federation.catalog.SharedCatalog;
import io.eventkit.node.federation.health.CallObserver;
import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.planning.PlanningModule;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.grpc.BindableService;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Catalogue sharing and federated availability, wired once both the federation and inventory
 * modules exist: registers the partner-facing {@code FederationCatalogService} (with its levels) on
 * the federation port and provides the local {@code FederationQueryService} (fan-out, shortages →
 * suppliers, product mappings).
 */
public final class FederatedAvailabilityModule implements Managed {
  private final FederatedAvailability availability;
  private final ProductMappings mappings;
  private final BindableService localService;

  private FederatedAvailabilityModule(
      FederatedAvailability availability, ProductMappings mappings, ShortageSuppliers shortages) {
    this.availability = availability;
    this.mappings = mappings;
    this.localService = new FederationQueryGrpcService(availability, mappings, shortages);
  }

  /** Must run before the federation server starts (its service list is read at start). */
  public static FederatedAvailabilityModule create(
      FederationModule federation,
      InventoryModule inventory,
      PlanningModule planning,
      Jdbi jdbi,
      FederatedAvailability.Settings settings,
      CallObserver observer,
      Clock clock) {
    FederationCatalogGrpcService.register(federation.methods());
    federation.addFederationService(
        new FederationCatalogGrpcService(
            new SharedCatalog(inventory.catalog, inventory.availability)));
    FederatedAvailability[] fanOut = new FederatedAvailability[1];
    ProductMappings mappings =
        new ProductMappings(
            jdbi,
            federation.partners(),
            inventory.catalog,
            id -> fanOut[0].catalogueOf(id),
            clock,
            id -> fanOut[0].forget(id));
    fanOut[0] =
        new FederatedAvailability(
            federation.partners(),
            federation.channels(),
            inventory.catalog,
            mappings,
            settings,
            clock);
    fanOut[0].observe(observer);
    return new FederatedAvailabilityModule(
        fanOut[0],
        mappings,
        new ShortageSuppliers(planning.planning, inventory.catalog, fanOut[0]));
  }

  public FederatedAvailability availability() {
    return availability;
  }

  public ProductMappings mappings() {
    return mappings;
  }

  /** The local API service (FederationQueryService). */
  public BindableService localService() {
    return localService;
  }

  public void registerValidators(RequestValidators validators) {
    FederationQueryGrpcService.registerValidators(validators);
  }

  @Override
  public void start() {}

  @Override
  public void stop() {
    availability.close();
  }
}
