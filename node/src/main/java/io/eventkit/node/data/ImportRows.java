package io.eventkit.node.data;

import io.eventkit.node.crm.CrmModule;
import io.eventkit.node.data.Importer.Counter;
import io.eventkit.node.data.Importer.Row;
import io.eventkit.node.kernel.DomainException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The per-entity rules of a CSV import: parse and check a row's fields into column values (as
 * PostgreSQL's {@code ::text} prints them), find the stored row by the natural key, and insert,
 * update or leave it. Blank cells and unmapped fields leave a stored value as it is (and take the
 * default on a new row). Runs inside the import's one transaction.
 */
abstract class ImportRows {
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s<>(),;:\"\\[\\]]+@[^@\\s<>(),;:\"\\[\\]]+\\.[^@\\s<>(),;:\"\\[\\]]+");
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  static final int MAX_TEXT = 200;
  static final int MAX_LONG_TEXT = 10_000;

  final Handle h;
  final String tenant;
  final Instant now;
  final String actor;
  private final String table;
  private final Map<String, String> types;

  ImportRows(Handle h, String table, String tenant, Instant now, String actor) {
    this.h = h;
    this.table = table;
    this.tenant = tenant;
    this.now = now;
    this.actor = actor;
    this.types = Importer.types(h, table);
  }

  static ImportRows of(ImportEntity e, Handle h, String tenant, Instant now, String actor) {
    return switch (e) {
      case LOCATION -> new Locations(h, tenant, now, actor);
      case PRODUCT -> new Products(h, tenant, now, actor);
      case ASSET -> new Assets(h, tenant, now, actor);
      case BULK_STOCK -> new BulkStock(h, tenant, now, actor);
      case COMPANY -> new Companies(h, tenant, now, actor);
      case CONTACT -> new Contacts(h, tenant, now, actor);
    };
  }

  /** The fields of a file: which column (index, header) fills each field. */
  record Columns(Map<String, Integer> index, Map<String, String> headers) {
    Integer index(String field) {
      return index.get(field);
    }

    String header(String field) {
      return headers.getOrDefault(field, field);
    }

    /**
     * Resolves a mapping against a header. A file that cannot fill the entity's key is refused
     * whole (INVALID_ARGUMENT), before any row is read.
     */
    static Columns of(ImportEntity e, ImportMapping m, List<String> fileHeaders) {
      Map<String, Integer> byHeader = new HashMap<>();
      for (int i = 0; i < fileHeaders.size(); i++) {
        String hd = fileHeaders.get(i) == null ? "" : fileHeaders.get(i).strip();
        byHeader.putIfAbsent(hd.toLowerCase(Locale.ROOT), i);
      }
      Map<String, Integer> index = new LinkedHashMap<>();
      Map<String, String> headers = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> c : m.columns().entrySet()) {
        for (String candidate : c.getValue()) {
          Integer i = byHeader.get(candidate.strip().toLowerCase(Locale.ROOT));
          if (i != null) {
            index.put(c.getKey(), i);
            headers.put(c.getKey(), fileHeaders.get(i).strip());
            break;
          }
        }
      }
      List<String> missing = new ArrayList<>();
      for (List<String> anyOf : keyFields(e)) {
        if (anyOf.stream().noneMatch(index::containsKey)) {
          missing.add(String.join(" or ", anyOf.stream().map(f -> expected(m, f)).toList()));
        }
      }
      if (!missing.isEmpty()) {
        throw DomainException.invalid(
            "the file has no column for "
                + String.join("; ", missing)
                + " (mapping '"
                + m.name()
                + "'; the file's columns: "
                + String.join(", ", fileHeaders)
                + ")");
      }
      return new Columns(index, headers);
    }

    private static String expected(ImportMapping m, String field) {
      List<String> hs = m.columns().getOrDefault(field, List.of());
      return hs.isEmpty() ? field : "'" + String.join("' / '", hs) + "'";
    }
  }

  /** Fields of which each file needs at least one per group (the natural key). */
  static List<List<String>> keyFields(ImportEntity e) {
    return switch (e) {
      case LOCATION -> List.of(List.of("code"));
      case PRODUCT -> List.of(List.of("gtin", "model"));
      case ASSET -> List.of(List.of("barcode"));
      case BULK_STOCK ->
          List.of(
              List.of("product_id", "product_gtin", "product_model"),
              List.of("location_id", "location_code"),
              List.of("quantity"));
      case COMPANY -> List.of(List.of("name", "tax_id"));
      case CONTACT -> List.of(List.of("email"));
    };
  }

  /** Whether this entity looks its keys up in bulk before the rows ({@link #noteKey}). */
  boolean prefetches() {
    return false;
  }

  /** Notes a row's key during the first pass (only when {@link #prefetches}). */
  void noteKey(Row r) {}

  /** Drops the noted keys: rows are then looked up one by one. */
  void forgetKeys() {}

  /** Looks up the noted keys. */
  void prefetch() {}

  /** Parse, check, match and write one row. */
  final void handle(Row r, Map<String, Long> seen, Counter c) {
    Map<String, String> v = new LinkedHashMap<>();
    parse(r, v);
    if (!r.ok()) {
      return;
    }
    String key = fileKey(r, v);
    Long first = seen.putIfAbsent(key, r.line);
    if (first != null) {
      r.error("", "the same " + keyName() + " as row " + first + " (each key once per file)");
      return;
    }
    Optional<Stored> stored = find(r, v);
    if (!r.ok()) {
      return;
    }
    if (stored.isPresent()) {
      checkUpdate(r, stored.get(), v);
      if (!r.ok()) {
        return;
      }
      if (Importer.same(stored.get().values(), v)) {
        c.unchanged++;
        return;
      }
      update(stored.get(), v);
      afterWrite(r, stored.get(), v);
      c.updated++;
    } else {
      completeForInsert(r, v);
      if (!r.ok()) {
        return;
      }
      insert(v);
      afterWrite(r, null, v);
      c.created++;
    }
  }

  /** A stored row: its ID (or composite key) and its values as text. */
  record Stored(String id, Map<String, String> values) {}

  abstract void parse(Row r, Map<String, String> v);

  abstract String fileKey(Row r, Map<String, String> v);

  abstract String keyName();

  abstract Optional<Stored> find(Row r, Map<String, String> v);

  void checkUpdate(Row r, Stored s, Map<String, String> v) {}

  abstract void completeForInsert(Row r, Map<String, String> v);

  void afterWrite(Row r, Stored before, Map<String, String> v) {}

  boolean hasUpdatedAt() {
    return types.containsKey("updated_at");
  }

  // ---- generic SQL ----

  private String cast(String column) {
    String t = types.get(column);
    if (t == null) {
      throw new IllegalStateException(table + " has no column " + column);
    }
    return "CAST(:c_" + column + " AS " + (t.startsWith("_") ? t.substring(1) + "[]" : t) + ")";
  }

  /** Looks up by the condition; the values of {@code columns} as text, and the ID as text. */
  Optional<Stored> select(String where, Map<String, Object> binds, Set<String> columns) {
    StringBuilder sql = new StringBuilder("SELECT ");
    sql.append(types.containsKey("id") ? "id::text AS id_" : "NULL AS id_");
    for (String c : columns) {
      sql.append(", ").append(c).append("::text AS ").append(c);
    }
    sql.append(" FROM ").append(table).append(" WHERE tenant_id = :tenant AND ").append(where);
    sql.append(" LIMIT 2");
    Query q = h.createQuery(sql.toString()).bind("tenant", tenant);
    binds.forEach(q::bind);
    List<Map<String, Object>> rows = q.mapToMap().list();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    if (rows.size() > 1) {
      throw new Ambiguous();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String c : columns) {
      Object o = rows.get(0).get(c);
      values.put(c, o == null ? null : o.toString());
    }
    Object id = rows.get(0).get("id_");
    return Optional.of(new Stored(id == null ? null : id.toString(), values));
  }

  /** Two stored rows match a key that should be unique (e.g. manufacturer + model). */
  static final class Ambiguous extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Ambiguous() {
      super(null, null, false, false);
    }
  }

  void insert(Map<String, String> v) {
    List<String> cols = new ArrayList<>(v.keySet());
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (tenant_id");
    StringBuilder vals = new StringBuilder(" VALUES (:tenant");
    for (String c : cols) {
      sql.append(", ").append(c);
      vals.append(", ").append(cast(c));
    }
    if (types.containsKey("created_at")) {
      sql.append(", created_at");
      vals.append(", :now");
    }
    if (hasUpdatedAt()) {
      sql.append(", updated_at");
      vals.append(", :now");
    }
    var u = h.createUpdate(wrapInsert(sql + ")" + vals + ")")).bind("tenant", tenant);
    if (types.containsKey("created_at") || hasUpdatedAt()) {
      u.bind("now", now);
    }
    v.forEach((c, val) -> u.bind("c_" + c, val));
    u.execute();
  }

  /** The insert statement as executed; an entity may wrap it (a CTE that writes more). */
  String wrapInsert(String insert) {
    return insert;
  }

  void update(Stored s, Map<String, String> v) {
    updateWhere(v, "id = CAST(:id_ AS uuid)", Map.of("id_", s.id()));
  }

  void updateWhere(Map<String, String> v, String where, Map<String, Object> binds) {
    StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ");
    List<String> sets = new ArrayList<>();
    for (String c : v.keySet()) {
      if (!c.equals("id")) {
        sets.add(c + " = " + cast(c));
      }
    }
    if (hasUpdatedAt()) {
      sets.add("updated_at = :now");
    }
    sql.append(String.join(", ", sets)).append(" WHERE tenant_id = :tenant AND ").append(where);
    var u = h.createUpdate(sql.toString()).bind("tenant", tenant);
    if (hasUpdatedAt()) {
      u.bind("now", now);
    }
    v.forEach(
        (c, val) -> {
          if (!c.equals("id")) {
            u.bind("c_" + c, val);
          }
        });
    binds.forEach(u::bind);
    u.execute();
  }

  // ---- field parsing ----

  static void text(Row r, Map<String, String> v, String field, String column, int max) {
    String s = r.get(field);
    if (s == null) {
      return;
    }
    if (s.length() > max) {
      r.error(field, "is longer than " + max + " characters");
      return;
    }
    v.put(column, s);
  }

  static void uuid(Row r, Map<String, String> v, String field, String column) {
    String s = r.get(field);
    if (s == null) {
      return;
    }
    if (!UUID_TEXT.matcher(s).matches()) {
      r.error(field, "'" + clip(s) + "' is not an ID (a UUID)");
      return;
    }
    v.put(column, s.toLowerCase(Locale.ROOT));
  }

  static void count(Row r, Map<String, String> v, String field, String column, long max) {
    String s = r.get(field);
    if (s == null) {
      return;
    }
    try {
      long n = Long.parseLong(s);
      if (n < 0 || n > max) {
        r.error(field, "must be a whole number from 0 to " + max + " (got " + clip(s) + ")");
        return;
      }
      v.put(column, Long.toString(n));
    } catch (NumberFormatException e) {
      r.error(field, "'" + clip(s) + "' is not a whole number");
    }
  }

  /** A decimal in major units ("1,234.50", "12,5") times {@code scale}, rounded to a whole. */
  static Long decimal(Row r, String field, int decimals) {
    String s = r.get(field);
    if (s == null) {
      return null;
    }
    String t = s.replace(" ", "");
    // "1.234,56" and "1,234.56": the last separator is the decimal one.
    int lastDot = t.lastIndexOf('.');
    int lastComma = t.lastIndexOf(',');
    if (lastComma > lastDot) {
      t = t.replace(".", "").replace(',', '.');
    } else {
      t = t.replace(",", "");
    }
    try {
      BigDecimal d = new BigDecimal(t).movePointRight(decimals);
      if (d.signum() < 0) {
        r.error(field, "must not be negative");
        return null;
      }
      return d.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      r.error(field, "'" + clip(s) + "' is not a number");
      return null;
    }
  }

  static void email(Row r, Map<String, String> v, String field, String column) {
    String s = r.get(field);
    if (s == null) {
      return;
    }
    if (s.length() > MAX_TEXT || !EMAIL.matcher(s).matches()) {
      r.error(field, "'" + clip(s) + "' is not an email address");
      return;
    }
    v.put(column, s);
  }

  static String currency(Row r, String field) {
    String s = r.get(field);
    if (s == null) {
      return null;
    }
    String u = s.toUpperCase(Locale.ROOT);
    try {
      Currency.getInstance(u);
      return u;
    } catch (IllegalArgumentException e) {
      r.error(field, "'" + clip(s) + "' is not an ISO 4217 currency code (e.g. EUR)");
      return null;
    }
  }

  static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  // ---- references ----

  /** A location by ID, else by code, else by (unique) name. */
  Optional<String> locationRef(Row r, String idField, String codeField) {
    String id = r.get(idField);
    if (id != null) {
      if (!UUID_TEXT.matcher(id).matches()) {
        r.error(idField, "'" + clip(id) + "' is not an ID (a UUID)");
        return Optional.empty();
      }
      Optional<String> found =
          h.createQuery(
                  "SELECT id::text FROM location WHERE tenant_id = :tenant AND id = CAST(:id AS uuid)")
              .bind("tenant", tenant)
              .bind("id", id)
              .mapTo(String.class)
              .findOne();
      if (found.isEmpty()) {
        r.error(idField, "no location with the ID " + id);
      }
      return found;
    }
    String code = r.get(codeField);
    if (code == null) {
      return Optional.empty();
    }
    String cached = locationCache.get(code);
    if (cached != null) {
      return Optional.of(cached);
    }
    List<String> found =
        h.createQuery(
                "SELECT id::text FROM location WHERE tenant_id = :tenant AND code = :code"
                    + " UNION ALL (SELECT id::text FROM location WHERE tenant_id = :tenant"
                    + " AND lower(name) = lower(:code) AND NOT EXISTS (SELECT 1 FROM location"
                    + " WHERE tenant_id = :tenant AND code = :code) LIMIT 2)")
            .bind("tenant", tenant)
            .bind("code", code)
            .mapTo(String.class)
            .list();
    if (found.size() == 1) {
      locationCache.put(code, found.get(0));
      return Optional.of(found.get(0));
    }
    r.error(
        codeField,
        found.isEmpty()
            ? "no location with the code or name '" + clip(code) + "' (import locations first)"
            : "several locations are named '" + clip(code) + "'; use the location's code");
    return Optional.empty();
  }

  /**
   * Found references by what the row said: a reference that resolved stays valid for the rest of
   * the import (nothing here deletes or renames), so each distinct one is looked up once.
   */
  private final Map<String, String> locationCache = new HashMap<>();

  private final Map<String, String[]> productCache = new HashMap<>();

  /** A product by ID, else GTIN, else manufacturer + model. Returns [id, tracking]. */
  Optional<String[]> productRef(Row r) {
    String id = r.get("product_id");
    String gtin = r.get("product_gtin");
    String model = r.get("product_model");
    String manufacturer = r.get("product_manufacturer");
    String cacheKey = id + "\u0000" + gtin + "\u0000" + model + "\u0000" + manufacturer;
    String[] cached = productCache.get(cacheKey);
    if (cached != null) {
      return Optional.of(cached);
    }
    String where;
    Map<String, Object> binds = new HashMap<>();
    String field;
    String what;
    if (id != null) {
      if (!UUID_TEXT.matcher(id).matches()) {
        r.error("product_id", "'" + clip(id) + "' is not an ID (a UUID)");
        return Optional.empty();
      }
      where = "id = CAST(:id AS uuid)";
      binds.put("id", id);
      field = "product_id";
      what = "the ID " + id;
    } else if (gtin != null) {
      where = "gtin = :gtin";
      binds.put("gtin", gtin);
      field = "product_gtin";
      what = "the GTIN " + clip(gtin);
    } else if (model != null) {
      where =
          "lower(model) = lower(:model)"
              + (manufacturer == null ? "" : " AND lower(manufacturer) = lower(:manufacturer)");
      binds.put("model", model);
      if (manufacturer != null) {
        binds.put("manufacturer", manufacturer);
      }
      field = "product_model";
      what = "'" + clip((manufacturer == null ? "" : manufacturer + " ") + model) + "'";
    } else {
      return Optional.empty();
    }
    Query q =
        h.createQuery(
                "SELECT id::text, tracking FROM product WHERE tenant_id = :tenant AND "
                    + where
                    + " LIMIT 2")
            .bind("tenant", tenant);
    binds.forEach(q::bind);
    List<String[]> found =
        q.map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    if (found.size() == 1) {
      productCache.put(cacheKey, found.get(0));
      return Optional.of(found.get(0));
    }
    r.error(
        field,
        found.isEmpty()
            ? "no product with " + what + " (import products first)"
            : "several products match " + what + "; give its GTIN or ID");
    return Optional.empty();
  }

  // ---- entities ----

  /** Locations, by code. A parent (warehouse) may be a row earlier in the same file. */
  static final class Locations extends ImportRows {
    Locations(Handle h, String tenant, Instant now, String actor) {
      super(h, "location", tenant, now, actor);
    }

    @Override
    void parse(Row r, Map<String, String> v) {
      uuid(r, v, "id", "id");
      text(r, v, "code", "code", 64);
      if (!r.has("code")) {
        r.error("code", "is required");
      }
      text(r, v, "name", "name", MAX_TEXT);
      text(r, v, "address", "address", 1000);
      String kind = r.get("kind");
      if (kind != null) {
        String k = kind.toUpperCase(Locale.ROOT).replace("LOCATION_KIND_", "");
        if (!k.equals("WAREHOUSE") && !k.equals("BIN")) {
          r.error("kind", "must be WAREHOUSE or BIN (got '" + clip(kind) + "')");
        } else {
          v.put("kind", k);
        }
      }
      if (r.ok() && (r.has("parent_id") || r.has("parent_code"))) {
        Optional<String> parent = locationRef(r, "parent_id", "parent_code");
        parent.ifPresent(p -> v.put("parent_id", p));
        v.putIfAbsent("kind", "BIN");
      } else if (r.ok() && "BIN".equals(v.get("kind"))) {
        r.error("kind", "a BIN needs a parent warehouse (parent_code)");
      }
      if ("WAREHOUSE".equals(v.get("kind")) && v.containsKey("parent_id")) {
        r.error("kind", "a WAREHOUSE has no parent");
      }
    }

    @Override
    String fileKey(Row r, Map<String, String> v) {
      return v.get("code");
    }

    @Override
    String keyName() {
      return "code";
    }

    @Override
    Optional<Stored> find(Row r, Map<String, String> v) {
      Set<String> cols = new java.util.LinkedHashSet<>(v.keySet());
      cols.add("kind");
      cols.add("parent_id");
      // Unmentioned kind and parent stay as stored; checkUpdate checks the combination.
      return select("code = :code", Map.of("code", v.get("code")), cols);
    }

    @Override
    void checkUpdate(Row r, Stored s, Map<String, String> v) {
      v.remove("id");
      String kind = v.getOrDefault("kind", s.values().get("kind"));
      String parent = v.containsKey("parent_id") ? v.get("parent_id") : s.values().get("parent_id");
      if ("WAREHOUSE".equals(kind) && parent != null) {
        r.error("kind", "a WAREHOUSE has no parent");
      } else if ("BIN".equals(kind) && parent == null) {
        r.error("kind", "a BIN needs a parent warehouse (parent_code)");
      } else if (s.id().equals(parent)) {
        r.error("parent_code", "a location cannot be its own parent");
      }
    }

    @Override
    void completeForInsert(Row r, Map<String, String> v) {
      v.putIfAbsent("id", UUID.randomUUID().toString());
      v.putIfAbsent("name", v.get("code"));
      v.putIfAbsent("kind", "WAREHOUSE");
      if (h.createQuery("SELECT count(*) FROM location WHERE code = :code")
              .bind("code", v.get("code"))
              .mapTo(Long.class)
              .one()
          > 0) {
        r.error("code", "the code is taken on this node");
      }
      idFree(r, "location", v.get("id"));
    }
  }

  /** An ID given by the file must be free; a generated one is. */
  void idFree(Row r, String table, String id) {
    if (!r.has("id")) {
      return;
    }
    if (h.createQuery("SELECT count(*) FROM " + table + " WHERE id = CAST(:id AS uuid)")
            .bind("id", id)
            .mapTo(Long.class)
            .one()
        > 0) {
      r.error("id", "the ID " + id + " is taken by another row");
    }
  }

  /** Products, by GTIN, else manufacturer + model. */
  static final class Products extends ImportRows {
    Products(Handle h, String tenant, Instant now, String actor) {
      super(h, "product", tenant, now, actor);
    }

    @Override
    void parse(Row r, Map<String, String> v) {
      uuid(r, v, "id", "id");
      text(r, v, "manufacturer", "manufacturer", MAX_TEXT);
      text(r, v, "model", "model", MAX_TEXT);
      text(r, v, "name", "name", MAX_TEXT);
      text(r, v, "category", "category", MAX_TEXT);
      text(r, v, "description", "description", MAX_LONG_TEXT);
      String gtin = r.get("gtin");
      if (gtin != null) {
        if (!gtin.matches("\\d{8}|\\d{12,14}")) {
          r.error("gtin", "'" + clip(gtin) + "' is not a GTIN (8, 12, 13 or 14 digits)");
        } else {
          v.put("gtin", gtin);
        }
      }
      String tracking = r.get("tracking");
      if (tracking != null) {
        String t = tracking.toUpperCase(Locale.ROOT).replace("TRACKING_", "");
        switch (t) {
          case "SERIALISED", "SERIALIZED", "2" -> v.put("tracking", "SERIALISED");
          case "BULK", "1" -> v.put("tracking", "BULK");
          default ->
              r.error("tracking", "must be SERIALISED or BULK (got '" + clip(tracking) + "')");
        }
      }
      String currency = currency(r, "currency");
      String rentalCurrency = currency(r, "rental_price_currency");
      String replacementCurrency = currency(r, "replacement_currency");
      rentalCurrency = rentalCurrency != null ? rentalCurrency : currency;
      replacementCurrency = replacementCurrency != null ? replacementCurrency : currency;
      if (rentalCurrency != null) {
        v.put("rental_price_currency", rentalCurrency);
      }
      if (replacementCurrency != null) {
        v.put("replacement_currency", replacementCurrency);
      }
      count(r, v, "rental_price_minor", "rental_price_minor", Long.MAX_VALUE / 2);
      count(r, v, "replacement_minor", "replacement_minor", Long.MAX_VALUE / 2);
      money(r, v, "rental_price", "rental_price_minor", rentalCurrency);
      money(r, v, "replacement_value", "replacement_minor", replacementCurrency);
      count(r, v, "weight_grams", "weight_grams", 100_000_000L);
      Long kg = decimal(r, "weight_kg", 3);
      if (kg != null) {
        v.put("weight_grams", Long.toString(kg));
      }
      count(r, v, "buffer_before_seconds", "buffer_before_seconds", 366L * 86400);
      count(r, v, "buffer_after_seconds", "buffer_after_seconds", 366L * 86400);
      count(r, v, "length_mm", "length_mm", 100_000);
      count(r, v, "width_mm", "width_mm", 100_000);
      count(r, v, "height_mm", "height_mm", 100_000);
      String shared = r.get("shared");
      if (shared != null) {
        switch (shared.toLowerCase(Locale.ROOT)) {
          case "true", "t", "yes", "1" -> v.put("shared", "true");
          case "false", "f", "no", "0" -> v.put("shared", "false");
          default -> r.error("shared", "must be true or false");
        }
      }
      if (!v.containsKey("gtin") && !v.containsKey("model") && r.ok()) {
        r.error("model", "is required (or a GTIN)");
      }
    }

    private static void money(Row r, Map<String, String> v, String field, String col, String cur) {
      if (r.get(field) == null) {
        return;
      }
      if (cur == null) {
        r.error(field, "a price needs a currency column");
        return;
      }
      Long minor = decimal(r, field, Currency.getInstance(cur).getDefaultFractionDigits());
      if (minor != null) {
        v.put(col, Long.toString(minor));
      }
    }

    @Override
    String fileKey(Row r, Map<String, String> v) {
      return v.containsKey("gtin")
          ? "gtin:" + v.get("gtin")
          : "mm:"
              + Importer.lower(v.get("manufacturer"))
              + "\u0000"
              + Importer.lower(v.get("model"));
    }

    @Override
    String keyName() {
      return "GTIN or manufacturer and model";
    }

    @Override
    Optional<Stored> find(Row r, Map<String, String> v) {
      Set<String> cols = new java.util.LinkedHashSet<>(v.keySet());
      cols.add("tracking");
      cols.remove("id");
      try {
        Optional<Stored> s = Optional.empty();
        if (v.containsKey("gtin")) {
          s = select("gtin = :gtin", Map.of("gtin", v.get("gtin")), cols);
        }
        if (s.isEmpty() && v.containsKey("model")) {
          Map<String, Object> b = new HashMap<>();
          b.put("model", v.get("model"));
          b.put("manufacturer", v.getOrDefault("manufacturer", ""));
          s =
              select(
                  "lower(model) = lower(:model) AND lower(manufacturer) = lower(:manufacturer)",
                  b,
                  cols);
        }
        return s;
      } catch (Ambiguous e) {
        r.error("model", "several products have this manufacturer and model; give the GTIN");
        return Optional.empty();
      }
    }

    @Override
    void checkUpdate(Row r, Stored s, Map<String, String> v) {
      v.remove("id");
      String was = s.values().get("tracking");
      if (v.containsKey("tracking") && !v.get("tracking").equals(was)) {
        r.error("tracking", "cannot change from " + was + " on import");
      }
      String gtin = v.get("gtin");
      if (gtin != null && !gtin.equals(s.values().get("gtin")) && gtinTaken(gtin)) {
        r.error("gtin", "another product has the GTIN " + gtin);
      }
    }

    private boolean gtinTaken(String gtin) {
      return h.createQuery("SELECT count(*) FROM product WHERE gtin = :g")
              .bind("g", gtin)
              .mapTo(Long.class)
              .one()
          > 0;
    }

    @Override
    void completeForInsert(Row r, Map<String, String> v) {
      v.putIfAbsent("id", UUID.randomUUID().toString());
      for (String f : List.of("manufacturer", "model", "category")) {
        if (!v.containsKey(f)) {
          r.error(f, "is required for a new product");
        }
      }
      if (!v.containsKey("rental_price_currency") || !v.containsKey("replacement_currency")) {
        r.error("currency", "is required for a new product (e.g. EUR)");
      }
      if (v.containsKey("gtin") && gtinTaken(v.get("gtin"))) {
        r.error("gtin", "another product has the GTIN " + v.get("gtin"));
      }
      v.putIfAbsent("name", (v.getOrDefault("manufacturer", "") + " " + v.get("model")).strip());
      v.putIfAbsent("tracking", "SERIALISED");
      for (String c :
          List.of(
              "rental_price_minor",
              "replacement_minor",
              "weight_grams",
              "buffer_before_seconds",
              "buffer_after_seconds")) {
        v.putIfAbsent(c, "0");
      }
      idFree(r, "product", v.get("id"));
    }
  }

  /** Serialised assets, by barcode (which shares one namespace with cases). */
  static final class Assets extends ImportRows {
    private static final Map<String, String> SNIPE_STATUS =
        Map.ofEntries(
            Map.entry("ready to deploy", "AVAILABLE"),
            Map.entry("deployable", "AVAILABLE"),
            Map.entry("deployed", "AVAILABLE"),
            Map.entry("pending", "QUARANTINE"),
            Map.entry("out for repair", "IN_REPAIR"),
            Map.entry("broken", "IN_REPAIR"),
            Map.entry("broken - not fixable", "RETIRED"),
            Map.entry("lost/stolen", "LOST"),
            Map.entry("lost", "LOST"),
            Map.entry("stolen", "LOST"),
            Map.entry("archived", "RETIRED"));
    private static final Set<String> STATUSES =
        Set.of("AVAILABLE", "IN_REPAIR", "QUARANTINE", "LOST", "RETIRED");

    Assets(Handle h, String tenant, Instant now, String actor) {
      super(h, "asset", tenant, now, actor);
    }

    @Override
    void parse(Row r, Map<String, String> v) {
      uuid(r, v, "id", "id");
      text(r, v, "barcode", "barcode", 64);
      if (!r.has("barcode")) {
        r.error("barcode", "is required");
      }
      text(r, v, "serial", "serial", MAX_TEXT);
      text(r, v, "notes", "notes", MAX_LONG_TEXT);
      String status = r.get("status");
      if (status != null) {
        String s = status.toUpperCase(Locale.ROOT).replace("ASSET_STATUS_", "");
        if (STATUSES.contains(s)) {
          v.put("status", s);
        } else if (SNIPE_STATUS.containsKey(status.toLowerCase(Locale.ROOT))) {
          v.put("status", SNIPE_STATUS.get(status.toLowerCase(Locale.ROOT)));
        } else {
          r.error(
              "status",
              "must be one of "
                  + new java.util.TreeSet<>(STATUSES)
                  + " (got '"
                  + clip(status)
                  + "')");
        }
      }
      if (!r.ok()) {
        return;
      }
      productRef(r)
          .ifPresent(
              p -> {
                if (!p[1].equals("SERIALISED")) {
                  r.error(
                      "product_model", "the product is tracked in bulk; import it as bulk stock");
                } else {
                  v.put("product_id", p[0]);
                }
              });
      locationRef(r, "home_location_id", "home_location_code")
          .ifPresent(l -> v.put("home_location_id", l));
      locationRef(r, "location_id", "location_code").ifPresent(l -> v.put("location_id", l));
    }

    @Override
    String fileKey(Row r, Map<String, String> v) {
      return v.get("barcode");
    }

    @Override
    String keyName() {
      return "barcode";
    }

    /**
     * The barcodes of the file, then (after {@link #prefetch}) which of them are taken and by what
     * kind. Every asset has its barcode in the barcode namespace (inventory moves it with the
     * asset), so a barcode absent here has no asset: neither find nor completeForInsert needs a
     * statement for a new asset. Null: not prefetched, look up per row.
     */
    private List<String> noted = new ArrayList<>();

    private Map<String, String> taken;

    @Override
    boolean prefetches() {
      return true;
    }

    @Override
    void noteKey(Row r) {
      if (noted != null && r.get("barcode") != null) {
        noted.add(r.get("barcode"));
      }
    }

    @Override
    void forgetKeys() {
      noted = null;
    }

    @Override
    void prefetch() {
      if (noted == null) {
        return;
      }
      Map<String, String> kinds = new HashMap<>();
      for (int i = 0; i < noted.size(); i += 10_000) {
        List<String> chunk = noted.subList(i, Math.min(noted.size(), i + 10_000));
        h.createQuery("SELECT code, kind FROM barcode WHERE code = ANY(:codes)")
            .bindArray("codes", String.class, chunk)
            .map((rs, ctx) -> Map.entry(rs.getString("code"), rs.getString("kind")))
            .forEach(e -> kinds.put(e.getKey(), e.getValue()));
      }
      taken = kinds;
      noted = null;
    }

    @Override
    Optional<Stored> find(Row r, Map<String, String> v) {
      if (taken != null && !taken.containsKey(v.get("barcode"))) {
        return Optional.empty();
      }
      Set<String> cols = new java.util.LinkedHashSet<>(v.keySet());
      cols.remove("id");
      return select("barcode = :b", Map.of("b", v.get("barcode")), cols);
    }

    @Override
    void checkUpdate(Row r, Stored s, Map<String, String> v) {
      v.remove("id");
    }

    @Override
    void completeForInsert(Row r, Map<String, String> v) {
      v.putIfAbsent("id", UUID.randomUUID().toString());
      if (!v.containsKey("product_id")) {
        r.error(
            "product_model",
            "a new asset needs its product (product_gtin, or manufacturer and model)");
      }
      if (!v.containsKey("home_location_id") && v.containsKey("location_id")) {
        v.put("home_location_id", v.get("location_id"));
      }
      if (!v.containsKey("location_id") && v.containsKey("home_location_id")) {
        v.put("location_id", v.get("home_location_id"));
      }
      if (!v.containsKey("location_id")) {
        r.error("location_code", "a new asset needs a location");
      }
      v.putIfAbsent("status", "AVAILABLE");
      Optional<String> kind =
          taken != null
              ? Optional.ofNullable(taken.get(v.get("barcode")))
              : h.createQuery("SELECT kind FROM barcode WHERE code = :c")
                  .bind("c", v.get("barcode"))
                  .mapTo(String.class)
                  .findOne();
      if (kind.isPresent()) {
        r.error("barcode", "the barcode is taken by a " + kind.get().toLowerCase(Locale.ROOT));
      }
      idFree(r, "asset", v.get("id"));
    }

    /** The asset and its entry in the shared barcode namespace, in one statement. */
    @Override
    String wrapInsert(String insert) {
      return "WITH a AS ("
          + insert
          + " RETURNING id, barcode) INSERT INTO barcode (tenant_id, code, kind, owner_id)"
          + " SELECT :tenant, a.barcode, 'ASSET', a.id FROM a";
    }
  }

  /**
   * Bulk quantities per product and location. A change is recorded as a stock adjustment with the
   * reason "import", like any other stock change.
   */
  static final class BulkStock extends ImportRows {
    BulkStock(Handle h, String tenant, Instant now, String actor) {
      super(h, "bulk_stock", tenant, now, actor);
    }

    @Override
    void parse(Row r, Map<String, String> v) {
      count(r, v, "quantity", "quantity", Integer.MAX_VALUE);
      if (!r.has("quantity")) {
        r.error("quantity", "is required");
      }
      if (!r.ok()) {
        return;
      }
      Optional<String[]> p = productRef(r);
      if (p.isPresent() && !p.get()[1].equals("BULK")) {
        r.error("product_model", "the product is serialised; import its assets instead");
      } else if (p.isPresent()) {
        v.put("product_id", p.get()[0]);
      } else if (r.ok()) {
        r.error("product_model", "is required");
      }
      Optional<String> l = locationRef(r, "location_id", "location_code");
      l.ifPresent(x -> v.put("location_id", x));
      if (l.isEmpty() && r.ok()) {
        r.error("location_code", "is required");
      }
    }

    @Override
    String fileKey(Row r, Map<String, String> v) {
      return v.get("product_id") + "@" + v.get("location_id");
    }

    @Override
    String keyName() {
      return "product and location";
    }

    @Override
    Optional<Stored> find(Row r, Map<String, String> v) {
      Map<String, Object> b = new HashMap<>();
      b.put("p", v.get("product_id"));
      b.put("l", v.get("location_id"));
      return select(
          "product_id = CAST(:p AS uuid) AND location_id = CAST(:l AS uuid)",
          b,
          new java.util.LinkedHashSet<>(v.keySet()));
    }

    @Override
    void completeForInsert(Row r, Map<String, String> v) {}

    @Override
    void update(Stored s, Map<String, String> v) {
      Map<String, Object> b = new HashMap<>();
      b.put("p", v.get("product_id"));
      b.put("l", v.get("location_id"));
      updateWhere(
          Map.of("quantity", v.get("quantity")),
          "product_id = CAST(:p AS uuid) AND location_id = CAST(:l AS uuid)",
          b);
    }

    @Override
    void afterWrite(Row r, Stored before, Map<String, String> v) {
      long was = before == null ? 0 : Long.parseLong(before.values().get("quantity"));
      long is = Long.parseLong(v.get("quantity"));
      if (is == was) {
        return;
      }
      h.createUpdate(
              "INSERT INTO stock_adjustment (tenant_id, id, product_id, location_id, delta,"
                  + " quantity_after, reason, note, actor, transfer_id, created_at)"
                  + " VALUES (:tenant, :id, CAST(:p AS uuid), CAST(:l AS uuid), :delta, :after,"
                  + " 'import', 'CSV import', :actor, NULL, :now)")
          .bind("tenant", tenant)
          .bind("id", UUID.randomUUID())
          .bind("p", v.get("product_id"))
          .bind("l", v.get("location_id"))
          .bind("delta", (int) (is - was))
          .bind("after", (int) is)
          .bind("actor", actor)
          .bind("now", now)
          .execute();
    }
  }

  /** Client companies, by tax ID (VAT number) when given, else by CRM's name key. */
  static final class Companies extends ImportRows {
    Companies(Handle h, String tenant, Instant now, String actor) {
      super(h, "crm_company", tenant, now, actor);
    }

    @Override
    void parse(Row r, Map<String, String> v) {
      uuid(r, v, "id", "id");
      text(r, v, "name", "name", MAX_TEXT);
      email(r, v, "email", "email");
      text(r, v, "phone", "phone", 64);
      text(r, v, "website", "website", MAX_TEXT);
      text(r, v, "tax_id", "tax_id", 64);
      text(r, v, "address_line1", "address_line1", MAX_TEXT);
      text(r, v, "address_line2", "address_line2", MAX_TEXT);
      text(r, v, "postal_code", "postal_code", 32);
      text(r, v, "city", "city", MAX_TEXT);
      text(r, v, "region", "region", MAX_TEXT);
      text(r, v, "notes", "notes", MAX_LONG_TEXT);
      String cc = r.get("country_code");
      if (cc != null) {
        if (!cc.matches("[A-Za-z]{2}")) {
          r.error("country_code", "must be a two-letter country code (e.g. GB)");
        } else {
          v.put("country_code", cc.toUpperCase(Locale.ROOT));
        }
      }
      String cur = currency(r, "default_currency");
      if (cur != null) {
        v.put("default_currency", cur);
      }
      String lang = r.get("language");
      if (lang != null) {
        if (!lang.matches("[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})?")) {
          r.error("language", "must be a language tag (e.g. en or de-CH)");
        } else {
          v.put("language", lang);
        }
      }
      if (!v.containsKey("name") && !v.containsKey("tax_id") && r.ok()) {
        r.error("name", "is required");
      }
      if (v.containsKey("name")) {
        String[] keys =
            CrmModule.companyKeys(
                v.get("name"), v.getOrDefault("website", ""), v.getOrDefault("email", ""));
        v.put("name_key", keys[0]);
      }
    }

    @Override
    String fileKey(Row r, Map<String, String> v) {
      return v.containsKey("tax_id") ? "tax:" + v.get("tax_id") : "name:" + v.get("name_key");
    }

    @Override
    String keyName() {
      return "tax ID or name";
    }

    @Override
    Optional<Stored> find(Row r, Map<String, String> v) {
      Set<String> cols = new java.util.LinkedHashSet<>(v.keySet());
      cols.remove("id");
      cols.add("website");
      cols.add("email");
      cols.add("domain");
      try {
        Optional<Stored> s = Optional.empty();
        if (v.containsKey("tax_id")) {
          s = select("tax_id = :t AND NOT archived", Map.of("t", v.get("tax_id")), cols);
        }
        if (s.isEmpty() && v.containsKey("name_key")) {
          s = select("name_key = :k AND NOT archived", Map.of("k", v.get("name_key")), cols);
        }
        return s;
      } catch (Ambiguous e) {
        r.error("name", "several companies match; give the tax ID");
        return Optional.empty();
      }
    }

    @Override
    void checkUpdate(Row r, Stored s, Map<String, String> v) {
      v.remove("id");
      String website = v.getOrDefault("website", s.values().get("website"));
      String email = v.getOrDefault("email", s.values().get("email"));
      String domain = CrmModule.companyKeys("x", website, email)[1];
      if (!domain.equals(s.values().get("domain"))) {
        v.put("domain", domain);
      }
    }

    @Override
    void completeForInsert(Row r, Map<String, String> v) {
      v.putIfAbsent("id", UUID.randomUUID().toString());
      if (!v.containsKey("name")) {
        r.error("name", "is required for a new company");
        return;
      }
      v.put(
          "domain",
          CrmModule.companyKeys(
              v.get("name"), v.getOrDefault("website", ""), v.getOrDefault("email", ""))[1]);
      idFree(r, "crm_company", v.get("id"));
    }
  }

  /** Contacts, by email (case-insensitive), each in a company. */
  static final class Contacts extends ImportRows {
    Contacts(Handle h, String tenant, Instant now, String actor) {
      super(h, "crm_contact", tenant, now, actor);
    }

    @Override
    void parse(Row r, Map<String, String> v) {
      uuid(r, v, "id", "id");
      email(r, v, "email", "email");
      if (!r.has("email")) {
        r.error("email", "is required (contacts are matched by email)");
      }
      text(r, v, "first_name", "first_name", MAX_TEXT);
      text(r, v, "last_name", "last_name", MAX_TEXT);
      text(r, v, "role", "role", MAX_TEXT);
      text(r, v, "phone", "phone", 64);
      text(r, v, "mobile", "mobile", 64);
      text(r, v, "language", "language", 16);
      text(r, v, "notes", "notes", MAX_LONG_TEXT);
      if (!r.ok()) {
        return;
      }
      String id = r.get("company_id");
      String name = r.get("company_name");
      String tax = r.get("company_tax_id");
      if (id != null || name != null || tax != null) {
        String where;
        Map<String, Object> b = new HashMap<>();
        String field;
        if (id != null) {
          if (!UUID_TEXT.matcher(id).matches()) {
            r.error("company_id", "'" + clip(id) + "' is not an ID (a UUID)");
            return;
          }
          where = "id = CAST(:x AS uuid)";
          b.put("x", id);
          field = "company_id";
        } else if (tax != null) {
          where = "tax_id = :x AND NOT archived";
          b.put("x", tax);
          field = "company_tax_id";
        } else {
          where = "name_key = :x AND NOT archived";
          b.put("x", CrmModule.companyKeys(name, "", "")[0]);
          field = "company_name";
        }
        Query q =
            h.createQuery(
                    "SELECT id::text FROM crm_company WHERE tenant_id = :tenant AND "
                        + where
                        + " LIMIT 2")
                .bind("tenant", tenant);
        b.forEach(q::bind);
        List<String> found = q.mapTo(String.class).list();
        if (found.size() == 1) {
          v.put("company_id", found.get(0));
        } else {
          r.error(
              field,
              found.isEmpty()
                  ? "no such company (import companies first)"
                  : "several companies match; give the company's tax ID");
        }
      }
    }

    @Override
    String fileKey(Row r, Map<String, String> v) {
      return Importer.lower(v.get("email"));
    }

    @Override
    String keyName() {
      return "email";
    }

    @Override
    Optional<Stored> find(Row r, Map<String, String> v) {
      Set<String> cols = new java.util.LinkedHashSet<>(v.keySet());
      cols.remove("id");
      cols.add("first_name");
      cols.add("last_name");
      try {
        return select(
            "lower(email) = lower(:e) AND NOT archived", Map.of("e", v.get("email")), cols);
      } catch (Ambiguous e) {
        r.error("email", "several contacts have this email");
        return Optional.empty();
      }
    }

    @Override
    void checkUpdate(Row r, Stored s, Map<String, String> v) {
      v.remove("id");
      // Compare the email as stored when only its case differs.
      if (v.get("email").equalsIgnoreCase(s.values().get("email"))) {
        v.put("email", s.values().get("email"));
      }
      String first = v.getOrDefault("first_name", s.values().get("first_name"));
      String last = v.getOrDefault("last_name", s.values().get("last_name"));
      if ((first == null || first.isEmpty()) && (last == null || last.isEmpty())) {
        r.error("first_name", "a contact needs a first or last name");
      }
    }

    @Override
    void completeForInsert(Row r, Map<String, String> v) {
      v.putIfAbsent("id", UUID.randomUUID().toString());
      if (!v.containsKey("company_id")) {
        r.error("company_name", "a new contact needs its company (company_name or company_tax_id)");
      }
      if (!v.containsKey("first_name") && !v.containsKey("last_name")) {
        r.error("first_name", "a contact needs a first or last name");
      }
      idFree(r, "crm_contact", v.get("id"));
    }
  }
}
