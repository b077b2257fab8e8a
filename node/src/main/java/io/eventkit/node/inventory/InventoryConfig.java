package io.eventkit.node.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code inventory:} section of the node configuration.
 *
 * <pre>
 * inventory:
 *   overbooking: WARN            # or REFUSE
 *   holdingStatuses: [RESERVED, CONFIRMED]
 *   tentativeStatuses: [PROVISIONAL]
 * </pre>
 */
public class InventoryConfig {
  /** What happens when a booking would take more units than are free. */
  public enum Overbooking {
    /** Accept the booking and return a warning (the shortage shows in ListShortages). */
    WARN,
    /** Refuse it with FAILED_PRECONDITION. */
    REFUSE
  }

  @NotNull private Overbooking overbooking = Overbooking.WARN;

  @NotNull
  private Set<String> holdingStatuses = new LinkedHashSet<>(List.of("RESERVED", "CONFIRMED"));

  @NotNull private Set<String> tentativeStatuses = new LinkedHashSet<>(List.of("PROVISIONAL"));

  /** Load the small demo dataset at start when the inventory is empty (dev --demo-data). */
  private boolean demoData;

  @JsonProperty
  public Overbooking getOverbooking() {
    return overbooking;
  }

  @JsonProperty
  public void setOverbooking(Overbooking overbooking) {
    this.overbooking = overbooking;
  }

  @JsonProperty
  public Set<String> getHoldingStatuses() {
    return holdingStatuses;
  }

  @JsonProperty
  public void setHoldingStatuses(Set<String> holdingStatuses) {
    this.holdingStatuses = holdingStatuses;
  }

  @JsonProperty
  public Set<String> getTentativeStatuses() {
    return tentativeStatuses;
  }

  @JsonProperty
  public void setTentativeStatuses(Set<String> tentativeStatuses) {
    this.tentativeStatuses = tentativeStatuses;
  }

  @JsonProperty
  public boolean isDemoData() {
    return demoData;
  }

  @JsonProperty
  public void setDemoData(boolean demoData) {
    this.demoData = demoData;
  }
}
