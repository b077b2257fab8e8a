package io.eventkit.node.federation.availability;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.federation.FederationModule;
import io.eventkit.node.federation.catalog.FederationCatalogGrpcService;
import io.eventkit.node.federation.catalog.SharedCatalog;
import io.eventkit.node.inventory.availability.Availability;
import io.eventkit.node.inventory.catalog.Catalog;
import io.grpc.BindableService;
import java.time.Clock;
import java.time.Duration;

/**
 * Catalogue sharing and federated availability, wired once both the federation and inventory
 * modules exist: registers the partner-facing {@code FederationCatalogService} (with its levels) on
 * the federation port and provides the local {@code FederationQueryService}.
 */
public final class FederatedAvailabilityModule implements Managed {
  private final FederatedAvailability availability;
  private final BindableService localService;

  private FederatedAvailabilityModule(FederatedAvailability availability) {
    this.availability = availability;
    this.localService = new FederationQueryGrpcService(availability);
  }

  /** Must run before the federation server starts (its service list is read at start). */
  public static FederatedAvailabilityModule create(
      FederationModule federation,
      Catalog catalog,
      Availability engine,
      Duration deadline,
      Clock clock) {
    FederationCatalogGrpcService.register(federation.methods());
    federation.addFederationService(
        new FederationCatalogGrpcService(new SharedCatalog(catalog, engine)));
    return new FederatedAvailabilityModule(
        new FederatedAvailability(
            federation.partners(),
            federation.channels(),
            catalog,
            FederatedAvailability.Settings.defaults(deadline),
            clock));
  }

  public FederatedAvailability availability() {
    return availability;
  }

  /** The local API service (QueryPartnerAvailability). */
  public BindableService localService() {
    return localService;
  }

  @Override
  public void start() {}

  @Override
  public void stop() {
    availability.close();
  }
}
