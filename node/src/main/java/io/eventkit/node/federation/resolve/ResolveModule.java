package io.eventkit.node.federation.resolve;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.federation.FederationModule;
import io.eventkit.node.federation.availability.PartnerLinks;
import io.eventkit.node.federation.health.CallObserver;
import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.grpc.BindableService;
import java.time.Clock;
import java.time.Duration;

/**
 * Asset resolution (capability RESOLVE_ASSETS): registers the partner-facing {@code
 * FederationResolveService} (with its level) on the federation port and provides the local {@code
 * AssetResolutionService}. {@code manifests} is the sub-hire feature's view of active manifests
 * ({@link ManifestLookup#NONE} until it exists).
 */
public final class ResolveModule implements Managed {
  private final AssetResolver resolver;
  private final BindableService localService;

  private ResolveModule(AssetResolver resolver) {
    this.resolver = resolver;
    this.localService = new AssetResolutionGrpcService(resolver);
  }

  /** Must run before the federation server starts (its service list is read at start). */
  public static ResolveModule create(
      FederationModule federation,
      InventoryModule inventory,
      String nodeId,
      ManifestLookup manifests,
      Duration deadline,
      CallObserver observer,
      Clock clock) {
    AssetDirectory directory = new AssetDirectory(nodeId, inventory.assets, inventory.catalog);
    FederationResolveGrpcService.register(federation.methods());
    federation.addFederationService(new FederationResolveGrpcService(directory));
    AssetResolver resolver =
        new AssetResolver(
            codes -> directory.lookup(codes, false),
            manifests,
            PartnerLinks.of(federation.partners(), federation.channels()),
            AssetResolver.Settings.defaults(deadline),
            clock);
    resolver.observe(observer);
    federation.partners().onChange(id -> resolver.forgetPartners());
    return new ResolveModule(resolver);
  }

  public AssetResolver resolver() {
    return resolver;
  }

  public BindableService localService() {
    return localService;
  }

  public void registerValidators(RequestValidators validators) {
    AssetResolutionGrpcService.registerValidators(validators);
  }

  @Override
  public void start() {}

  @Override
  public void stop() {
    resolver.close();
  }
}
