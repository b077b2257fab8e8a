package io.eventkit.node.inventory;

import io.eventkit.node.demo.DemoDataset;
import io.eventkit.node.inventory.assets.Assets;
import io.eventkit.node.inventory.availability.Availability;
import io.eventkit.node.inventory.availability.HoldPolicy;
import io.eventkit.node.inventory.cases.Cases;
import io.eventkit.node.inventory.catalog.Catalog;
import io.eventkit.node.inventory.locations.Locations;
import io.eventkit.node.inventory.search.Search;
import io.eventkit.node.inventory.stock.Stock;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.planning.PlanningGrpcService;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory and planning features, built in one place: {@link #create} wires the domain classes
 * and the gRPC adapters; {@code NodeApplication} adds {@link #services()} to the API server and
 * calls {@link #registerValidators}.
 */
public final class InventoryModule {
  private static final Logger LOG = LoggerFactory.getLogger(InventoryModule.class);

  public final Locations locations;
  public final Catalog catalog;
  public final Assets assets;
  public final Stock stock;
  public final Cases cases;
  public final Search search;
  public final Availability availability;
  public final Planning planning;
  private final List<BindableService> services;

  private InventoryModule(Jdbi jdbi, Clock clock, String nodeId, InventoryConfig config) {
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
    planning = new Planning(jdbi, clock, availability, config.getOverbooking());
    services =
        List.of(
            new InventoryGrpcService(
                nodeId, locations, catalog, assets, stock, cases, search, availability),
            new PlanningGrpcService(planning));
  }

  /**
   * Builds the module; brings stored hold flags in step with the configured statuses, and loads the
   * demo dataset if asked to and the inventory is empty.
   */
  public static InventoryModule create(
      Jdbi jdbi, Clock clock, String nodeId, InventoryConfig config) {
    InventoryModule m = new InventoryModule(jdbi, clock, nodeId, config);
    int changed = m.planning.resyncHolds();
    if (changed > 0) {
      LOG.info("holding statuses changed: updated {} booking lines", changed);
    }
    if (config.isDemoData()) {
      if (m.catalog.count() == 0) {
        DemoDataset.Counts c = new DemoDataset(m, clock, 42).load(DemoDataset.Size.SMALL);
        LOG.info("loaded the demo dataset: {}", c);
      } else {
        LOG.info("demo data not loaded: the inventory is not empty");
      }
    }
    return m;
  }

  public List<BindableService> services() {
    return services;
  }

  public void registerValidators(RequestValidators validators) {
    InventoryValidators.register(validators);
  }

  private static Set<String> statuses(Set<String> configured) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : configured) {
      String name = s.trim().toUpperCase(java.util.Locale.ROOT);
      try {
        EventStatus.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "inventory: unknown event status '"
                + s
                + "'; use "
                + java.util.Arrays.toString(EventStatus.values()));
      }
      out.add(name);
    }
    return out;
  }
}
