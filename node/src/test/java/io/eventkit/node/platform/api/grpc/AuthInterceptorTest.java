package io.eventkit.node.platform.api.grpc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.platform.metrics.RpcMetrics;
import io.eventkit.proto.v1.FederationTrustServiceGrpc;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthInterceptorTest {
  @Test
  void theApiServerRefusesAServiceWhoseMethodsDeclareNoPermission() {
    // Federation services carry no eventkit.v1.required_permission: they belong on the mTLS port.
    assertThatThrownBy(
            () ->
                new ApiServer(
                    "127.0.0.1",
                    0,
                    List.of(new FederationTrustServiceGrpc.FederationTrustServiceImplBase() {}),
                    token -> Optional.empty(),
                    new RequestValidators(),
                    new RpcMetrics(new PrometheusRegistry()),
                    io.eventkit.node.platform.tracing.Tracing.off(),
                    CallerRateLimits.off(),
                    java.time.Clock.systemUTC(),
                    null,
                    io.eventkit.node.platform.tenancy.TenantRouting.single()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("eventkit.v1.FederationTrustService/")
        .hasMessageContaining("required_permission");
  }
}
