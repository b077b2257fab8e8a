package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.GetNodeInfoResponse;
import io.eventkit.proto.v1.NodeServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two real nodes side by side answer GetNodeInfo over gRPC and Connect, each as itself. */
class TwoNodeSmokeTest {
  private static Deployer deployer;
  private static List<NodeHandle> nodes;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    nodes = deployer.deploy(2);
  }

  @AfterAll
  static void teardown() {
    deployer.close();
  }

  @Test
  void eachNodeAnswersAsItselfOverGrpcAndConnect() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (NodeHandle node : nodes) {
      ManagedChannel channel =
          ManagedChannelBuilder.forTarget(node.grpcTarget()).usePlaintext().build();
      try {
        GetNodeInfoResponse info =
            NodeServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getNodeInfo(GetNodeInfoRequest.getDefaultInstance());
        assertThat(info.getNodeId()).isEqualTo(node.nodeId());
      } finally {
        channel.shutdownNow();
      }
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(node.httpUrl() + "/eventkit.v1.NodeService/GetNodeInfo"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"nodeId\":\"" + node.nodeId() + "\"");
    }
    assertThat(nodes.get(0).adminToken()).isNotEqualTo(nodes.get(1).adminToken());
  }
}
