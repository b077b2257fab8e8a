package io.eventkit.node.federation.health;

/** Told about every outbound partner call a fan-out makes (latency and outcome), for metrics. */
@FunctionalInterface
public interface CallObserver {
  CallObserver NONE = (partner, call, outcome, seconds) -> {};

  /** {@code outcome} is the fan-out status name (OK, TIMEOUT, ...). */
  void observe(String partnerNodeId, String call, String outcome, double seconds);
}
