package io.eventkit.node.platform.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Request count, duration and errors per RPC method, transport and status code. */
public final class RpcMetrics {
  private final Counter requests;
  private final Histogram duration;

  public RpcMetrics(PrometheusRegistry registry) {
    this.requests =
        Counter.builder()
            .name("eventkit_rpc_requests_total")
            .help("RPCs handled, by method, transport (grpc|connect) and status code")
            .labelNames("method", "transport", "code")
            .register(registry);
    this.duration =
        Histogram.builder()
            .name("eventkit_rpc_duration_seconds")
            .help("RPC handling time in seconds, by method and transport")
            .labelNames("method", "transport")
            .classicUpperBounds(
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
  }

  public void record(String method, String transport, String code, double seconds) {
    requests.labelValues(method, transport, code).inc();
    duration.labelValues(method, transport).observe(seconds);
  }
}
