package io.eventkit.node.testing;

import io.eventkit.node.inventory.Assets;
import io.eventkit.node.inventory.Availability;
import io.eventkit.node.inventory.Cases;
import io.eventkit.node.inventory.Catalog;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.inventory.Locations;
import io.eventkit.node.inventory.Stock;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.planning.PlanningModule;
import io.eventkit.node.platform.events.DomainEvents;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The inventory and planning modules over one database, built the way {@code NodeApplication}
 * builds them, with their ports at hand for tests.
 */
public final class Domain {
  public final InventoryModule inventory;
  public final Planning planning;
  public final Locations locations;
  public final Catalog catalog;
  public final Assets assets;
  public final Stock stock;
  public final Cases cases;
  public final Availability availability;

  private Domain(InventoryModule inventory, PlanningModule planning) {
    this.inventory = inventory;
    this.planning = planning.planning;
    this.locations = inventory.locations;
    this.catalog = inventory.catalog;
    this.assets = inventory.assets;
    this.stock = inventory.stock;
    this.cases = inventory.cases;
    this.availability = inventory.availability;
  }

  public static Domain create(Jdbi jdbi, Clock clock, String nodeId, InventoryConfig config) {
    return create(jdbi, clock, new DomainEvents(clock), nodeId, config);
  }

  public static Domain create(
      Jdbi jdbi, Clock clock, DomainEvents events, String nodeId, InventoryConfig config) {
    InventoryModule inventory =
        InventoryModule.create(
            jdbi, clock, nodeId, config, io.eventkit.node.platform.cluster.ClusterJobs.local());
    return new Domain(inventory, PlanningModule.create(jdbi, clock, events, inventory, config));
  }
}
