package io.eventkit.node.quotes;

import io.eventkit.node.platform.db.BindTenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.MapMapper;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Pricing tables: settings, rate cards, price lists, tax and exchange rates. */
@RegisterRowMapper(MapMapper.class)
interface PricingDao extends SqlObject {
  /**
   * The settings row, created with the defaults on first use (V87 creates the default tenant's).
   */
  @BindTenant
  @SqlUpdate("INSERT INTO quote_settings (tenant_id) VALUES (:tenant) ON CONFLICT DO NOTHING")
  void ensureSettings();

  @BindTenant
  @SqlQuery(
      "SELECT base_currency, approval_threshold_bp, validity_days, default_tax_code,"
          + " number_prefix, default_day_factors::text AS factors, company_name, company_address,"
          + " logo_data_uri, primary_color, terms, default_language"
          + " FROM quote_settings WHERE tenant_id = :tenant")
  Optional<Map<String, Object>> settings();

  @BindTenant
  @SqlUpdate(
      "UPDATE quote_settings SET base_currency = :base, approval_threshold_bp = :threshold,"
          + " validity_days = :validity, default_tax_code = :tax, number_prefix = :prefix,"
          + " default_day_factors = CAST(:factors AS jsonb), company_name = :company,"
          + " company_address = :address, logo_data_uri = :logo, primary_color = :color,"
          + " terms = :terms, default_language = :language, updated_at = :now"
          + " WHERE tenant_id = :tenant")
  void updateSettings(
      @Bind("base") String base,
      @Bind("threshold") int threshold,
      @Bind("validity") int validity,
      @Bind("tax") String tax,
      @Bind("prefix") String prefix,
      @Bind("factors") String factors,
      @Bind("company") String company,
      @Bind("address") String address,
      @Bind("logo") String logo,
      @Bind("color") String color,
      @Bind("terms") String terms,
      @Bind("language") String language,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO rate_card (product_id, tenant_id, day_rate_minor, week_rate_minor, day_factors,"
          + " updated_at) VALUES (:product, :tenant, :day, :week, CAST(:factors AS jsonb), :now)"
          + " ON CONFLICT (product_id) DO UPDATE SET day_rate_minor = excluded.day_rate_minor,"
          + " week_rate_minor = excluded.week_rate_minor, day_factors = excluded.day_factors,"
          + " updated_at = excluded.updated_at")
  void setRateCard(
      @Bind("product") UUID product,
      @Bind("day") long day,
      @Bind("week") long week,
      @Bind("factors") String factors,
      @Bind("now") Instant now);

  String RATE_COLUMNS =
      "r.product_id, p.name AS product_name, r.day_rate_minor, r.week_rate_minor,"
          + " r.day_factors::text AS factors, r.updated_at";

  @BindTenant
  @SqlQuery(
      "SELECT "
          + RATE_COLUMNS
          + " FROM rate_card r JOIN product p ON p.id = r.product_id"
          + " WHERE r.tenant_id = :tenant AND r.product_id = ANY(:ids)")
  List<Map<String, Object>> rateCards(@Bind("ids") UUID[] ids);

  /**
   * The inventory day price of those {@code ids} that have no rate card, where it is in {@code
   * base} and not zero: a product's own rental price stands in for a missing rate card.
   */
  @BindTenant
  @SqlQuery(
      "SELECT p.id AS product_id, p.name AS product_name, p.rental_price_minor"
          + " FROM product p"
          + " WHERE p.tenant_id = :tenant AND p.id = ANY(:ids)"
          + " AND p.rental_price_currency = :base AND p.rental_price_minor > 0"
          + " AND NOT EXISTS (SELECT 1 FROM rate_card r WHERE r.product_id = p.id)")
  List<Map<String, Object>> productDayPrices(@Bind("ids") UUID[] ids, @Bind("base") String base);

  @BindTenant
  @SqlQuery(
      "SELECT "
          + RATE_COLUMNS
          + " FROM rate_card r JOIN product p ON p.id = r.product_id"
          + " WHERE r.tenant_id = :tenant"
          + " AND (CAST(:like AS text) IS NULL OR lower(p.name) LIKE CAST(:like AS text))"
          + " AND (CAST(:afterName AS text) IS NULL"
          + "      OR (lower(p.name), r.product_id) > (CAST(:afterName AS text), CAST(:afterId AS uuid)))"
          + " ORDER BY lower(p.name), r.product_id LIMIT :limit")
  List<Map<String, Object>> listRateCards(
      @Bind("like") String like,
      @Bind("afterName") String afterName,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  @BindTenant
  @SqlQuery(
      "SELECT l.id, l.name, l.discount_bp,"
          + " (SELECT count(*) FROM crm_company c WHERE c.price_list_id = l.id)::int AS companies"
          + " FROM price_list l WHERE l.tenant_id = :tenant ORDER BY lower(l.name), l.id")
  List<Map<String, Object>> priceLists();

  @BindTenant
  @SqlQuery(
      "SELECT l.id, l.name, l.discount_bp,"
          + " (SELECT count(*) FROM crm_company c WHERE c.price_list_id = l.id)::int AS companies"
          + " FROM price_list l WHERE l.tenant_id = :tenant AND l.id = :id")
  Optional<Map<String, Object>> priceList(@Bind("id") UUID id);

  @SqlQuery(
      "SELECT o.price_list_id, o.product_id, p.name AS product_name, o.day_rate_minor,"
          + " o.week_rate_minor FROM price_override o JOIN product p ON p.id = o.product_id"
          + " WHERE o.price_list_id = ANY(:lists) AND (CAST(:ids AS uuid[]) IS NULL"
          + " OR o.product_id = ANY(:ids)) ORDER BY lower(p.name), o.product_id")
  List<Map<String, Object>> overrides(@Bind("lists") UUID[] lists, @Bind("ids") UUID[] ids);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO price_list (id, tenant_id, name, discount_bp, updated_at)"
          + " VALUES (:id, :tenant, :name, :discount, :now)"
          + " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
          + " discount_bp = excluded.discount_bp, updated_at = excluded.updated_at")
  void upsertPriceList(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("discount") int discount,
      @Bind("now") Instant now);

  @SqlUpdate("DELETE FROM price_override WHERE price_list_id = :id")
  void clearOverrides(@Bind("id") UUID id);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO price_override (price_list_id, product_id, tenant_id, day_rate_minor,"
          + " week_rate_minor) VALUES (:list, :product, :tenant, :day, :week)")
  void addOverride(
      @Bind("list") UUID list,
      @Bind("product") UUID product,
      @Bind("day") long day,
      @Bind("week") long week);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO tax_rate (tenant_id, code, label, jurisdiction, rate_bp)"
          + " VALUES (:tenant, :code, :label, :jurisdiction, :rate)"
          + " ON CONFLICT (tenant_id, code) DO UPDATE SET label = excluded.label,"
          + " jurisdiction = excluded.jurisdiction, rate_bp = excluded.rate_bp")
  void setTaxRate(
      @Bind("code") String code,
      @Bind("label") String label,
      @Bind("jurisdiction") String jurisdiction,
      @Bind("rate") int rate);

  @BindTenant
  @SqlQuery(
      "SELECT code, label, jurisdiction, rate_bp FROM tax_rate WHERE tenant_id = :tenant"
          + " ORDER BY code")
  List<Map<String, Object>> taxRates();

  @BindTenant
  @SqlUpdate(
      "INSERT INTO exchange_rate (tenant_id, currency_code, rate, recorded_at)"
          + " VALUES (:tenant, :code, :rate, :now)")
  void addExchangeRate(
      @Bind("code") String code, @Bind("rate") BigDecimal rate, @Bind("now") Instant now);

  @BindTenant
  @SqlQuery(
      "SELECT DISTINCT ON (currency_code) currency_code, rate, recorded_at FROM exchange_rate"
          + " WHERE tenant_id = :tenant ORDER BY currency_code, recorded_at DESC, id DESC")
  List<Map<String, Object>> latestExchangeRates();

  @SqlQuery("SELECT name FROM product WHERE id = :id")
  Optional<String> productName(@Bind("id") UUID id);
}
