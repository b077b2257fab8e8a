package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.catalog.SharedCatalog;
import io.eventkit.node.federation.catalog.SharedProduct;
import io.eventkit.node.inventory.Availability;
import io.eventkit.node.inventory.Catalog;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.Planning;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Shortages → partners: the event's pull-list check says which products are short and by how much;
 * one fan-out over the event's period asks every eligible partner for those shortfalls.
 */
final class ShortageSuppliers {
  public record Option(
      String partnerNodeId,
      FederatedAvailability.Match match,
      SharedProduct product,
      int available,
      boolean fills,
      // As FederatedAvailability.Answer.dailyRate.
      io.eventkit.node.kernel.Money dailyRate) {}

  public record ShortLine(
      UUID productId, String productName, int requested, int shortfall, List<Option> suppliers) {}

  public record Result(
      UUID eventId,
      String eventName,
      Interval period,
      List<ShortLine> lines,
      List<FederatedAvailability.PartnerResult> partners) {}

  private static final Comparator<Option> BEST_FIRST =
      Comparator.comparing((Option o) -> !o.fills())
          .thenComparing(Comparator.comparingInt(Option::available).reversed())
          .thenComparing(Option::partnerNodeId)
          .thenComparing(o -> o.product().id());

  private final Planning planning;
  private final Catalog catalog;
  private final FederatedAvailability fanOut;

  public ShortageSuppliers(Planning planning, Catalog catalog, FederatedAvailability fanOut) {
    this.planning = planning;
    this.catalog = catalog;
    this.fanOut = fanOut;
  }

  /**
   * NOT_FOUND for an unknown event. At most 500 short products are asked about (the fan-out's line
   * limit); an event with nothing short calls no partner.
   */
  public Result find(UUID eventId, boolean bypassCache) {
    Event event = planning.requireEvent(eventId);
    List<Availability.PullItem> shortItems =
        planning.checkPullList(eventId).stream()
            .filter(i -> i.shortfall() > 0)
            .limit(SharedCatalog.MAX_LINES)
            .toList();
    if (shortItems.isEmpty()) {
      return new Result(eventId, event.name(), event.period(), List.of(), List.of());
    }
    Map<UUID, Product> products =
        catalog.findAll(shortItems.stream().map(Availability.PullItem::productId).toList());
    List<FederatedAvailability.Wanted> wanted =
        shortItems.stream()
            .map(
                i ->
                    new FederatedAvailability.Wanted(
                        i.productId().toString(), "", "", "", i.shortfall()))
            .toList();
    List<FederatedAvailability.PartnerResult> partners =
        fanOut.query(wanted, event.period(), bypassCache);
    List<List<Option>> options = new ArrayList<>();
    shortItems.forEach(i -> options.add(new ArrayList<>()));
    for (FederatedAvailability.PartnerResult p : partners) {
      for (FederatedAvailability.Answer a : p.answers()) {
        if (a.product() != null && a.found() && a.available() > 0) {
          int shortfall = shortItems.get(a.lineIndex()).shortfall();
          options
              .get(a.lineIndex())
              .add(
                  new Option(
                      p.nodeId(),
                      a.match(),
                      a.product(),
                      a.available(),
                      a.available() >= shortfall,
                      a.dailyRate()));
        }
      }
    }
    List<ShortLine> lines = new ArrayList<>();
    for (int i = 0; i < shortItems.size(); i++) {
      Availability.PullItem item = shortItems.get(i);
      Product p = products.get(item.productId());
      List<Option> o = new ArrayList<>(options.get(i));
      o.sort(BEST_FIRST);
      lines.add(
          new ShortLine(
              item.productId(),
              p == null ? "" : p.fields().name(),
              item.requested(),
              item.shortfall(),
              List.copyOf(o)));
    }
    return new Result(eventId, event.name(), event.period(), List.copyOf(lines), partners);
  }
}
