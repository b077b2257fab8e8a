package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.availability.FederatedAvailability.Outcome;
import io.eventkit.node.federation.channels.PartnerCalls;
import io.grpc.StatusRuntimeException;

/** A partner call that did not produce a usable answer, classified for the fan-out result. */
public final class PartnerCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final FederatedAvailability.Outcome outcome;

  public PartnerCallException(FederatedAvailability.Outcome outcome, String detail) {
    super(detail, null, false, false);
    this.outcome = outcome;
  }

  /** A failed call of {@code method} at the partner, classified by {@link PartnerCalls}. */
  public static PartnerCallException of(String method, String nodeId, StatusRuntimeException e) {
    PartnerCalls.Failure f = PartnerCalls.classify(e);
    return new PartnerCallException(
        outcome(f),
        method
            + " at "
            + nodeId
            + ": "
            + f.code()
            + (f.description().isEmpty() ? "" : " " + f.description()));
  }

  /** The fan-out status of a failed call (docs/federation.md, the availability fan-out). */
  static Outcome outcome(PartnerCalls.Failure f) {
    if (f.answeredByTrustCheck()) {
      return Outcome.DENIED;
    }
    return switch (f.kind()) {
      case DEADLINE -> Outcome.TIMEOUT;
      // Refused at TLS as revoked: no answer came; the channel marks the partner meanwhile.
      case UNAVAILABLE, REVOKED_BY_PARTNER -> Outcome.UNAVAILABLE;
      default -> Outcome.ERROR;
    };
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
