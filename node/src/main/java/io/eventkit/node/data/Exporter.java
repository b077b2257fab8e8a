package io.eventkit.node.data;

import io.eventkit.node.kernel.TenantContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/**
 * The full export: every business table of the caller's tenant, one file per table in a zip, from
 * one repeatable-read, read-only snapshot, streamed (a cursor per table for NDJSON, {@code COPY ...
 * TO STDOUT} for CSV), so memory stays flat whatever the size.
 *
 * <p>{@link #TABLES} is an allow-list: a table not named there is not exported. {@link #EXCLUDED}
 * names every other table with the reason, and {@code ExportTest} fails when a migration adds a
 * table that is in neither, so a new table is a decision, not an accident.
 */
final class Exporter {
  static final int FORMAT_VERSION = 1;

  enum Format {
    NDJSON,
    CSV
  }

  /** Exported tables, parents before children (the order an import of the files needs). */
  static final List<String> TABLES =
      List.of(
          // inventory
          "location",
          "product",
          "asset",
          "barcode",
          "bulk_stock",
          "stock_adjustment",
          "transfer",
          "transfer_asset",
          "case_container",
          "case_asset",
          "case_bulk",
          "temporary_stock",
          // crm
          "crm_company",
          "crm_contact",
          "crm_deal_stage",
          "crm_deal",
          "crm_deal_event",
          "crm_activity",
          // planning
          "event",
          "booking_line",
          // quotes and pricing
          "quote_settings",
          "rate_card",
          "price_list",
          "price_override",
          "tax_rate",
          "exchange_rate",
          "quote_counter",
          "quote",
          "quote_line",
          "quote_version",
          // scanning, stocktakes, maintenance
          "checkout_asset",
          "checkout_bulk",
          "scan_operation",
          "stocktake",
          "stocktake_asset",
          "stocktake_bulk",
          "stocktake_operation",
          "repair_ticket",
          "inspection_rule",
          "inspection",
          // crew
          "crew_member",
          "crew_qualification",
          "crew_unavailability",
          "crew_assignment",
          "crew_timesheet",
          "crew_policy",
          // transport
          "vehicle",
          "vehicle_maintenance",
          "truck_load",
          "dispatch_run",
          "dispatch_reference_counter",
          // sub-hire (the business record; not the relay's machinery)
          "subhire",
          "subhire_line",
          "subhire_manifest",
          "subhire_history",
          "federation_product_mapping",
          // files: the records (names, types, SHA-256), after their owners; not the bytes
          "attachment");

  /** Tables deliberately left out, with why. */
  static final Map<String, String> EXCLUDED =
      Map.ofEntries(
          Map.entry("api_token", "credential hashes"),
          Map.entry(
              "product_stock",
              "counters derived from asset and bulk_stock, kept by triggers on import (V82)"),
          Map.entry(
              "shortage_segment",
              "derived from bookings and stock; the import notes its products and they are"
                  + " recomputed (V88)"),
          Map.entry("shortage_dirty", "the products whose stored shortages are out of date (V88)"),
          Map.entry("app_user", "password hashes; users are set up anew on the target node"),
          Map.entry("auth_audit", "security log of this node"),
          Map.entry("auth_session", "sessions"),
          Map.entry("refresh_token", "credentials"),
          Map.entry("jwt_signing_key", "signing keys"),
          Map.entry("sso_login", "in-flight logins"),
          Map.entry("password_reset_token", "credentials"),
          Map.entry("custom_role", "access set-up of this node"),
          Map.entry("pki_root", "CA private keys"),
          Map.entry("pki_issuing_slot", "CA private keys"),
          Map.entry("pki_bundle", "CA material"),
          Map.entry("pki_server_cert", "server keys"),
          Map.entry("partner", "federation trust (certificates) of this node"),
          Map.entry("invitation", "federation invitation secrets"),
          Map.entry("issued_certificate", "federation certificates"),
          Map.entry("trust_audit", "federation security log"),
          Map.entry("subhire_inbox", "relay machinery"),
          Map.entry("subhire_outbox", "relay machinery (claim tokens)"),
          Map.entry("subhire_partner_backoff", "relay machinery"),
          Map.entry("subhire_relay_instance", "relay machinery"),
          Map.entry("cluster_job", "the replicas' background-job schedule"),
          Map.entry("login_throttle", "sign-in lock-outs of this node"),
          Map.entry("api_rate_bucket", "rate-limit budgets of this node's callers"),
          Map.entry("file_link_key", "the key that signs download links (a secret)"),
          Map.entry("crew_calendar_feed", "calendar-feed secrets"),
          Map.entry("mail_outbox", "outgoing mail queue"),
          Map.entry("mail_attachment", "outgoing mail queue"),
          Map.entry("data_audit", "this node's export/import log"),
          Map.entry("data_import_mapping", "this node's import settings"),
          Map.entry("saved_report", "users' own report settings; users are set up anew"),
          Map.entry("domain_event", "notification machinery (the event stream)"),
          Map.entry("webhook_subscription", "webhook signing secrets"),
          Map.entry("webhook_delivery", "webhook delivery log"),
          Map.entry("webhook_attempt", "webhook delivery log"),
          Map.entry("notification", "users' inboxes; users are set up anew"),
          Map.entry("notification_preference", "users' own settings; users are set up anew"),
          Map.entry("notification_settings", "users' own settings; users are set up anew"),
          Map.entry("webpush_vapid_key", "web-push private key"),
          Map.entry("webpush_subscription", "browsers' push credentials"),
          Map.entry("webpush_delivery", "push queue"),
          Map.entry("tenant", "the deployment's tenant registry"),
          Map.entry("flyway_schema_history", "schema bookkeeping"));

