package io.eventkit.node.inventory;

import io.eventkit.node.platform.db.BindTenant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Case.Row.class)
@RegisterConstructorMapper(Case.Bulk.class)
interface CaseDao {
  String COLUMNS =
      "id, barcode, name, kind, parent_case_id, location_id, created_at, weight_grams, length_mm,"
          + " width_mm, height_mm";

  @BindTenant
  @SqlUpdate(
      "INSERT INTO case_container (tenant_id, "
          + COLUMNS
          + ")"
          + " VALUES (:tenant, :id, :barcode, :name, :kind, :parentCaseId, :locationId, :createdAt,"
          + " :weightGrams, :lengthMm, :widthMm, :heightMm)")
  void insert(@BindMethods Case.Row row);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO barcode (tenant_id, code, kind, owner_id) VALUES (:tenant, :code, 'CASE', :id)")
  void registerBarcode(@Bind("code") String code, @Bind("id") UUID id);

  @SqlQuery("SELECT code || ' ' || lower(kind) || ' ' || owner_id FROM barcode WHERE code = :code")
  Optional<String> barcodeOwner(@Bind("code") String code);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM case_container WHERE tenant_id = :tenant AND id = :id")
  Optional<Case.Row> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM case_container WHERE id = :id FOR UPDATE")
  Optional<Case.Row> lock(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(
      "SELECT " + COLUMNS + " FROM case_container WHERE tenant_id = :tenant AND barcode = :barcode")
  Optional<Case.Row> findByBarcode(@Bind("barcode") String barcode);

  @SqlQuery("SELECT asset_id FROM case_asset WHERE case_id = :id ORDER BY asset_id")
  List<UUID> assets(@Bind("id") UUID id);

  @SqlQuery("SELECT product_id, quantity FROM case_bulk WHERE case_id = :id ORDER BY product_id")
  List<Case.Bulk> bulk(@Bind("id") UUID id);

  @SqlQuery("SELECT id FROM case_container WHERE parent_case_id = :id ORDER BY id")
  List<UUID> children(@Bind("id") UUID id);

  @SqlQuery("SELECT case_id FROM case_asset WHERE asset_id = :assetId")
  Optional<UUID> caseOfAsset(@Bind("assetId") UUID assetId);

  /** The case and its ancestors, nearest first (for the cycle check). */
  @SqlQuery
  @UseClasspathSqlLocator
  List<UUID> ancestors(@Bind("id") UUID id);

  /** The case and all cases nested in it. */
  @SqlQuery
  @UseClasspathSqlLocator
  List<UUID> subtree(@Bind("id") UUID id);

  @SqlQuery("SELECT asset_id FROM case_asset WHERE case_id = ANY(:ids) ORDER BY asset_id")
  List<UUID> assetsIn(@Bind("ids") UUID[] caseIds);

  @SqlQuery(
      "SELECT product_id, sum(quantity)::int AS quantity FROM case_bulk WHERE case_id = ANY(:ids)"
          + " GROUP BY product_id ORDER BY product_id")
  List<Case.Bulk> bulkIn(@Bind("ids") UUID[] caseIds);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO case_asset (tenant_id, case_id, asset_id) VALUES (:tenant, :caseId, :assetId)")
  void addAsset(@Bind("caseId") UUID caseId, @Bind("assetId") UUID assetId);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO case_bulk AS c (tenant_id, case_id, product_id, quantity)"
          + " VALUES (:tenant, :caseId, :productId, :q)"
          + " ON CONFLICT (case_id, product_id) DO UPDATE SET quantity = c.quantity + :q")
  void addBulk(@Bind("caseId") UUID caseId, @Bind("productId") UUID productId, @Bind("q") int q);

  @SqlUpdate("UPDATE case_container SET parent_case_id = :parent WHERE id = :id")
  void setParent(@Bind("id") UUID id, @Bind("parent") UUID parent);

  @SqlUpdate("DELETE FROM case_asset WHERE case_id = :caseId AND asset_id = :assetId")
  int removeAsset(@Bind("caseId") UUID caseId, @Bind("assetId") UUID assetId);

  @SqlUpdate("DELETE FROM case_bulk WHERE case_id = :caseId AND product_id = :productId")
  int removeBulk(@Bind("caseId") UUID caseId, @Bind("productId") UUID productId);

  /** {@code like} is a LIKE pattern on lower(barcode) and lower(name), or null for all. */
  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM case_container"
          + " WHERE tenant_id = :tenant AND (CAST(:afterBarcode AS text) IS NULL OR (barcode, id) > (:afterBarcode, :afterId))"
          + " AND (CAST(:like AS text) IS NULL OR lower(barcode) LIKE :like OR lower(name) LIKE :like)"
          + " ORDER BY barcode, id LIMIT :limit")
  List<Case.Row> list(
      @Bind("like") String like,
      @Bind("afterBarcode") String afterBarcode,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  @BindTenant
  @SqlUpdate(
      "UPDATE case_container SET name = :name, kind = :kind, location_id = :locationId,"
          + " weight_grams = :weightGrams, length_mm = :lengthMm, width_mm = :widthMm,"
          + " height_mm = :heightMm WHERE tenant_id = :tenant AND id = :id")
  int update(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("kind") Case.Kind kind,
      @Bind("locationId") UUID locationId,
      @Bind("weightGrams") long weightGrams,
      @Bind("lengthMm") int lengthMm,
      @Bind("widthMm") int widthMm,
      @Bind("heightMm") int heightMm);

  /** What a case holds and what books it (any of these blocks its deletion). */
  record References(
      long assets,
      long bulkProducts,
      long childCases,
      long bookingLines,
      long events,
      String anEventName) {}

  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(References.class)
  References references(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM barcode WHERE code = :code AND owner_id = :id")
  int unregisterBarcode(@Bind("code") String code, @Bind("id") UUID id);

  @BindTenant
  @SqlUpdate("DELETE FROM case_container WHERE tenant_id = :tenant AND id = :id")
  int delete(@Bind("id") UUID id);
}
