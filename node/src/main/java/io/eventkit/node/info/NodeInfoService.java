package io.eventkit.node.info;

import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.GetNodeInfoResponse;
import io.eventkit.proto.v1.NodeServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Clock;

/** gRPC adapter for {@code eventkit.v1.NodeService}. */
public final class NodeInfoService extends NodeServiceGrpc.NodeServiceImplBase {
  private final NodeIdentity identity;
  private final Clock clock;

  public NodeInfoService(NodeIdentity identity, Clock clock) {
    this.identity = identity;
    this.clock = clock;
  }

  @Override
  public void getNodeInfo(
      GetNodeInfoRequest request, StreamObserver<GetNodeInfoResponse> responseObserver) {
    responseObserver.onNext(
        GetNodeInfoResponse.newBuilder()
            .setNodeId(identity.nodeId())
            .setDisplayName(identity.displayName())
            .setVersion(identity.version())
            .setFederationEndpoint(identity.federationEndpoint().get())
            .setRootCaFingerprintSha256(identity.rootFingerprint().get())
            .setStartedAt(ProtoTime.timestamp(identity.startedAt()))
            .setServerTime(ProtoTime.timestamp(clock.instant()))
            .build());
    responseObserver.onCompleted();
  }
}
