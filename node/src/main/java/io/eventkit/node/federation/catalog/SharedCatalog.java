package io.eventkit.node.federation.catalog;

import io.eventkit.node.inventory.Availability;
import io.eventkit.node.inventory.Catalog;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The supplier side of catalogue sharing and availability (docs/federation.md §8.4): what a partner
 * may see of this node's inventory. Only products marked shared exist for partners; answers come
 * from the availability engine and reveal no booking, event or client.
 */
public final class SharedCatalog {
  public static final int MAX_LINES = 500;
  public static final int MAX_QUANTITY = 1_000_000;

  private final Catalog catalog;
  private final Availability availability;

  public SharedCatalog(Catalog catalog, Availability availability) {
    this.catalog = catalog;
    this.availability = availability;
  }

  /**
   * The version of the shared catalogue (§8.4.6): the number of shared products and the latest
   * change of any product (sharing or unsharing a product updates it), so any change to what {@link
   * #list} returns changes it. Opaque to partners.
   */
  public String version() {
    return version(availability.sharedStamp());
  }

  private static String version(Availability.Stamp s) {
    return s.sharedCount() + "." + Long.toString(s.changedAt(), 36);
  }

  /** One page of shared products; page size 0 means 50, above 500 is capped to 500. */
  public PageSpec.Page<SharedProduct> list(int pageSize, String pageToken) {
    PageSpec spec = PageSpec.of(pageSize, pageToken, 2);
    if (!spec.isFirst() && parse(spec.after(1)).isEmpty()) {
      throw DomainException.invalid(
          "page_token is not valid for this list; start again with an empty token");
    }
    PageSpec.Page<Product> page = catalog.listShared(spec);
    return new PageSpec.Page<>(
        page.items().stream().map(SharedCatalog::toShared).toList(), page.nextToken());
  }

  /** The answers to a partner's query, one per line in order, and the catalogue's version. */
  public record Answered(List<LineAnswer> lines, String version) {}

  /**
   * Answers each line, in order, with the catalogue's version (§8.4.6) read in the same statement
   * as the products. Validates the whole request first (INVALID_ARGUMENT listing every problem);
   * unknown, malformed or unshared product IDs are per-line NOT_FOUND answers.
   */
  public Answered query(List<AvailabilityLine> lines, Interval period) {
    validate(lines, period);
    List<UUID> ids = new ArrayList<>();
    for (AvailabilityLine l : lines) {
      parse(l.productId()).ifPresent(ids::add);
    }
    Availability.SharedStock stock = availability.shared(ids, period);
    List<LineAnswer> out = new ArrayList<>(lines.size());
    for (AvailabilityLine l : lines) {
      Optional<UUID> id = parse(l.productId());
      Integer n = id.map(stock.available()::get).orElse(null);
      out.add(
          n == null
              ? new LineAnswer(l.productId(), false, 0)
              : new LineAnswer(
                  l.productId(),
                  true,
                  Math.max(0, Math.min(n, l.quantity())),
                  stock.products().get(id.get()).fields().rentalPrice()));
    }
    return new Answered(out, version(stock.stamp()));
  }

  /** The request rules shared by both sides of the protocol. */
  public static void validate(List<AvailabilityLine> lines, Interval period) {
    Validation v = new Validation();
    v.check(!lines.isEmpty(), "lines", "must not be empty")
        .check(lines.size() <= MAX_LINES, "lines", "must have at most " + MAX_LINES + " entries");
    if (lines.size() <= MAX_LINES) {
      for (int i = 0; i < lines.size(); i++) {
        AvailabilityLine l = lines.get(i);
        v.notBlank(l.productId(), "lines[" + i + "].product_id")
            .maxLength(l.productId(), 100, "lines[" + i + "].product_id")
            .check(
                l.quantity() > 0 && l.quantity() <= MAX_QUANTITY,
                "lines[" + i + "].quantity",
                "must be between 1 and " + MAX_QUANTITY);
      }
    }
    checkPeriod(period, v);
    v.throwIfInvalid();
  }

  static void checkPeriod(Interval period, Validation v) {
    v.check(period != null, "period", "is required (end after start)");
    if (period != null) {
      v.check(
          period.length().compareTo(Availability.MAX_WINDOW) <= 0,
          "period",
          "must be at most " + Availability.MAX_WINDOW.toDays() + " days long");
    }
  }

  private static Optional<UUID> parse(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static SharedProduct toShared(Product p) {
    Product.ProductFields f = p.fields();
    return new SharedProduct(
        p.id().toString(),
        f.manufacturer(),
        f.model(),
        f.category(),
        f.name(),
        f.gtin() == null ? "" : f.gtin());
  }
}
