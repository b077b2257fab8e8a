package io.eventkit.node.federation.availability;

import io.eventkit.proto.v1.FederationCatalogServiceGrpc;
import io.eventkit.proto.v1.ListSharedProductsRequest;
import io.eventkit.proto.v1.ListSharedProductsResponse;
import io.eventkit.proto.v1.QueryAvailabilityRequest;
import io.eventkit.proto.v1.QueryAvailabilityResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A scripted partner: responses are consumed in order; a call nobody scripted is answered INTERNAL
 * and recorded in {@link #unexpected}, which tests assert empty.
 */
final class FakeCatalogPartner
    extends FederationCatalogServiceGrpc.FederationCatalogServiceImplBase {
  final ConcurrentLinkedDeque<
          BiConsumer<ListSharedProductsRequest, StreamObserver<ListSharedProductsResponse>>>
      pages = new ConcurrentLinkedDeque<>();
  final ConcurrentLinkedDeque<
          BiConsumer<QueryAvailabilityRequest, StreamObserver<QueryAvailabilityResponse>>>
      queries = new ConcurrentLinkedDeque<>();
  final List<String> unexpected = new CopyOnWriteArrayList<>();

  @Override
  public void listSharedProducts(
      ListSharedProductsRequest r, StreamObserver<ListSharedProductsResponse> out) {
    var next = pages.poll();
    if (next == null) {
      unexpected.add("ListSharedProducts " + r);
      out.onError(Status.INTERNAL.withDescription("unexpected call").asRuntimeException());
      return;
    }
    next.accept(r, out);
  }

  @Override
  public void queryAvailability(
      QueryAvailabilityRequest r, StreamObserver<QueryAvailabilityResponse> out) {
    var next = queries.poll();
    if (next == null) {
      unexpected.add("QueryAvailability " + r);
      out.onError(Status.INTERNAL.withDescription("unexpected call").asRuntimeException());
      return;
    }
    next.accept(r, out);
  }
}
