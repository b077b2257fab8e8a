package io.eventkit.node.inventory;

import io.eventkit.node.platform.db.BindTenant;
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

@RegisterConstructorMapper(Asset.class)
interface AssetDao {
  String COLUMNS =
      "id, product_id, barcode, serial, home_location_id, location_id, status, notes, created_at,"
          + " updated_at";

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void insert(@BindMethods("a") List<Asset> assets);

  @BindTenant
  @SqlBatch(
      "INSERT INTO barcode (tenant_id, code, kind, owner_id)"
          + " VALUES (:tenant, :a.barcode, 'ASSET', :a.id)")
  void registerBarcodes(@BindMethods("a") List<Asset> assets);

  @SqlQuery(
      "SELECT code || ' ' || lower(kind) || ' ' || owner_id FROM barcode WHERE code = ANY(:codes)")
  List<String> barcodeOwners(@Bind("codes") String[] codes);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM asset WHERE tenant_id = :tenant AND id = :id")
  Optional<Asset> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM asset WHERE id = :id FOR UPDATE")
  Optional<Asset> lock(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM asset WHERE tenant_id = :tenant AND id = ANY(:ids)")
  List<Asset> findAll(@Bind("ids") UUID[] ids);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM asset WHERE tenant_id = :tenant AND barcode = :barcode")
  Optional<Asset> findByBarcode(@Bind("barcode") String barcode);

  @BindTenant
  @SqlQuery(
      "SELECT " + COLUMNS + " FROM asset WHERE tenant_id = :tenant AND barcode = ANY(:barcodes)")
  List<Asset> findByBarcodes(@Bind("barcodes") String[] barcodes);

  @SqlUpdate("UPDATE asset SET status = :status, notes = :notes, updated_at = :now WHERE id = :id")
  int update(
      @Bind("id") UUID id,
      @Bind("status") Asset.Status status,
      @Bind("notes") String notes,
      @Bind("now") java.time.Instant now);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Asset> list(
      @Bind("productId") UUID productId,
      @Bind("locationId") UUID locationId,
      @Bind("status") String status,
      @Bind("afterBarcode") String afterBarcode,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  @BindTenant
  @SqlQuery("SELECT count(*) FROM asset WHERE tenant_id = :tenant")
  long count();
}
