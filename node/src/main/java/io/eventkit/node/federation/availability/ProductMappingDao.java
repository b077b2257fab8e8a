package io.eventkit.node.federation.availability;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The federation_product_mapping table (V31). */
@UseClasspathSqlLocator
interface ProductMappingDao {
  /** A row joined with the local product's name. */
  record Row(
      String partnerNodeId,
      UUID productId,
      String productName,
      String partnerProductId,
      String partnerManufacturer,
      String partnerModel,
      String partnerCategory,
      String partnerName,
      String partnerGtin,
      String state,
      String match,
      String decidedBy,
      Instant decidedAt) {}

  /** A local product, as the matcher needs it. */
  record Local(UUID id, String manufacturer, String model, String name, String gtin) {}

  /** A suggestion to store (partner fields as in its catalogue). */
  record Suggestion(
      UUID productId,
      String partnerProductId,
      String manufacturer,
      String model,
      String category,
      String name,
      String gtin,
      String match) {}

  @BindTenant
  @SqlQuery
  @RegisterConstructorMapper(Local.class)
  List<Local> allProducts();

  @BindTenant
  @SqlBatch
  void upsertSuggestions(
      @Bind("partner") String partner,
      @BindMethods("s") List<Suggestion> s,
      @Bind("now") Instant now);

  /**
   * Removes SUGGESTED rows of the partner that are not in {@code keys} ("product partner-product").
   */
  @BindTenant
  @SqlUpdate
  int dropStaleSuggestions(@Bind("partner") String partner, @Bind("keys") String[] keys);

  @BindTenant
  @SqlQuery
  List<String> decidedPartnerProducts(@Bind("partner") String partner);

  /** Refreshes the partner-product fields of decided rows (state unchanged). */
  @BindTenant
  @SqlBatch
  void refreshDecided(@Bind("partner") String partner, @BindMethods("s") List<Suggestion> s);

  @BindTenant
  @SqlQuery
  @RegisterConstructorMapper(Row.class)
  List<Row> list(
      @Bind("partner") String partner,
      @Bind("states") String[] states,
      @Bind("productId") UUID productId,
      @Bind("afterName") String afterName,
      @Bind("afterProduct") UUID afterProduct,
      @Bind("afterPartnerProduct") String afterPartnerProduct,
      @Bind("limit") int limit);

  @BindTenant
  @SqlQuery
  @RegisterConstructorMapper(Local.class)
  List<Local> unmatched(
      @Bind("partner") String partner,
      @Bind("afterName") String afterName,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  @BindTenant
  @SqlQuery
  @RegisterConstructorMapper(Row.class)
  List<Row> decided(@Bind("ids") UUID[] productIds);

  @BindTenant
  @SqlQuery
  java.util.Optional<String> lockState(
      @Bind("partner") String partner, @Bind("product") UUID product, @Bind("pp") String pp);

  @BindTenant
  @SqlUpdate
  int decide(
      @Bind("partner") String partner,
      @Bind("product") UUID product,
      @Bind("pp") String pp,
      @Bind("state") String state,
      @Bind("by") String by,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate
  void override(
      @Bind("partner") String partner,
      @BindMethods("s") Suggestion s,
      @Bind("by") String by,
      @Bind("now") Instant now);
}
