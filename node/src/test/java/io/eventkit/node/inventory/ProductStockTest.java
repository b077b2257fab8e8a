package io.eventkit.node.inventory;

import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.Domain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The counters of V82 (product_stock) against a live count of the rows they summarise, after every
 * kind of statement that can change them: single and multi-row inserts, status changes, moves
 * between products, deletes, bulk adjustments, and concurrent writers on one product.
 */
class ProductStockTest {
  private final Domain m = io.eventkit.node.testing.InventoryFixture.refuse();

  private record Counts(int owned, int outOfService, int bulk) {}

  private static Counts kept(UUID product) {
    return jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT coalesce(max(assets_owned), 0) AS o,"
                            + " coalesce(max(assets_out_of_service), 0) AS u,"
                            + " coalesce(max(bulk_owned), 0) AS b"
                            + " FROM product_stock WHERE product_id = :p")
                    .bind("p", product)
                    .map((rs, ctx) -> new Counts(rs.getInt("o"), rs.getInt("u"), rs.getInt("b")))
                    .one());
  }

  private static Counts counted(UUID product) {
    return jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT (SELECT count(*) FROM asset WHERE product_id = :p"
                            + "   AND status NOT IN ('LOST', 'RETIRED')) AS o,"
                            + " (SELECT count(*) FROM asset WHERE product_id = :p"
                            + "   AND status IN ('IN_REPAIR', 'QUARANTINE')) AS u,"
                            + " (SELECT coalesce(sum(quantity), 0) FROM bulk_stock"
                            + "   WHERE product_id = :p) AS b")
                    .bind("p", product)
                    .map((rs, ctx) -> new Counts(rs.getInt("o"), rs.getInt("u"), rs.getInt("b")))
                    .one());
  }

  private static void assertKept(UUID... products) {
    for (UUID p : products) {
      assertThat(kept(p)).as("product_stock of %s", p).isEqualTo(counted(p));
    }
  }

  @Test
  void assetCountsFollowInsertsStatusChangesMovesAndDeletes() {
    Product a = serialised(m, 5, Duration.ZERO, Duration.ZERO);
    Product b = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    assertThat(kept(a.id())).isEqualTo(new Counts(5, 0, 0));
    List<Asset> as = assetsOf(m, a);

    m.assets.update(as.get(0).id(), Asset.Status.IN_REPAIR, "fan noise");
    m.assets.update(as.get(1).id(), Asset.Status.QUARANTINE, "");
    m.assets.update(as.get(2).id(), Asset.Status.LOST, "");
    assertThat(kept(a.id())).isEqualTo(new Counts(4, 2, 0));
    m.assets.update(as.get(0).id(), Asset.Status.RETIRED, "");
    m.assets.update(as.get(2).id(), Asset.Status.AVAILABLE, "found");
    assertKept(a.id(), b.id());

    jdbi()
        .useTransaction(
            h -> {
              // one statement over several products and statuses; one that changes no count
              h.execute(
                  "UPDATE asset SET status = CASE WHEN status = 'AVAILABLE' THEN 'QUARANTINE'"
                      + " ELSE 'AVAILABLE' END WHERE product_id IN (?, ?)",
                  a.id(),
                  b.id());
              h.execute("UPDATE asset SET notes = notes || '.' WHERE product_id = ?", a.id());
              // an asset moved to another product
              h.execute("UPDATE asset SET product_id = ? WHERE id = ?", b.id(), as.get(3).id());
            });
    assertKept(a.id(), b.id());

    jdbi()
        .useHandle(
            h -> {
              h.execute("DELETE FROM barcode WHERE owner_id = ?", as.get(4).id());
              h.execute("DELETE FROM asset WHERE id = ?", as.get(4).id());
            });
    assertKept(a.id(), b.id());
  }

  @Test
  void bulkCountsFollowAdjustmentsAndRowsDeleted() {
    Product p = bulk(m, 40);
    assertThat(kept(p.id())).isEqualTo(new Counts(0, 0, 40));
    Location second = warehouse(m);
    m.stock.adjust(new Stock.NewAdjustment(p.id(), second.id(), 15, "purchase", ""));
    m.stock.adjust(new Stock.NewAdjustment(p.id(), second.id(), -15, "sold", ""));
    assertKept(p.id());
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    "DELETE FROM bulk_stock WHERE product_id = ? AND location_id = ?",
                    p.id(),
                    second.id()));
    assertThat(kept(p.id())).isEqualTo(new Counts(0, 0, 40));
  }

  @Test
  void concurrentWritersOnOneProductLoseNoCount() throws Exception {
    Product p = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Location w = warehouse(m);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    Asset x =
                        m.assets.create(
                            new Assets.NewAsset(
                                p.id(),
                                unique("BC"),
                                unique("SN"),
                                w.id(),
                                Asset.Status.AVAILABLE,
                                ""));
                    if (i % 3 == 0) {
                      m.assets.update(x.id(), Asset.Status.IN_REPAIR, "");
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(kept(p.id())).isEqualTo(new Counts(41, 16, 0)).isEqualTo(counted(p.id()));
  }

  @Test
  void aDeferredWriterCountsItsProductsOnceBeforeCommitting() {
    Product a = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    Product b = bulk(m, 5);
    Location w = warehouse(m);
    jdbi()
        .useTransaction(
            h -> {
              h.execute("SET LOCAL eventkit.stock_deferred = 'on'");
              for (int i = 0; i < 30; i++) {
                UUID id = UUID.randomUUID();
                h.execute(
                    "INSERT INTO asset (id, product_id, barcode, serial, home_location_id,"
                        + " location_id, status, notes, created_at, updated_at) VALUES (?, ?, ?,"
                        + " '', ?, ?, ?, '', now(), now())",
                    id,
                    a.id(),
                    unique("DEF"),
                    w.id(),
                    w.id(),
                    i % 3 == 0 ? "IN_REPAIR" : "AVAILABLE");
              }
              h.execute(
                  "UPDATE bulk_stock SET quantity = quantity + 7 WHERE product_id = ?", b.id());
              // Nothing counted yet: the counters still say what was committed before.
              assertThat(kept(a.id())).isEqualTo(new Counts(2, 0, 0));
              assertThat(
                      h.createQuery("SELECT product_stock_refresh_noted()")
                          .mapTo(Integer.class)
                          .one())
                  .isEqualTo(2);
            });
    assertThat(kept(a.id())).isEqualTo(new Counts(32, 10, 0)).isEqualTo(counted(a.id()));
    assertThat(kept(b.id())).isEqualTo(new Counts(0, 0, 12));
    // Outside such a transaction, the per-row upkeep is back.
    m.assets.update(assetsOf(m, a).get(0).id(), Asset.Status.LOST, "");
    assertKept(a.id());
  }

  @Test
  void availabilityReadsTheKeptCounts() {
    Product p = serialised(m, 3, Duration.ZERO, Duration.ZERO);
    m.assets.update(assetsOf(m, p).get(0).id(), Asset.Status.IN_REPAIR, "");
    Availability.Summary s =
        m.availability.forProduct(
            p.id(),
            io.eventkit.node.testing.InventoryFixture.iv(
                "2031-01-01T00:00:00Z", "2031-01-02T00:00:00Z"));
    assertThat(s.owned()).isEqualTo(3);
    assertThat(s.unavailable()).isEqualTo(1);
    assertThat(s.available()).isEqualTo(2);
  }
}
