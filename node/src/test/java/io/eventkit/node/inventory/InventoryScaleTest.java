package io.eventkit.node.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.demo.DemoDataset;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key queries on a generated dataset: their plans must be index lookups (no sequential scan of
 * bookings or assets), and the domain calls are timed. Default size is a tenth of the benchmark's
 * (500 products, 10,000 assets, 1,000 events × 30 lines) to keep the build quick; run with {@code
 * -Dinventory.scale=benchmark} for 5,000 / 100,000 / 10,000 × 30. Plans and timings are logged.
 */
class InventoryScaleTest {
  private static final Logger LOG = LoggerFactory.getLogger(InventoryScaleTest.class);
  private static TestNode node;
  private static Domain m;
  private static Jdbi jdbi;
  private static List<UUID> productIds;

  @BeforeAll
  static void load() {
    node = TestNode.start("inventory-scale.test");
    jdbi = node.runtime().jdbi();
    m = Domain.create(jdbi, Clock.systemUTC(), "inventory-scale.test", new InventoryConfig());
    DemoDataset.Size size =
        "benchmark".equals(System.getProperty("inventory.scale"))
            ? DemoDataset.Size.BENCHMARK
            : new DemoDataset.Size(500, 10_000, 1_000, 30);
    long t0 = System.nanoTime();
    DemoDataset.Counts c =
        new DemoDataset(m.inventory, m.planning, Clock.systemUTC(), 7).load(size);
    LOG.info("loaded {} in {} ms", c, (System.nanoTime() - t0) / 1_000_000);
    jdbi.useHandle(h -> h.execute("ANALYZE"));
    productIds =
        jdbi.withHandle(
            h -> h.createQuery("SELECT id FROM product ORDER BY id").mapTo(UUID.class).list());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String sql(String resource) {
    try (InputStream in =
        InventoryScaleTest.class.getResourceAsStream("/io/eventkit/node/" + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String explain(Handle h, String sql, java.util.Map<String, Object> binds) {
    var q = h.createQuery("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql);
    binds.forEach(q::bind);
    String plan = String.join("\n", q.mapTo(String.class).list());
    return plan;
  }

  private static Interval week() {
    Instant start = Instant.now().plus(Duration.ofDays(30));
    return new Interval(start, start.plus(Duration.ofDays(3)));
  }

  @Test
  void availabilityQueriesAreIndexLookups() {
    Interval w = week();
    UUID one = productIds.get(3);
    UUID[] fifty = productIds.subList(0, 50).toArray(UUID[]::new);
    jdbi.useHandle(
        h -> {
          String caps =
              explain(
                  h,
                  sql("inventory/AvailabilityDao/capacities.sql"),
                  java.util.Map.of("ids", new UUID[] {one}));
          String lines =
              explain(
                  h,
                  sql("inventory/AvailabilityDao/lines.sql"),
                  java.util.Map.of(
                      "ids",
                      new UUID[] {one},
                      "start",
                      w.start(),
                      "end",
                      w.end(),
                      "tentative",
                      new String[] {"PROVISIONAL"}));
          String pull =
              explain(
                  h,
                  sql("inventory/AvailabilityDao/lines.sql"),
                  java.util.Map.of(
                      "ids",
                      fifty,
                      "start",
                      w.start(),
                      "end",
                      w.end(),
                      "tentative",
                      new String[] {"PROVISIONAL"}));
          String temps =
              explain(
                  h,
                  sql("inventory/AvailabilityDao/temporary.sql"),
                  java.util.Map.of("ids", fifty, "start", w.start(), "end", w.end()));
          LOG.info("capacities (1 product):\n{}", caps);
          LOG.info("lines (1 product):\n{}", lines);
          LOG.info("lines (50 products, pull list):\n{}", pull);
          LOG.info("temporary stock (50 products):\n{}", temps);
          for (String plan : List.of(caps, lines, pull, temps)) {
            assertThat(plan)
                .doesNotContain("Seq Scan on booking_line")
                .doesNotContain("Seq Scan on asset");
          }
          assertThat(lines).contains("booking_line_product_hold");
        });
  }

  @Test
  void searchAndListsUseTheirIndexes() {
    jdbi.useHandle(
        h -> {
          String search =
              explain(
                  h,
                  sql("inventory/SearchDao/search.sql"),
                  searchParams(
                      java.util.Map.of(
                          "raw", "EK000123",
                          "text", "ek000123",
                          "tsquery", "ek000123:*",
                          "prefix", "EK000123%",
                          "lowerPrefix", "ek000123%",
                          "limit", 51)));
          String words =
              explain(
                  h,
                  sql("inventory/SearchDao/search.sql"),
                  searchParams(
                      java.util.Map.of(
                          "raw", "shure sm58",
                          "text", "shure sm58",
                          "tsquery", "shure:* & sm58:*",
                          "prefix", "shure sm58%",
                          "lowerPrefix", "shure sm58%",
                          "limit", 51)));
          LOG.info("search by barcode:\n{}", search);
          LOG.info("search by words:\n{}", words);
          assertThat(search).doesNotContain("Seq Scan on asset");
          assertThat(words).doesNotContain("Seq Scan on asset");
        });
  }

  @Test
  void domainCallTimings() throws Exception {
    Random rnd = new Random(1);
    List<Long> single = new ArrayList<>();
    for (int i = 0; i < 100; i++) { // warm-up
      Instant s = Instant.now().plus(Duration.ofHours(rnd.nextInt(24 * 200)));
      m.availability.forProduct(
          productIds.get(rnd.nextInt(productIds.size())),
          new Interval(s, s.plus(Duration.ofDays(2))));
    }
    List<Long> floor = floor(rnd);
    for (int i = 0; i < 300; i++) {
      UUID p = productIds.get(rnd.nextInt(productIds.size()));
      Instant s = Instant.now().plus(Duration.ofHours(rnd.nextInt(24 * 200)));
      long t0 = System.nanoTime();
      Availability.Summary a =
          m.availability.forProduct(p, new Interval(s, s.plus(Duration.ofDays(2))));
      single.add(System.nanoTime() - t0);
      assertThat(a.owned()).isGreaterThanOrEqualTo(0);
    }
    List<UUID> events =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT event_id FROM booking_line GROUP BY event_id HAVING count(*) >= 25 LIMIT 100")
                    .mapTo(UUID.class)
                    .list());
    List<Long> pull = new ArrayList<>();
    for (UUID e : events) {
      long t0 = System.nanoTime();
      m.planning.checkPullList(e);
      pull.add(System.nanoTime() - t0);
    }
    List<Long> search = new ArrayList<>();
    String[] queries = {
      "shure", "sm58", "EK00012", "robe megapointe", "l-acoustics k2", "klotz xlr"
    };
    for (int i = 0; i < 120; i++) {
      long t0 = System.nanoTime();
      m.inventory.search.search(queries[i % queries.length], PageSpec.first(20));
      search.add(System.nanoTime() - t0);
    }
    // The first read computes every booked product's stored shortages; the second reads them.
    Interval quarter = new Interval(Instant.now(), Instant.now().plus(Duration.ofDays(90)));
    long t0 = System.nanoTime();
    m.availability.shortages(quarter);
    long refreshMs = (System.nanoTime() - t0) / 1_000_000;
    t0 = System.nanoTime();
    int shortages = m.availability.shortages(quarter).size();
    long shortageMs = (System.nanoTime() - t0) / 1_000_000;
    LOG.info(
        "timings (ms) bare SQL floor of one availability p50 {} p95 {} |"
            + " availability p50 {} p95 {} | pull list ({} events, 25+ lines) p50 {} p95 {} |"
            + " search p50 {} p95 {} | shortages 90 days: first read (computes all) {} ms,"
            + " then {} rows in {} ms",
        ms(floor, 50),
        ms(floor, 95),
        ms(single, 50),
        ms(single, 95),
        pull.size(),
        ms(pull, 50),
        ms(pull, 95),
        ms(search, 50),
        ms(search, 95),
        refreshMs,
        shortages,
        shortageMs);
  }

  /** The same three statements as one availability call, as bare JDBC on one connection. */
  private static List<Long> floor(Random rnd) throws java.sql.SQLException {
    String caps = sql("inventory/AvailabilityDao/capacities.sql").replace(":ids", "?");
    String linesNamed = sql("inventory/AvailabilityDao/lines.sql");
    // Some parameters appear more than once: bind by name, in order of appearance.
    java.util.regex.Matcher names =
        java.util.regex.Pattern.compile("(?<![:\\w]):([a-z]+)").matcher(linesNamed);
    List<String> lineParams = new ArrayList<>();
    while (names.find()) {
      lineParams.add(names.group(1));
    }
    String lines = names.replaceAll("?");
    String temps =
        sql("inventory/AvailabilityDao/temporary.sql")
            .replace(":ids", "?")
            .replace(":start", "?")
            .replace(":end", "?");
    return jdbi.withHandle(
        h -> {
          java.sql.Connection c = h.getConnection();
          List<Long> out = new ArrayList<>();
          try (var pc = c.prepareStatement(caps);
              var pl = c.prepareStatement(lines);
              var pt = c.prepareStatement(temps)) {
            for (int i = 0; i < 400; i++) {
              UUID p = productIds.get(rnd.nextInt(productIds.size()));
              Instant s = Instant.now().plus(Duration.ofHours(rnd.nextInt(24 * 200)));
              long t0 = System.nanoTime();
              java.sql.Array ids = c.createArrayOf("uuid", new Object[] {p});
              pc.setArray(1, ids);
              drain(pc.executeQuery());
              for (int k = 0; k < lineParams.size(); k++) {
                switch (lineParams.get(k)) {
                  case "ids" -> pl.setArray(k + 1, ids);
                  case "start" ->
                      pl.setObject(
                          k + 1, java.time.OffsetDateTime.ofInstant(s, java.time.ZoneOffset.UTC));
                  case "end" ->
                      pl.setObject(
                          k + 1,
                          java.time.OffsetDateTime.ofInstant(
                              s.plus(Duration.ofDays(2)), java.time.ZoneOffset.UTC));
                  case "tentative" ->
                      pl.setArray(k + 1, c.createArrayOf("text", new Object[] {"PROVISIONAL"}));
                  default -> throw new IllegalStateException("lines.sql: " + lineParams.get(k));
                }
              }
              drain(pl.executeQuery());
              pt.setArray(1, ids);
              pt.setObject(2, java.time.OffsetDateTime.ofInstant(s, java.time.ZoneOffset.UTC));
              pt.setObject(
                  3,
                  java.time.OffsetDateTime.ofInstant(
                      s.plus(Duration.ofDays(2)), java.time.ZoneOffset.UTC));
              drain(pt.executeQuery());
              if (i >= 100) {
                out.add(System.nanoTime() - t0);
              }
            }
          }
          return out;
        });
  }

  private static void drain(java.sql.ResultSet rs) throws java.sql.SQLException {
    try (rs) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
  }

  private static String ms(List<Long> nanos, int pct) {
    if (nanos.isEmpty()) {
      return "-";
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    long v = sorted.get(Math.min(sorted.size() - 1, sorted.size() * pct / 100));
    return String.format("%.2f", v / 1e6);
  }

  /** The search statement's parameters: these, plus no cursor (afterScore, afterId null). */
  private static java.util.Map<String, Object> searchParams(java.util.Map<String, Object> values) {
    java.util.Map<String, Object> all = new java.util.HashMap<>(values);
    all.put("afterScore", null);
    all.put("afterId", null);
    return all;
  }
}
