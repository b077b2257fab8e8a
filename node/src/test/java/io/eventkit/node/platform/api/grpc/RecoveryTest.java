package io.eventkit.node.platform.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.metrics.RpcMetrics;
import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.GetNodeInfoResponse;
import io.eventkit.proto.v1.NodeServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The interceptor chain maps every failure to a status; clients never see a stack trace. */
class RecoveryTest {
  private final AtomicReference<RuntimeException> toThrow = new AtomicReference<>();
  private final AtomicReference<Boolean> viaOnError = new AtomicReference<>(false);
  private ApiServer server;

  private NodeServiceGrpc.NodeServiceBlockingStub start() throws Exception {
    BindableService failing =
        new NodeServiceGrpc.NodeServiceImplBase() {
          @Override
          public void getNodeInfo(GetNodeInfoRequest r, StreamObserver<GetNodeInfoResponse> out) {
            if (viaOnError.get()) {
              out.onError(toThrow.get());
              return;
            }
            throw toThrow.get();
          }
        };
    server =
        new ApiServer(
            "127.0.0.1",
            0,
            List.of(failing),
            token ->
                Optional.of(
                    new Principal(
                        "t",
                        "test",
                        java.util.Set.of(Principal.Role.ADMIN),
                        java.util.Set.of(),
                        java.util.EnumSet.allOf(io.eventkit.node.kernel.Permission.class),
                        Principal.Kind.API_TOKEN,
                        "default")),
            new RequestValidators(),
            new RpcMetrics(new PrometheusRegistry()),
            io.eventkit.node.platform.tracing.Tracing.off(),
            CallerRateLimits.off(),
            java.time.Clock.systemUTC(),
            null,
            io.eventkit.node.platform.tenancy.TenantRouting.single());
    server.start();
    Metadata md = new Metadata();
    md.put(AuthInterceptor.AUTHORIZATION, "Bearer ekt_x");
    return NodeServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md));
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void unexpectedExceptionsBecomeInternalWithAnErrorId() throws Exception {
    toThrow.set(new IllegalStateException("secret internals at line 42"));
    var stub = start();
    assertThatThrownBy(() -> stub.getNodeInfo(GetNodeInfoRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
              assertThat(e.getStatus().getDescription())
                  .contains("error id")
                  .doesNotContain("secret");
              assertThat(e.getTrailers().get(ErrorMapper.ERROR_ID)).isNotBlank();
              assertThat(e.getStatus().getDescription())
                  .contains(e.getTrailers().get(ErrorMapper.ERROR_ID));
            });
  }

  @Test
  void domainExceptionsKeepTheirCodeAndMessageWhetherThrownOrPassedToOnError() throws Exception {
    toThrow.set(new DomainException(ErrorCode.NOT_FOUND, "product p-1 does not exist"));
    var stub = start();
    for (boolean onError : new boolean[] {false, true}) {
      viaOnError.set(onError);
      assertThatThrownBy(() -> stub.getNodeInfo(GetNodeInfoRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(e.getStatus().getDescription()).isEqualTo("product p-1 does not exist");
              });
    }
  }
}