  /** Never exported, in any table: the tenant (implied) and derived search columns. */
  private static final Set<String> NEVER = Set.of("tenant_id");

  private static final int FETCH_SIZE = 1000;

  private final Jdbi jdbi;
  private final Clock clock;
  private final String nodeId;

  Exporter(Jdbi jdbi, Clock clock, String nodeId) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.nodeId = nodeId;
  }

  /** Counts per table of the export just written. */
  record Result(Map<String, Long> counts) {}

  /** Writes the zip to {@code out} (not closed). */
  Result write(Format format, OutputStream out) {
    String tenant = TenantContext.current();
    Instant at = clock.instant();
    return jdbi.inTransaction(
        h -> {
          h.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          Map<String, Long> counts = new LinkedHashMap<>();
          ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
          try {
            for (String table : TABLES) {
              List<String> columns = columns(h, table);
              String ext = format == Format.NDJSON ? ".ndjson" : ".csv";
              zip.putNextEntry(new ZipEntry(table + ext));
              long n =
                  format == Format.NDJSON
                      ? ndjson(h, table, columns, tenant, zip)
                      : csv(h, table, columns, tenant, zip);
              zip.closeEntry();
              counts.put(table, n);
            }
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest(format, at, tenant, counts).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            zip.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return new Result(counts);
        });
  }

  /** The table's stored columns in declaration order, less tenant and generated columns. */
  static List<String> columns(Handle h, String table) {
    return h
        .createQuery(
            "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = :t"
                + " AND is_generated = 'NEVER' ORDER BY ordinal_position")
        .bind("t", table)
        .mapTo(String.class)
        .list()
        .stream()
        .filter(c -> !NEVER.contains(c))
        .toList();
  }

  /** The primary key columns, for a stable row order. */
  private static List<String> key(Handle h, String table) {
    return h.createQuery(
            "SELECT a.attname FROM pg_index i"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                + " WHERE i.indrelid = CAST(:t AS regclass) AND i.indisprimary ORDER BY a.attnum")
        .bind("t", table)
        .mapTo(String.class)
        .list();
  }

  private static String select(Handle h, String table, List<String> columns, String tenantLiteral) {
    List<String> key = key(h, table);
    String order = key.isEmpty() ? "" : " ORDER BY " + String.join(", ", quoted(key));
    if (table.equals("location")) {
      // Warehouses before their bins, so the file imports in one pass.
      order = " ORDER BY (parent_id IS NOT NULL), id";
    }
    return "SELECT "
        + String.join(", ", quoted(columns))
        + " FROM "
        + table
        + " t WHERE tenant_id = "
        + tenantLiteral
        + order;
  }

  private static long ndjson(
      Handle h, String table, List<String> columns, String tenant, OutputStream out) {
    // to_jsonb of a row of exactly the exported columns: PostgreSQL writes the JSON.
    String sql = "SELECT to_jsonb(r)::text FROM (" + select(h, table, columns, ":tenant") + ") r";
    long[] n = {0};
    h.createQuery(sql)
        .bind("tenant", tenant)
        .setFetchSize(FETCH_SIZE)
        .mapTo(String.class)
        .useIterator(
            it -> {
              while (it.hasNext()) {
                try {
                  out.write(it.next().getBytes(StandardCharsets.UTF_8));
                  out.write('\n');
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                n[0]++;
              }
            });
    return n[0];
  }

  private static long csv(
      Handle h, String table, List<String> columns, String tenant, OutputStream out) {
    // COPY takes no bind parameters: the tenant goes in as a quoted literal.
    String sql =
        "COPY ("
            + select(h, table, columns, "'" + tenant.replace("'", "''") + "'")
            + ") TO STDOUT WITH (FORMAT csv, HEADER, ENCODING 'UTF8')";
    try {
      PGConnection pg = h.getConnection().unwrap(PGConnection.class);
      return pg.getCopyAPI().copyOut(sql, out);
    } catch (SQLException e) {
      throw new IllegalStateException("export of " + table + " failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> quoted(List<String> names) {
    return names.stream().map(c -> '"' + c + '"').toList();
  }

  private String manifest(Format format, Instant at, String tenant, Map<String, Long> counts) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format_version", FORMAT_VERSION);
    m.put("format", format.name().toLowerCase(Locale.ROOT));
    m.put("node_id", nodeId);
    m.put("tenant", tenant);
    m.put("exported_at", at.toString());
    m.put("counts", counts);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
}
