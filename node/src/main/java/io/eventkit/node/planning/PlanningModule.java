package io.eventkit.node.planning;

import io.eventkit.node.inventory.HoldPolicy;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.platform.events.DomainEvents;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planning feature's one public face: events and booking lines over inventory's availability
 * engine. {@link #planning} is the port other features use (sub-hire's stock effects, federation's
 * shortages, the demo dataset). Planning depends on inventory, never the reverse.
 */
public final class PlanningModule {
  private static final Logger LOG = LoggerFactory.getLogger(PlanningModule.class);

  public final Planning planning;
  private final List<BindableService> services;

  private PlanningModule(Planning planning) {
    this.planning = planning;
    this.services = List.of(new PlanningGrpcService(planning));
  }

  /**
   * Builds the module and brings stored hold flags in step with the configured statuses.
   *
   * @throws IllegalArgumentException if the configuration names a status the ladder does not have
   */
  public static PlanningModule create(
      Jdbi jdbi,
      Clock clock,
      DomainEvents events,
      InventoryModule inventory,
      InventoryConfig config) {
    HoldPolicy policy = inventory.availability.policy();
    check(policy.holding());
    check(policy.tentative());
    PlanningModule m =
        new PlanningModule(
            new Planning(jdbi, clock, events, inventory.availability, config.getOverbooking()));
    int changed = m.planning.resyncHolds();
    if (changed > 0) {
      LOG.info("holding statuses changed: updated {} booking lines", changed);
    }
    return m;
  }

  public List<BindableService> services() {
    return services;
  }

  private static void check(Set<String> statuses) {
    for (String name : statuses) {
      try {
        EventStatus.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "inventory: unknown event status '"
                + name
                + "'; use "
                + Arrays.toString(EventStatus.values()),
            e);
      }
    }
  }
}
