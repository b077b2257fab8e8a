package io.eventkit.node.platform.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Request count, duration and errors per RPC method, transport and status code; in a shared (SaaS)
 * deployment also per company account (tenant) and status code, without the method, so that the
 * series grow with the number of accounts only (tens to hundreds).
 */
public final class RpcMetrics {
  private final Counter requests;
  private final Histogram duration;
  private final Counter tenantRequests;
  private final Histogram tenantDuration;
  private final Gauge tenantWaiting;

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
    this.tenantRequests =
        Counter.builder()
            .name("eventkit_tenant_rpc_requests_total")
            .help("Authenticated RPCs of a shared deployment, by company account and status code")
            .labelNames("tenant", "code")
            .register(registry);
    this.tenantDuration =
        Histogram.builder()
            .name("eventkit_tenant_rpc_duration_seconds")
            .help("Authenticated RPC handling time of a shared deployment, by company account")
            .labelNames("tenant")
            .classicUpperBounds(0.001, 0.005, 0.025, 0.1, 0.5, 2.5, 10)
            .register(registry);
    this.tenantWaiting =
        Gauge.builder()
            .name("eventkit_tenant_calls_waiting")
            .help(
                "Calls of a company account waiting for its share of concurrent calls"
                    + " (rateLimits.tenantCalls), shared deployments only")
            .labelNames("tenant")
            .register(registry);
  }

  /** {@code delta} more (or fewer) of {@code tenant}'s calls wait for a turn. */
  public void tenantWaiting(String tenant, int delta) {
    tenantWaiting.labelValues(tenant).inc(delta);
  }

  /** One authenticated call of a company account (shared deployments only). */
  public void recordTenant(String tenant, String code, double seconds) {
    tenantRequests.labelValues(tenant, code).inc();
    tenantDuration.labelValues(tenant).observe(seconds);
  }

  public void record(String method, String transport, String code, double seconds) {
    requests.labelValues(method, transport, code).inc();
    duration.labelValues(method, transport).observe(seconds);
  }
}
