package io.eventkit.node.inventory;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Warehouses and bins. */
public final class Locations {
  private final Jdbi jdbi;
  private final Clock clock;

  public Locations(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public record NewLocation(
      Location.Kind kind, String code, String name, UUID parentId, String address) {}

  public Location create(NewLocation n) {
    return createAll(List.of(n)).get(0);
  }

  /**
   * Creates locations in one transaction (bins may name a warehouse created earlier in the list).
   */
  public List<Location> createAll(List<NewLocation> items) {
    return jdbi.inTransaction(
        h -> {
          LocationDao dao = Daos.of(h, LocationDao.class);
          List<Location> created = new java.util.ArrayList<>();
          for (NewLocation n : items) {
            new Validation()
                .notBlank(n.code(), "code")
                .maxLength(n.code(), 40, "code")
                .notBlank(n.name(), "name")
                .maxLength(n.name(), 200, "name")
                .check(n.kind() != null, "kind", "is required (WAREHOUSE or BIN)")
                .check(
                    n.kind() != Location.Kind.BIN || n.parentId() != null,
                    "parent_id",
                    "is required for a bin (the warehouse it is in)")
                .check(
                    n.kind() != Location.Kind.WAREHOUSE || n.parentId() == null,
                    "parent_id",
                    "must be empty for a warehouse")
                .throwIfInvalid();
            if (n.parentId() != null) {
              Location parent =
                  dao.find(n.parentId())
                      .orElseThrow(
                          () ->
                              DomainException.notFound("location " + n.parentId() + " not found"));
              if (parent.kind() != Location.Kind.WAREHOUSE) {
                throw DomainException.invalid(
                    "parent_id must be a warehouse; " + parent.code() + " is a bin");
              }
            }
            dao.findByCode(n.code().trim())
                .ifPresent(
                    l -> {
                      throw new DomainException(
                          ErrorCode.ALREADY_EXISTS,
                          "location code " + l.code() + " is already used by location " + l.id());
                    });
            Location l =
                new Location(
                    UUID.randomUUID(),
                    n.kind(),
                    n.code().trim(),
                    n.name().trim(),
                    n.parentId(),
                    n.address() == null ? "" : n.address(),
                    clock.instant());
            try {
              dao.insert(l);
            } catch (UnableToExecuteStatementException e) {
              if (Pg.is(e, Pg.UNIQUE_VIOLATION, null)) {
                throw new DomainException(
                    ErrorCode.ALREADY_EXISTS, "location code " + l.code() + " is already used");
              }
              throw e;
            }
            created.add(l);
          }
          return created;
        });
  }

  public Location get(UUID id) {
    return Daos.with(jdbi, LocationDao.class, dao -> dao.find(id))
        .orElseThrow(() -> DomainException.notFound("location " + id + " not found"));
  }

  /** Throws NOT_FOUND naming {@code field} unless the location exists (inside a transaction). */
  public static Location require(Handle h, UUID id, String field) {
    return Daos.of(h, LocationDao.class)
        .find(id)
        .orElseThrow(() -> DomainException.notFound(field + ": location " + id + " not found"));
  }

  /** Replaces code, name and address; the kind and the parent stay. */
  public Location update(UUID id, String code, String name, String address) {
    new Validation()
        .notBlank(code, "code")
        .maxLength(code, 40, "code")
        .notBlank(name, "name")
        .maxLength(name, 200, "name")
        .maxLength(address, 2000, "address")
        .throwIfInvalid();
    String c = code.trim();
    return jdbi.inTransaction(
        h -> {
          LocationDao dao = Daos.of(h, LocationDao.class);
          Location old =
              dao.lock(id)
                  .orElseThrow(() -> DomainException.notFound("location " + id + " not found"));
          dao.findByCode(c)
              .filter(other -> !other.id().equals(id))
              .ifPresent(
                  other -> {
                    throw new DomainException(
                        ErrorCode.ALREADY_EXISTS,
                        "location code " + c + " is already used by location " + other.id());
                  });
          try {
            dao.update(old.id(), c, name.trim(), address == null ? "" : address);
          } catch (UnableToExecuteStatementException e) {
            if (Pg.is(e, Pg.UNIQUE_VIOLATION, null)) {
              throw new DomainException(
                  ErrorCode.ALREADY_EXISTS, "location code " + c + " was just taken; retry");
            }
            throw e;
          }
          return dao.find(id).orElseThrow();
        });
  }

  /**
   * Deletes a location nothing uses; otherwise FAILED_PRECONDITION naming everything that still
   * uses it, and nothing changes.
   */
  public void delete(UUID id) {
    jdbi.useTransaction(
        h -> {
          LocationDao dao = Daos.of(h, LocationDao.class);
          Location l =
              dao.lock(id)
                  .orElseThrow(() -> DomainException.notFound("location " + id + " not found"));
          LocationDao.References r = dao.references(id);
          List<String> uses = new java.util.ArrayList<>();
          count(uses, r.bins(), "bin(s) inside it");
          count(uses, r.assetsHomed(), "asset(s) homed there");
          count(uses, r.assetsHere(), "asset(s) currently there");
          count(uses, r.bulkUnits(), "bulk unit(s) in stock there");
          count(uses, r.stockAdjustments(), "stock adjustment(s) in its history");
          count(uses, r.transfers(), "transfer(s) from or to it");
          count(uses, r.cases(), "case(s) kept there");
          if (!uses.isEmpty()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "location "
                    + l.code()
                    + " is still in use: "
                    + String.join(", ", uses)
                    + "; move or remove those first");
          }
          dao.deleteEmptyStock(id);
          dao.delete(id);
        });
  }

  private static void count(List<String> uses, long n, String what) {
    if (n > 0) {
      uses.add(n + " " + what);
    }
  }

  /** ≤ 100 characters; as a LIKE pattern matching it anywhere, case-insensitive, or null. */
  static String containsPattern(String query, String field) {
    if (query == null || query.isBlank()) {
      return null;
    }
    new Validation().maxLength(query, 100, field).throwIfInvalid();
    return "%" + Pg.escapeLike(query.trim().toLowerCase(java.util.Locale.ROOT)) + "%";
  }

  public PageSpec.Page<Location> list(PageSpec page) {
    return list(null, page);
  }

  /** Ordered by code; {@code query} matches code or name (case-insensitive substring). */
  public PageSpec.Page<Location> list(String query, PageSpec page) {
    String like = containsPattern(query, "query");
    List<Location> rows =
        Daos.with(
            jdbi,
            LocationDao.class,
            dao ->
                dao.list(
                    like,
                    page.after(0),
                    page.isFirst() ? null : UUID.fromString(page.after(1)),
                    page.fetch()));
    return page.page(rows, l -> List.of(l.code(), l.id().toString()));
  }

  public long count() {
    return Daos.with(jdbi, LocationDao.class, LocationDao::count);
  }
}
