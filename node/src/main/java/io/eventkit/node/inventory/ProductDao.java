package io.eventkit.node.inventory;

import io.eventkit.node.kernel.Money;
import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(ProductDao.Mapper.class)
interface ProductDao {
  String COLUMNS =
      "id, manufacturer, model, name, category, description, gtin, rental_price_currency,"
          + " rental_price_minor, replacement_currency, replacement_minor, weight_grams,"
          + " buffer_before_seconds, buffer_after_seconds, tracking, shared, created_at, updated_at,"
          + " length_mm, width_mm, height_mm";

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void insert(@BindMethods("p") List<Row> rows);

  @SqlUpdate
  @UseClasspathSqlLocator
  int update(@BindMethods("p") Row row);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM product WHERE tenant_id = :tenant AND id = :id")
  Optional<Product> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM product WHERE id = :id FOR UPDATE")
  Optional<Product> lock(@Bind("id") UUID id);

  /** Locks several products in ID order (the one lock order, so writers never deadlock). */
  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM product WHERE tenant_id = :tenant AND id = ANY(:ids)")
  List<Product> findAll(@Bind("ids") UUID[] ids);

  @SqlQuery("SELECT id FROM product WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
  List<UUID> lockAll(@Bind("ids") UUID[] ids);

  @BindTenant
  @SqlQuery("SELECT id FROM product WHERE tenant_id = :tenant AND gtin = :gtin")
  Optional<UUID> findByGtin(@Bind("gtin") String gtin);

  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM product WHERE tenant_id = :tenant AND (:category IS NULL OR category = :category)"
          + " ORDER BY name, id LIMIT :limit")
  List<Product> listFirst(@Bind("category") String category, @Bind("limit") int limit);

  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM product WHERE tenant_id = :tenant AND (name, id) > (:name, :id)"
          + " AND (:category IS NULL OR category = :category) ORDER BY name, id LIMIT :limit")
  List<Product> listAfter(
      @Bind("category") String category,
      @Bind("name") String name,
      @Bind("id") UUID id,
      @Bind("limit") int limit);

  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(References.class)
  References references(@Bind("id") UUID id);

  @BindTenant
  @SqlUpdate("DELETE FROM product WHERE tenant_id = :tenant AND id = :id")
  int delete(@Bind("id") UUID id);

  @SqlUpdate
  @UseClasspathSqlLocator
  int rewidenBookings(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT count(*) FROM product WHERE tenant_id = :tenant")
  long count();

  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM product WHERE tenant_id = :tenant AND shared ORDER BY name, id LIMIT :limit")
  List<Product> listSharedFirst(@Bind("limit") int limit);

  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM product WHERE tenant_id = :tenant AND shared AND (name, id) > (:name, :id) ORDER BY name, id LIMIT :limit")
  List<Product> listSharedAfter(
      @Bind("name") String name, @Bind("id") UUID id, @Bind("limit") int limit);

  @BindTenant
  @SqlQuery(
      "SELECT " + COLUMNS + " FROM product WHERE tenant_id = :tenant AND shared AND id = ANY(:ids)")
  List<Product> findShared(@Bind("ids") UUID[] ids);

  /** A product category and how many products are in it. */
  record CategoryCount(String name, int productCount) {}

  @BindTenant
  @SqlQuery(
      "SELECT category AS name, count(*)::int AS product_count FROM product"
          + " WHERE tenant_id = :tenant GROUP BY category ORDER BY category")
  @RegisterConstructorMapper(CategoryCount.class)
  List<CategoryCount> categories();

  /** What refers to a product (a product with any of these cannot be deleted). */
  record References(long bookingLines, long assets, long stockAdjustments, String anEventName) {}

  /** Flat insert/update row. */
  record Row(
      UUID id,
      String manufacturer,
      String model,
      String name,
      String category,
      String description,
      String gtin,
      String rentalPriceCurrency,
      long rentalPriceMinor,
      String replacementCurrency,
      long replacementMinor,
      long weightGrams,
      long bufferBeforeSeconds,
      long bufferAfterSeconds,
      String tracking,
      boolean shared,
      java.time.Instant createdAt,
      java.time.Instant updatedAt,
      int lengthMm,
      int widthMm,
      int heightMm) {
    static Row of(Product p) {
      Product.ProductFields f = p.fields();
      return new Row(
          p.id(),
          f.manufacturer(),
          f.model(),
          f.name(),
          f.category(),
          f.description(),
          f.gtin(),
          f.rentalPrice().currencyCode(),
          f.rentalPrice().minorUnits(),
          f.replacementValue().currencyCode(),
          f.replacementValue().minorUnits(),
          f.weightGrams(),
          f.bufferBefore().toSeconds(),
          f.bufferAfter().toSeconds(),
          f.tracking().name(),
          f.shared(),
          p.createdAt(),
          p.updatedAt(),
          f.dimensions().lengthMm(),
          f.dimensions().widthMm(),
          f.dimensions().heightMm());
    }
  }

  final class Mapper implements RowMapper<Product> {
    @Override
    public Product map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Product(
          rs.getObject("id", UUID.class),
          new Product.ProductFields(
              rs.getString("manufacturer"),
              rs.getString("model"),
              rs.getString("name"),
              rs.getString("category"),
              rs.getString("description"),
              rs.getString("gtin"),
              new Money(rs.getString("rental_price_currency"), rs.getLong("rental_price_minor")),
              new Money(rs.getString("replacement_currency"), rs.getLong("replacement_minor")),
              rs.getLong("weight_grams"),
              Duration.ofSeconds(rs.getLong("buffer_before_seconds")),
              Duration.ofSeconds(rs.getLong("buffer_after_seconds")),
              Product.Tracking.valueOf(rs.getString("tracking")),
              rs.getBoolean("shared"),
              new Product.Dimensions(
                  rs.getInt("length_mm"), rs.getInt("width_mm"), rs.getInt("height_mm"))),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant());
    }
  }
}
