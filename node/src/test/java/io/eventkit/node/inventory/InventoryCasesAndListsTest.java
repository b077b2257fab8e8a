package io.eventkit.node.inventory;

import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.inventoryApi;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.planningApi;
import static io.eventkit.node.testing.InventoryFixture.refuse;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warehouse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.AdjustStockRequest;
import io.eventkit.proto.v1.AssetStatus;
import io.eventkit.proto.v1.GetAvailabilityTimelineRequest;
import io.eventkit.proto.v1.GetStockLevelsRequest;
import io.eventkit.proto.v1.ListAssetsRequest;
import io.eventkit.proto.v1.ListCasesRequest;
import io.eventkit.proto.v1.ListEventsRequest;
import io.eventkit.proto.v1.ListLocationsRequest;
import io.eventkit.proto.v1.ListShortagesRequest;
import io.eventkit.proto.v1.ListStockAdjustmentsRequest;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.ResolveBarcodeRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cases and kits (nesting, booking as a whole) and every list RPC through the API. */
class InventoryCasesAndListsTest {
  private final Domain m = refuse();

  @Test
  void nestedCasesAreBookedWithEverythingInside() {
    Product amp = serialised(m, 2, Duration.ofHours(2), Duration.ofHours(1));
    Product cable = bulk(m, 20);
    List<Asset> amps = assetsOf(m, amp);
    var loc = amps.get(0).locationId();
    Case rack = m.cases.create(unique("RACK"), "Amp rack", Case.Kind.PERMANENT, loc);
    Case drawer = m.cases.create(unique("DRW"), "Cable drawer", Case.Kind.TEMPORARY, loc);
    m.cases.addAsset(rack.id(), amps.get(0).id());
    m.cases.addBulk(drawer.id(), cable.id(), 8);
    Case withChild = m.cases.addChild(rack.id(), drawer.id());
    assertThat(withChild.childCaseIds()).containsExactly(drawer.id());
    // No loops, and an asset is in one case at a time.
    assertThatThrownBy(() -> m.cases.addChild(drawer.id(), rack.id()))
        .hasMessageContaining("nesting cannot loop");
    assertThatThrownBy(() -> m.cases.addAsset(drawer.id(), amps.get(0).id()))
        .hasMessageContaining("is already in case");

    Interval when = iv("2036-01-10T10:00:00Z", "2036-01-11T10:00:00Z");
    Event e = event(m, EventStatus.CONFIRMED, when);
    Planning.Added added =
        m.planning.addLine(new Planning.NewLine(e.id(), null, 0, null, rack.id(), null, null));
    assertThat(added.line().caseId()).isEqualTo(rack.id());
    // Case line widened by the largest buffer of its contents.
    assertThat(added.line().holdPeriod())
        .isEqualTo(when.widen(Duration.ofHours(2), Duration.ofHours(1)));
    assertThat(added.contentLines())
        .extracting(l -> l.caseId() != null ? "case" : l.assetId() != null ? "asset" : "bulk")
        .containsExactlyInAnyOrder("case", "asset", "bulk");
    assertThat(m.availability.forProduct(cable.id(), when).available()).isEqualTo(12);
    assertThat(m.availability.forProduct(amp.id(), when).available()).isEqualTo(1);

    // The asset in a permanent case cannot be booked on its own, and the nested case is taken.
    Event other = event(m, EventStatus.CONFIRMED, when);
    assertThatThrownBy(
            () ->
                m.planning.addLine(
                    new Planning.NewLine(other.id(), null, 0, amps.get(0).id(), null, null, null)))
        .hasMessageContaining("is in permanent case");
    assertThatThrownBy(
            () ->
                m.planning.addLine(
                    new Planning.NewLine(other.id(), null, 0, null, drawer.id(), null, null)))
        .hasMessageContaining("case " + drawer.barcode() + " is already booked by event");

    // Content lines go with the case line.
    assertThatThrownBy(() -> m.planning.removeLine(added.contentLines().get(0).id()))
        .hasMessageContaining("remove that line instead");
    m.planning.removeLine(added.line().id());
    assertThat(m.planning.getEvent(e.id()).lines()).isEmpty();
    assertThat(m.availability.forProduct(cable.id(), when).available()).isEqualTo(20);
  }

