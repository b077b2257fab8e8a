package io.eventkit.node.inventory;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Serialised assets. */
public final class Assets {
  /** What a barcode may contain: printable, scanner-safe characters. */
  public static final Pattern BARCODE = Pattern.compile("[A-Za-z0-9._/-]{1,64}");

  private final Jdbi jdbi;
  private final Clock clock;

  public Assets(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public record NewAsset(
      UUID productId,
      String barcode,
      String serial,
      UUID homeLocationId,
      Asset.Status status,
      String notes) {}

  public Asset create(NewAsset n) {
    return createAll(List.of(n)).get(0);
  }

  /**
   * Creates assets in one transaction with batch inserts: all or none. Every product must be
   * SERIALISED, every location must exist, and no barcode may be in use (by an asset or a case).
   */
  public List<Asset> createAll(List<NewAsset> items) {
    Validation v = new Validation();
    Set<String> seen = new HashSet<>();
    for (NewAsset n : items) {
      v.check(
              n.barcode() != null && BARCODE.matcher(n.barcode()).matches(),
              "barcode",
              "must be 1–64 characters of A–Z, a–z, 0–9, '.', '_', '/', '-'")
          .maxLength(n.serial(), 100, "serial")
          .maxLength(n.notes(), 10_000, "notes")
          .check(n.productId() != null, "product_id", "is required")
          .check(n.homeLocationId() != null, "home_location_id", "is required");
      if (n.barcode() != null && !seen.add(n.barcode())) {
        v.check(false, "barcode", n.barcode() + " appears twice in the request");
      }
    }
    v.throwIfInvalid();
    Instant now = clock.instant();
    List<Asset> assets = new ArrayList<>();
    for (NewAsset n : items) {
      assets.add(
          new Asset(
              UUID.randomUUID(),
              n.productId(),
              n.barcode(),
              n.serial() == null ? "" : n.serial().trim(),
              n.homeLocationId(),
              n.homeLocationId(),
              n.status() == null ? Asset.Status.AVAILABLE : n.status(),
              n.notes() == null ? "" : n.notes(),
              now,
              now,
              null,
              null));
    }
    return jdbi.inTransaction(
        h -> {
          Set<UUID> products = new HashSet<>();
          Set<UUID> locations = new HashSet<>();
          for (Asset a : assets) {
            if (products.add(a.productId())) {
              Product p = Catalog.require(h, a.productId(), "product_id");
              if (p.fields().tracking() != Product.Tracking.SERIALISED) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "product "
                        + p.label()
                        + " is tracked in BULK; add stock with AdjustStock instead of assets");
              }
            }
            if (locations.add(a.homeLocationId())) {
              Locations.require(h, a.homeLocationId(), "home_location_id");
            }
          }
          AssetDao dao = Daos.of(h, AssetDao.class);
          List<String> taken =
              dao.barcodeOwners(assets.stream().map(Asset::barcode).toArray(String[]::new));
          if (!taken.isEmpty()) {
            throw barcodeTaken(taken.get(0));
          }
          try {
            dao.registerBarcodes(assets);
            dao.insert(assets);
          } catch (UnableToExecuteStatementException e) {
            if (Pg.is(e, Pg.UNIQUE_VIOLATION, null)) {
              throw new DomainException(
                  ErrorCode.ALREADY_EXISTS,
                  "one of the barcodes was just taken by someone else; check and retry");
            }
            throw e;
          }
          return assets;
        });
  }

  /** {@code owner} is "code kind id" as returned by {@link AssetDao#barcodeOwners}. */
  public static DomainException barcodeTaken(String owner) {
    String[] p = owner.split(" ", 3);
    return new DomainException(
        ErrorCode.ALREADY_EXISTS, "barcode " + p[0] + " is already used by " + p[1] + " " + p[2]);
  }

  public Asset get(UUID id) {
    return Daos.with(jdbi, AssetDao.class, dao -> dao.find(id)).orElseThrow(() -> notFound(id));
  }

  static DomainException notFound(UUID id) {
    return DomainException.notFound("asset " + id + " not found");
  }

  public static Asset require(Handle h, UUID id, String field) {
    return Daos.of(h, AssetDao.class)
        .find(id)
        .orElseThrow(() -> DomainException.notFound(field + ": asset " + id + " not found"));
  }

  /** These assets, in the caller's transaction (unknown IDs are absent). */
  public static List<Asset> findAll(Handle h, UUID[] ids) {
    return Daos.of(h, AssetDao.class).findAll(ids);
  }

  public Optional<Asset> byBarcode(String barcode) {
    return Daos.with(jdbi, AssetDao.class, dao -> dao.findByBarcode(barcode));
  }

  /** The assets with these barcodes, by barcode (one query; unknown barcodes are absent). */
  public java.util.Map<String, Asset> byBarcodes(java.util.Collection<String> barcodes) {
    java.util.Map<String, Asset> out = new java.util.HashMap<>();
    if (barcodes.isEmpty()) {
      return out;
    }
    String[] codes = barcodes.stream().distinct().toArray(String[]::new);
    for (Asset a : Daos.with(jdbi, AssetDao.class, dao -> dao.findByBarcodes(codes))) {
      out.put(a.barcode(), a);
    }
    return out;
  }

  /** Sets status and notes (null notes keeps them). */
  public Asset update(UUID id, Asset.Status status, String notes) {
    return update(id, new Change(status, notes, null, null, null));
  }

  /**
   * What UpdateAsset changes: status is required; every other null field stays as it is. A new
   * barcode moves the asset's row in the node-wide barcode table in the same transaction.
   */
  public record Change(
      Asset.Status status, String notes, String serial, String barcode, UUID homeLocationId) {}

  public Asset update(UUID id, Change c) {
    new Validation()
        .check(c.status() != null, "status", "is required")
        .maxLength(c.notes(), 10_000, "notes")
        .maxLength(c.serial(), 100, "serial")
        .check(
            c.barcode() == null || BARCODE.matcher(c.barcode()).matches(),
            "barcode",
            "must be 1–64 characters of A–Z, a–z, 0–9, '.', '_', '/', '-'")
        .throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          AssetDao dao = Daos.of(h, AssetDao.class);
          Asset a = dao.lock(id).orElseThrow(() -> notFound(id));
          if (c.homeLocationId() != null) {
            Locations.require(h, c.homeLocationId(), "home_location_id");
          }
          String barcode = c.barcode() == null ? a.barcode() : c.barcode();
          if (!barcode.equals(a.barcode())) {
            List<String> taken = dao.barcodeOwners(new String[] {barcode});
            if (!taken.isEmpty()) {
              throw barcodeTaken(taken.get(0));
            }
          }
          try {
            if (!barcode.equals(a.barcode())) {
              dao.renameBarcode(id, barcode);
            }
            dao.update(
                id,
                c.status(),
                c.notes() == null ? a.notes() : c.notes(),
                c.serial() == null ? a.serial() : c.serial().trim(),
                barcode,
                c.homeLocationId() == null ? a.homeLocationId() : c.homeLocationId(),
                clock.instant());
          } catch (UnableToExecuteStatementException e) {
            if (Pg.is(e, Pg.UNIQUE_VIOLATION, null)) {
              throw new DomainException(
                  ErrorCode.ALREADY_EXISTS, "barcode " + barcode + " was just taken; retry");
            }
            throw e;
          }
          return dao.find(id).orElseThrow();
        });
  }

  public PageSpec.Page<Asset> list(
      UUID productId, UUID locationId, Asset.Status status, PageSpec page) {
    List<Asset> rows =
        Daos.with(
            jdbi,
            AssetDao.class,
            dao ->
                dao.list(
                    productId,
                    locationId,
                    status == null ? null : status.name(),
                    page.after(0),
                    page.isFirst() ? null : UUID.fromString(page.after(1)),
                    page.fetch()));
    return page.page(rows, a -> List.of(a.barcode(), a.id().toString()));
  }

  public long count() {
    return Daos.with(jdbi, AssetDao.class, AssetDao::count);
  }
}
