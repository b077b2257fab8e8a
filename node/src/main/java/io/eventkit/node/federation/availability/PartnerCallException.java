package io.eventkit.node.federation.availability;

/** A partner call that did not produce a usable answer, classified for the fan-out result. */
public final class PartnerCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final FederatedAvailability.Outcome outcome;

  public PartnerCallException(FederatedAvailability.Outcome outcome, String detail) {
    super(detail, null, false, false);
    this.outcome = outcome;
  }

  public FederatedAvailability.Outcome outcome() {
    return outcome;
  }

  /** Whether the failure says the partner is unhealthy (counts against its circuit breaker). */
  public boolean unhealthy() {
    return outcome == FederatedAvailability.Outcome.TIMEOUT
        || outcome == FederatedAvailability.Outcome.UNAVAILABLE
        || outcome == FederatedAvailability.Outcome.ERROR;
  }
}
