package io.eventkit.node.inventory;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The product catalogue. */
public final class Catalog {
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern GTIN = Pattern.compile("\\d{8}|\\d{12,14}");
  private static final Duration MAX_BUFFER = Duration.ofDays(30);

  private final Jdbi jdbi;
  private final Clock clock;

  public Catalog(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Checks the fields of a new or updated product; {@code prefix} is the request field path. */
  public static void validate(Product.ProductFields f, String prefix, Validation v) {
    v.notBlank(f.manufacturer(), prefix + "manufacturer")
        .maxLength(f.manufacturer(), 100, prefix + "manufacturer")
        .notBlank(f.model(), prefix + "model")
        .maxLength(f.model(), 100, prefix + "model")
        .notBlank(f.name(), prefix + "name")
        .maxLength(f.name(), 200, prefix + "name")
        .notBlank(f.category(), prefix + "category")
        .maxLength(f.category(), 100, prefix + "category")
        .maxLength(f.description(), 10_000, prefix + "description")
        .check(
            f.gtin() == null || f.gtin().isEmpty() || GTIN.matcher(f.gtin()).matches(),
            prefix + "gtin",
            "must be 8, 12, 13 or 14 digits")
        .check(f.weightGrams() >= 0, prefix + "weight_grams", "must not be negative")
        .check(f.tracking() != null, prefix + "tracking", "is required (SERIALISED or BULK)");
    f.dimensions().validate(prefix, v);
    money(f.rentalPrice(), prefix + "rental_price", v);
    money(f.replacementValue(), prefix + "replacement_value", v);
    buffer(f.bufferBefore(), prefix + "buffer_before_seconds", v);
    buffer(f.bufferAfter(), prefix + "buffer_after_seconds", v);
  }

  private static void money(Money m, String field, Validation v) {
    v.check(m != null, field, "is required");
    if (m != null) {
      v.check(
              m.currencyCode() != null && CURRENCY.matcher(m.currencyCode()).matches(),
              field + ".currency_code",
              "must be an ISO 4217 code such as EUR")
          .check(m.minorUnits() >= 0, field + ".minor_units", "must not be negative");
    }
  }

  private static void buffer(Duration d, String field, Validation v) {
    v.check(
        d != null && !d.isNegative() && d.compareTo(MAX_BUFFER) <= 0,
        field,
        "must be between 0 and " + MAX_BUFFER.toSeconds() + " seconds (30 days)");
  }

  private static Product.ProductFields normalise(Product.ProductFields f) {
    return new Product.ProductFields(
        f.manufacturer().trim(),
        f.model().trim(),
        f.name().trim(),
        f.category().trim(),
        f.description() == null ? "" : f.description(),
        f.gtin() == null || f.gtin().isBlank() ? null : f.gtin(),
        f.rentalPrice(),
        f.replacementValue(),
        f.weightGrams(),
        f.bufferBefore(),
        f.bufferAfter(),
        f.tracking(),
        f.shared(),
        f.dimensions());
  }

  public Product create(Product.ProductFields fields) {
    return createAll(List.of(fields)).get(0);
  }

  /** Creates products in one transaction, as one batch insert. */
  public List<Product> createAll(List<Product.ProductFields> items) {
    Validation v = new Validation();
    Set<String> gtins = new HashSet<>();
    for (Product.ProductFields f : items) {
      validate(f, items.size() == 1 ? "" : "product.", v);
      if (f.gtin() != null && !f.gtin().isBlank() && !gtins.add(f.gtin())) {
        v.check(false, "gtin", f.gtin() + " appears twice");
      }
    }
    v.throwIfInvalid();
    Instant now = clock.instant();
    List<Product> products = new ArrayList<>();
    for (Product.ProductFields f : items) {
      products.add(new Product(UUID.randomUUID(), normalise(f), now, now));
    }
    return jdbi.inTransaction(
        h -> {
          ProductDao dao = Daos.of(h, ProductDao.class);
          for (Product p : products) {
            if (p.fields().gtin() != null) {
              dao.findByGtin(p.fields().gtin()).ifPresent(other -> gtinTaken(p, other));
            }
          }
          try {
            dao.insert(products.stream().map(ProductDao.Row::of).toList());
          } catch (UnableToExecuteStatementException e) {
            if (Pg.is(e, Pg.UNIQUE_VIOLATION, "product_gtin_key")) {
              throw new DomainException(
                  ErrorCode.ALREADY_EXISTS,
                  "a product with this GTIN was just created by someone else");
            }
            throw e;
          }
          return products;
        });
  }

  private static void gtinTaken(Product p, UUID other) {
    throw new DomainException(
        ErrorCode.ALREADY_EXISTS,
        "GTIN " + p.fields().gtin() + " is already used by product " + other);
  }

  public Product get(UUID id) {
    return Daos.with(jdbi, ProductDao.class, dao -> dao.find(id)).orElseThrow(() -> notFound(id));
  }

  public static DomainException notFound(UUID id) {
    return DomainException.notFound("product " + id + " not found");
  }

  /** The product, or NOT_FOUND naming {@code field}. */
  public static Product require(Handle h, UUID id, String field) {
    return Daos.of(h, ProductDao.class)
        .find(id)
        .orElseThrow(() -> DomainException.notFound(field + ": product " + id + " not found"));
  }

  /**
   * Locks these product rows ({@code FOR UPDATE}) in the caller's transaction; callers pass the IDs
   * sorted so that concurrent writers lock in the same order.
   */
  public static void lockAll(Handle h, UUID[] sortedIds) {
    Daos.of(h, ProductDao.class).lockAll(sortedIds);
  }

  /**
   * Replaces a product's fields. Changing the tracking mode is refused once assets or stock exist;
   * changed buffers re-widen the product's booking lines (in the same transaction).
   */
  public Product update(UUID id, Product.ProductFields fields) {
    Validation v = new Validation();
    validate(fields, "product.", v);
    v.throwIfInvalid();
    Product.ProductFields f = normalise(fields);
    return jdbi.inTransaction(
        h -> {
          ProductDao dao = Daos.of(h, ProductDao.class);
          Product old = dao.lock(id).orElseThrow(() -> notFound(id));
          if (f.gtin() != null) {
            dao.findByGtin(f.gtin())
                .filter(other -> !other.equals(id))
                .ifPresent(other -> gtinTaken(old, other));
          }
          if (old.fields().tracking() != f.tracking()) {
            ProductDao.References refs = dao.references(id);
            long stock =
                h.createQuery("SELECT count(*) FROM bulk_stock WHERE product_id = :id")
                    .bind("id", id)
                    .mapTo(Long.class)
                    .one();
            if (refs.assets() > 0 || stock > 0 || refs.bookingLines() > 0) {
              throw new DomainException(
                  ErrorCode.FAILED_PRECONDITION,
                  "tracking of "
                      + old.label()
                      + " cannot change from "
                      + old.fields().tracking()
                      + " to "
                      + f.tracking()
                      + ": it already has assets, stock or bookings");
            }
          }
          Product updated = new Product(id, f, old.createdAt(), clock.instant());
          dao.update(ProductDao.Row.of(updated));
          if (!old.fields().bufferBefore().equals(f.bufferBefore())
              || !old.fields().bufferAfter().equals(f.bufferAfter())) {
            try {
              dao.rewidenBookings(id);
            } catch (UnableToExecuteStatementException e) {
              if (Pg.is(e, Pg.EXCLUSION_VIOLATION, null)) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "the new turnaround buffers would make bookings of one "
                        + old.label()
                        + " asset overlap; shorten the buffers or move a booking first");
              }
              throw e;
            }
          }
          return updated;
        });
  }

  /** The distinct categories with their product counts, ordered by name. */
  public List<ProductDao.CategoryCount> categories() {
    return Daos.with(jdbi, ProductDao.class, ProductDao::categories);
  }

  /**
   * Deletes a product nothing refers to; otherwise FAILED_PRECONDITION saying what refers to it.
   */
  public void delete(UUID id) {
    jdbi.useTransaction(
        h -> {
          ProductDao dao = Daos.of(h, ProductDao.class);
          Product p = dao.lock(id).orElseThrow(() -> notFound(id));
          ProductDao.References refs = dao.references(id);
          if (refs.bookingLines() > 0) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "product "
                    + p.label()
                    + " has "
                    + refs.bookingLines()
                    + " booking line(s) (e.g. on event '"
                    + refs.anEventName()
                    + "'); remove them before deleting the product");
          }
          if (refs.assets() > 0 || refs.stockAdjustments() > 0) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "product "
                    + p.label()
                    + " has "
                    + refs.assets()
                    + " asset(s) and "
                    + refs.stockAdjustments()
                    + " stock adjustment(s); retire its assets instead of deleting it");
          }
          h.createUpdate("DELETE FROM bulk_stock WHERE product_id = :id").bind("id", id).execute();
          h.createUpdate("DELETE FROM temporary_stock WHERE product_id = :id")
              .bind("id", id)
              .execute();
          dao.delete(id);
        });
  }

  public PageSpec.Page<Product> list(String category, PageSpec page) {
    String cat = category == null || category.isBlank() ? null : category;
    List<Product> rows =
        Daos.with(
            jdbi,
            ProductDao.class,
            dao ->
                page.isFirst()
                    ? dao.listFirst(cat, page.fetch())
                    : dao.listAfter(
                        cat, page.after(0), UUID.fromString(page.after(1)), page.fetch()));
    return page.page(rows, p -> List.of(p.fields().name(), p.id().toString()));
  }

  public long count() {
    return Daos.with(jdbi, ProductDao.class, ProductDao::count);
  }

  /**
   * Products marked shared with partners, ordered by name then ID (same tokens as {@link #list}).
   */
  public PageSpec.Page<Product> listShared(PageSpec page) {
    List<Product> rows =
        Daos.with(
            jdbi,
            ProductDao.class,
            dao ->
                page.isFirst()
                    ? dao.listSharedFirst(page.fetch())
                    : dao.listSharedAfter(
                        page.after(0), UUID.fromString(page.after(1)), page.fetch()));
    return page.page(rows, p -> List.of(p.fields().name(), p.id().toString()));
  }

  /** Those of {@code ids} that exist, by ID (one query). */
  public java.util.Map<UUID, Product> findAll(java.util.Collection<UUID> ids) {
    java.util.Map<UUID, Product> out = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    UUID[] array = ids.stream().distinct().toArray(UUID[]::new);
    for (Product p : byIds(FIND_ALL, array)) {
      out.put(p.id(), p);
    }
    return out;
  }

  /** Those of {@code ids} that exist and are shared, by ID. */
  public java.util.Map<UUID, Product> findShared(java.util.Collection<UUID> ids) {
    java.util.Map<UUID, Product> out = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    UUID[] array = ids.stream().distinct().toArray(UUID[]::new);
    for (Product p : byIds(FIND_SHARED, array)) {
      out.put(p.id(), p);
    }
    return out;
  }

  // findAll is on every federated availability call (the requester side): the fluent API
  // with a plain mapper, as AvailabilityQueries, because attaching a SqlObject per call costs more
  // than the query (it showed in the profile of the partner side).
  private static final String FIND_ALL =
      "SELECT " + ProductDao.COLUMNS + " FROM product WHERE tenant_id = :tenant AND id = ANY(:ids)";
  private static final String FIND_SHARED =
      "SELECT "
          + ProductDao.COLUMNS
          + " FROM product WHERE tenant_id = :tenant AND shared AND id = ANY(:ids)";
  private static final ProductDao.Mapper PRODUCT = new ProductDao.Mapper();

  private List<Product> byIds(String sql, UUID[] ids) {
    return jdbi.withHandle(
        h ->
            h.createQuery(sql)
                .bind("tenant", io.eventkit.node.kernel.TenantContext.current())
                .bind("ids", ids)
                .map(PRODUCT)
                .list());
  }
}