  @Test
  void everyListPagesThroughTheApi() {
    var inv = inventoryApi();
    var plan = planningApi();
    Product p = bulk(m, 5);
    String loc = m.stock.levels(p.id()).levels().get(0).locationId().toString();
    for (int i = 0; i < 3; i++) {
      inv.adjustStock(
          AdjustStockRequest.newBuilder()
              .setProductId(p.id().toString())
              .setLocationId(loc)
              .setDelta(i + 1)
              .setReason("count " + i)
              .build());
    }
    Set<String> adjustments = new HashSet<>();
    String token = "";
    do {
      var r =
          inv.listStockAdjustments(
              ListStockAdjustmentsRequest.newBuilder()
                  .setProductId(p.id().toString())
                  .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(token))
                  .build());
      r.getAdjustmentsList().forEach(a -> assertThat(adjustments.add(a.getId())).isTrue());
      token = r.getPage().getNextPageToken();
    } while (!token.isEmpty());
    assertThat(adjustments).hasSize(4);
    assertThat(
            inv.getStockLevels(
                    GetStockLevelsRequest.newBuilder().setProductId(p.id().toString()).build())
                .getTotal())
        .isEqualTo(11);

    Interval window = iv("2043-03-01T00:00:00Z", "2043-03-31T00:00:00Z");
    for (int i = 0; i < 5; i++) {
      event(
          m,
          i % 2 == 0 ? EventStatus.CONFIRMED : EventStatus.ENQUIRY,
          new Interval(
              window.start().plus(Duration.ofDays(i)),
              window.start().plus(Duration.ofDays(i + 1))));
    }
    Period pw =
        Period.newBuilder()
            .setStart(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(window.start()))
            .setEnd(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(window.end()))
            .build();
    int confirmed = 0;
    token = "";
    do {
      var r =
          plan.listEvents(
              ListEventsRequest.newBuilder()
                  .setWindow(pw)
                  .addStatuses(io.eventkit.proto.v1.EventStatus.EVENT_STATUS_CONFIRMED)
                  .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(token))
                  .build());
      confirmed += r.getEventsCount();
      token = r.getPage().getNextPageToken();
    } while (!token.isEmpty());
    assertThat(confirmed).isEqualTo(3);
    assertThat(
            plan.listEvents(ListEventsRequest.newBuilder().setWindow(pw).build()).getEventsCount())
        .isEqualTo(5);

    for (int i = 0; i < 3; i++) {
      warehouse(m);
    }
    Product s = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    assertThat(
            inv.listLocations(
                    ListLocationsRequest.newBuilder()
                        .setPage(PageRequest.newBuilder().setPageSize(3))
                        .build())
                .getLocationsCount())
        .isEqualTo(3);
    m.cases.create(unique("LC"), "List case", Case.Kind.TEMPORARY, java.util.UUID.fromString(loc));
    assertThat(inv.listCases(ListCasesRequest.getDefaultInstance()).getCasesCount()).isPositive();
    assertThat(
            inv.listAssets(
                    ListAssetsRequest.newBuilder()
                        .setStatus(AssetStatus.ASSET_STATUS_AVAILABLE)
                        .build())
                .getAssetsCount())
        .isPositive();
    var timeline =
        inv.getAvailabilityTimeline(
            GetAvailabilityTimelineRequest.newBuilder()
                .setProductId(p.id().toString())
                .setPeriod(pw)
                .build());
    assertThat(timeline.getIntervalsList()).isNotEmpty();
    var shortages = plan.listShortages(ListShortagesRequest.newBuilder().setWindow(pw).build());
    assertThat(shortages).isNotNull();
    // Barcode resolution: assets and cases.
    Asset a = assetsOf(m, s).get(0);
    assertThat(
            inv.resolveBarcode(ResolveBarcodeRequest.newBuilder().setBarcode(a.barcode()).build())
                .getAsset()
                .getRef())
        .isEqualTo("inventory.test/" + a.id());
  }
}
