package io.eventkit.node.quotes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import io.eventkit.node.quotes.Pricing.DayFactor;
import io.eventkit.node.quotes.QuoteModel.ExchangeRate;
import io.eventkit.node.quotes.QuoteModel.PriceList;
import io.eventkit.node.quotes.QuoteModel.PriceOverride;
import io.eventkit.node.quotes.QuoteModel.RateCard;
import io.eventkit.node.quotes.QuoteModel.Settings;
import io.eventkit.node.quotes.QuoteModel.SettingsChanges;
import io.eventkit.node.quotes.QuoteModel.TaxRate;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The node's pricing: settings, rate cards, price lists, tax rates and exchange rates. */
final class Rates {
  static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final Pattern TAX_CODE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
  private static final Pattern RATE = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,8})?");

  /** Goes into the PDF's CSS as given: only #rgb or #rrggbb. */
  private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}");

  private static final Pattern LOGO =
      Pattern.compile("data:image/(png|jpeg|svg\\+xml);base64,([A-Za-z0-9+/]*={0,2})");
  static final int MAX_LOGO_BYTES = 256 * 1024;
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9-]{0,10}");

  private final Jdbi jdbi;
  private final Clock clock;

  Rates(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  // ---- settings ----

  Settings settings() {
    return jdbi.withHandle(Rates::settings);
  }

  static Settings settings(Handle h) {
    PricingDao dao = Daos.of(h, PricingDao.class);
    Map<String, Object> r =
        dao.settings()
            .orElseGet(
                () -> {
                  dao.ensureSettings();
                  return dao.settings().orElseThrow();
                });
    return new Settings(
        (String) r.get("base_currency"),
        ((Number) r.get("approval_threshold_bp")).intValue(),
        ((Number) r.get("validity_days")).intValue(),
        (String) r.get("default_tax_code"),
        (String) r.get("number_prefix"),
        factors((String) r.get("factors")),
        (String) r.get("company_name"),
        (String) r.get("company_address"),
        (String) r.get("logo_data_uri"),
        (String) r.get("primary_color"),
        (String) r.get("terms"),
        (String) r.get("default_language"));
  }

  Settings updateSettings(SettingsChanges c) {
    Validation v = new Validation();
    if (c.baseCurrency() != null) {
      currency(v, c.baseCurrency(), "base_currency");
    }
    if (c.approvalThresholdBp() != null) {
      v.check(
          c.approvalThresholdBp() >= 0 && c.approvalThresholdBp() <= 10000,
          "approval_threshold_bp",
          "must be 0–10000 basis points (1500 = 15 %)");
    }
    if (c.validityDays() != null) {
      v.check(
          c.validityDays() >= 1 && c.validityDays() <= 3650,
          "validity_days",
          "must be 1–3650 days");
    }
    if (c.numberPrefix() != null) {
      v.check(
          PREFIX.matcher(c.numberPrefix()).matches(),
          "number_prefix",
          "must be at most 10 characters of A–Z a–z 0–9 -");
    }
    if (c.defaultDayFactors() != null) {
      checkFactors(v, c.defaultDayFactors(), "default_day_factors", false);
    }
    v.maxLength(c.companyName(), 200, "company_name")
        .maxLength(c.companyAddress(), 1000, "company_address")
        .maxLength(c.terms(), 20000, "terms");
    if (c.logoDataUri() != null && !c.logoDataUri().isEmpty()) {
      checkLogo(v, c.logoDataUri());
    }
    if (c.primaryColor() != null && !c.primaryColor().isEmpty()) {
      v.check(
          COLOR.matcher(c.primaryColor()).matches(),
          "primary_color",
          "must be #rgb or #rrggbb (e.g. #1c7ed6)");
    }
    if (c.defaultLanguage() != null) {
      language(v, c.defaultLanguage(), "default_language", false);
    }
    v.throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          Settings s = settings(h);
          if (c.defaultTaxCode() != null && !c.defaultTaxCode().isEmpty()) {
            requireTaxCode(h, c.defaultTaxCode(), "default_tax_code");
          }
          Settings n =
              new Settings(
                  or(c.baseCurrency(), s.baseCurrency()),
                  c.approvalThresholdBp() == null
                      ? s.approvalThresholdBp()
                      : c.approvalThresholdBp(),
                  c.validityDays() == null ? s.validityDays() : c.validityDays(),
                  or(c.defaultTaxCode(), s.defaultTaxCode()),
                  or(c.numberPrefix(), s.numberPrefix()),
                  c.defaultDayFactors() == null ? s.defaultDayFactors() : c.defaultDayFactors(),
                  or(c.companyName(), s.companyName()),
                  or(c.companyAddress(), s.companyAddress()),
                  or(c.logoDataUri(), s.logoDataUri()),
                  or(c.primaryColor(), s.primaryColor()),
                  or(c.terms(), s.terms()),
                  c.defaultLanguage() == null
                      ? s.defaultLanguage()
                      : Locale.forLanguageTag(c.defaultLanguage()).toLanguageTag());
          Daos.of(h, PricingDao.class)
              .updateSettings(
                  n.baseCurrency(),
                  n.approvalThresholdBp(),
                  n.validityDays(),
                  n.defaultTaxCode(),
                  n.numberPrefix(),
                  json(n.defaultDayFactors()),
                  n.companyName().trim(),
                  n.companyAddress(),
                  n.logoDataUri(),
                  n.primaryColor(),
                  n.terms(),
                  n.defaultLanguage(),
                  now());
          return settings(h);
        });
  }

  private static void checkLogo(Validation v, String uri) {
    // Base64 of 256 KiB is 349,528 characters; refuse longer input before matching or decoding.
    java.util.regex.Matcher m = uri.length() <= 350_000 ? LOGO.matcher(uri) : null;
    byte[] bytes = null;
    if (m != null && m.matches()) {
      try {
        bytes = java.util.Base64.getDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        bytes = null;
      }
    }
    if (uri.length() > 350_000 || (bytes != null && bytes.length > MAX_LOGO_BYTES)) {
      v.check(false, "logo_data_uri", "must be at most 256 KiB");
    } else {
      v.check(
          bytes != null && bytes.length > 0,
          "logo_data_uri",
          "must be a data:image/png, image/jpeg or image/svg+xml URI with base64 content");
    }
  }

  private static String or(String v, String old) {
    return v == null ? old : v;
  }

  // ---- rate cards ----

  RateCard setRateCard(UUID productId, String currency, long day, long week, List<DayFactor> f) {
    Validation v = new Validation();
    v.check(day > 0, "day_rate.minor_units", "must be more than 0");
    v.check(week >= 0, "week_rate.minor_units", "must not be negative");
    checkFactors(v, f, "day_factors", true);
    v.throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          Settings s = settings(h);
          checkBase(s, currency, "day_rate.currency_code");
          PricingDao dao = Daos.of(h, PricingDao.class);
          String unusedName =
              dao.productName(productId)
                  .orElseThrow(
                      () -> DomainException.notFound("product " + productId + " not found"));
          dao.setRateCard(productId, day, week, json(f), now());
          return rateCards(h, List.of(productId)).get(0);
        });
  }

  static void checkBase(Settings s, String currency, String field) {
    if (currency != null && !currency.isEmpty() && !currency.equals(s.baseCurrency())) {
      throw DomainException.invalid(
          field
              + ": rate cards and price lists are in the base currency "
              + s.baseCurrency()
              + ", not "
              + currency);
    }
  }

  RateCard rateCard(UUID productId) {
    List<RateCard> r = jdbi.withHandle(h -> rateCards(h, List.of(productId)));
    if (r.isEmpty()) {
      throw DomainException.notFound("product " + productId + " has no rate card");
    }
    return r.get(0);
  }

  static List<RateCard> rateCards(Handle h, List<UUID> productIds) {
    return rateCards(h, productIds, settings(h).baseCurrency());
  }

  static List<RateCard> rateCards(Handle h, List<UUID> productIds, String base) {
    if (productIds.isEmpty()) {
      return List.of();
    }
    return Daos.of(h, PricingDao.class)
        .rateCards(productIds.stream().distinct().toArray(UUID[]::new))
        .stream()
        .map(r -> rateCard(r, base))
        .toList();
  }

  /**
   * What RENTAL lines of these products are priced from: their rate cards, and for products without
   * one their inventory rental price as a day rate (no week rate, the default day factors) when
   * that price is in the base currency. Products with neither are absent (priced 0 unless a price
   * is typed).
   */
  static List<RateCard> pricedRates(Handle h, List<UUID> productIds, String base) {
    List<RateCard> cards = new ArrayList<>(rateCards(h, productIds, base));
    if (cards.size() < productIds.stream().distinct().count()) {
      for (Map<String, Object> r :
          Daos.of(h, PricingDao.class)
              .productDayPrices(productIds.stream().distinct().toArray(UUID[]::new), base)) {
        cards.add(
            new RateCard(
                (UUID) r.get("product_id"),
                (String) r.get("product_name"),
                base,
                ((Number) r.get("rental_price_minor")).longValue(),
                0,
                List.of(),
                null));
      }
    }
    return cards;
  }

  private static RateCard rateCard(Map<String, Object> r, String base) {
    return new RateCard(
        (UUID) r.get("product_id"),
        (String) r.get("product_name"),
        base,
        ((Number) r.get("day_rate_minor")).longValue(),
        ((Number) r.get("week_rate_minor")).longValue(),
        factors((String) r.get("factors")),
        instant(r.get("updated_at")));
  }

  PageSpec.Page<RateCard> listRateCards(String query, PageSpec page) {
    new Validation().maxLength(query, 100, "query").throwIfInvalid();
    String like =
        query == null || query.isBlank()
            ? null
            : "%" + Pg.escapeLike(query.trim().toLowerCase(Locale.ROOT)) + "%";
    UUID afterId = page.isFirst() ? null : parseUuid(page.after(1));
    return jdbi.withHandle(
        h -> {
          String base = settings(h).baseCurrency();
          List<RateCard> rows =
              Daos.of(h, PricingDao.class)
                  .listRateCards(like, page.isFirst() ? null : page.after(0), afterId, page.fetch())
                  .stream()
                  .map(r -> rateCard(r, base))
                  .toList();
          return page.page(
              rows,
              r -> List.of(r.productName().toLowerCase(Locale.ROOT), r.productId().toString()));
        });
  }

  private static UUID parseUuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(
          "page.page_token is not valid for this list; start again with an empty token");
    }
  }

  // ---- price lists ----

  PriceList setPriceList(
      UUID id, String name, int discountBp, String currency, List<PriceOverride> overrides) {
    Validation v = new Validation();
    v.notBlank(name, "name").maxLength(name, 100, "name");
    v.check(discountBp >= 0 && discountBp <= 10000, "discount_bp", "must be 0–10000");
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < overrides.size(); i++) {
      PriceOverride o = overrides.get(i);
      v.check(seen.add(o.productId()), "overrides[" + i + "].product_id", "appears twice");
      v.check(o.dayMinor() > 0, "overrides[" + i + "].day_rate", "must be more than 0");
      v.check(o.weekMinor() >= 0, "overrides[" + i + "].week_rate", "must not be negative");
    }
    v.throwIfInvalid();
    try {
      return jdbi.inTransaction(
          h -> {
            checkBase(settings(h), currency, "overrides.day_rate.currency_code");
            PricingDao dao = Daos.of(h, PricingDao.class);
            UUID listId = id == null ? UUID.randomUUID() : id;
            if (id != null && dao.priceList(id).isEmpty()) {
              throw DomainException.notFound("price list " + id + " not found");
            }
            dao.upsertPriceList(listId, name.trim(), discountBp, now());
            dao.clearOverrides(listId);
            for (PriceOverride o : overrides) {
              String unusedName =
                  dao.productName(o.productId())
                      .orElseThrow(
                          () ->
                              DomainException.notFound("product " + o.productId() + " not found"));
              dao.addOverride(listId, o.productId(), o.dayMinor(), o.weekMinor());
            }
            return priceList(h, listId);
          });
    } catch (UnableToExecuteStatementException e) {
      if (Pg.is(e, Pg.UNIQUE_VIOLATION, null)) {
        throw new DomainException(
            ErrorCode.ALREADY_EXISTS, "a price list named '" + name.trim() + "' already exists");
      }
      throw e;
    }
  }

  static PriceList priceList(Handle h, UUID id) {
    PricingDao dao = Daos.of(h, PricingDao.class);
    Map<String, Object> r =
        dao.priceList(id)
            .orElseThrow(() -> DomainException.notFound("price list " + id + " not found"));
    return priceList(r, dao.overrides(new UUID[] {id}, null));
  }

  private static PriceList priceList(Map<String, Object> r, List<Map<String, Object>> ovs) {
    UUID id = (UUID) r.get("id");
    List<PriceOverride> mine = new ArrayList<>();
    for (Map<String, Object> o : ovs) {
      if (id.equals(o.get("price_list_id"))) {
        mine.add(
            new PriceOverride(
                (UUID) o.get("product_id"),
                (String) o.get("product_name"),
                ((Number) o.get("day_rate_minor")).longValue(),
                ((Number) o.get("week_rate_minor")).longValue()));
      }
    }
    return new PriceList(
        id,
        (String) r.get("name"),
        ((Number) r.get("discount_bp")).intValue(),
        mine,
        ((Number) r.get("companies")).intValue());
  }

  List<PriceList> priceLists() {
    return jdbi.withHandle(
        h -> {
          PricingDao dao = Daos.of(h, PricingDao.class);
          List<Map<String, Object>> lists = dao.priceLists();
          List<Map<String, Object>> ovs =
              lists.isEmpty()
                  ? List.of()
                  : dao.overrides(
                      lists.stream().map(r -> (UUID) r.get("id")).toArray(UUID[]::new), null);
          return lists.stream().map(r -> priceList(r, ovs)).toList();
        });
  }

  // ---- taxes ----

  TaxRate setTaxRate(TaxRate t) {
    Validation v = new Validation();
    v.check(
        TAX_CODE.matcher(t.code()).matches(),
        "tax_rate.code",
        "must be 1–40 characters of A–Z a–z 0–9 - _ (e.g. GB-STD)");
    v.maxLength(t.label(), 100, "tax_rate.label")
        .maxLength(t.jurisdiction(), 40, "tax_rate.jurisdiction")
        .check(t.rateBp() >= 0 && t.rateBp() <= 10000, "tax_rate.rate_bp", "must be 0–10000");
    v.throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          Daos.of(h, PricingDao.class)
              .setTaxRate(t.code(), t.label().trim(), t.jurisdiction().trim(), t.rateBp());
          return taxRates(h).stream()
              .filter(x -> x.code().equals(t.code()))
              .findFirst()
              .orElseThrow();
        });
  }

  List<TaxRate> taxRates() {
    return jdbi.withHandle(Rates::taxRates);
  }

  static List<TaxRate> taxRates(Handle h) {
    return Daos.of(h, PricingDao.class).taxRates().stream()
        .map(
            r ->
                new TaxRate(
                    (String) r.get("code"),
                    (String) r.get("label"),
                    (String) r.get("jurisdiction"),
                    ((Number) r.get("rate_bp")).intValue()))
        .toList();
  }

  static TaxRate requireTaxCode(Handle h, String code, String field) {
    return taxRates(h).stream()
        .filter(t -> t.code().equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    field + ": there is no tax rate '" + code + "'; set it up first (SetTaxRate)"));
  }

  // ---- exchange rates ----

  ExchangeRate setExchangeRate(String code, String rate) {
    Validation v = new Validation();
    currency(v, code, "currency_code");
    BigDecimal r = decimalRate(v, rate, "rate");
    v.throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          Settings s = settings(h);
          if (code.equals(s.baseCurrency())) {
            throw DomainException.invalid(
                "currency_code: " + code + " is the base currency (its rate is always 1)");
          }
          Daos.of(h, PricingDao.class).addExchangeRate(code, r, now());
          return latestRate(h, code).orElseThrow();
        });
  }

  List<ExchangeRate> exchangeRates() {
    return jdbi.withHandle(Rates::exchangeRates);
  }

  static List<ExchangeRate> exchangeRates(Handle h) {
    return Daos.of(h, PricingDao.class).latestExchangeRates().stream()
        .map(
            r ->
                new ExchangeRate(
                    (String) r.get("currency_code"),
                    ((BigDecimal) r.get("rate")).stripTrailingZeros(),
                    instant(r.get("recorded_at"))))
        .toList();
  }

  static java.util.Optional<ExchangeRate> latestRate(Handle h, String code) {
    return exchangeRates(h).stream().filter(r -> r.currencyCode().equals(code)).findFirst();
  }

  // ---- shared checks and conversions ----

  static void currency(Validation v, String code, String field) {
    boolean ok = code != null && code.matches("[A-Z]{3}");
    if (ok) {
      try {
        Currency.getInstance(code);
      } catch (IllegalArgumentException e) {
        ok = false;
      }
    }
    v.check(ok, field, "must be an ISO 4217 currency code such as EUR, GBP or JPY");
  }

  static BigDecimal decimalRate(Validation v, String rate, String field) {
    if (rate == null || !RATE.matcher(rate.trim()).matches()) {
      v.check(false, field, "must be a decimal with up to 8 places, e.g. 1.0842");
      return null;
    }
    BigDecimal r = new BigDecimal(rate.trim());
    v.check(r.signum() > 0, field, "must be more than 0");
    return r;
  }

  static void language(Validation v, String tag, String field, boolean allowEmpty) {
    if (tag.isEmpty()) {
      v.check(allowEmpty, field, "is required");
      return;
    }
    boolean ok = tag.length() <= 35;
    if (ok) {
      try {
        new Locale.Builder().setLanguageTag(tag);
      } catch (IllformedLocaleException e) {
        ok = false;
      }
    }
    v.check(ok, field, "must be a BCP 47 language tag such as en, de or ar");
  }

  static void checkFactors(Validation v, List<DayFactor> f, String field, boolean allowEmpty) {
    v.check(allowEmpty || !f.isEmpty(), field, "must have at least one entry");
    v.check(f.size() <= 366, field, "must have at most 366 entries");
    for (int i = 0; i < f.size(); i++) {
      DayFactor d = f.get(i);
      String at = field + "[" + i + "]";
      v.check(d.days() >= 1 && d.days() <= 366, at + ".days", "must be 1–366");
      v.check(
          d.chargedMilli() > 0 && d.chargedMilli() <= 366_000,
          at + ".charged_days_milli",
          "must be more than 0 (1000 = one day)");
      if (i > 0) {
        v.check(d.days() > f.get(i - 1).days(), at + ".days", "must increase within the table");
        v.check(
            d.chargedMilli() >= f.get(i - 1).chargedMilli(),
            at + ".charged_days_milli",
            "must not decrease within the table");
      }
    }
  }

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<DayFactor> factors(String json) {
    try {
      return List.copyOf(JSON.readValue(json, new TypeReference<List<DayFactor>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored day factors are not valid JSON", e);
    }
  }

  static Instant instant(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof Timestamp t) {
      return t.toInstant();
    }
    if (o instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (o instanceof Instant i) {
      return i;
    }
    throw new IllegalStateException("not a time: " + o.getClass());
  }
}
