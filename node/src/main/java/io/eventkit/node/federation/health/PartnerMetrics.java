package io.eventkit.node.federation.health;

import io.eventkit.node.federation.channels.PartnerChannel;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Federation health on {@code /metrics}: the latency and outcome of every fan-out call per partner
 * (histogram), and, read from the partner channels at scrape time, each partner's p50/p99 call
 * latency (last 256 calls, as in {@code partners health}), circuit state and seconds since its last
 * success.
 */
public final class PartnerMetrics implements CallObserver {
  private final Histogram calls;

  public PartnerMetrics(PrometheusRegistry registry, PartnerChannels channels) {
    this.calls =
        Histogram.builder()
            .name("eventkit_federation_partner_call_seconds")
            .help("Outbound fan-out calls to partners, by partner, call and outcome")
            .labelNames("partner", "call", "outcome")
            .classicUpperBounds(
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    GaugeWithCallback.builder()
        .name("eventkit_federation_partner_latency_seconds")
        .help("Latency of recent outbound calls to a partner (last 256), by quantile")
        .labelNames("partner", "quantile")
        .callback(
            cb -> {
              for (PartnerChannel ch : channels.all()) {
                cb.call(ch.stats().percentile(0.5) / 1e3, ch.partnerId(), "0.5");
                cb.call(ch.stats().percentile(0.99) / 1e3, ch.partnerId(), "0.99");
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("eventkit_federation_partner_circuit_state")
        .help(
            "1 for the current circuit-breaker state of each partner (CLOSED, OPEN, HALF_OPEN...)")
        .labelNames("partner", "state")
        .callback(
            cb -> {
              for (PartnerChannel ch : channels.all()) {
                CircuitBreaker.State now = ch.circuitBreaker().getState();
                for (CircuitBreaker.State s : CircuitBreaker.State.values()) {
                  cb.call(s == now ? 1 : 0, ch.partnerId(), s.name());
                }
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("eventkit_federation_partner_last_success_timestamp_seconds")
        .help("When the last call to a partner succeeded (Unix time; absent before the first)")
        .labelNames("partner")
        .callback(
            cb -> {
              for (PartnerChannel ch : channels.all()) {
                if (ch.stats().lastSuccess() != null) {
                  cb.call(ch.stats().lastSuccess().toEpochMilli() / 1e3, ch.partnerId());
                }
              }
            })
        .register(registry);
    clockOffsets(channels, registry);
  }

  private static void clockOffsets(PartnerChannels channels, PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("eventkit_federation_partner_clock_offset_seconds")
        .help(
            "Estimated offset of a partner's clock from this node's (partner minus us; absent"
                + " before the first measurement)")
        .labelNames("partner")
        .callback(
            cb -> {
              for (PartnerChannel ch : channels.all()) {
                var o = ch.stats().clockOffset();
                if (o != null) {
                  cb.call(o.offset().toMillis() / 1e3, ch.partnerId());
                }
              }
            })
        .register(registry);
  }

  @Override
  public void observe(String partnerNodeId, String call, String outcome, double seconds) {
    calls.labelValues(partnerNodeId, call, outcome).observe(seconds);
  }
}
