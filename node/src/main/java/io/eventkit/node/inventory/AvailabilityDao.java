package io.eventkit.node.inventory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The availability queries; each is one statement of index lookups, whatever the list size. */
@RegisterConstructorMapper(AvailabilityDao.Capacity.class)
@RegisterConstructorMapper(BookedLine.class)
@RegisterConstructorMapper(AvailabilityDao.TemporaryStock.class)
interface AvailabilityDao {
  /**
   * What a product has, independent of time: units owned (assets not LOST/RETIRED, or the bulk
   * quantity) and those of them out of service (IN_REPAIR, QUARANTINE).
   */
  record Capacity(UUID productId, int owned, int unavailable) {
    public int usable() {
      return owned - unavailable;
    }
  }

  /** Stock present only over {@code [startsAt, endsAt)} (sub-hired in). */
  record TemporaryStock(UUID productId, int quantity, Instant startsAt, Instant endsAt) {}

  @SqlQuery
  @UseClasspathSqlLocator
  List<Capacity> capacities(@Bind("ids") UUID[] productIds);

  /** Holding and tentative lines of these products whose hold period overlaps the window. */
  @SqlQuery
  @UseClasspathSqlLocator
  List<BookedLine> lines(
      @Bind("ids") UUID[] productIds,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("tentative") String[] tentativeStatuses);

  @SqlQuery
  @UseClasspathSqlLocator
  List<TemporaryStock> temporary(
      @Bind("ids") UUID[] productIds, @Bind("start") Instant start, @Bind("end") Instant end);

  @SqlUpdate(
      "INSERT INTO temporary_stock (id, product_id, quantity, period, source_ref, created_at)"
          + " VALUES (:id, :productId, :quantity, tstzrange(:start, :end, '[)'), :source, :now)")
  void insertTemporary(
      @Bind("id") UUID id,
      @Bind("productId") UUID productId,
      @Bind("quantity") int quantity,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("source") String sourceRef,
      @Bind("now") Instant now);
}
