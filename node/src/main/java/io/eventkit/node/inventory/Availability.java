package io.eventkit.node.inventory;

import io.eventkit.node.inventory.AvailabilityDao.Capacity;
import io.eventkit.node.inventory.AvailabilityDao.TemporaryStock;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.platform.db.Daos;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The availability engine. For a product and period: available = owned − out of service + temporary
 * − held, at the busiest moment of the period, where held counts every line of a holding event
 * whose hold period (booked period widened by the product's turnaround buffers) overlaps.
 *
 * <p>Each answer is a constant number of statements (capacity, overlapping lines, temporary stock),
 * each an index lookup per product; the arithmetic over the returned rows happens in {@link Sweep}.
 */
public final class Availability {
  public static final Duration MAX_WINDOW = Duration.ofDays(400);

  private final Jdbi jdbi;
  private final HoldPolicy policy;

  public Availability(Jdbi jdbi, HoldPolicy policy) {
    this.jdbi = jdbi;
    this.policy = policy;
  }

  public HoldPolicy policy() {
    return policy;
  }

  /** Counts for one product over one period (see the proto's Availability message). */
  public record Summary(
      UUID productId,
      Interval period,
      int owned,
      int unavailable,
      int temporary,
      int held,
      int tentative,
      int available) {}

  /** One constant stretch of a product's timeline. */
  public record Step(Interval period, int available, int held, int tentative, int temporary) {}

  public Summary forProduct(UUID productId, Interval period) {
    checkWindow(period);
    return jdbi.withHandle(h -> summary(h, productId, period));
  }

  public List<Step> timeline(UUID productId, Interval period) {
    checkWindow(period);
    return jdbi.withHandle(
        h -> {
          Snapshot s = snapshot(h, List.of(productId), period).get(productId);
          return Sweep.timeline(period, s.capacity.usable(), s.lines, s.temps).stream()
              .map(x -> new Step(x.period(), x.available(), x.held(), x.tentative(), x.temporary()))
              .toList();
        });
  }

  /** One day of a category: its products summed (see CategoryTimeline in inventory.proto). */
  public record CategoryDay(
      Interval period, int available, int held, int tentative, int shortProducts) {}

  public record CategoryTimeline(String category, int products, List<CategoryDay> days) {}

  static final Duration MAX_CATEGORY_WINDOW = Duration.ofDays(92);
  static final int MAX_CATEGORY_PRODUCTS = 5000;

  /**
   * The products of {@code category} summed per day of {@code zone}: each product's lowest
   * availability and highest holds in the day, summed, and how many products are short. One round
   * of queries for all the products (the same snapshot as {@link #available}).
   */
  public CategoryTimeline categoryTimeline(String category, Interval period, ZoneId zone) {
    if (period.length().compareTo(MAX_CATEGORY_WINDOW) > 0) {
      throw DomainException.invalid(
          "period must be at most " + MAX_CATEGORY_WINDOW.toDays() + " days long");
    }
    return jdbi.withHandle(
        h -> {
          List<UUID> ids =
              h.createQuery("SELECT id FROM product WHERE category = :c ORDER BY id LIMIT :n")
                  .bind("c", category)
                  .bind("n", MAX_CATEGORY_PRODUCTS + 1)
                  .mapTo(UUID.class)
                  .list();
          if (ids.size() > MAX_CATEGORY_PRODUCTS) {
            throw new DomainException(
                io.eventkit.node.kernel.ErrorCode.FAILED_PRECONDITION,
                "category '"
                    + category
                    + "' has more than "
                    + MAX_CATEGORY_PRODUCTS
                    + " products; look at its products instead");
          }
          List<Interval> days = days(period, zone);
          int n = days.size();
          int[] available = new int[n];
          int[] held = new int[n];
          int[] tentative = new int[n];
          int[] shortOnes = new int[n];
          if (!ids.isEmpty()) {
            for (Snapshot s : snapshot(h, ids, period).values()) {
              List<Sweep.Step> steps =
                  Sweep.timeline(period, s.capacity.usable(), s.lines, s.temps);
              int k = 0;
              for (int d = 0; d < n; d++) {
                Interval day = days.get(d);
                int min = Integer.MAX_VALUE;
                int maxHeld = 0;
                int maxTentative = 0;
                // Steps are consecutive and cover the period: walk them once across the days.
                while (k < steps.size() && !steps.get(k).period().end().isAfter(day.start())) {
                  k++;
                }
                for (int j = k;
                    j < steps.size() && steps.get(j).period().start().isBefore(day.end());
                    j++) {
                  Sweep.Step st = steps.get(j);
                  min = Math.min(min, st.available());
                  maxHeld = Math.max(maxHeld, st.held());
                  maxTentative = Math.max(maxTentative, st.tentative());
                }
                int free = min == Integer.MAX_VALUE ? 0 : min;
                available[d] += free;
                held[d] += maxHeld;
                tentative[d] += maxTentative;
                if (free < 0) {
                  shortOnes[d]++;
                }
              }
            }
          }
          List<CategoryDay> out = new ArrayList<>(n);
          for (int d = 0; d < n; d++) {
            out.add(
                new CategoryDay(days.get(d), available[d], held[d], tentative[d], shortOnes[d]));
          }
          return new CategoryTimeline(category, ids.size(), out);
        });
  }

  /** The days of {@code zone} that {@code period} touches, the first and last clipped to it. */
  static List<Interval> days(Interval period, ZoneId zone) {
    List<Interval> out = new ArrayList<>();
    java.time.ZonedDateTime day = period.start().atZone(zone).toLocalDate().atStartOfDay(zone);
    while (day.toInstant().isBefore(period.end())) {
      java.time.ZonedDateTime next = day.plusDays(1);
      Instant s = day.toInstant().isBefore(period.start()) ? period.start() : day.toInstant();
      Instant e = next.toInstant().isAfter(period.end()) ? period.end() : next.toInstant();
      out.add(new Interval(s, e));
      day = next;
    }
    return out;
  }

  /**
   * {@link Summary#available()} of several products over one period, in one round of queries. Every
   * ID must exist (NOT_FOUND otherwise).
   */
  public Map<UUID, Integer> available(java.util.Collection<UUID> productIds, Interval period) {
    checkWindow(period);
    if (productIds.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(h -> lowest(snapshot(h, List.copyOf(productIds), period), period));
  }

  /**
   * What a partner's availability query needs (docs/federation.md §8.4): of the asked products,
   * those that exist and are shared, with the lowest number each has free over {@code period}; and
   * the shared catalogue's stamp (§8.4.6: the number of shared products, the latest change of any
   * product in epoch microseconds). Three statements on one connection: the shared products with
   * their capacity and the stamp in one, then the booked lines and the temporary stock. Unknown or
   * unshared IDs are simply absent.
   */
  public record SharedStock(
      Stamp stamp, Map<UUID, Product> products, Map<UUID, Integer> available) {}

  /** The shared catalogue's stamp: shared products, latest product change (epoch µs, or 0). */
  public record Stamp(long sharedCount, long changedAt) {}

  public SharedStock shared(java.util.Collection<UUID> productIds, Interval period) {
    checkWindow(period);
    UUID[] asked = productIds.stream().distinct().toArray(UUID[]::new);
    return jdbi.withHandle(
        h -> {
          Stamp[] stamp = new Stamp[1];
          Map<UUID, Product> products = new LinkedHashMap<>();
          Map<UUID, Capacity> caps = new HashMap<>();
          h.createQuery(AvailabilityQueries.SHARED_CAPACITIES)
              .bind("tenant", io.eventkit.node.kernel.TenantContext.current())
              .bind("ids", asked)
              .map(
                  (rs, ctx) -> {
                    stamp[0] = stamp(rs);
                    UUID id = rs.getObject("id", UUID.class);
                    if (id != null) {
                      products.put(id, AvailabilityQueries.PRODUCT.map(rs, ctx));
                      caps.put(id, new Capacity(id, rs.getInt("owned"), rs.getInt("unavailable")));
                    }
                    return id;
                  })
              .list();
          Map<UUID, Integer> free =
              caps.isEmpty()
                  ? Map.of()
                  : lowest(snapshot(h, caps.keySet().toArray(UUID[]::new), caps, period), period);
          return new SharedStock(stamp[0], products, free);
        });
  }

  /** The shared catalogue's stamp alone (one statement), as {@link #shared} reads it. */
  public Stamp sharedStamp() {
    return jdbi.withHandle(
        h ->
            h.createQuery(AvailabilityQueries.SHARED_STAMP)
                .bind("tenant", io.eventkit.node.kernel.TenantContext.current())
                .map((rs, ctx) -> stamp(rs))
                .one());
  }

  private static Stamp stamp(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Stamp(rs.getLong("stamp_shared"), rs.getLong("stamp_changed_at"));
  }

  /** Each product's available count at the busiest moment of {@code period}. */
  private static Map<UUID, Integer> lowest(Map<UUID, Snapshot> snapshots, Interval period) {
    Map<UUID, Integer> out = new HashMap<>();
    snapshots.forEach(
        (id, s) ->
            out.put(
                id,
                Sweep.timeline(period, s.capacity.usable(), s.lines, s.temps).stream()
                    .mapToInt(Sweep.Step::available)
                    .min()
                    .orElse(0)));
    return out;
  }

  private Summary summary(Handle h, UUID productId, Interval period) {
    Snapshot s = snapshot(h, List.of(productId), period).get(productId);
    List<Sweep.Step> steps = Sweep.timeline(period, s.capacity.usable(), s.lines, s.temps);
    return new Summary(
        productId,
        period,
        s.capacity.owned(),
        s.capacity.unavailable(),
        steps.stream().mapToInt(Sweep.Step::temporary).min().orElse(0),
        steps.stream().mapToInt(Sweep.Step::held).max().orElse(0),
        steps.stream().mapToInt(Sweep.Step::tentative).max().orElse(0),
        steps.stream().mapToInt(Sweep.Step::available).min().orElse(0));
  }

  /** What the queries returned for one product. */
  private record Snapshot(Capacity capacity, List<BookedLine> lines, List<TemporaryStock> temps) {}

  private Map<UUID, Snapshot> snapshot(Handle h, List<UUID> productIds, Interval window) {
    UUID[] ids = productIds.stream().distinct().toArray(UUID[]::new);
    Map<UUID, Capacity> caps = new HashMap<>();
    for (Capacity c : AvailabilityQueries.capacities(h, ids)) {
      caps.put(c.productId(), c);
    }
    return snapshot(h, ids, caps, window);
  }

  /** The snapshot of {@code ids} whose capacities are known; NOT_FOUND for one without. */
  private Map<UUID, Snapshot> snapshot(
      Handle h, UUID[] ids, Map<UUID, Capacity> caps, Interval window) {
    Map<UUID, List<BookedLine>> lines =
        AvailabilityQueries.lines(h, ids, window.start(), window.end(), policy.tentativeArray())
            .stream()
            .collect(Collectors.groupingBy(BookedLine::productId));
    Map<UUID, List<TemporaryStock>> temps =
        AvailabilityQueries.temporary(h, ids, window.start(), window.end()).stream()
            .collect(Collectors.groupingBy(TemporaryStock::productId));
    Map<UUID, Snapshot> out = new LinkedHashMap<>();
    for (UUID id : ids) {
      Capacity c = caps.get(id);
      if (c == null) {
        throw Catalog.notFound(id);
      }
      out.put(
          id,
          new Snapshot(c, lines.getOrDefault(id, List.of()), temps.getOrDefault(id, List.of())));
    }
    return out;
  }

  /**
   * Inside a booking transaction (the product row locked): how many of {@code quantity} units over
   * {@code holdPeriods} cannot be supplied on top of what holding events already hold, at the worst
   * moment. 0 means it fits.
   */
  public int deficit(
      Handle h, UUID productId, List<Interval> holdPeriods, List<Integer> quantities) {
    Interval window = holdPeriods.get(0);
    for (Interval p : holdPeriods) {
      window = window.span(p);
    }
    Snapshot s = snapshot(h, List.of(productId), window).get(productId);
    List<BookedLine> combined = new ArrayList<>();
    for (BookedLine l : s.lines) {
      if (l.holds()) {
        combined.add(l);
      }
    }
    // The new demand ranks last: it only gets what is left.
    Instant last = Instant.MAX;
    List<BookedLine> mine = new ArrayList<>();
    for (int i = 0; i < holdPeriods.size(); i++) {
      Interval p = holdPeriods.get(i);
      mine.add(
          new BookedLine(
              new UUID(0, i),
              null,
              "",
              productId,
              quantities.get(i),
              p.start(),
              p.end(),
              true,
              "",
              Integer.MIN_VALUE,
              last));
    }
    combined.addAll(mine);
    int deficit = 0;
    for (Sweep.Shortage sh : Sweep.allocate(window, s.capacity.usable(), combined, s.temps)) {
      if (mine.contains(sh.line())) {
        deficit += sh.shortfall();
      }
    }
    return deficit;
  }

  /** An event whose shortfall of a product a change would create or grow. */
  public record Overbooked(UUID eventId, int requested, int shortfall) {}

  /**
   * Inside a booking transaction (the product row locked): what adding {@code newLines} (lines of
   * one product, not yet holding, with their real event, priority and creation time) does to the
   * holding lines over their span. Stock goes by {@link BookedLine#RANK}, so a new line of higher
   * priority takes units from an existing event: the result names every event that ends up shorter
   * than before, the new lines' own event included, with its new shortfall. Empty means it fits.
   */
  public List<Overbooked> overbooked(Handle h, UUID productId, List<BookedLine> newLines) {
    return overbooked(h, productId, java.util.Set.of(), newLines);
  }

  /**
   * As {@link #overbooked(Handle, UUID, List)}, for a change: the stored lines whose IDs are in
   * {@code replacing} are taken out of the "after" picture and {@code newLines} (their new
   * versions, same IDs) put in, so a line moved or resized is not counted twice.
   */
  public List<Overbooked> overbooked(
      Handle h, UUID productId, java.util.Set<UUID> replacing, List<BookedLine> newLines) {
    Interval window = null;
    for (BookedLine l : newLines) {
      Interval p = new Interval(l.startsAt(), l.endsAt());
      window = window == null ? p : window.span(p);
    }
    Snapshot s = snapshot(h, List.of(productId), window).get(productId);
    List<BookedLine> before = s.lines.stream().filter(BookedLine::holds).toList();
    List<BookedLine> after = new ArrayList<>(before);
    after.removeIf(l -> replacing.contains(l.id()));
    after.addAll(newLines);
    Map<UUID, Integer> was =
        shortfallByEvent(Sweep.allocate(window, s.capacity.usable(), before, s.temps));
    Map<UUID, Integer> now =
        shortfallByEvent(Sweep.allocate(window, s.capacity.usable(), after, s.temps));
    List<Overbooked> out = new ArrayList<>();
    for (Map.Entry<UUID, Integer> e : now.entrySet()) {
      if (e.getValue() > was.getOrDefault(e.getKey(), 0)) {
        int requested =
            after.stream()
                .filter(l -> e.getKey().equals(l.eventId()))
                .mapToInt(BookedLine::quantity)
                .sum();
        out.add(new Overbooked(e.getKey(), requested, e.getValue()));
      }
    }
    return out;
  }

  private static Map<UUID, Integer> shortfallByEvent(List<Sweep.Shortage> shorts) {
    Map<UUID, Integer> out = new LinkedHashMap<>();
    for (Sweep.Shortage sh : shorts) {
      out.merge(sh.line().eventId(), sh.shortfall(), Integer::sum);
    }
    return out;
  }

  /** One product of a pull-list check. */
  public record PullItem(
      UUID productId, int requested, int available, int shortfall, int tentative) {}

  /**
   * Checks an event's lines in one go. {@code eventLines} are the event's product-bearing lines
   * ({@code holds} true when the event's status holds stock); other events' holding lines rank by
   * {@link BookedLine#RANK}, and a non-holding event's lines get only what is left.
   */
  public List<PullItem> pullList(UUID eventId, List<BookedLine> eventLines) {
    if (eventLines.isEmpty()) {
      return List.of();
    }
    Interval window = null;
    for (BookedLine l : eventLines) {
      Interval p = new Interval(l.startsAt(), l.endsAt());
      window = window == null ? p : window.span(p);
    }
    Interval w = window;
    List<UUID> products =
        eventLines.stream().map(BookedLine::productId).distinct().sorted().toList();
    Map<UUID, Snapshot> snaps = jdbi.withHandle(h -> snapshot(h, products, w));
    Map<UUID, List<BookedLine>> mineByProduct =
        eventLines.stream().collect(Collectors.groupingBy(BookedLine::productId));
    List<PullItem> items = new ArrayList<>();
    for (UUID productId : products) {
      Snapshot s = snaps.get(productId);
      List<BookedLine> mine = mineByProduct.get(productId);
      List<BookedLine> others = s.lines.stream().filter(l -> !eventId.equals(l.eventId())).toList();
      List<BookedLine> demands = new ArrayList<>();
      others.stream().filter(BookedLine::holds).forEach(demands::add);
      for (BookedLine l : mine) {
        demands.add(
            l.holds()
                ? l
                : new BookedLine(
                    l.id(),
                    l.eventId(),
                    l.eventName(),
                    l.productId(),
                    l.quantity(),
                    l.startsAt(),
                    l.endsAt(),
                    true,
                    l.eventStatus(),
                    Integer.MIN_VALUE,
                    Instant.MAX));
      }
      int shortfall = 0;
      for (Sweep.Shortage sh : Sweep.allocate(w, s.capacity.usable(), demands, s.temps)) {
        if (eventId.equals(sh.line().eventId())) {
          shortfall += sh.shortfall();
        }
      }
      List<BookedLine> tentative = others.stream().filter(l -> !l.holds()).toList();
      int maxTentative = 0;
      for (BookedLine l : mine) {
        Interval p = new Interval(l.startsAt(), l.endsAt());
        for (Sweep.Step st : Sweep.timeline(p, 0, tentative, List.of())) {
          maxTentative = Math.max(maxTentative, st.tentative());
        }
      }
      int requested = mine.stream().mapToInt(BookedLine::quantity).sum();
      items.add(new PullItem(productId, requested, requested - shortfall, shortfall, maxTentative));
    }
    return items;
  }

  /** One (event, product) that cannot be fully supplied. */
  public record Shortage(
      UUID eventId, String eventName, UUID productId, int requested, int shortfall, Instant from) {}

  /**
   * The order shortages are listed and paged in: when the shortfall starts, then event and product
   * ID, the IDs compared as PostgreSQL compares them (unsigned, byte by byte), since the stored
   * shortages are ordered and paged in SQL.
   */
  public static final Comparator<Shortage> SHORTAGE_ORDER =
      Comparator.comparing(Shortage::from)
          .thenComparing(Shortage::eventId, Availability::compareUuids)
          .thenComparing(Shortage::productId, Availability::compareUuids);

  private static int compareUuids(UUID a, UUID b) {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0
        ? c
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  /** Every (event, product) short within {@code window}, in {@link #SHORTAGE_ORDER}. */
  public List<Shortage> shortages(Interval window) {
    return shortages(window, null, Integer.MAX_VALUE);
  }

  /**
   * The first {@code limit} (event, product) pairs short within {@code window} that come after
   * {@code after} (null: from the top) in {@link #SHORTAGE_ORDER}, across all holding events.
   * Lower-ranked lines are the ones reported; a line's shortfall is its worst moment in the window
   * and {@code from} its first one.
   *
   * <p>Reads the stored shortages (V88) after recomputing the products noted since the last read,
   * so the answer reflects every write committed before the call; its cost follows the shortages in
   * the window, not the bookings. Products with an inspection rule are allocated live.
   */
  public List<Shortage> shortages(Interval window, Shortage after, int limit) {
    checkWindow(window);
    refreshShortages();
    return jdbi.inTransaction(
        org.jdbi.v3.core.transaction.TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          List<Shortage> out =
              new ArrayList<>(
                  h.createQuery(AvailabilityQueries.SHORTAGE_ROWS)
                      .bind("start", window.start())
                      .bind("end", window.end())
                      .bind("afterFrom", after == null ? null : after.from())
                      .bind("afterEvent", after == null ? null : after.eventId())
                      .bind("afterProduct", after == null ? null : after.productId())
                      .bind("limit", limit)
                      .map(
                          (rs, ctx) ->
                              new Shortage(
                                  rs.getObject("event_id", UUID.class),
                                  rs.getString("event_name"),
                                  rs.getObject("product_id", UUID.class),
                                  rs.getInt("requested"),
                                  rs.getInt("shortfall"),
                                  rs.getTimestamp("from_at").toInstant()))
                      .list());
          for (Shortage s : liveShortages(h, window)) {
            if (after == null || SHORTAGE_ORDER.compare(s, after) > 0) {
              out.add(s);
            }
          }
          out.sort(SHORTAGE_ORDER);
          return out.size() > limit ? out.subList(0, limit) : out;
        });
  }

  /** The shortages of the products with an inspection rule, allocated from their rows. */
  private List<Shortage> liveShortages(Handle h, Interval window) {
    UUID[] ruled =
        h.createQuery("SELECT product_id FROM inspection_rule ORDER BY product_id")
            .mapTo(UUID.class)
            .list()
            .toArray(UUID[]::new);
    if (ruled.length == 0) {
      return List.of();
    }
    Map<UUID, List<BookedLine>> lines =
        AvailabilityQueries.lines(h, ruled, window.start(), window.end(), policy.tentativeArray())
            .stream()
            .filter(BookedLine::holds)
            .collect(Collectors.groupingBy(BookedLine::productId));
    if (lines.isEmpty()) {
      return List.of();
    }
    UUID[] booked = lines.keySet().stream().sorted().toArray(UUID[]::new);
    Map<UUID, Integer> usable = new HashMap<>();
    for (Capacity c : AvailabilityQueries.capacities(h, booked)) {
      usable.put(c.productId(), c.usable());
    }
    Map<UUID, List<TemporaryStock>> temps =
        AvailabilityQueries.temporary(h, booked, window.start(), window.end()).stream()
            .collect(Collectors.groupingBy(TemporaryStock::productId));
    Map<List<UUID>, Shortage> out = new HashMap<>();
    for (UUID product : booked) {
      for (Sweep.Shortage sh :
          Sweep.allocate(
              window,
              usable.getOrDefault(product, 0),
              lines.get(product),
              temps.getOrDefault(product, List.of()))) {
        BookedLine l = sh.line();
        out.merge(
            List.of(l.eventId(), l.productId()),
            new Shortage(l.eventId(), "", l.productId(), l.quantity(), sh.shortfall(), sh.from()),
            (a, b) ->
                new Shortage(
                    a.eventId(),
                    "",
                    a.productId(),
                    a.requested() + b.requested(),
                    a.shortfall() + b.shortfall(),
                    a.from().isBefore(b.from()) ? a.from() : b.from()));
      }
    }
    Map<UUID, String> names =
        AvailabilityQueries.eventNames(
            h, out.values().stream().map(Shortage::eventId).distinct().toArray(UUID[]::new));
    List<Shortage> list = new ArrayList<>(out.size());
    for (Shortage x : out.values()) {
      list.add(
          new Shortage(
              x.eventId(),
              names.getOrDefault(x.eventId(), ""),
              x.productId(),
              x.requested(),
              x.shortfall(),
              x.from()));
    }
    return list;
  }

  /**
   * Products per refresh transaction. A writer noting a product that a refresh has taken waits for
   * that refresh to commit, so batches are kept short.
   */
  private static final int REFRESH_BATCH = 100;

  /**
   * The span the stored shortages cover. A unit still out past its booking is held until it comes
   * back, so its stretch ends at the end of this span (a range bound, not "now": the hold does not
   * depend on the clock).
   */
  static final Interval ALL_TIME =
      new Interval(Instant.parse("1900-01-01T00:00:00Z"), Instant.parse("9999-01-01T00:00:00Z"));

  /**
   * Recomputes the stored shortages of the products noted since the last refresh (V88), in batches
   * of {@value #REFRESH_BATCH} products, each its own transaction. Safe to call anywhere at once:
   * the batches of concurrent callers take turns (see refreshBatch).
   */
  public void refreshShortages() {
    // Bounded so that a steady stream of writes can't keep one reader here forever; what is left
    // is taken by the next read.
    for (int round = 0; round < 1_000; round++) {
      if (jdbi.inTransaction(this::refreshBatch) == 0) {
        return;
      }
    }
  }

  private record StockRow(String tenantId, int usable, boolean live) {}

  private int refreshBatch(Handle h) {
    // Refreshes take turns (one transaction-scoped advisory lock for the database, so across
    // replicas too): two at once deadlocked on the queue's rows under load (ListShortages at 50
    // clients in the benchmark). A reader that finds rows queued waits here for the refresh that
    // took them to commit, which keeps takeNoted.sql's guarantee; an empty queue costs no lock.
    if (!h.createQuery("SELECT EXISTS (SELECT 1 FROM shortage_dirty)").mapTo(Boolean.class).one()) {
      return 0;
    }
    h.execute("SELECT pg_advisory_xact_lock(hashtext('eventkit.shortage_refresh'))");
    UUID[] ids =
        h.createQuery(AvailabilityQueries.TAKE_NOTED)
            .bind("n", REFRESH_BATCH)
            .mapTo(UUID.class)
            .list()
            .toArray(UUID[]::new);
    if (ids.length == 0) {
      return 0;
    }
    h.createUpdate("DELETE FROM shortage_segment WHERE product_id = ANY(:ids)")
        .bind("ids", ids)
        .execute();
    Map<UUID, StockRow> stock = new HashMap<>();
    h.createQuery(AvailabilityQueries.SHORTAGE_STOCK)
        .bind("ids", ids)
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getObject("product_id", UUID.class),
                    new StockRow(
                        rs.getString("tenant_id"), rs.getInt("usable"), rs.getBoolean("live"))))
        .forEach(e -> stock.put(e.getKey(), e.getValue()));
    UUID[] kept =
        stock.entrySet().stream()
            .filter(e -> !e.getValue().live())
            .map(Map.Entry::getKey)
            .sorted()
            .toArray(UUID[]::new);
    if (kept.length == 0) {
      return ids.length;
    }
    // What availability reads for a period (lines.sql: holding lines, and units still out past
    // their booking, held until they come back), over all time.
    Map<UUID, List<BookedLine>> lines =
        AvailabilityQueries.lines(
                h, kept, ALL_TIME.start(), ALL_TIME.end(), policy.tentativeArray())
            .stream()
            .filter(BookedLine::holds)
            .collect(Collectors.groupingBy(BookedLine::productId));
    Map<UUID, List<TemporaryStock>> temps =
        AvailabilityQueries.temporary(h, kept, ALL_TIME.start(), ALL_TIME.end()).stream()
            .collect(Collectors.groupingBy(TemporaryStock::productId));
    org.jdbi.v3.core.statement.PreparedBatch insert =
        h.prepareBatch(
            "INSERT INTO shortage_segment"
                + " (product_id, tenant_id, line_id, event_id, quantity, unmet, period)"
                + " VALUES (:product, :tenant, :line, :event, :quantity, :unmet,"
                + " tstzrange(:start, :end, '[)'))");
    for (UUID product : kept) {
      List<BookedLine> ls = lines.get(product);
      if (ls == null) {
        continue;
      }
      StockRow st = stock.get(product);
      for (Sweep.Unmet u :
          Sweep.unmet(ALL_TIME, st.usable(), ls, temps.getOrDefault(product, List.of()))) {
        insert
            .bind("product", product)
            .bind("tenant", st.tenantId())
            .bind("line", u.line().id())
            .bind("event", u.line().eventId())
            .bind("quantity", u.line().quantity())
            .bind("unmet", u.unmet())
            .bind("start", u.period().start())
            .bind("end", u.period().end())
            .add();
      }
    }
    if (insert.size() > 0) {
      insert.execute();
    }
    return ids.length;
  }

  /**
   * Records stock that is here only for a period (sub-hired in). The sub-hire feature calls this;
   * availability counts it from now on.
   */
  public UUID addTemporaryStock(
      UUID productId, int quantity, Interval period, String sourceRef, Instant now) {
    if (quantity <= 0) {
      throw DomainException.invalid("quantity must be positive (was " + quantity + ")");
    }
    UUID id = UUID.randomUUID();
    jdbi.useTransaction(
        h -> {
          Catalog.require(h, productId, "product_id");
          Daos.of(h, AvailabilityDao.class)
              .insertTemporary(
                  id, productId, quantity, period.start(), period.end(), sourceRef, now);
        });
    return id;
  }

  /** Whether temporary stock from {@code sourceRef} exists (the sub-hire feature's idempotency). */
  public boolean hasTemporaryStock(String sourceRef) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT EXISTS (SELECT 1 FROM temporary_stock WHERE source_ref = :s)")
                .bind("s", sourceRef)
                .mapTo(Boolean.class)
                .one());
  }

  /** Removes all temporary stock from {@code sourceRef}; returns the rows removed. */
  public int removeTemporaryStock(String sourceRef) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM temporary_stock WHERE source_ref = :s")
                .bind("s", sourceRef)
                .execute());
  }

  public static void checkWindow(Interval period) {
    if (period.length().compareTo(MAX_WINDOW) > 0) {
      throw DomainException.invalid("period must be at most " + MAX_WINDOW.toDays() + " days long");
    }
  }
}
