package io.eventkit.node.inventory;

import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.inventoryApi;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.protoPeriod;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warehouse;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventkit.node.kernel.Money;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.CategoryDay;
import io.eventkit.proto.v1.CategoryTimeline;
import io.eventkit.proto.v1.GetCategoryTimelineRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timeline's category rows: a category's products summed per day, and who is short. */
class CategoryTimelineTest {
  private final Domain m = warn();

  private Product bulkIn(String category, String model, int quantity) {
    Product p =
        m.catalog.create(
            new Product.ProductFields(
                "Testco",
                model,
                "Testco " + model,
                category,
                "",
                null,
                new Money("EUR", 1000),
                new Money("EUR", 50000),
                1000,
                Duration.ZERO,
                Duration.ZERO,
                Product.Tracking.BULK,
                false));
    m.stock.adjust(new Stock.NewAdjustment(p.id(), warehouse(m).id(), quantity, "purchase", ""));
    return p;
  }

  @Test
  void aCategoryIsItsProductsSummedPerDayWithTheShortOnesCounted() {
    String category = unique("Lighting / Hazers ");
    Product a = bulkIn(category, unique("HZ-A"), 2);
    bulkIn(category, unique("HZ-B"), 1);
    // Day 2 (UTC) books 3 of A's 2: A is short by one that day.
    Event e = event(m, EventStatus.CONFIRMED, iv("2035-05-02T10:00:00Z", "2035-05-02T18:00:00Z"));
    book(m, e, a, 3, null);

    CategoryTimeline t =
        inventoryApi()
            .getCategoryTimeline(
                GetCategoryTimelineRequest.newBuilder()
                    .setCategory(category)
                    .setPeriod(protoPeriod("2035-05-01T00:00:00Z", "2035-05-04T00:00:00Z"))
                    .build());
    assertThat(t.getProducts()).isEqualTo(2);
    List<CategoryDay> days = t.getDaysList();
    assertThat(days).hasSize(3);
    assertThat(days.get(0).getAvailable()).isEqualTo(3);
    assertThat(days.get(0).getShortProducts()).isZero();
    assertThat(days.get(1).getAvailable()).isEqualTo(0); // -1 + 1
    assertThat(days.get(1).getHeld()).isEqualTo(3);
    assertThat(days.get(1).getShortProducts()).isEqualTo(1);
    assertThat(days.get(2).getAvailable()).isEqualTo(3);

    // Days split at the zone's midnight: in Los Angeles the booking falls on the 2nd too, and the
    // first day is clipped to the period's start (17:00 local on the 30th).
    CategoryTimeline la =
        inventoryApi()
            .getCategoryTimeline(
                GetCategoryTimelineRequest.newBuilder()
                    .setCategory(category)
                    .setTimeZone("America/Los_Angeles")
                    .setPeriod(protoPeriod("2035-05-01T00:00:00Z", "2035-05-04T00:00:00Z"))
                    .build());
    assertThat(la.getDaysList()).hasSize(4);
    assertThat(la.getDays(0).getPeriod().getStart().getSeconds())
        .isEqualTo(java.time.Instant.parse("2035-05-01T00:00:00Z").getEpochSecond());
    assertThat(la.getDays(2).getShortProducts()).isEqualTo(1);
  }

  @Test
  void anUnknownCategoryIsEmptyAndBadRequestsAreRefused() {
    CategoryTimeline none =
        inventoryApi()
            .getCategoryTimeline(
                GetCategoryTimelineRequest.newBuilder()
                    .setCategory(unique("No such "))
                    .setPeriod(protoPeriod("2035-05-01T00:00:00Z", "2035-05-02T00:00:00Z"))
                    .build());
    assertThat(none.getProducts()).isZero();
    assertThat(none.getDaysList())
        .singleElement()
        .satisfies(d -> assertThat(d.getAvailable()).isZero());
    for (GetCategoryTimelineRequest bad :
        List.of(
            GetCategoryTimelineRequest.newBuilder()
                .setPeriod(protoPeriod("2035-05-01T00:00:00Z", "2035-05-02T00:00:00Z"))
                .build(),
            GetCategoryTimelineRequest.newBuilder()
                .setCategory("Audio")
                .setTimeZone("Mars/Olympus")
                .setPeriod(protoPeriod("2035-05-01T00:00:00Z", "2035-05-02T00:00:00Z"))
                .build(),
            GetCategoryTimelineRequest.newBuilder()
                .setCategory("Audio")
                .setPeriod(protoPeriod("2035-05-01T00:00:00Z", "2035-09-01T00:00:00Z"))
                .build())) {
      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> inventoryApi().getCategoryTimeline(bad));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }
}
