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
  /** The asset's columns (alias a) and its case's (ca, cc); use with {@link #FROM}. */
  String COLUMNS =
      "a.id, a.product_id, a.barcode, a.serial, a.home_location_id, a.location_id, a.status,"
          + " a.notes, a.created_at, a.updated_at, ca.case_id, cc.barcode AS case_barcode";

  /** Assets with the case each is packed in (case_asset.asset_id is unique: one row each). */
  String FROM =
      " FROM asset a LEFT JOIN case_asset ca ON ca.asset_id = a.id"
          + " LEFT JOIN case_container cc ON cc.id = ca.case_id";

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
  @SqlQuery("SELECT " + COLUMNS + FROM + " WHERE a.tenant_id = :tenant AND a.id = :id")
  Optional<Asset> find(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(
      "SELECT " + COLUMNS + FROM + " WHERE a.tenant_id = :tenant AND a.id = :id FOR UPDATE OF a")
  Optional<Asset> lock(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + FROM + " WHERE a.tenant_id = :tenant AND a.id = ANY(:ids)")
  List<Asset> findAll(@Bind("ids") UUID[] ids);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + FROM + " WHERE a.tenant_id = :tenant AND a.barcode = :barcode")
  Optional<Asset> findByBarcode(@Bind("barcode") String barcode);

  @BindTenant
  @SqlQuery(
      "SELECT " + COLUMNS + FROM + " WHERE a.tenant_id = :tenant AND a.barcode = ANY(:barcodes)")
  List<Asset> findByBarcodes(@Bind("barcodes") String[] barcodes);

  @SqlUpdate(
      "UPDATE asset SET status = :status, notes = :notes, serial = :serial, barcode = :barcode,"
          + " home_location_id = :home, updated_at = :now WHERE id = :id")
  int update(
      @Bind("id") UUID id,
      @Bind("status") Asset.Status status,
      @Bind("notes") String notes,
      @Bind("serial") String serial,
      @Bind("barcode") String barcode,
      @Bind("home") UUID homeLocationId,
      @Bind("now") java.time.Instant now);

  /** Moves an asset's entry in the node-wide barcode namespace to its new barcode. */
  @SqlUpdate("UPDATE barcode SET code = :code WHERE owner_id = :id AND kind = 'ASSET'")
  int renameBarcode(@Bind("id") UUID id, @Bind("code") String code);

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
