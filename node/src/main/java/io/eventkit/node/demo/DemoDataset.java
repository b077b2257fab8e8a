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

  private static final List<Template> TEMPLATES =
      List.of(
          t("Shure", "SM58", "dynamic vocal microphone", "Audio / Microphones", 800, 300),
          t(
              "Shure",
              "Beta 58A",
              "supercardioid vocal microphone",
              "Audio / Microphones",
              1000,
              280),
          t("Shure", "ULXD24/B58", "wireless vocal system", "Audio / Wireless", 6500, 2100),
          t("Sennheiser", "e935", "cardioid vocal microphone", "Audio / Microphones", 900, 330),
          t("Sennheiser", "EW-DX 835-S", "wireless handheld set", "Audio / Wireless", 5500, 1900),
          t("Sennheiser", "MKH 416", "shotgun microphone", "Audio / Microphones", 2500, 165),
          t("DPA", "4088", "headset microphone", "Audio / Microphones", 3000, 50),
          t(
              "d&b audiotechnik",
              "KSL8",
              "line array loudspeaker",
              "Audio / Loudspeakers",
              18000,
              80000),
          t(
              "d&b audiotechnik",
              "Y10P",
              "point source loudspeaker",
              "Audio / Loudspeakers",
              7000,
              20000),
          t(
              "d&b audiotechnik",
              "D80",
              "four-channel amplifier",
              "Audio / Amplifiers",
              12000,
              19000),
          t("L-Acoustics", "K2", "line source element", "Audio / Loudspeakers", 20000, 56000),
          t("L-Acoustics", "KS28", "subwoofer", "Audio / Loudspeakers", 15000, 79000),
          t("L-Acoustics", "LA12X", "amplified controller", "Audio / Amplifiers", 14000, 14500),
          t("Yamaha", "CL5", "digital mixing console", "Audio / Consoles", 45000, 36000),
          t("Yamaha", "Rio3224-D2", "Dante I/O rack", "Audio / Stageboxes", 15000, 15000),
          t("Allen & Heath", "dLive S5000", "mixing surface", "Audio / Consoles", 40000, 30000),
          t("Allen & Heath", "SQ-6", "digital mixer", "Audio / Consoles", 15000, 14000),
          t("DiGiCo", "SD12", "digital console", "Audio / Consoles", 50000, 45000),
          t("Martin", "MAC Aura XB", "LED wash moving head", "Lighting / Moving heads", 6000, 5600),
          t(
              "Martin",
              "MAC Viper Profile",
              "profile moving head",
              "Lighting / Moving heads",
              9000,
              38000),
          t("Robe", "MegaPointe", "beam/spot moving head", "Lighting / Moving heads", 9500, 22000),
          t("Robe", "Spiider", "LED wash beam", "Lighting / Moving heads", 8000, 18000),
          t("Robe", "T1 Profile", "theatre profile", "Lighting / Moving heads", 11000, 33000),
          t("Clay Paky", "Sharpy", "beam moving head", "Lighting / Moving heads", 6000, 16000),
          t("GLP", "JDC1", "hybrid strobe", "Lighting / Effects", 7000, 14000),
          t(
              "Chauvet Professional",
              "Maverick Force 2",
              "profile moving head",
              "Lighting / Moving heads",
              8500,
              30000),
          t("ETC", "Source Four 750", "ellipsoidal spot", "Lighting / Conventionals", 1500, 7500),
          t("ETC", "Eos Ti", "lighting console", "Lighting / Consoles", 35000, 30000),
          t(
              "MA Lighting",
              "grandMA3 full-size",
              "lighting console",
              "Lighting / Consoles",
              60000,
              48000),
          t(
              "MA Lighting",
              "grandMA3 light",
              "lighting console",
              "Lighting / Consoles",
              45000,
              33000),
          t("Astera", "Titan Tube", "battery LED tube", "Lighting / LED", 2500, 2500),
          t("Barco", "UDX-4K32", "laser projector", "Video / Projectors", 90000, 140000),
          t("Panasonic", "PT-RQ35K", "4K laser projector", "Video / Projectors", 85000, 120000),
          t(
              "Christie",
              "Griffyn 4K35-RGB",
              "RGB laser projector",
              "Video / Projectors",
              110000,
              150000),
          t("ROE Visual", "Black Marble BM4", "LED floor panel", "Video / LED walls", 3000, 11000),
          t("ROE Visual", "Carbon CB5", "LED wall panel", "Video / LED walls", 2500, 9000),
          t("Absen", "PL2.9 Pro", "LED wall panel", "Video / LED walls", 2200, 8000),
          t(
              "Blackmagic Design",
              "ATEM Constellation 8K",
              "live production switcher",
              "Video / Switchers",
              30000,
              6000),
          t(
              "Blackmagic Design",
              "URSA Broadcast G2",
              "broadcast camera",
              "Video / Cameras",
              20000,
              3200),
          t("Panasonic", "AW-UE150", "PTZ camera", "Video / Cameras", 15000, 4500),
          t(
              "Analog Way",
              "Aquilon RS4",
              "presentation switcher",
              "Video / Switchers",
              40000,
              20000),
          t("Riedel", "Bolero", "wireless intercom beltpack", "Comms / Intercom", 2500, 400),
          t("Clear-Com", "FreeSpeak II", "wireless beltpack", "Comms / Intercom", 2200, 350),
          t("Prolyte", "H30V 3m", "truss section", "Staging / Truss", 1500, 18000),
          t("Eurotruss", "FD34 2m", "truss section", "Staging / Truss", 1200, 14000),
          t("CM Lodestar", "1t D8+", "electric chain hoist", "Rigging / Hoists", 6000, 45000),
          t("Litec", "Steel deck 2x1m", "stage deck", "Staging / Decks", 1500, 30000),
          t("Le Maitre", "MVS Hazer", "hazer", "Lighting / Effects", 4000, 20000));

  private static final List<Template> BULK_TEMPLATES =
      List.of(
          b("Klotz", "XLR 10m", "microphone cable 10 m", "Cables / Audio", 100, 600),
          b("Klotz", "XLR 5m", "microphone cable 5 m", "Cables / Audio", 80, 330),
          b("Neutrik", "powerCON TRUE1 5m", "power link cable", "Cables / Power", 150, 900),
          b("Titanex", "16A 10m", "CEE 16 A extension", "Cables / Power", 200, 2500),
          b("Cat6", "etherCON 20m", "network cable 20 m", "Cables / Data", 250, 1200),
          b("Doughty", "Trigger Clamp", "truss clamp", "Rigging / Hardware", 50, 450),
          b("Doughty", "Safety Bond 60cm", "safety bond", "Rigging / Hardware", 30, 120),
          b("Gerriets", "Molton 3x6m", "black drape", "Staging / Drapes", 1200, 5400),
          b("Manfrotto", "Super Clamp", "super clamp", "Rigging / Hardware", 60, 500),
          b("Stage Electrics", "DMX 5-pin 10m", "DMX cable 10 m", "Cables / Data", 120, 700));

  private static Template t(String m, String model, String n, String c, long price, long g) {
    return new Template(m, model, n, c, false, price, g);
  }

  private static Template b(String m, String model, String n, String c, long price, long g) {
    return new Template(m, model, n, c, true, price, g);
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

  /** Loads the {@link Size#SMALL} dataset (seed 42) if the inventory is empty; else leaves it. */
  public static void loadIfEmpty(InventoryModule inventory, Planning planning, Clock clock) {
    if (inventory.catalog.count() == 0) {
      Counts c = new DemoDataset(inventory, planning, clock, 42).load(Size.SMALL);
      LOG.info("loaded the demo dataset: {}", c);
    } else {
      LOG.info("demo data not loaded: the inventory is not empty");
    }
  }

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
              new Money("GBP", price),
              new Money("GBP", price * 25),
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
    String[] clients = {
      "Northwind Events", "Blue Fox Productions", "Civic Conferences", "Halcyon Festivals",
      "Meridian Live", "Stagecraft Agency", "Apex Corporate", "Harbour Weddings"
    };
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
