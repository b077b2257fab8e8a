package io.eventkit.node.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.GetNodeInfoResponse;
import io.eventkit.proto.v1.NodeServiceGrpc;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * With no exporter configured the node records nothing, but a caller's trace still reaches the logs
 * and the partners: a real in-process "node" whose handler calls a "partner" through a channel with
 * the client interceptor, both with {@link Tracing#off()}.
 */
class TracingOffTest {
  private static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

  private final Tracing off = Tracing.off();
  private final AtomicReference<String> partnerSaw = new AtomicReference<>();
  private final AtomicReference<String> loggedTrace = new AtomicReference<>();
  private Server partner;
  private Server node;
  private ManagedChannel toPartner;
  private ManagedChannel toNode;

  @BeforeEach
  void start() throws Exception {
    String partnerName = InProcessServerBuilder.generateName();
    partner =
        InProcessServerBuilder.forName(partnerName)
            .directExecutor()
            .addService(
                ServerInterceptors.intercept(
                    new NodeServiceGrpc.NodeServiceImplBase() {
                      @Override
                      public void getNodeInfo(
                          GetNodeInfoRequest r, StreamObserver<GetNodeInfoResponse> out) {
                        out.onNext(GetNodeInfoResponse.getDefaultInstance());
                        out.onCompleted();
                      }
                    },
                    new io.grpc.ServerInterceptor() {
                      @Override
                      public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
                          io.grpc.ServerCall<Q, R> call,
                          Metadata headers,
                          io.grpc.ServerCallHandler<Q, R> next) {
                        partnerSaw.set(headers.get(TRACEPARENT));
                        return next.startCall(call, headers);
                      }
                    }))
            .build()
            .start();
    toPartner =
        InProcessChannelBuilder.forName(partnerName)
            .directExecutor()
            .intercept(off.clientInterceptor())
            .build();
    String nodeName = InProcessServerBuilder.generateName();
    node =
        InProcessServerBuilder.forName(nodeName)
            .directExecutor()
            .addService(
                ServerInterceptors.intercept(
                    new NodeServiceGrpc.NodeServiceImplBase() {
                      @Override
                      public void getNodeInfo(
                          GetNodeInfoRequest r, StreamObserver<GetNodeInfoResponse> out) {
                        loggedTrace.set(MDC.get("trace_id"));
                        NodeServiceGrpc.newBlockingStub(toPartner).getNodeInfo(r);
                        out.onNext(GetNodeInfoResponse.getDefaultInstance());
                        out.onCompleted();
                      }
                    },
                    off.serverInterceptor("test")))
            .build()
            .start();
    toNode = InProcessChannelBuilder.forName(nodeName).directExecutor().build();
  }

  @AfterEach
  void stop() {
    toNode.shutdownNow();
    toPartner.shutdownNow();
    node.shutdownNow();
    partner.shutdownNow();
  }

  @Test
  void aCallersTraceIsPassedOnAndLoggedThoughNothingIsRecorded() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    Metadata md = new Metadata();
    md.put(TRACEPARENT, traceparent);
    NodeServiceGrpc.newBlockingStub(
            ClientInterceptors.intercept(toNode, MetadataUtils.newAttachHeadersInterceptor(md)))
        .getNodeInfo(GetNodeInfoRequest.getDefaultInstance());

    assertThat(off.recording()).isFalse();
    assertThat(loggedTrace.get()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    // No span of its own: the partner gets the caller's context unchanged.
    assertThat(partnerSaw.get()).isEqualTo(traceparent);
    assertThat(MDC.get("trace_id")).isNull();
  }

  @Test
  void withoutACallerTraceNothingIsAddedToTheCallOrTheLogs() {
    NodeServiceGrpc.newBlockingStub(toNode).getNodeInfo(GetNodeInfoRequest.getDefaultInstance());

    assertThat(loggedTrace.get()).isNull();
    assertThat(partnerSaw.get()).isNull();
  }

  @Test
  void aStoredParentIsResumedAroundLaterWorkAndAMalformedOneIsIgnored() {
    String stored = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    try (var scope = Tracing.resume(stored)) {
      assertThat(Tracing.currentParent()).isEqualTo(stored);
      NodeServiceGrpc.newBlockingStub(toPartner)
          .getNodeInfo(GetNodeInfoRequest.getDefaultInstance());
    }
    assertThat(partnerSaw.get()).isEqualTo(stored);
    assertThat(Tracing.currentParent()).isNull();
    try (var scope = Tracing.resume("00-not-a-trace")) {
      assertThat(Tracing.currentParent()).isNull();
    }
  }
}
