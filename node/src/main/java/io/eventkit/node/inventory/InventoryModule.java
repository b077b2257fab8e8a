package io.eventkit.node.inventory;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.platform.Periodic;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.cluster.ClusterJobs;
import io.eventkit.node.platform.tenancy.Tenants;
import io.grpc.BindableService;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The inventory feature's one public face: {@link #create} wires the domain classes and the gRPC
 * adapter. The public fields are the ports other features use (catalogue, assets, cases, locations,
 * stock, and the availability engine, the node's stock ledger); everything else in this package is
 * package-private. Inventory depends on kernel and platform only; planning, federation, sub-hire
 * and the demo dataset build on it, never the reverse.
 */
public final class InventoryModule {
  public final Locations locations;
  public final Catalog catalog;
  public final Assets assets;
  public final Stock stock;
  public final Cases cases;
  public final Availability availability;
  final Search search;
  private final List<BindableService> services;
  private final Periodic shortageRefresher;

  private InventoryModule(
      Jdbi jdbi, Clock clock, String nodeId, InventoryConfig config, ClusterJobs jobs) {
    HoldPolicy policy =
        new HoldPolicy(
            statuses(config.getHoldingStatuses()), statuses(config.getTentativeStatuses()));
    locations = new Locations(jdbi, clock);
    catalog = new Catalog(jdbi, clock);
    assets = new Assets(jdbi, clock);
    stock = new Stock(jdbi, clock);
    cases = new Cases(jdbi, clock);
    search = new Search(jdbi);
    availability = new Availability(jdbi, policy);
    // Recomputes the stored shortages of noted products in the background (right after start,
    // which computes a fresh database's or a big import's, then every 2 s), so that a shortage read
    // rarely has any to do itself. Reads still refresh first, so correctness never depends on this
    // having run; one replica at a time runs it.
    shortageRefresher =
        jobs.every(
            "shortages",
            Duration.ZERO,
            Duration.ofSeconds(2),
            Tenants.Work.SHORTAGES,
            availability::refreshShortages);
    services =
        List.of(
            new InventoryGrpcService(
                nodeId, locations, catalog, assets, stock, cases, search, availability));
  }

  /**
   * Builds the module. The configured hold statuses are taken as names here; the planning module
   * checks them against its status ladder.
   */
  public static InventoryModule create(
      Jdbi jdbi, Clock clock, String nodeId, InventoryConfig config, ClusterJobs jobs) {
    return new InventoryModule(jdbi, clock, nodeId, config, jobs);
  }

  public List<BindableService> services() {
    return services;
  }

  /** The background refresh of the stored shortages, for the node's lifecycle. */
  public Managed shortageRefresher() {
    return shortageRefresher;
  }

  public void registerValidators(RequestValidators validators) {
    InventoryValidators.register(validators);
  }

  private static Set<String> statuses(Set<String> configured) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : configured) {
      out.add(s.trim().toUpperCase(Locale.ROOT));
    }
    return out;
  }
}
