package io.eventkit.node.demo;

import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Assets;
import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.inventory.Location;
import io.eventkit.node.inventory.Locations;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.inventory.Stock;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic (seeded) rental-company dataset: warehouses and bins, products from real-sounding
 * AV manufacturers, serialised assets and bulk stock, and events with booking lines around "now".
 * Everything goes through the domain classes in batches (one transaction and one batch statement
 * per chunk), so the same generator serves the dev node ({@link Size#SMALL}) and the benchmark
 * ({@link Size#BENCHMARK}: 5,000 products, 100,000 assets, 10,000 events × 30 lines). The same seed
 * gives the same content; IDs are random UUIDs.
 */
public final class DemoDataset {
  /** How much to generate. */
  public record Size(int products, int assets, int events, int linesPerEvent) {
    public static final Size SMALL = new Size(200, 2_000, 300, 12);
    public static final Size BENCHMARK = new Size(5_000, 100_000, 10_000, 30);
  }

  /** What was created. */
  public record Counts(int locations, int products, int assets, int events, int lines) {}

  private static final int BATCH = 2_000;

  private record Template(
      String manufacturer,
      String model,
      String name,
      String category,
      boolean bulk,
      long priceCents,
      long weightGrams) {}

  private static final List<Template> ALL_TEMPLATES = readTemplates("products.tsv");
  private static final List<Template> TEMPLATES =
      ALL_TEMPLATES.stream().filter(t -> !t.bulk()).toList();
  private static final List<Template> BULK_TEMPLATES =
      ALL_TEMPLATES.stream().filter(Template::bulk).toList();

  /** The product templates, a tab-separated resource beside this class (# lines are comments). */
  private static List<Template> readTemplates(String resource) {
    try (InputStream in = DemoDataset.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      List<Template> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        out.add(
            new Template(
                f[1],
                f[2],
                f[3],
                f[4],
                f[0].equals("bulk"),
                Long.parseLong(f[5]),
                Long.parseLong(f[6])));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(DemoDataset.class);

  private final InventoryModule inventory;
  private final Planning planning;
  private final Clock clock;
  private final long seed;

  public DemoDataset(InventoryModule inventory, Planning planning, Clock clock, long seed) {
    this.inventory = inventory;
    this.planning = planning;
    this.clock = clock;
    this.seed = seed;
  }

  /**
   * Loads the {@link Size#SMALL} dataset (seed 42) if the inventory is empty, and says whether it
   * did; else leaves it.
   */
  public static boolean loadIfEmpty(InventoryModule inventory, Planning planning, Clock clock) {
    if (inventory.catalog.count() == 0) {
      Counts c = new DemoDataset(inventory, planning, clock, 42).load(Size.SMALL);
      LOG.info("loaded the demo dataset: {}", c);
      return true;
    }
    LOG.info("demo data not loaded: the inventory is not empty");
    return false;
  }

  /** The events' clients (free-text client names; the node makes them CRM companies). */
  public static final List<String> CLIENTS =
      List.of(
          "Northwind Events",
          "Blue Fox Productions",
          "Civic Conferences",
          "Halcyon Festivals",
          "Meridian Live",
          "Stagecraft Agency",
          "Apex Corporate",
          "Harbour Weddings");

  /** The currency of the dataset's prices (rental prices and replacement values). */
  public static final String CURRENCY = "GBP";

  /** Told after each batch: which stage, how many of its items are loaded, out of how many. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (stage, done, total) -> {};

    void update(String stage, int done, int total);
  }

  public Counts load(Size size) {
    return load(size, Progress.NONE);
  }

  public Counts load(Size size, Progress progress) {
    Random rnd = new Random(seed);
    // Locations: two warehouses with bins.
    Locations locs = inventory.locations;
    List<Location> warehouses =
        locs.createAll(
            List.of(
                new Locations.NewLocation(
                    Location.Kind.WAREHOUSE, "LDN", "London warehouse", null, "Park Royal, London"),
                new Locations.NewLocation(
                    Location.Kind.WAREHOUSE,
                    "MAN",
                    "Manchester warehouse",
                    null,
                    "Trafford Park")));
    List<Locations.NewLocation> bins = new ArrayList<>();
    for (Location w : warehouses) {
      for (String bay : List.of("A", "B", "C", "D")) {
        bins.add(
            new Locations.NewLocation(
                Location.Kind.BIN, w.code() + "-" + bay + "01", "Bay " + bay, w.id(), ""));
      }
    }
    List<Location> binLocations = locs.createAll(bins);

    // Products: templates first, then numbered variants ("Mk2", "Mk3"...) for larger sizes.
    List<Product.ProductFields> fields = new ArrayList<>();
    for (int i = 0; i < size.products(); i++) {
      boolean bulk = i % 5 == 4;
      List<Template> pool = bulk ? BULK_TEMPLATES : TEMPLATES;
      int index = bulk ? i / 5 : i - i / 5;
      Template tp = pool.get(index % pool.size());
      int variant = index / pool.size();
      String model = variant == 0 ? tp.model() : tp.model() + " Mk" + (variant + 1);
      long price = tp.priceCents() + variant * 10L;
      fields.add(
          new Product.ProductFields(
              tp.manufacturer(),
              model,
              tp.manufacturer() + " " + model + " " + tp.name(),
              tp.category(),
              "Demo " + tp.name() + ", flight-cased, tested before every hire.",
              null,
              new Money(CURRENCY, price),
              new Money(CURRENCY, price * 25),
              tp.weightGrams(),
              Duration.ofHours(bulk ? 0 : 2 + rnd.nextInt(3) * 2),
              Duration.ofHours(bulk ? 2 : 4 + rnd.nextInt(3) * 4),
              bulk ? Product.Tracking.BULK : Product.Tracking.SERIALISED,
              rnd.nextInt(4) == 0));
    }
    List<Product> products = new ArrayList<>();
    for (List<Product.ProductFields> chunk : chunks(fields, BATCH)) {
      products.addAll(inventory.catalog.createAll(chunk));
      progress.update("products", products.size(), fields.size());
    }
    List<Product> serialised =
        products.stream()
            .filter(p -> p.fields().tracking() == Product.Tracking.SERIALISED)
            .toList();
    List<Product> bulkProducts =
        products.stream().filter(p -> p.fields().tracking() == Product.Tracking.BULK).toList();

    // Assets: spread over the serialised products, a few out of service.
    List<Assets.NewAsset> assets = new ArrayList<>();
    int[] owned = new int[products.size()];
    java.util.Map<UUID, Integer> indexOf = new java.util.HashMap<>();
    for (int i = 0; i < products.size(); i++) {
      indexOf.put(products.get(i).id(), i);
    }
    for (int i = 0; i < size.assets(); i++) {
      int pi = i < serialised.size() ? i : skewed(rnd, serialised.size());
      Product p = serialised.get(pi);
      owned[indexOf.get(p.id())]++;
      int r = rnd.nextInt(100);
      Asset.Status status =
          r < 94
              ? Asset.Status.AVAILABLE
              : r < 97
                  ? Asset.Status.IN_REPAIR
                  : r < 98 ? Asset.Status.QUARANTINE : Asset.Status.RETIRED;
      assets.add(
          new Assets.NewAsset(
              p.id(),
              String.format("EK%07d", i + 1),
              p.fields().manufacturer().substring(0, 2).toUpperCase(java.util.Locale.ROOT)
                  + (100000 + rnd.nextInt(900000)),
              binLocations.get(rnd.nextInt(binLocations.size())).id(),
              status,
              status == Asset.Status.IN_REPAIR ? "Intermittent fault reported on return" : ""));
    }
    int assetsDone = 0;
    for (List<Assets.NewAsset> chunk : chunks(assets, BATCH * 2)) {
      inventory.assets.createAll(chunk);
      assetsDone += chunk.size();
      progress.update("assets", assetsDone, assets.size());
    }

    // Bulk stock in both warehouses.
    List<Stock.NewAdjustment> levels = new ArrayList<>();
    for (Product p : bulkProducts) {
      for (Location w : warehouses) {
        int q = 20 + rnd.nextInt(300);
        levels.add(new Stock.NewAdjustment(p.id(), w.id(), q, "opening stock", "demo data"));
      }
    }
    for (List<Stock.NewAdjustment> chunk : chunks(levels, BATCH)) {
      inventory.stock.importLevels(chunk);
    }

    // Events around now: 1–5 day jobs from 60 days ago to 300 days ahead.
    Instant base = clock.instant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(60));
    long spanDays = Math.max(60, 360L * size.events() / 10_000 + 300);
    List<Planning.ImportedEvent> events = new ArrayList<>();
    int lineCount = 0;
    String[] venues = {
      "O2 Arena, London",
      "Royal Albert Hall",
      "ExCeL London",
      "Manchester Central",
      "SEC Glasgow",
      "Birmingham NEC",
      "Hilton Park Lane",
      "Olympia London",
      "ICC Wales"
    };
    String[] clients = CLIENTS.toArray(String[]::new);
    for (int i = 0; i < size.events(); i++) {
      Instant start =
          base.plus(Duration.ofDays(rnd.nextInt((int) spanDays))).plus(Duration.ofHours(8));
      Instant end = start.plus(Duration.ofDays(1 + rnd.nextInt(5)));
      boolean past = end.isBefore(clock.instant());
      EventStatus status = past ? pastStatus(rnd) : futureStatus(rnd);
      Planning.NewEvent ev =
          new Planning.NewEvent(
              clients[rnd.nextInt(clients.length)] + " " + (2026 + i % 3) + " #" + (i + 1),
              clients[rnd.nextInt(clients.length)],
              venues[rnd.nextInt(venues.length)],
              "Europe/London",
              new Interval(start, end),
              status,
              rnd.nextInt(10) == 0 ? 10 : 0,
              "");
      List<Planning.ImportedLine> lines = new ArrayList<>();
      int n = Math.max(1, size.linesPerEvent() - 3 + rnd.nextInt(7));
      for (int l = 0; l < n; l++) {
        int pi = skewed(rnd, products.size());
        Product p = products.get(pi);
        int cap = p.fields().tracking() == Product.Tracking.BULK ? 100 : Math.max(1, owned[pi] / 3);
        lines.add(new Planning.ImportedLine(p, null, 1 + rnd.nextInt(Math.max(1, cap)), null));
      }
      lineCount += lines.size();
      events.add(new Planning.ImportedEvent(ev, lines));
      if (events.size() == 500) {
        planning.importEvents(events);
        events.clear();
        progress.update("events", i + 1, size.events());
      }
    }
    if (!events.isEmpty()) {
      planning.importEvents(events);
    }
    progress.update("events", size.events(), size.events());
    return new Counts(
        warehouses.size() + binLocations.size(),
        products.size(),
        assets.size(),
        size.events(),
        lineCount);
  }

  private static EventStatus pastStatus(Random rnd) {
    int r = rnd.nextInt(10);
    return r < 8 ? EventStatus.COMPLETED : r < 9 ? EventStatus.CANCELLED : EventStatus.LOST;
  }

  private static EventStatus futureStatus(Random rnd) {
    int r = rnd.nextInt(20);
    if (r < 2) {
      return EventStatus.ENQUIRY;
    }
    if (r < 4) {
      return EventStatus.QUOTE;
    }
    if (r < 7) {
      return EventStatus.PROVISIONAL;
    }
    if (r < 11) {
      return EventStatus.RESERVED;
    }
    return r < 19 ? EventStatus.CONFIRMED : EventStatus.CANCELLED;
  }

  /** An index biased towards the start (popular items are booked more). */
  private static int skewed(Random rnd, int n) {
    double x = rnd.nextDouble();
    return Math.min(n - 1, (int) (n * x * x));
  }

  private static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      out.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return out;
  }
}
