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
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Quotes, their draft lines and their sent versions; CRM and event names by SQL joins. */
@RegisterRowMapper(MapMapper.class)
interface QuoteDao extends SqlObject {
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<Map<String, Object>> find(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT EXISTS (SELECT 1 FROM quote WHERE tenant_id = :tenant)")
  boolean any();

  @BindTenant
  @SqlQuery("SELECT revision FROM quote WHERE id = :id AND tenant_id = :tenant FOR UPDATE")
  Optional<Long> lock(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Map<String, Object>> list(
      @Bind("states") String[] states,
      @Bind("companyId") UUID companyId,
      @Bind("eventId") UUID eventId,
      @Bind("like") String like,
      @Bind("now") Instant now,
      @Bind("afterCreated") Instant afterCreated,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  @BindTenant
  @SqlQuery(
      "INSERT INTO quote_counter (tenant_id, year, last) VALUES (:tenant, :year, 1)"
          + " ON CONFLICT (tenant_id, year) DO UPDATE SET last = quote_counter.last + 1"
          + " RETURNING last")
  int nextNumber(@Bind("year") int year);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO quote (id, tenant_id, number, title, state, company_id, contact_id, event_id,"
          + " currency, exchange_rate, price_list_id, language, valid_until, notes, created_by,"
          + " created_at, updated_at) VALUES (:id, :tenant, :number, :title, 'DRAFT', :company,"
          + " :contact, :event, :currency, :rate, :priceList, :language, :validUntil, :notes, :by,"
          + " :now, :now)")
  void insert(
      @Bind("id") UUID id,
      @Bind("number") String number,
      @Bind("title") String title,
      @Bind("company") UUID company,
      @Bind("contact") UUID contact,
      @Bind("event") UUID event,
      @Bind("currency") String currency,
      @Bind("rate") BigDecimal rate,
      @Bind("priceList") UUID priceList,
      @Bind("language") String language,
      @Bind("validUntil") Instant validUntil,
      @Bind("notes") String notes,
      @Bind("by") String by,
      @Bind("now") Instant now);

  @SqlUpdate(
      "UPDATE quote SET title = :title, contact_id = :contact, currency = :currency,"
          + " exchange_rate = :rate, price_list_id = :priceList, language = :language,"
          + " valid_until = :validUntil, discount_bp = :discount, notes = :notes"
          + " WHERE id = :id")
  void updateHeader(
      @Bind("id") UUID id,
      @Bind("title") String title,
      @Bind("contact") UUID contact,
      @Bind("currency") String currency,
      @Bind("rate") BigDecimal rate,
      @Bind("priceList") UUID priceList,
      @Bind("language") String language,
      @Bind("validUntil") Instant validUntil,
      @Bind("discount") int discount,
      @Bind("notes") String notes);

  @SqlUpdate("UPDATE quote SET revision = revision + 1, updated_at = :now WHERE id = :id")
  void touch(@Bind("id") UUID id, @Bind("now") Instant now);

  @SqlUpdate(
      "UPDATE quote SET approved_revision = revision, approved_by = :by, approved_at = :now"
          + " WHERE id = :id")
  void approve(@Bind("id") UUID id, @Bind("by") String by, @Bind("now") Instant now);

  @SqlUpdate(
      "UPDATE quote SET state = 'SENT', latest_version = :version, sent_revision = revision,"
          + " updated_at = :now WHERE id = :id")
  void markSent(@Bind("id") UUID id, @Bind("version") int version, @Bind("now") Instant now);

  @SqlUpdate(
      "UPDATE quote SET state = :state, accepted_version = :accepted, decision_note = :note,"
          + " decline_reason = :reason, decided_at = :now, updated_at = :now WHERE id = :id")
  void decide(
      @Bind("id") UUID id,
      @Bind("state") String state,
      @Bind("accepted") int accepted,
      @Bind("note") String note,
      @Bind("reason") String reason,
      @Bind("now") Instant now);

  String LINE_COLUMNS =
      "id, position, kind, product_id, description, quantity, unit, period_start, period_end,"
          + " unit_price, discount_bp, tax_code, booking_line_id";

  @SqlQuery(
      "SELECT " + LINE_COLUMNS + " FROM quote_line WHERE quote_id = :quote ORDER BY position, id")
  List<Map<String, Object>> lines(@Bind("quote") UUID quote);

  /** The lines of a page of quotes (tenant-checked by the list that found them). */
  @SqlQuery(
      "SELECT quote_id, "
          + LINE_COLUMNS
          + " FROM quote_line WHERE quote_id = ANY(:quotes) ORDER BY quote_id, position, id")
  List<Map<String, Object>> linesOf(@Bind("quotes") UUID[] quotes);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO quote_line (id, quote_id, tenant_id, position, kind, product_id, description,"
          + " quantity, unit, period_start, period_end, unit_price, discount_bp, tax_code,"
          + " booking_line_id) VALUES (:id, :quote, :tenant, :position, :kind, :product,"
          + " :description, :quantity, :unit, :start, :end, :price, :discount, :tax, :booking)")
  void insertLine(
      @Bind("id") UUID id,
      @Bind("quote") UUID quote,
      @Bind("position") int position,
      @Bind("kind") String kind,
      @Bind("product") UUID product,
      @Bind("description") String description,
      @Bind("quantity") BigDecimal quantity,
      @Bind("unit") String unit,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("price") Long price,
      @Bind("discount") int discount,
      @Bind("tax") String tax,
      @Bind("booking") UUID booking);

  @SqlUpdate(
      "UPDATE quote_line SET position = :position, description = :description,"
          + " quantity = :quantity, unit = :unit, period_start = :start, period_end = :end,"
          + " unit_price = :price, discount_bp = :discount, tax_code = :tax WHERE id = :id")
  void updateLine(
      @Bind("id") UUID id,
      @Bind("position") int position,
      @Bind("description") String description,
      @Bind("quantity") BigDecimal quantity,
      @Bind("unit") String unit,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("price") Long price,
      @Bind("discount") int discount,
      @Bind("tax") String tax);

  @SqlUpdate("DELETE FROM quote_line WHERE id = :id")
  void deleteLine(@Bind("id") UUID id);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO quote_version (quote_id, version, tenant_id, content, total, valid_until,"
          + " sent_at, sent_by) VALUES (:quote, :version, :tenant, CAST(:content AS jsonb),"
          + " :total, :validUntil, :now, :by)")
  void insertVersion(
      @Bind("quote") UUID quote,
      @Bind("version") int version,
      @Bind("content") String content,
      @Bind("total") long total,
      @Bind("validUntil") Instant validUntil,
      @Bind("now") Instant now,
      @Bind("by") String by);

  @SqlQuery(
      "SELECT quote_id, version, content::text AS content, total, valid_until, sent_at, sent_by"
          + " FROM quote_version WHERE quote_id = :quote AND version = :version")
  Optional<Map<String, Object>> version(@Bind("quote") UUID quote, @Bind("version") int version);

  @SqlQuery(
      "SELECT version, total, content->>'currency' AS currency, valid_until, sent_at, sent_by"
          + " FROM quote_version WHERE quote_id = :quote ORDER BY version")
  List<Map<String, Object>> versions(@Bind("quote") UUID quote);

  @SqlQuery(
      "SELECT quote_id, version, total, content->>'currency' AS currency, valid_until, sent_at,"
          + " sent_by FROM quote_version WHERE quote_id = ANY(:quotes) ORDER BY quote_id, version")
  List<Map<String, Object>> versionsOf(@Bind("quotes") UUID[] quotes);

  /** The event's client (V70), read here so quotes need not wait for the CRM feature. */
  @BindTenant
  @SqlQuery(
      "SELECT client_company_id, client_contact_id FROM event"
          + " WHERE tenant_id = :tenant AND id = :id")
  Optional<Map<String, Object>> eventClient(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(
      "SELECT id, name, default_currency, language, price_list_id, archived FROM crm_company"
          + " WHERE tenant_id = :tenant AND id = :id")
  Optional<Map<String, Object>> company(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(
      "SELECT id, company_id, language, email FROM crm_contact"
          + " WHERE tenant_id = :tenant AND id = :id")
  Optional<Map<String, Object>> contact(@Bind("id") UUID id);

  @SqlQuery("SELECT id, name FROM product WHERE id = ANY(:ids)")
  List<Map<String, Object>> productNames(@Bind("ids") UUID[] ids);

  @BindTenant
  @SqlQuery(
      "SELECT number FROM quote WHERE tenant_id = :tenant AND event_id = :event"
          + " ORDER BY created_at LIMIT 1")
  Optional<String> quoteOfEvent(@Bind("event") UUID event);
}
