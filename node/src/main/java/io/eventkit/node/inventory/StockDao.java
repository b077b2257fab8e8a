package io.eventkit.node.inventory;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(StockDao.StockAdjustment.class)
@RegisterConstructorMapper(StockDao.Level.class)
interface StockDao {
  /** One change of a bulk quantity, kept as the audit trail. */
  record StockAdjustment(
      UUID id,
      UUID productId,
      UUID locationId,
      int delta,
      int quantityAfter,
      String reason,
      String note,
      String actor,
      UUID transferId,
      Instant createdAt) {}

  record Level(UUID locationId, int quantity) {}

  /** Adds delta to the quantity (creating the row), returning the new quantity, locked. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<Integer> apply(
      @Bind("productId") UUID productId,
      @Bind("locationId") UUID locationId,
      @Bind("delta") int delta);

  @SqlQuery(
      "SELECT quantity FROM bulk_stock WHERE product_id = :productId AND location_id = :locationId"
          + " FOR UPDATE")
  Optional<Integer> lock(@Bind("productId") UUID productId, @Bind("locationId") UUID locationId);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void record(@BindMethods StockAdjustment a);

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void recordAll(@BindMethods List<StockAdjustment> a);

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void applyAll(@BindMethods List<StockAdjustment> a);

  @BindTenant
  @SqlQuery(
      "SELECT location_id, quantity FROM bulk_stock"
          + " WHERE tenant_id = :tenant AND product_id = :productId AND quantity > 0"
          + " ORDER BY location_id")
  List<Level> levels(@Bind("productId") UUID productId);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<StockAdjustment> adjustments(
      @Bind("productId") UUID productId,
      @Bind("afterAt") java.time.Instant afterAt,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO transfer (tenant_id, id, from_location_id, to_location_id, note, actor,"
          + " created_at) VALUES (:tenant, :id, :from, :to, :note, :actor, :now)")
  void insertTransfer(
      @Bind("id") UUID id,
      @Bind("from") UUID from,
      @Bind("to") UUID to,
      @Bind("note") String note,
      @Bind("actor") String actor,
      @Bind("now") java.time.Instant now);

  @BindTenant
  @SqlBatch(
      "INSERT INTO transfer_asset (tenant_id, transfer_id, asset_id)"
          + " VALUES (:tenant, :transferId, :assetId)")
  void insertTransferAssets(
      @Bind("transferId") UUID transferId, @Bind("assetId") List<UUID> assets);

  @SqlUpdate(
      "UPDATE asset SET location_id = :to, updated_at = :now WHERE id = ANY(:ids)"
          + " AND location_id = :from")
  int moveAssets(
      @Bind("ids") UUID[] ids,
      @Bind("from") UUID from,
      @Bind("to") UUID to,
      @Bind("now") java.time.Instant now);
}
