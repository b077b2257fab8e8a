package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.availability.FederatedAvailability.Outcome;
import io.eventkit.node.federation.catalog.AvailabilityLine;
import io.eventkit.node.federation.catalog.FederationCatalogGrpcService;
import io.eventkit.node.federation.catalog.LineAnswer;
import io.eventkit.node.federation.catalog.SharedProduct;
import io.eventkit.node.inventory.InventoryProtos;
import io.eventkit.node.kernel.Interval;
import io.eventkit.proto.v1.AvailabilityAnswer;
import io.eventkit.proto.v1.AvailabilityLineStatus;
import io.eventkit.proto.v1.AvailabilityQueryLine;
import io.eventkit.proto.v1.FederationCatalogServiceGrpc;
import io.eventkit.proto.v1.ListSharedProductsRequest;
import io.eventkit.proto.v1.ListSharedProductsResponse;
import io.eventkit.proto.v1.QueryAvailabilityRequest;
import io.eventkit.proto.v1.QueryAvailabilityResponse;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The client edge of {@code FederationCatalogService}: proto ↔ domain, and every failure or
 * malformed answer turned into a {@link PartnerCallException}. Partner data is untrusted: pages and
 * answers are checked against what was asked.
 */
final class PartnerCatalogClient {
  static final int PAGE_SIZE = 500;
  static final int MAX_PAGES = 200;

  private final Function<String, Channel> channelOf;
  private volatile BiConsumer<String, String> versionSeen = (partner, version) -> {};

  /** {@code channelOf} gives the mTLS channel to a partner (tests pass an in-process one). */
  PartnerCatalogClient(Function<String, Channel> channelOf) {
    this.channelOf = channelOf;
  }

  /** Hears (partner, catalogue_version) from every QueryAvailability answer that carries one. */
  void onVersionSeen(BiConsumer<String, String> listener) {
    this.versionSeen = listener;
  }

  /** A catalogue as read: its products and the version the first page reported. */
  record Read(List<SharedProduct> products, String version) {}

  private FederationCatalogServiceGrpc.FederationCatalogServiceBlockingStub stub(
      String nodeId, long deadlineNanos) {
    return FederationCatalogServiceGrpc.newBlockingStub(channelOf.apply(nodeId))
        .withDeadline(Deadline.after(Math.max(1, deadlineNanos), TimeUnit.NANOSECONDS));
  }

  /** The partner's whole shared catalogue, all pages within one deadline. */
  List<SharedProduct> sharedCatalogue(String nodeId, long deadlineNanos) {
    return read(nodeId, deadlineNanos).products();
  }

  /** The whole shared catalogue and its version (from the first page). */
  Read read(String nodeId, long deadlineNanos) {
    String version = null;
    long end = System.nanoTime() + deadlineNanos;
    List<SharedProduct> out = new ArrayList<>();
    String token = "";
    for (int page = 0; page < MAX_PAGES; page++) {
      ListSharedProductsResponse r;
      try {
        r =
            stub(nodeId, end - System.nanoTime())
                .listSharedProducts(
                    ListSharedProductsRequest.newBuilder()
                        .setPageSize(PAGE_SIZE)
                        .setPageToken(token)
                        .build());
      } catch (StatusRuntimeException e) {
        throw PartnerCallException.of("ListSharedProducts", nodeId, e);
      }
      if (version == null) {
        version = r.getCatalogueVersion();
      }
      if (r.getProductsCount() > PAGE_SIZE) {
        throw malformed(nodeId, "a catalogue page of " + r.getProductsCount() + " products");
      }
      r.getProductsList().stream()
          .filter(p -> !p.getId().isEmpty())
          .map(FederationCatalogGrpcService::fromProto)
          .forEach(out::add);
      if (r.getNextPageToken().isEmpty()) {
        return new Read(out, version);
      }
      if (r.getNextPageToken().equals(token)) {
        throw malformed(nodeId, "a page token that does not advance");
      }
      token = r.getNextPageToken();
    }
    throw malformed(nodeId, "a catalogue of more than " + MAX_PAGES + " pages");
  }

  /** Asks about {@code lines} (at most 500); the answers are checked against them. */
  List<LineAnswer> query(
      String nodeId, List<AvailabilityLine> lines, Interval period, long deadlineNanos) {
    QueryAvailabilityRequest.Builder b =
        QueryAvailabilityRequest.newBuilder().setPeriod(InventoryProtos.period(period));
    for (AvailabilityLine l : lines) {
      b.addLines(
          AvailabilityQueryLine.newBuilder().setProductId(l.productId()).setQuantity(l.quantity()));
    }
    QueryAvailabilityResponse r;
    try {
      r = stub(nodeId, deadlineNanos).queryAvailability(b.build());
    } catch (StatusRuntimeException e) {
      throw PartnerCallException.of("QueryAvailability", nodeId, e);
    }
    if (!r.getCatalogueVersion().isEmpty()) {
      versionSeen.accept(nodeId, r.getCatalogueVersion());
    }
    if (r.getAnswersCount() != lines.size()) {
      throw malformed(
          nodeId, r.getAnswersCount() + " answers to " + lines.size() + " availability lines");
    }
    List<LineAnswer> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      AvailabilityLine asked = lines.get(i);
      AvailabilityAnswer a = r.getAnswers(i);
      boolean found = a.getStatus() == AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK;
      boolean known =
          found || a.getStatus() == AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_NOT_FOUND;
      if (!a.getProductId().equals(asked.productId())
          || !known
          || a.getAvailableQuantity() < 0
          || a.getAvailableQuantity() > asked.quantity()) {
        throw malformed(nodeId, "an invalid answer to availability line " + i);
      }
      out.add(
          new LineAnswer(
              asked.productId(), found, found ? a.getAvailableQuantity() : 0, rate(found, a)));
    }
    return out;
  }

  /**
   * The partner's daily rate for an OK line, when it is a usable price (an ISO 4217-shaped code and
   * no negative amount); anything else is dropped, so a partner can't break our screens with it.
   * The rest of its answer stands.
   */
  private static io.eventkit.node.kernel.Money rate(boolean found, AvailabilityAnswer a) {
    if (!found || !a.hasDailyRate()) {
      return null;
    }
    io.eventkit.proto.v1.Money m = a.getDailyRate();
    return m.getMinorUnits() >= 0 && m.getCurrencyCode().matches("[A-Z]{3}")
        ? new io.eventkit.node.kernel.Money(m.getCurrencyCode(), m.getMinorUnits())
        : null;
  }

  private static PartnerCallException malformed(String nodeId, String what) {
    return new PartnerCallException(Outcome.ERROR, nodeId + " sent " + what);
  }
}
