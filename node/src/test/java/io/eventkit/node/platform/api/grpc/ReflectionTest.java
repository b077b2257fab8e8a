package io.eventkit.node.platform.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.TestNode;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server reflection on the local gRPC port, as grpcurl and buf curl use it: both protocol versions
 * list the node's services and return their proto files; the federation services are not there
 * (they are served on the federation port only), and Connect does not serve reflection.
 */
class ReflectionTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start("reflection.test");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void v1ListsTheServicesAndReturnsTheirFiles() throws Exception {
    var stub = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(node.channel());
    List<io.grpc.reflection.v1.ServerReflectionResponse> answers = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<io.grpc.reflection.v1.ServerReflectionRequest> requests =
        stub.serverReflectionInfo(
            new StreamObserver<>() {
              @Override
              public void onNext(io.grpc.reflection.v1.ServerReflectionResponse r) {
                answers.add(r);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
    requests.onNext(
        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onNext(
        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
            .setFileContainingSymbol("eventkit.v1.InventoryService")
            .build());
    requests.onCompleted();
    done.get(20, TimeUnit.SECONDS);
    List<String> services =
        answers.get(0).getListServicesResponse().getServiceList().stream()
            .map(s -> s.getName())
            .toList();
    assertThat(services)
        .contains(
            "eventkit.v1.InventoryService", "eventkit.v1.AuthService", "grpc.health.v1.Health")
        .doesNotContain(
            "eventkit.v1.FederationService",
            "eventkit.v1.FederationCatalogService",
            "eventkit.v1.FederationSubHireService",
            "eventkit.v1.FederationResolveService",
            "eventkit.v1.FederationTrustService");
    assertThat(answers.get(1).getFileDescriptorResponse().getFileDescriptorProtoCount())
        .isPositive();
  }

  @Test
  void v1alphaListsTheSameServices() throws Exception {
    var stub = io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(node.channel());
    CompletableFuture<io.grpc.reflection.v1alpha.ServerReflectionResponse> first =
        new CompletableFuture<>();
    StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests =
        stub.serverReflectionInfo(
            new StreamObserver<>() {
              @Override
              public void onNext(io.grpc.reflection.v1alpha.ServerReflectionResponse r) {
                first.complete(r);
              }

              @Override
              public void onError(Throwable t) {
                first.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {}
            });
    requests.onNext(
        io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
            .setListServices("")
            .build());
    List<String> services =
        first.get(20, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .map(s -> s.getName())
            .toList();
    requests.onCompleted();
    assertThat(services).contains("eventkit.v1.InventoryService", "eventkit.v1.PlanningService");
  }

  @Test
  void connectDoesNotServeReflection() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var r =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        node.baseUrl()
                            + "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"))
                .header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isNotEqualTo(200);
    assertThat(r.body()).contains("\"code\":\"unimplemented\"");
  }
}
