package io.eventkit.node.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.InventoryFixture;
import io.eventkit.node.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which statuses hold stock is configuration: a node where PROVISIONAL holds counts pencilled
 * events, and restarting with the defaults re-derives every stored line's hold flag.
 */
class InventoryHoldConfigTest {
  private static final Interval WHEN =
      new Interval(
          java.time.Instant.parse("2038-05-01T00:00:00Z"),
          java.time.Instant.parse("2038-05-02T00:00:00Z"));

  @Test
  void provisionalHoldsWhenConfiguredAndStopsAfterReconfiguration() throws Exception {
    Path dir = Files.createTempDirectory("eventkit-holds");
    NodeConfiguration config = TestNode.config("holds.test", dir);
    config
        .getInventory()
        .setHoldingStatuses(new LinkedHashSet<>(List.of("provisional", "RESERVED", "CONFIRMED")));
    config.getInventory().setTentativeStatuses(new LinkedHashSet<>());
    String productId;
    try (TestNode node = TestNode.start(config)) {
      Domain m =
          Domain.create(
              node.runtime().jdbi(), Clock.systemUTC(), "holds.test", config.getInventory());
      Product p = InventoryFixture.bulk(m, 5);
      productId = p.id().toString();
      Event e = InventoryFixture.event(m, EventStatus.PROVISIONAL, WHEN);
      InventoryFixture.book(m, e, p, 2, null);
      assertThat(m.availability.forProduct(p.id(), WHEN).available()).isEqualTo(3);
    }
    NodeConfiguration defaults = TestNode.config("holds.test", dir);
    try (TestNode node = TestNode.start(defaults)) {
      Domain m =
          Domain.create(
              node.runtime().jdbi(), Clock.systemUTC(), "holds.test", new InventoryConfig());
      var a = m.availability.forProduct(java.util.UUID.fromString(productId), WHEN);
      assertThat(a.available()).isEqualTo(5);
      assertThat(a.tentative()).isEqualTo(2);
    }
  }

  @Test
  void unknownStatusInConfigurationIsRefusedAtStart() {
    InventoryConfig bad = new InventoryConfig();
    bad.setHoldingStatuses(new LinkedHashSet<>(List.of("BOOKED")));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Domain.create(InventoryFixture.jdbi(), Clock.systemUTC(), "x", bad))
        .hasMessageContaining("unknown event status 'BOOKED'");
  }

  @Test
  void aSpecificAssetBlocksAnotherEventFromStartingToHold() {
    Domain m = InventoryFixture.warn();
    Product p = InventoryFixture.serialised(m, 2, Duration.ZERO, Duration.ZERO);
    var unit = InventoryFixture.assetsOf(m, p).get(0);
    Event confirmed = InventoryFixture.event(m, EventStatus.CONFIRMED, WHEN);
    Event enquiry = InventoryFixture.event(m, EventStatus.ENQUIRY, WHEN);
    for (Event e : List.of(confirmed, enquiry)) {
      m.planning.addLine(
          new io.eventkit.node.planning.Planning.NewLine(
              e.id(), null, 0, unit.id(), null, null, null));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> m.planning.setStatus(enquiry.id(), EventStatus.RESERVED))
        .hasMessageContaining(
            "asset " + unit.barcode() + " is already booked by event '" + confirmed.name());
    assertThat(m.planning.getEvent(enquiry.id()).event().status()).isEqualTo(EventStatus.ENQUIRY);
    assertThat(m.planning.getEvent(enquiry.id()).lines())
        .allSatisfy(l -> assertThat(l.holds()).isFalse());
  }
}
