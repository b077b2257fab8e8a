package io.eventkit.node.federation.resolve;

import io.eventkit.proto.v1.FederationResolveServiceGrpc;
import io.eventkit.proto.v1.ResolveAssetsRequest;
import io.eventkit.proto.v1.ResolveAssetsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A scripted resolving partner (the resolution counterpart of FakeCatalogPartner): responses are
 * consumed in order; a call nobody scripted is answered INTERNAL and recorded in {@link
 * #unexpected}, which tests assert empty.
 */
final class FakeResolvePartner
    extends FederationResolveServiceGrpc.FederationResolveServiceImplBase {
  final ConcurrentLinkedDeque<
          BiConsumer<ResolveAssetsRequest, StreamObserver<ResolveAssetsResponse>>>
      answers = new ConcurrentLinkedDeque<>();
  final List<String> unexpected = new CopyOnWriteArrayList<>();
  final List<ResolveAssetsRequest> received = new CopyOnWriteArrayList<>();

  @Override
  public void resolveAssets(ResolveAssetsRequest r, StreamObserver<ResolveAssetsResponse> out) {
    received.add(r);
    var next = answers.poll();
    if (next == null) {
      unexpected.add("ResolveAssets " + r.getBarcodesList());
      out.onError(Status.INTERNAL.withDescription("unexpected call").asRuntimeException());
      return;
    }
    next.accept(r, out);
  }
}
