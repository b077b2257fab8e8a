package io.eventkit.node.inventory;

import io.eventkit.node.inventory.StockDao.StockAdjustment;
import io.eventkit.node.kernel.Actor;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Bulk stock per product and location, every change recorded with its reason; transfers. */
public final class Stock {
  private final Jdbi jdbi;
  private final Clock clock;

  public Stock(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public record Levels(List<Level> levels, int total) {}

  public record Level(UUID locationId, int quantity) {}

  public record NewAdjustment(
      UUID productId, UUID locationId, int delta, String reason, String note) {}

  public record BulkMove(UUID productId, int quantity) {}

  public StockAdjustment adjust(NewAdjustment n) {
    new Validation()
        .check(n.delta() != 0, "delta", "must not be zero")
        .notBlank(n.reason(), "reason")
        .maxLength(n.reason(), 200, "reason")
        .maxLength(n.note(), 2000, "note")
        .throwIfInvalid();
    return jdbi.inTransaction(h -> adjust(h, n, null, Actor.name()));
  }

  /**
   * An adjustment inside the caller's transaction (scanning writes off damaged and missing bulk in
   * the same transaction as the scan), by the current caller.
   */
  public void adjust(Handle h, NewAdjustment n) {
    adjust(h, n, null, Actor.name());
  }

  /**
   * Adjusts many quantities in one transaction with batch statements, without per-row checks beyond
   * the database constraints (for imports and demo data; deltas must be positive).
   */
  public void importLevels(List<NewAdjustment> items) {
    Instant now = clock.instant();
    List<StockAdjustment> rows = new ArrayList<>();
    for (NewAdjustment n : items) {
      if (n.delta() <= 0) {
        throw DomainException.invalid("imported quantities must be positive");
      }
      rows.add(
          new StockAdjustment(
              UUID.randomUUID(),
              n.productId(),
              n.locationId(),
              n.delta(),
              n.delta(),
              n.reason(),
              n.note() == null ? "" : n.note(),
              Actor.name(),
              null,
              now));
    }
    jdbi.useTransaction(
        h -> {
          StockDao dao = Daos.of(h, StockDao.class);
          dao.applyAll(rows);
          dao.recordAll(rows);
        });
  }

  private StockAdjustment adjust(Handle h, NewAdjustment n, UUID transferId, String actor) {
    Product p = Catalog.require(h, n.productId(), "product_id");
    if (p.fields().tracking() != Product.Tracking.BULK) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "product " + p.label() + " is SERIALISED; its stock is its assets, not a quantity");
    }
    Locations.require(h, n.locationId(), "location_id");
    StockDao dao = Daos.of(h, StockDao.class);
    int current = dao.lock(n.productId(), n.locationId()).orElse(0);
    if (current + n.delta() < 0) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "only "
              + current
              + " of "
              + p.label()
              + " at location "
              + n.locationId()
              + "; cannot remove "
              + Math.negateExact(n.delta()));
    }
    int after =
        dao.apply(n.productId(), n.locationId(), n.delta())
            .orElseThrow(() -> new DomainException(ErrorCode.ABORTED, "stock changed; retry"));
    StockAdjustment a =
        new StockAdjustment(
            UUID.randomUUID(),
            n.productId(),
            n.locationId(),
            n.delta(),
            after,
            n.reason().trim(),
            n.note() == null ? "" : n.note(),
            actor,
            transferId,
            clock.instant());
    dao.record(a);
    return a;
  }

  public Levels levels(UUID productId) {
    return jdbi.withHandle(
        h -> {
          Catalog.require(h, productId, "product_id");
          List<Level> levels =
              Daos.of(h, StockDao.class).levels(productId).stream()
                  .map(l -> new Level(l.locationId(), l.quantity()))
                  .toList();
          return new Levels(levels, levels.stream().mapToInt(Level::quantity).sum());
        });
  }

  public PageSpec.Page<StockAdjustment> adjustments(UUID productId, PageSpec page) {
    List<StockAdjustment> rows =
        jdbi.withHandle(
            h -> {
              Catalog.require(h, productId, "product_id");
              return Daos.of(h, StockDao.class)
                  .adjustments(
                      productId,
                      page.isFirst() ? null : Instant.parse(page.after(0)),
                      page.isFirst() ? null : UUID.fromString(page.after(1)),
                      page.fetch());
            });
    return page.page(rows, a -> List.of(a.createdAt().toString(), a.id().toString()));
  }

  /**
   * Moves assets and bulk quantities from one location to another, all or nothing. Each asset must
   * be at {@code from}; bulk moves are recorded as a pair of adjustments with the transfer's ID.
   */
  public UUID transfer(UUID from, UUID to, List<UUID> assetIds, List<BulkMove> bulk, String note) {
    Validation v = new Validation();
    v.check(!from.equals(to), "to_location_id", "must differ from from_location_id")
        .check(!assetIds.isEmpty() || !bulk.isEmpty(), "asset_ids", "or bulk: nothing to move");
    for (BulkMove m : bulk) {
      v.check(m.quantity() > 0, "bulk.quantity", "must be positive");
    }
    v.throwIfInvalid();
    String actor = Actor.name();
    return jdbi.inTransaction(
        h -> {
          Locations.require(h, from, "from_location_id");
          Locations.require(h, to, "to_location_id");
          UUID transferId = UUID.randomUUID();
          Instant now = clock.instant();
          StockDao dao = Daos.of(h, StockDao.class);
          dao.insertTransfer(transferId, from, to, note == null ? "" : note, actor, now);
          if (!assetIds.isEmpty()) {
            List<UUID> distinct = assetIds.stream().distinct().toList();
            for (UUID id : distinct) {
              Asset a = Assets.require(h, id, "asset_ids");
              if (!a.locationId().equals(from)) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "asset " + a.barcode() + " is at location " + a.locationId() + ", not " + from);
              }
            }
            dao.moveAssets(distinct.toArray(UUID[]::new), from, to, now);
            dao.insertTransferAssets(transferId, distinct);
          }
          Map<UUID, Integer> merged = new LinkedHashMap<>();
          for (BulkMove m : bulk) {
            merged.merge(m.productId(), m.quantity(), Integer::sum);
          }
          for (Map.Entry<UUID, Integer> e : merged.entrySet()) {
            adjust(
                h,
                new NewAdjustment(e.getKey(), from, -e.getValue(), "transfer out", note),
                transferId,
                actor);
            adjust(
                h,
                new NewAdjustment(e.getKey(), to, e.getValue(), "transfer in", note),
                transferId,
                actor);
          }
          return transferId;
        });
  }
}
