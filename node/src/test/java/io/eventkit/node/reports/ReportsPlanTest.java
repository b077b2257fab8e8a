package io.eventkit.node.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot report queries' plans over a mid-sized dataset (2,000 products, 50,000 assets, 5,000
 * events × 20 lines, 20,000 check-outs): logged, and checked to probe the indexes V77 and the
 * inventory migration provide instead of scanning the big tables.
 */
class ReportsPlanTest {
  private static final Logger LOG = LoggerFactory.getLogger(ReportsPlanTest.class);
  static TestNode node;

  @BeforeAll
  static void start() throws IOException {
    node =
        TestNode.start(
            TestNode.config("reports-plan.test", Files.createTempDirectory("eventkit-rplan")));
    node.runtime()
        .jdbi()
        .useHandle(
            h ->
                h.createScript(
                        """
            INSERT INTO location (id, kind, code, name, created_at)
              VALUES ('b1000000-0000-0000-0000-000000000001', 'WAREHOUSE', 'PLAN-W', 'Plan', now());
            INSERT INTO product (id, manufacturer, model, name, category, rental_price_currency,
                rental_price_minor, replacement_currency, replacement_minor, weight_grams,
                buffer_before_seconds, buffer_after_seconds, tracking, created_at, updated_at)
              SELECT CAST(md5('p' || i) AS uuid), 'M', 'X' || i, 'Product ' || i, 'Cat ' || (i % 20),
                     'EUR', 100, 'EUR', 1000, 1, 0, 0, 'SERIALISED', now(), now()
              FROM generate_series(1, 2000) i;
            INSERT INTO asset (id, product_id, barcode, home_location_id, location_id, status,
                created_at, updated_at)
              SELECT CAST(md5('a' || i) AS uuid), CAST(md5('p' || (i % 2000 + 1)) AS uuid),
                     'PLAN' || i, 'b1000000-0000-0000-0000-000000000001',
                     'b1000000-0000-0000-0000-000000000001',
                     CASE WHEN i % 500 = 0 THEN 'IN_REPAIR' ELSE 'AVAILABLE' END,
                     now() - interval '2 years', now()
              FROM generate_series(1, 50000) i;
            INSERT INTO event (id, name, period, status, created_at, updated_at)
              SELECT CAST(md5('e' || i) AS uuid), 'Event ' || i,
                     tstzrange(now() - interval '1 year' + i * interval '2 hours',
                               now() - interval '1 year' + i * interval '2 hours' + interval '2 days'),
                     'CONFIRMED', now(), now()
              FROM generate_series(1, 5000) i;
            INSERT INTO booking_line (id, event_id, product_id, quantity, period, hold_period,
                event_status, holds, created_at)
              SELECT CAST(md5('l' || e || '-' || k) AS uuid), CAST(md5('e' || e) AS uuid),
                     CAST(md5('p' || ((e * 20 + k) % 2000 + 1)) AS uuid), 1,
                     tstzrange(now() - interval '1 year' + e * interval '2 hours',
                               now() - interval '1 year' + e * interval '2 hours' + interval '2 days'),
                     tstzrange(now() - interval '1 year' + e * interval '2 hours',
                               now() - interval '1 year' + e * interval '2 hours' + interval '2 days'),
                     'CONFIRMED', true, now()
              FROM generate_series(1, 5000) e, generate_series(1, 20) k;
            INSERT INTO checkout_asset (id, event_id, asset_id, product_id, out_operation, out_at,
                out_by, closed_at, condition)
              SELECT CAST(md5('c' || i) AS uuid), CAST(md5('e' || (i % 5000 + 1)) AS uuid),
                     CAST(md5('a' || i) AS uuid), CAST(md5('p' || (i % 2000 + 1)) AS uuid), 'op',
                     now(), 'x', CASE WHEN i % 1000 = 0 THEN NULL ELSE now() END,
                     CASE WHEN i % 1000 = 0 THEN NULL ELSE 'OK' END
              FROM generate_series(1, 20000) i;
            ANALYZE;
            """)
                    .execute());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  static String sql(String name) throws IOException {
    try (InputStream in =
        ReportsPlanTest.class.getResourceAsStream("/io/eventkit/node/reports/ReportDao/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String explain(String file, Map<String, Object> params) throws IOException {
    String text = sql(file);
    return node.runtime()
        .jdbi()
        .withHandle(
            (Handle h) -> {
              var q = h.createQuery("EXPLAIN " + text).bind("tenant", "default");
              params.forEach(q::bind);
              String plan = String.join("\n", q.mapTo(String.class).list());
              LOG.info("plan of {}:\n{}", file, plan);
              return plan;
            });
  }

  @Test
  void utilisationProbesTheHoldingLinesInItsWindow() throws IOException {
    Instant end = Instant.now();
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("start", end.minusSeconds(90L * 86400));
    p.put("end", end);
    p.put("category", null);
    p.put("location", null);
    p.put("byCategory", true);
    p.put("order", "HIGHEST");
    p.put("afterNum", null);
    p.put("afterText", null);
    p.put("afterKey", null);
    p.put("limit", 51);
    String plan = explain("utilisation.sql", p);
    assertThat(plan).doesNotContain("Seq Scan on booking_line");
  }

  @Test
  void overdueAndOutOfServiceUseTheirPartialIndexes() throws IOException {
    Map<String, Object> o = new java.util.HashMap<>();
    o.put("now", Instant.now());
    o.put("location", null);
    o.put("company", null);
    o.put("afterDue", null);
    o.put("afterEvent", null);
    o.put("afterProduct", null);
    o.put("limit", 51);
    assertThat(explain("overdue.sql", o)).doesNotContain("Seq Scan on checkout_asset");
    Map<String, Object> s = new java.util.HashMap<>();
    s.put("statuses", new String[] {"IN_REPAIR", "QUARANTINE", "LOST"});
    s.put("category", null);
    s.put("location", null);
    s.put("afterSince", null);
    s.put("afterAsset", null);
    s.put("limit", 51);
    assertThat(explain("outOfService.sql", s)).doesNotContain("Seq Scan on asset");
    for (String f : List.of("operations.sql")) {
      Map<String, Object> ops = new java.util.HashMap<>();
      Instant now = Instant.now();
      ops.put("now", now);
      ops.put("dayStart", now.minusSeconds(3600));
      ops.put("dayEnd", now.plusSeconds(3600));
      ops.put("weekEnd", now.plusSeconds(7 * 86400));
      ops.put("statuses", new String[] {"RESERVED", "CONFIRMED", "COMPLETED"});
      ops.put("location", null);
      String plan = explain(f, ops);
      assertThat(plan).doesNotContain("Seq Scan on checkout_asset", "Seq Scan on asset");
    }
  }
}
