package io.eventkit.node.subhire;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/** Sub-hire messaging counters and the outbox backlog, on the node's /metrics. */
final class SubHireMetrics {
  private final Counter deliveries;
  private final Counter received;

  SubHireMetrics(PrometheusRegistry registry, LongSupplier pendingMessages) {
    deliveries =
        Counter.builder()
            .name("eventkit_subhire_deliveries_total")
            .help("Outbox send attempts by result (delivered, retry, failed, abandoned)")
            .labelNames("result")
            .register(registry);
    received =
        Counter.builder()
            .name("eventkit_subhire_messages_received_total")
            .help("Partner messages by outcome (applied, rejected, replay)")
            .labelNames("outcome")
            .register(registry);
    GaugeWithCallback.builder()
        .name("eventkit_subhire_outbox_pending")
        .help("Sub-hire messages waiting to be delivered to partners")
        .callback(cb -> cb.call((double) pendingMessages.getAsLong()))
        .register(registry);
  }

  void delivery(String result) {
    deliveries.labelValues(result).inc();
  }

  void received(String outcome) {
    received.labelValues(outcome).inc();
  }
}
