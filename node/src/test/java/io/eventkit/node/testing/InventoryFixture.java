package io.eventkit.node.testing;

import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Assets;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.Location;
import io.eventkit.node.inventory.Locations;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.inventory.Stock;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.PlanningServiceGrpc;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * One real node shared by the inventory tests (starting PostgreSQL per class would dominate the
 * run), plus domain modules over its database with either overbooking policy. Tests isolate
 * themselves by creating their own products, barcodes and dates.
 */
public final class InventoryFixture {
  private static TestNode node;
  private static final Map<InventoryConfig.Overbooking, Domain> MODULES = new ConcurrentHashMap<>();

  private InventoryFixture() {}

  public static synchronized TestNode node() {
    if (node == null) {
      node = TestNode.start("inventory.test");
      TestNode n = node;
      Runtime.getRuntime().addShutdownHook(new Thread(n::close));
    }
    return node;
  }

  public static Jdbi jdbi() {
    return node().runtime().jdbi();
  }

  /** Domain classes over the node's database, with the given overbooking policy. */
  public static Domain module(InventoryConfig.Overbooking policy) {
    return MODULES.computeIfAbsent(
        policy,
        p -> {
          InventoryConfig c = new InventoryConfig();
          c.setOverbooking(p);
          return Domain.create(jdbi(), Clock.systemUTC(), "inventory.test", c);
        });
  }

  public static Domain refuse() {
    return module(InventoryConfig.Overbooking.REFUSE);
  }

  public static Domain warn() {
    return module(InventoryConfig.Overbooking.WARN);
  }

  public static InventoryServiceGrpc.InventoryServiceBlockingStub inventoryApi() {
    return InventoryServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth()))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public static PlanningServiceGrpc.PlanningServiceBlockingStub planningApi() {
    return PlanningServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth()))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public static io.eventkit.proto.v1.ScanningServiceGrpc.ScanningServiceBlockingStub scanningApi() {
    return io.eventkit.proto.v1.ScanningServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth()))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A new API token of one built-in role. */
  public static String roleToken(io.eventkit.proto.v1.Role role) {
    return node()
        .authService(node().adminToken())
        .createApiToken(
            io.eventkit.proto.v1.CreateApiTokenRequest.newBuilder()
                .setName(unique("token "))
                .setRole(role)
                .build())
        .getToken();
  }

  /** ScanningService as the holder of {@code token}. */
  public static io.eventkit.proto.v1.ScanningServiceGrpc.ScanningServiceBlockingStub scanningApi(
      String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return io.eventkit.proto.v1.ScanningServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static Metadata auth() {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node().adminToken());
    return md;
  }

  public static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
  }

  public static Product.ProductFields fields(
      String model, Product.Tracking tracking, Duration before, Duration after) {
    return new Product.ProductFields(
        "Testco",
        model,
        "Testco " + model,
        "Test / " + model,
        "",
        null,
        new Money("EUR", 1000),
        new Money("EUR", 50000),
        1000,
        before,
        after,
        tracking,
        false);
  }

  /** A request timestamp (whole seconds) from ISO-8601. */
  public static com.google.protobuf.Timestamp protoTs(String iso) {
    return com.google.protobuf.Timestamp.newBuilder()
        .setSeconds(Instant.parse(iso).getEpochSecond())
        .build();
  }

  public static io.eventkit.proto.v1.Period protoPeriod(String start, String end) {
    return io.eventkit.proto.v1.Period.newBuilder()
        .setStart(protoTs(start))
        .setEnd(protoTs(end))
        .build();
  }

  /** A serialised Testco product as a request carries it. */
  public static io.eventkit.proto.v1.ProductFields.Builder protoProductFields(String model) {
    io.eventkit.proto.v1.Money.Builder eur =
        io.eventkit.proto.v1.Money.newBuilder().setCurrencyCode("EUR");
    return io.eventkit.proto.v1.ProductFields.newBuilder()
        .setManufacturer("Testco")
        .setModel(model)
        .setName("Testco " + model)
        .setCategory("Test")
        .setRentalPrice(eur.clone().setMinorUnits(100))
        .setReplacementValue(eur.clone().setMinorUnits(1000))
        .setTracking(io.eventkit.proto.v1.Tracking.TRACKING_SERIALISED);
  }

  public static Location warehouse(Domain m) {
    return m.locations.create(
        new Locations.NewLocation(
            Location.Kind.WAREHOUSE, unique("W"), "Test warehouse", null, ""));
  }

  /** A serialised product with {@code units} available assets. */
  public static Product serialised(Domain m, int units, Duration before, Duration after) {
    Product p =
        m.catalog.create(fields(unique("SER-"), Product.Tracking.SERIALISED, before, after));
    Location w = warehouse(m);
    for (int i = 0; i < units; i++) {
      m.assets.create(
          new Assets.NewAsset(
              p.id(), unique("BC"), unique("SN"), w.id(), Asset.Status.AVAILABLE, ""));
    }
    return p;
  }

  public static List<Asset> assetsOf(Domain m, Product p) {
    return m.assets.list(p.id(), null, null, io.eventkit.node.kernel.PageSpec.first(500)).items();
  }

  /** A bulk product with {@code quantity} in stock. */
  public static Product bulk(Domain m, int quantity) {
    Product p =
        m.catalog.create(
            fields(unique("BULK-"), Product.Tracking.BULK, Duration.ZERO, Duration.ZERO));
    Location w = warehouse(m);
    m.stock.adjust(new Stock.NewAdjustment(p.id(), w.id(), quantity, "purchase", ""));
    return p;
  }

  /**
   * A product named by {@code manufacturer} and {@code model}, with {@code qty} in stock if > 0.
   */
  public static Product product(
      Domain m,
      String manufacturer,
      String model,
      boolean shared,
      int qty,
      Product.Tracking tracking) {
    Product p =
        m.catalog.create(
            new Product.ProductFields(
                manufacturer,
                model,
                manufacturer + " " + model,
                "Audio",
                "",
                null,
                new Money("EUR", 1000),
                new Money("EUR", 50000),
                500,
                Duration.ZERO,
                Duration.ZERO,
                tracking,
                shared));
    if (qty > 0) {
      m.stock.adjust(new Stock.NewAdjustment(p.id(), warehouse(m).id(), qty, "purchase", ""));
    }
    return p;
  }

  public static Instant t(String iso) {
    return Instant.parse(iso);
  }

  public static Interval iv(String start, String end) {
    return new Interval(Instant.parse(start), Instant.parse(end));
  }

  public static io.eventkit.node.planning.Event event(
      Domain m, EventStatus status, Interval period) {
    return m.planning.createEvent(
        new Planning.NewEvent(
            unique("Event "), "Client", "Venue", "Europe/London", period, status, 0, ""));
  }

  public static Planning.Added book(
      Domain m, io.eventkit.node.planning.Event e, Product p, int qty, Interval period) {
    return m.planning.addLine(new Planning.NewLine(e.id(), p.id(), qty, null, null, period, null));
  }
}
