package io.eventkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.GsonBuilder;
import io.dropwizard.testing.DropwizardTestSupport;
import io.eventkit.node.NodeApplication;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.demo.DemoDataset;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.planning.PlanningModule;
import io.eventkit.node.platform.db.EmbeddedDatabase;
import io.eventkit.proto.v1.AddQuoteLineRequest;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CheckInRequest;
import io.eventkit.proto.v1.CheckOutRequest;
import io.eventkit.proto.v1.CheckPullListRequest;
import io.eventkit.proto.v1.CreateQuoteRequest;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.GetAvailabilityRequest;
import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.GetQuoteRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.ListEventsRequest;
import io.eventkit.proto.v1.ListShortagesRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.NodeServiceGrpc;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.PlanningServiceGrpc;
import io.eventkit.proto.v1.QuoteLineKind;
import io.eventkit.proto.v1.QuoteServiceGrpc;
import io.eventkit.proto.v1.RenderQuotePdfRequest;
import io.eventkit.proto.v1.ResolveBarcodeRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.ScanResult;
import io.eventkit.proto.v1.ScanningServiceGrpc;
import io.eventkit.proto.v1.SearchRequest;
import io.eventkit.proto.v1.SetRateCardRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * The benchmark, part one: one real node started in this JVM on its embedded PostgreSQL, loaded
 * with the seeded {@link DemoDataset}, then measured <em>only through its public APIs</em> (gRPC
 * and Connect JSON) by a closed-loop {@link LoadDriver}, each figure beside a floor measured in the
 * same run (the same SQL over bare JDBC on the same database, or an empty call on the same
 * transport). Writes {@code target/bench/results.json} and {@code results.md} and prints the table.
 *
 * <p>Properties: {@code bench.size} (small | benchmark), {@code bench.clients} (50), {@code
 * bench.seconds} (6, measured per operation), {@code bench.warmup} (2), {@code bench.out}
 * (target/bench).
 */
public final class Benchmark {
  private static final String NODE_ID = "bench.test";
  private static final String BENCH_EMAIL = "bench-planner@example.com";
  private static final String BENCH_PASSWORD = "benchmark planner passphrase";
  private static final io.eventkit.proto.v1.WhoAmIRequest WHO_AM_I =
      io.eventkit.proto.v1.WhoAmIRequest.getDefaultInstance();
  private static final Metadata.Key<String> AUTH =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String[] QUERIES = {
    "shure", "sm58", "EK00012", "robe megapointe", "l-acoustics k2", "klotz xlr"
  };

  /** Client, venue and event-number fragments of the demo dataset's events. */
  static final String[] CRM_SURNAMES = {
    "Smith", "Jones", "Mueller", "Garcia", "Rossi", "Dubois", "Nowak", "Kim", "Silva", "Jensen"
  };

  private static final String[] EVENT_QUERIES = {
    "halcyon", "albert hall", "#4711", "excel", "meridian live 2027", "wedd"
  };

  private static final int PULL_LIST_EVENTS = 20;

  /** CRM rows seeded for the contact search and deal board rows (issue 20). */
  static final int CRM_COMPANIES = 10_000;

  static final int CRM_CONTACTS_PER_COMPANY = 5;

  /** Crew rows seeded for the assignment conflict check (issue 21). */
  static final int CREW_MEMBERS = 500;

  static final int CREW_EVENTS = 10_000;

  /** Days the seeded crew events (one assignment each, 20 per member) spread over. */
  static final int CREW_DAYS = 360;

  private static final int PULL_LIST_LINES = 50;

  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    int code = 0;
    try {
      new Run().run();
    } catch (Throwable t) {
      t.printStackTrace();
      code = 1;
    }
    // Dropwizard, gRPC and the HTTP client leave non-daemon threads behind.
    System.exit(code);
  }

  private static final class Run {
    final String sizeName = System.getProperty("bench.size", "small");
    final int clients = Integer.getInteger("bench.clients", 50);
    final int seconds = Integer.getInteger("bench.seconds", 6);
    final int warmup = Integer.getInteger("bench.warmup", 2);
    final double rate = Double.parseDouble(System.getProperty("bench.rate", "100"));
    final int fedClients = Integer.getInteger("bench.fedClients", 8);
    final int subhireClients = Integer.getInteger("bench.subhireClients", 8);
    final long slowMs = Long.getLong("bench.slowMs", 1000);
    final boolean local = Boolean.parseBoolean(System.getProperty("bench.local", "true"));
    final boolean web = Boolean.parseBoolean(System.getProperty("bench.web", "true"));

    /** Only the web timings on the loaded dataset: for work on the web app. */
    final boolean webOnly = Boolean.getBoolean("bench.webOnly");

    /** Seconds to keep the loaded node up after the web timings (webOnly), to trace it by hand. */
    final int holdSeconds = Integer.getInteger("bench.holdSeconds", 0);

    final boolean federation = Boolean.parseBoolean(System.getProperty("bench.federation", "true"));

    /** Noisy neighbours in a shared (SaaS) deployment (SaasBench). */
    final boolean saas = Boolean.parseBoolean(System.getProperty("bench.saas", "true"));

    final boolean nodeProcess =
        Boolean.parseBoolean(System.getProperty("bench.nodeProcess", "true"));
    final String nodeJar = System.getProperty("bench.nodeJar", "../node/target/eventkit-node.jar");
    final String nodeJvmArgs = System.getProperty("bench.nodeJvmArgs", "-Xmx256m");
    final boolean singleClientPass =
        Boolean.parseBoolean(System.getProperty("bench.singleClient", "true"));
    final Path out = Path.of(System.getProperty("bench.out", "target/bench"));
    final Map<String, Object> results = new LinkedHashMap<>();
    final List<Map<String, Object>> rows = new ArrayList<>();

    DropwizardTestSupport<NodeConfiguration> support;
    Path dataDir;
    int httpPort = BenchNode.freePort();
    int grpcPort = BenchNode.freePort();
    int federationPort = BenchNode.freePort();

    void run() throws Exception {
      DemoDataset.Size size =
          switch (sizeName) {
            case "small" -> DemoDataset.Size.SMALL;
            case "benchmark" -> DemoDataset.Size.BENCHMARK;
            default -> throw new IllegalArgumentException("bench.size: small | benchmark");
          };
      results.put("startedAt", Instant.now().toString());
      results.put("machine", machine());
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("size", sizeName + " " + size);
      settings.put("clients", clients);
      settings.put("singleClientPass", singleClientPass);
      settings.put("warmupSeconds", warmup);
      settings.put("measuredSeconds", seconds);
      settings.put("loop", "closed (no think time); plus a fixed-rate pass at bench.rate");
      settings.put("fixedRatePerSecond", rate);
      settings.put("federationClients", fedClients);
      settings.put("subhireClients", subhireClients);
      settings.put("slowPartnerDelayMs", slowMs);
      settings.put("nodeProcessJvmArgs", nodeJvmArgs);
      results.put("settings", settings);

      if (local) {
        runLocal(size);
      }
      runFederation();
    }

    private void runLocal(DemoDataset.Size size) throws Exception {
      // --- cold start: embedded PostgreSQL alone, then the whole node, both on fresh dirs ---
      Path pgDir = Files.createTempDirectory("eventkit-bench-pg");
      long t0 = System.nanoTime();
      EmbeddedDatabase pg = EmbeddedDatabase.start(pgDir, 0);
      double pgStartMs = (System.nanoTime() - t0) / 1e6;
      pg.close();
      deleteTree(pgDir);
      dataDir = Files.createTempDirectory("eventkit-" + NODE_ID);
      t0 = System.nanoTime();
      startNode();
      double nodeStartMs = (System.nanoTime() - t0) / 1e6;
      log("node started in %.0f ms (embedded PostgreSQL alone: %.0f ms)", nodeStartMs, pgStartMs);

      // --- load (through the node's own domain module, not measured) ---
      Jdbi jdbi = jdbi();
      InventoryConfig inventoryConfig = new InventoryConfig();
      InventoryModule m =
          InventoryModule.create(
              jdbi,
              Clock.systemUTC(),
              NODE_ID,
              inventoryConfig,
              io.eventkit.node.platform.cluster.ClusterJobs.local());
      Planning planningDomain =
          PlanningModule.create(
                  jdbi,
                  Clock.systemUTC(),
                  new io.eventkit.node.platform.events.DomainEvents(Clock.systemUTC()),
                  m,
                  inventoryConfig)
              .planning;
      t0 = System.nanoTime();
      DemoDataset.Counts counts =
          new DemoDataset(m, planningDomain, Clock.systemUTC(), 7)
              .load(size, Benchmark::progressBar);
      List<UUID> products =
          jdbi.withHandle(
              h -> h.createQuery("SELECT id FROM product ORDER BY id").mapTo(UUID.class).list());
      List<UUID> pullEvents = pullListEvents(m, planningDomain, products);
      List<String> barcodes =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT barcode FROM asset ORDER BY barcode")
                      .mapTo(String.class)
                      .list());
      List<String> scanCodes = scanEvent(jdbi, planningDomain, products);
      seedCrm(jdbi);
      seedCrew(jdbi);
      UUID scanEvent = this.scanEventId;
      jdbi.useHandle(h -> h.execute("ANALYZE"));
      double loadMs = (System.nanoTime() - t0) / 1e6;
      log("loaded %s + %d pull-list events in %.1f s", counts, pullEvents.size(), loadMs / 1e3);
      results.put(
          "dataset", Map.of("counts", counts.toString(), "loadSeconds", round(loadMs / 1e3)));

      // --- restart with the dataset in place (what a user sees after a reboot) ---
      support.after();
      support = null;
      t0 = System.nanoTime();
      startNode();
      double restartMs = (System.nanoTime() - t0) / 1e6;
      jdbi = jdbi();
      log("node restarted with the dataset in %.0f ms", restartMs);

      String token = Files.readString(dataDir.resolve("admin-token")).trim();
      if (webOnly) {
        // As the full run does before its first row: the shortage recompute the load left queued
        // (15-20 s for this dataset) would otherwise hold up the dashboard's first report calls.
        settle(jdbi);
        results.put("web", webTimings("http://127.0.0.1:" + httpPort, token));
        if (holdSeconds > 0) {
          log(
              "holding the node for %d s: http://127.0.0.1:%d/ (admin token in %s)",
              holdSeconds, httpPort, dataDir.resolve("admin-token"));
          Thread.sleep(holdSeconds * 1000L);
        }
        support.after();
        support = null;
        deleteTree(dataDir);
        return;
      }
      Metadata md = new Metadata();
      md.put(AUTH, "Bearer " + token);
      ManagedChannel channel =
          ManagedChannelBuilder.forTarget("127.0.0.1:" + grpcPort)
              .usePlaintext()
              .intercept(MetadataUtils.newAttachHeadersInterceptor(md))
              .build();
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(Executors.newFixedThreadPool(4))
              .build();
      Connect connect = new Connect(http, "http://127.0.0.1:" + httpPort, token);
      var node = NodeServiceGrpc.newBlockingStub(channel);
      var inv = InventoryServiceGrpc.newBlockingStub(channel);
      var planning = PlanningServiceGrpc.newBlockingStub(channel);
      var scanning = ScanningServiceGrpc.newBlockingStub(channel);
      var crm = io.eventkit.proto.v1.CrmServiceGrpc.newBlockingStub(channel);
      var crew = io.eventkit.proto.v1.CrewServiceGrpc.newBlockingStub(channel);
      List<String> crewIds =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT CAST(id AS text) FROM crew_member WHERE notes = 'bench'"
                              + " ORDER BY id")
                      .mapTo(String.class)
                      .list());
      List<String> crewEvents =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT CAST(id AS text) FROM event WHERE notes = 'crew bench'"
                              + " ORDER BY id")
                      .mapTo(String.class)
                      .list());
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Floors floors = new Floors(jdbi, now);
      var bareChannel =
          ManagedChannelBuilder.forTarget("127.0.0.1:" + grpcPort).usePlaintext().build();
      var bareNode = NodeServiceGrpc.newBlockingStub(bareChannel);
      var auth = AuthServiceGrpc.newBlockingStub(channel);
      auth.withDeadlineAfter(10, TimeUnit.SECONDS)
          .createUser(
              CreateUserRequest.newBuilder()
                  .setEmail(BENCH_EMAIL)
                  .setDisplayName("Benchmark planner")
                  .addRoles(Role.ROLE_PLANNER)
                  .setPassword(BENCH_PASSWORD)
                  .build());
      LoginRequest login =
          LoginRequest.newBuilder().setEmail(BENCH_EMAIL).setPassword(BENCH_PASSWORD).build();
      var anonymousAuth = AuthServiceGrpc.newBlockingStub(bareChannel);
      Metadata jwtHeaders = new Metadata();
      jwtHeaders.put(
          AUTH,
          "Bearer "
              + anonymousAuth
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .login(login)
                  .getAccessToken());
      var jwtAuth =
          AuthServiceGrpc.newBlockingStub(bareChannel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(jwtHeaders));
      // Login: Argon2id at the documented cost (PasswordHasher.owasp(): 19 MiB, 2 passes), from a
      // few clients only: each hash holds 19 MiB, and the many-client figure would be queueing.
      LoadDriver loginDriver =
          new LoadDriver(
              Math.min(clients, 4),
              Duration.ofSeconds(warmup),
              Duration.ofSeconds(Math.max(2, seconds / 2)));
      addRow(
          measure(
              loginDriver,
              "Login (Argon2id, documented cost)",
              "gRPC plaintext",
              rnd -> anonymousAuth.withDeadlineAfter(30, TimeUnit.SECONDS).login(login)),
          null,
          "p95 reported (cost is a security setting, not tuned for speed)",
          loginDriver);
      // A 200-line quote (100 rentals with rate cards, 100 services) for the quotes rows.
      var quotes = QuoteServiceGrpc.newBlockingStub(channel);
      String bigQuote = bigQuote(jdbi, quotes, products);
      // A 200-line event with a vehicle for the truck pack row.
      var transport = io.eventkit.proto.v1.TransportServiceGrpc.newBlockingStub(channel);
      var reports = io.eventkit.proto.v1.ReportServiceGrpc.newBlockingStub(channel);
      String packEvent = bigPackEvent(jdbi, products);
      // One pass with a single client (uncontended latency, half the duration), then the pass
      // with bench.clients concurrent clients.
      List<LoadDriver> passes = new ArrayList<>();
      if (singleClientPass && clients > 1) {
        passes.add(
            new LoadDriver(
                1, Duration.ofSeconds(warmup), Duration.ofSeconds(Math.max(2, seconds / 2))));
      }
      passes.add(new LoadDriver(clients, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds)));
      // Attachments: a 1 MiB PDF (its magic bytes, then filler) on a product.
      byte[] pdf = new byte[1 << 20];
      java.util.Arrays.fill(pdf, (byte) ' ');
      byte[] head = "%PDF-1.4\n%bench\n".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(head, 0, pdf, 0, head.length);
      String uploadPath = "/files/product/" + products.get(0) + "?name=bench.pdf";
      String downloadId = connect.upload(uploadPath, pdf);
      // Tracing's cost. Off (the default, this node) a call without a traceparent costs one header
      // lookup; with a caller's traceparent the context and the log fields are set per call. On,
      // every call is a span exported in batches: a second node, otherwise the same, with tracing
      // on and an OTLP/HTTP sink on loopback that reads and drops what it gets.
      com.sun.net.httpserver.HttpServer otlpSink =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      java.util.concurrent.atomic.AtomicLong exportedBytes =
          new java.util.concurrent.atomic.AtomicLong();
      otlpSink.createContext(
          "/v1/traces",
          exchange -> {
            try (var in = exchange.getRequestBody()) {
              exportedBytes.addAndGet(in.readAllBytes().length);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      otlpSink.start();
      BenchNode tracedNode =
          new BenchNode(
                  "traced.bench.test",
                  c ->
                      c.getTracing()
                          .setEndpoint(
                              "http://127.0.0.1:" + otlpSink.getAddress().getPort() + "/v1/traces"))
              .start();
      var traced = NodeServiceGrpc.newBlockingStub(tracedNode.channel());
      Metadata callerTrace = new Metadata();
      callerTrace.put(
          Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      var nodeInCallerTrace =
          node.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(callerTrace));
      settle(jdbi);
      settle(tracedNode.runtime().jdbi());
      // The JIT first: each row's own warm-up (bench.warmup) is too short for a cold JVM's first
      // rows. Without this, the first Connect rows measured compilation (p95 4–6 ms against 0.7
      // warm, conformance-tests/README.md). A node in service is warm. 6 s was not enough: the
      // three empty-call rows after it still came out 3–4× slower than the same calls 20 s later
      // (2026-12-06, both runs), while the compiler threads shared the 2 cores with the load. 20 s
      // was not always enough either: on a busy machine it made 2,200 calls per path (2026-12-07,
      // run C: Connect JSON p50 1.12 ms against 0.71 in a run with 3,100). C2 compiles a method
      // after some 5,000–15,000 invocations, so the warm-up goes on until every path has made
      // 10,000 calls, at most 90 s.
      warmUp(
          Duration.ofSeconds(Math.max(20, warmup * 5)),
          Duration.ofSeconds(90),
          10_000,
          () -> node.getNodeInfo(GetNodeInfoRequest.getDefaultInstance()),
          () -> connect.call("NodeService/GetNodeInfo", "{}"),
          () -> connect.callProto("NodeService/GetNodeInfo", new byte[0]),
          () -> connect.get("/health/live"),
          () -> traced.getNodeInfo(GetNodeInfoRequest.getDefaultInstance()),
          () -> nodeInCallerTrace.getNodeInfo(GetNodeInfoRequest.getDefaultInstance()));
      LoadDriver.Call emptyGrpc =
          rnd ->
              node.withDeadlineAfter(10, TimeUnit.SECONDS)
                  .getNodeInfo(GetNodeInfoRequest.getDefaultInstance());
      for (LoadDriver driver : passes) {
        // --- floors ---
        LoadDriver.Stats grpcEmpty =
            measure(driver, "GetNodeInfo (empty call)", "gRPC plaintext", emptyGrpc);
        LoadDriver.Stats connectEmpty =
            measure(
                driver,
                "GetNodeInfo (empty call)",
                "Connect JSON",
                rnd -> connect.call("NodeService/GetNodeInfo", "{}"));
        LoadDriver.Stats connectBinaryEmpty =
            measure(
                driver,
                "GetNodeInfo (empty call)",
                "Connect binary",
                rnd -> connect.callProto("NodeService/GetNodeInfo", new byte[0]));
        // The per-call request log line (eventkit.rpc at INFO, the default) against the same call
        // with that logger at WARN, which skips the line and its MDC entirely.
        LoadDriver.Stats grpcEmptyNoLog;
        ch.qos.logback.classic.Logger rpcLog =
            (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("eventkit.rpc");
        ch.qos.logback.classic.Level rpcLevel = rpcLog.getLevel();
        rpcLog.setLevel(ch.qos.logback.classic.Level.WARN);
        try {
          grpcEmptyNoLog =
              measure(
                  driver, "GetNodeInfo (empty call), request log off", "gRPC plaintext", emptyGrpc);
        } finally {
          rpcLog.setLevel(rpcLevel);
        }
        LoadDriver.Stats grpcEmptyCallerTrace =
            measure(
                driver,
                "GetNodeInfo (empty call), caller's traceparent, tracing off",
                "gRPC plaintext",
                rnd ->
                    nodeInCallerTrace
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getNodeInfo(GetNodeInfoRequest.getDefaultInstance()));
        LoadDriver.Stats grpcEmptyTraced =
            measure(
                driver,
                "GetNodeInfo (empty call), tracing on (a span per call, OTLP/HTTP to loopback)",
                "gRPC plaintext",
                rnd ->
                    traced
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getNodeInfo(GetNodeInfoRequest.getDefaultInstance()));
        // What the driver's own HTTP client and Jetty cost, without any RPC machinery: the ratio of
        // a Connect call to gRPC is only fair beside this.
        LoadDriver.Stats httpFloor =
            measure(
                driver,
                "GET /health/live (liveness: no RPC, no database)",
                "HTTP/1.1",
                rnd -> connect.get("/health/live"));
        LoadDriver.Stats sqlAvailability =
            measure(
                driver,
                "availability SQL (3 statements)",
                "bare JDBC",
                rnd -> floors.availability(products.get(rnd.nextInt(products.size())), rnd));
        LoadDriver.Stats sqlPullList =
            measure(
                driver,
                "pull-list SQL (event, lines, 3 statements × 50 products)",
                "bare JDBC",
                rnd -> floors.pullList(pullEvents.get(rnd.nextInt(pullEvents.size()))));
        LoadDriver.Stats sqlSearch =
            measure(
                driver,
                "search SQL (search.sql + the hits' rows, 3 statements)",
                "bare JDBC",
                rnd -> floors.search(QUERIES[rnd.nextInt(QUERIES.length)]));
        // --- identity: token validation against the tokenless floor, and Login ---
        LoadDriver.Stats tokenless =
            measure(
                driver,
                "GetNodeInfo (empty call, no token)",
                "gRPC plaintext",
                rnd ->
                    bareNode
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getNodeInfo(GetNodeInfoRequest.getDefaultInstance()));
        addRow(tokenless, null, "floor of authenticated calls");
        addRow(
            measure(
                driver,
                "WhoAmI (API token)",
                "gRPC plaintext",
                rnd -> auth.withDeadlineAfter(10, TimeUnit.SECONDS).whoAmI(WHO_AM_I)),
            tokenless,
            "token validation overhead p95 ≤ 0.1 ms over the floor");
        addRow(
            measure(
                driver,
                "WhoAmI (JWT access token)",
                "gRPC plaintext",
                rnd -> jwtAuth.withDeadlineAfter(10, TimeUnit.SECONDS).whoAmI(WHO_AM_I)),
            tokenless,
            "token validation overhead p95 ≤ 0.1 ms over the floor; no database read per call");
        addRow(grpcEmpty, null, "floor of gRPC calls (plaintext, not mTLS)");
        addRow(
            grpcEmptyNoLog,
            null,
            "the request log's cost: compare with the empty call above (log on); throughput too");
        addRow(
            grpcEmptyCallerTrace,
            grpcEmpty,
            "tracing off, a caller's trace passed on and logged: ≈ 1× the empty call");
        addRow(
            grpcEmptyTraced,
            grpcEmpty,
            "tracing on, every call sampled and exported (another node, same JVM): the cost of on");
        addRow(httpFloor, null, "floor of HTTP calls (the load driver's HttpClient and Jetty)");
        addRow(connectEmpty, grpcEmpty, "Connect JSON ≤ 2× gRPC; floor of Connect calls");
        addRow(connectBinaryEmpty, grpcEmpty, "Connect binary ≤ 1.5× gRPC");
        addRow(sqlAvailability, null, "floor of availability");
        addRow(sqlPullList, null, "floor of pull-list check");
        addRow(sqlSearch, null, "floor of Search");

        // --- operations through the public APIs ---
        addRow(
            measure(
                driver,
                "GetAvailability (1 product, 2-day period)",
                "gRPC plaintext",
                rnd -> {
                  var r =
                      inv.withDeadlineAfter(10, TimeUnit.SECONDS)
                          .getAvailability(
                              GetAvailabilityRequest.newBuilder()
                                  .setProductId(
                                      products.get(rnd.nextInt(products.size())).toString())
                                  .setPeriod(period(randomPeriod(now, rnd)))
                                  .build());
                  if (r.getOwned() < 0) {
                    throw new IllegalStateException("negative owned");
                  }
                }),
            sqlAvailability,
            "p95 ≤ 10 ms; ≤ 3× bare SQL");
        addRow(
            measure(
                driver,
                "GetAvailability (1 product, 2-day period)",
                "Connect JSON",
                rnd -> {
                  Interval p = randomPeriod(now, rnd);
                  connect.call(
                      "InventoryService/GetAvailability",
                      "{\"productId\":\""
                          + products.get(rnd.nextInt(products.size()))
                          + "\",\"period\":{\"start\":\""
                          + p.start()
                          + "\",\"end\":\""
                          + p.end()
                          + "\"}}");
                }),
            sqlAvailability,
            "p95 ≤ 10 ms; ≤ 3× bare SQL");
        addRow(
            measure(
                driver,
                "CheckPullList (50 lines)",
                "gRPC plaintext",
                rnd -> {
                  var r =
                      planning
                          .withDeadlineAfter(10, TimeUnit.SECONDS)
                          .checkPullList(
                              CheckPullListRequest.newBuilder()
                                  .setEventId(
                                      pullEvents.get(rnd.nextInt(pullEvents.size())).toString())
                                  .build());
                  if (r.getItemsCount() != PULL_LIST_LINES) {
                    throw new IllegalStateException(
                        "pull list has " + r.getItemsCount() + " items");
                  }
                }),
            sqlPullList,
            "p95 ≤ 30 ms; ≤ 3× bare SQL");
        addRow(
            measure(
                driver,
                "CheckPullList (50 lines)",
                "Connect JSON",
                rnd ->
                    connect.call(
                        "PlanningService/CheckPullList",
                        "{\"eventId\":\""
                            + pullEvents.get(rnd.nextInt(pullEvents.size()))
                            + "\"}")),
            sqlPullList,
            "p95 ≤ 30 ms; ≤ 3× bare SQL");
        addRow(
            measure(
                driver,
                "GetQuote (200 lines: priced and totalled)",
                "gRPC plaintext",
                rnd -> {
                  var q =
                      quotes
                          .withDeadlineAfter(10, TimeUnit.SECONDS)
                          .getQuote(GetQuoteRequest.newBuilder().setId(bigQuote).build());
                  if (q.getLinesCount() != 200) {
                    throw new IllegalStateException("quote has " + q.getLinesCount() + " lines");
                  }
                }),
            grpcEmpty,
            "totals of a 200-line quote p95 ≤ 10 ms");
        if (driver == passes.get(0)) {
          // Every upload is a new attachment on disk: first pass only, to bound what it writes.
          addRow(
              measure(
                  driver,
                  "file upload, 1 MiB PDF (type sniffing, SHA-256, local store, row)",
                  "HTTP/1.1",
                  rnd -> connect.upload(uploadPath, pdf)),
              httpFloor,
              "reported; the HTTP floor is GET /health/live");
        }
        addRow(
            measure(
                driver,
                "file download, 1 MiB (bearer, permission check, local store)",
                "HTTP/1.1",
                rnd -> connect.download("/files/" + downloadId, pdf.length)),
            httpFloor,
            "reported; the HTTP floor is GET /health/live");
        if (driver == passes.get(0)) {
          addRow(
              measure(
                  driver,
                  "RenderQuotePdf (200 lines)",
                  "gRPC plaintext",
                  rnd ->
                      quotes
                          .withDeadlineAfter(30, TimeUnit.SECONDS)
                          .renderQuotePdf(
                              RenderQuotePdfRequest.newBuilder()
                                  .setQuoteId(bigQuote)
                                  .setVersion(0)
                                  .build())),
              grpcEmpty,
              "p95 ≤ 500 ms (first pass only: rendering is CPU-bound)");
        }
        addRow(
            measure(
                driver,
                "GetTruckPack (200 lines)",
                "gRPC plaintext",
                rnd -> {
                  var p =
                      transport
                          .withDeadlineAfter(10, TimeUnit.SECONDS)
                          .getTruckPack(
                              io.eventkit.proto.v1.GetTruckPackRequest.newBuilder()
                                  .setEventId(packEvent)
                                  .build());
                  if (p.getUnitsCount() != 200) {
                    throw new IllegalStateException("pack has " + p.getUnitsCount() + " units");
                  }
                }),
            grpcEmpty,
            "units, weights and loads of a 200-line event p95 ≤ 30 ms");
        addRow(
            measure(
                driver,
                "Search (product/asset text, 20 hits)",
                "gRPC plaintext",
                rnd ->
                    inv.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .search(
                            SearchRequest.newBuilder()
                                .setQuery(QUERIES[rnd.nextInt(QUERIES.length)])
                                .setPage(PageRequest.newBuilder().setPageSize(20))
                                .build())),
            sqlSearch,
            "p95 ≤ 20 ms and p99 ≤ 3× p50 at 1 client; ≤ 3× search SQL at 50 clients");
        addRow(
            measure(
                driver,
                "Search (product/asset text, 20 hits)",
                "Connect JSON",
                rnd ->
                    connect.call(
                        "InventoryService/Search",
                        "{\"query\":\""
                            + QUERIES[rnd.nextInt(QUERIES.length)]
                            + "\",\"page\":{\"pageSize\":20}}")),
            sqlSearch,
            "p95 ≤ 20 ms and p99 ≤ 3× p50 at 1 client; ≤ 3× search SQL at 50 clients");
        addRow(
            measure(
                driver,
                "ListEvents (text query on name/client/venue, 20 hits)",
                "gRPC plaintext",
                rnd ->
                    planning
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .listEvents(
                            ListEventsRequest.newBuilder()
                                .setQuery(EVENT_QUERIES[rnd.nextInt(EVENT_QUERIES.length)])
                                .setPage(PageRequest.newBuilder().setPageSize(20))
                                .build())),
            grpcEmpty,
            "p95 ≤ 50 ms (as Search)");
        addRow(
            measure(
                driver,
                "ListEvents (text query on name/client/venue, 20 hits)",
                "Connect JSON",
                rnd ->
                    connect.call(
                        "PlanningService/ListEvents",
                        "{\"query\":\""
                            + EVENT_QUERIES[rnd.nextInt(EVENT_QUERIES.length)]
                            + "\",\"page\":{\"pageSize\":20}}")),
            connectEmpty,
            "p95 ≤ 50 ms (as Search)");
        addRow(
            measure(
                driver,
                "ListCompanies (search by a contact's email, 50,000 contacts)",
                "gRPC plaintext",
                rnd -> {
                  var r =
                      crm.withDeadlineAfter(10, TimeUnit.SECONDS)
                          .listCompanies(
                              io.eventkit.proto.v1.ListCompaniesRequest.newBuilder()
                                  .setQuery(
                                      "contact"
                                          + (1 + rnd.nextInt(CRM_COMPANIES))
                                          + "-"
                                          + (1 + rnd.nextInt(CRM_CONTACTS_PER_COMPANY))
                                          + "@")
                                  .setPage(PageRequest.newBuilder().setPageSize(20))
                                  .build());
                  if (r.getCompaniesCount() != 1) {
                    throw new IllegalStateException(
                        "contact search found " + r.getCompaniesCount() + " companies");
                  }
                }),
            grpcEmpty,
            "p95 ≤ 50 ms (as Search)");
        addRow(
            measure(
                driver,
                "ListContacts (name search, 20 hits, 50,000 contacts)",
                "Connect JSON",
                rnd ->
                    connect.call(
                        "CrmService/ListContacts",
                        "{\"query\":\""
                            + CRM_SURNAMES[rnd.nextInt(CRM_SURNAMES.length)]
                            + (1 + rnd.nextInt(99))
                            + "\",\"page\":{\"pageSize\":20}}")),
            connectEmpty,
            "p95 ≤ 50 ms (as Search)");
        addRow(
            measure(
                driver,
                "ListDeals (the deal board, first 50 of 4,000)",
                "gRPC plaintext",
                rnd ->
                    crm.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .listDeals(
                            io.eventkit.proto.v1.ListDealsRequest.newBuilder()
                                .setPage(PageRequest.newBuilder().setPageSize(50))
                                .build())),
            grpcEmpty,
            "p95 ≤ 50 ms (as Search)");
        addRow(
            measure(
                driver,
                "CheckAssignment (500 crew, 10,000 events: the five conflict rules)",
                "gRPC plaintext",
                rnd -> {
                  int day = rnd.nextInt(CREW_DAYS);
                  Instant start = crewBase.plus(Duration.ofDays(day)).plus(Duration.ofHours(6));
                  crew.withDeadlineAfter(10, TimeUnit.SECONDS)
                      .checkAssignment(
                          io.eventkit.proto.v1.CheckAssignmentRequest.newBuilder()
                              .setAssignment(
                                  io.eventkit.proto.v1.AssignmentFields.newBuilder()
                                      .setEventId(crewEvents.get(rnd.nextInt(crewEvents.size())))
                                      .setCrewMemberId(crewIds.get(rnd.nextInt(crewIds.size())))
                                      .setFunction("Rigger")
                                      .setCall(
                                          Period.newBuilder()
                                              .setStart(
                                                  com.google.protobuf.Timestamp.newBuilder()
                                                      .setSeconds(start.getEpochSecond()))
                                              .setEnd(
                                                  com.google.protobuf.Timestamp.newBuilder()
                                                      .setSeconds(
                                                          start.getEpochSecond() + 12 * 3600)))
                                      .addRequiredSkills("rigger")
                                      .addRequiredSkills("rigging-cert"))
                              .build());
                }),
            grpcEmpty,
            "crew assignment conflict check at 500 crew and 10,000 events: p95 ≤ 20 ms");
        // --- reports: the dashboard's widgets over the whole benchmark dataset ---
        addRow(
            measure(
                driver,
                "GetUtilisation (by category, last 90 days)",
                "gRPC plaintext",
                rnd ->
                    reports
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .getUtilisation(
                            io.eventkit.proto.v1.GetUtilisationRequest.newBuilder()
                                .setRelative(
                                    io.eventkit.proto.v1.RelativePeriod
                                        .RELATIVE_PERIOD_LAST_90_DAYS)
                                .setGroupBy(
                                    io.eventkit.proto.v1.UtilisationGrouping
                                        .UTILISATION_GROUPING_CATEGORY)
                                .build())),
            grpcEmpty,
            "dashboard widget: unit-days of 100,000 assets and 90 days of bookings, p95 ≤ 200 ms;"
                + " identical calls in flight share one computation");
        addRow(
            measure(
                driver,
                "GetRevenue (by month, last 12 months)",
                "gRPC plaintext",
                rnd -> {
                  var r =
                      reports
                          .withDeadlineAfter(30, TimeUnit.SECONDS)
                          .getRevenue(
                              io.eventkit.proto.v1.GetRevenueRequest.newBuilder()
                                  .setRelative(
                                      io.eventkit.proto.v1.RelativePeriod
                                          .RELATIVE_PERIOD_LAST_12_MONTHS)
                                  .setGroupBy(
                                      io.eventkit.proto.v1.RevenueGrouping.REVENUE_GROUPING_MONTH)
                                  .build());
                  if (r.getRowsCount() != 12) {
                    throw new IllegalStateException("revenue has " + r.getRowsCount() + " months");
                  }
                }),
            grpcEmpty,
            "dashboard widget: accepted quotes in 12 monthly buckets, p95 ≤ 200 ms");
        addRow(
            measure(
                driver,
                "GetOperationsSummary (today's figures)",
                "gRPC plaintext",
                rnd ->
                    reports
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .getOperationsSummary(
                            io.eventkit.proto.v1.GetOperationsSummaryRequest.getDefaultInstance())),
            grpcEmpty,
            "dashboard widget: overdue, out of service, 14 days of shortages, p95 ≤ 200 ms;"
                + " identical calls in flight share one computation");
        addRow(
            measure(
                driver,
                "ResolveBarcode (scan: resolve only, no check-out yet)",
                "gRPC plaintext",
                rnd -> {
                  var r =
                      inv.withDeadlineAfter(10, TimeUnit.SECONDS)
                          .resolveBarcode(
                              ResolveBarcodeRequest.newBuilder()
                                  .setBarcode(barcodes.get(rnd.nextInt(barcodes.size())))
                                  .build());
                  if (!r.hasAsset()) {
                    throw new IllegalStateException("barcode resolved to " + r.getItemCase());
                  }
                }),
            grpcEmpty,
            "p99 ≤ 20 ms (resolve + check-out)");
        addRow(
            measure(
                driver,
                "ResolveBarcode (scan: resolve only, no check-out yet)",
                "Connect JSON",
                rnd ->
                    connect.call(
                        "InventoryService/ResolveBarcode",
                        "{\"barcode\":\"" + barcodes.get(rnd.nextInt(barcodes.size())) + "\"}")),
            connectEmpty,
            "p99 ≤ 20 ms (resolve + check-out)");
        // Check-out and check-in by barcode, each a write: scan k takes unit k mod N of the scan
        // event's units, out on even rounds, back in on odd ones.
        java.util.concurrent.atomic.AtomicLong scanSeq =
            new java.util.concurrent.atomic.AtomicLong();
        LoadDriver.Stats sqlScan =
            measure(
                driver,
                "scan SQL (barcode, unit locked, open trip, lines locked, op row; committed)",
                "bare JDBC",
                rnd -> floors.scan(scanCodes.get(rnd.nextInt(scanCodes.size())), scanEvent));
        addRow(sqlScan, null, "floor of a scan");
        addRow(
            measure(
                driver,
                "CheckOut / CheckIn (scan: resolve + verdict + write)",
                "gRPC plaintext",
                rnd -> {
                  long k = scanSeq.getAndIncrement();
                  String code = scanCodes.get((int) (k % scanCodes.size()));
                  boolean outward = (k / scanCodes.size()) % 2 == 0;
                  ScanResult r =
                      outward
                          ? scanning
                              .withDeadlineAfter(10, TimeUnit.SECONDS)
                              .checkOut(
                                  CheckOutRequest.newBuilder()
                                      .setOperationId(UUID.randomUUID().toString())
                                      .setEventId(scanEvent.toString())
                                      .setBarcode(code)
                                      .build())
                          : scanning
                              .withDeadlineAfter(10, TimeUnit.SECONDS)
                              .checkIn(
                                  CheckInRequest.newBuilder()
                                      .setOperationId(UUID.randomUUID().toString())
                                      .setEventId(scanEvent.toString())
                                      .setBarcode(code)
                                      .build());
                  if (!r.getApplied()) {
                    throw new IllegalStateException(code + ": " + r.getMessage());
                  }
                }),
            sqlScan,
            "p99 ≤ 20 ms (1 client)");
        addRow(
            measure(
                driver,
                "ListShortages (30-day window, first 100)",
                "gRPC plaintext",
                rnd -> {
                  Instant s = now.plus(Duration.ofDays(rnd.nextInt(90)));
                  planning
                      .withDeadlineAfter(10, TimeUnit.SECONDS)
                      .listShortages(
                          ListShortagesRequest.newBuilder()
                              .setWindow(period(new Interval(s, s.plus(Duration.ofDays(30)))))
                              .setPage(PageRequest.newBuilder().setPageSize(100))
                              .build());
                }),
            grpcEmpty,
            "p95 ≤ 30 ms at 1 client, ≤ 300 ms at 50 (issue 26)");
      }

      tracedNode.close();
      otlpSink.stop(0);
      results.put("tracingExportedBytes", exportedBytes.get());

      // --- fixed rate (open loop): latency from each call's scheduled time ---
      if (rate > 0) {
        LoadDriver open =
            new LoadDriver(clients, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), rate);
        addRow(
            measure(
                open,
                "GetAvailability (1 product, 2-day period)",
                "gRPC plaintext",
                rnd ->
                    inv.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getAvailability(
                            GetAvailabilityRequest.newBuilder()
                                .setProductId(products.get(rnd.nextInt(products.size())).toString())
                                .setPeriod(period(randomPeriod(now, rnd)))
                                .build())),
            null,
            "p95 ≤ 10 ms",
            open);
        addRow(
            measure(
                open,
                "CheckPullList (50 lines)",
                "gRPC plaintext",
                rnd ->
                    planning
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .checkPullList(
                            CheckPullListRequest.newBuilder()
                                .setEventId(
                                    pullEvents.get(rnd.nextInt(pullEvents.size())).toString())
                                .build())),
            null,
            "p95 ≤ 30 ms",
            open);
        addRow(
            measure(
                open,
                "Search (product/asset text, 20 hits)",
                "gRPC plaintext",
                rnd ->
                    inv.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .search(
                            SearchRequest.newBuilder()
                                .setQuery(QUERIES[rnd.nextInt(QUERIES.length)])
                                .setPage(PageRequest.newBuilder().setPageSize(20))
                                .build())),
            null,
            "p95 ≤ 50 ms",
            open);
      }

      // --- data import: 100,000 new assets from CSVs (dry run, then apply, then a re-run) ---
      try {
        results.put("dataImport", importAssets(jdbi, channel));
      } catch (Exception e) {
        log("data import row failed: %s", e);
        results.put("dataImport", Map.of("error", e.toString()));
      }

      // --- memory at steady state (after the load runs) ---
      Map<String, Object> memory = new LinkedHashMap<>();
      memory.put("jvmRssMb", rssMb("self"));
      memory.put("postgresPssMb", postgresPssMb(dataDir));
      memory.put(
          "note",
          "JVM RSS includes the load driver and client stacks (in-JVM node); PostgreSQL is the sum"
              + " of PSS over the postmaster and its children (shared buffers counted once).");
      results.put("memory", memory);
      results.put(
          "coldStart",
          Map.of(
              "embeddedPostgresAloneMs",
              round(pgStartMs),
              "nodeFreshMs",
              round(nodeStartMs),
              "nodeRestartWithDatasetMs",
              round(restartMs),
              "ratioFreshToPostgres",
              round(nodeStartMs / pgStartMs),
              "note",
              "fresh = initdb + migrations + wiring on an empty data dir. PostgreSQL alone is"
                  + " started first, on its own fresh dir, in the same JVM, so it pays any one-time"
                  + " extraction of the PostgreSQL binaries."));
      results.put(
          "caching",
          "No application cache is on any local measured path: GetAvailability,"
              + " CheckPullList, Search, ResolveBarcode and ListShortages query PostgreSQL on"
              + " every call (PostgreSQL's own buffer cache is warm, as in production)."
              + " GetUtilisation and GetOperationsSummary cache nothing either, but identical"
              + " calls that arrive while one runs share its result (the dashboard's widgets)."
              + " Federated availability runs with the production caches on (catalogue 60 s,"
              + " answers 5 s; see the notes). Inputs are randomised per call from a fixed"
              + " seed.");
      results.put(
          "notes",
          List.of(
              "The load driver runs in the same JVM as the node and competes with it (and with"
                  + " PostgreSQL) for the same cores; other builds may have been running on the"
                  + " machine (see the load average).",
              "Closed loop: with N clients, latency ≈ N / throughput, so on 2 cores the"
                  + " many-client percentiles are mostly queueing; the 1-client rows show"
                  + " uncontended latency. Floors are measured with the same driver and client"
                  + " count as the operations they are compared to.",
              "Two gRPC floors: plaintext GetNodeInfo on the local API port (for local"
                  + " operations), and FederationService.Ping over mTLS on a partner's federation"
                  + " port (for federated ones): a raw grpc-java stub on the measured node's own"
                  + " channel to that partner (its client certificate issued by the partner, the"
                  + " partner's bundle as trust anchor), after the trust handshake through the"
                  + " public TrustService.",
              "Federated availability: measured node + 5 partners, each a fresh in-JVM node on its"
                  + " own embedded PostgreSQL sharing 20 products. Production caches are on: each"
                  + " partner's shared catalogue (60 s) and each partner's OK answer (5 s, keyed by"
                  + " period and lines). 'random queries' draws product, quantity and a 2-day"
                  + " period per call, so the answer cache almost never hits; '10 repeated"
                  + " queries' lets it hit (see the outcomes table, '(cached)'). The per-partner"
                  + " deadline is the default 500 ms; the per-partner bulkhead is "
                  + Integer.getInteger("bench.fedInFlight", 8)
                  + " in-flight queries"
                  + (Integer.getInteger("bench.fedInFlightMax", 0)
                          > Integer.getInteger("bench.fedInFlight", 8)
                      ? ", adapting up to " + Integer.getInteger("bench.fedInFlightMax", 0)
                      : " (fixed, the default)")
                  + " (bench.fedInFlight / bench.fedInFlightMax), so beyond it some partners"
                  + " answer BUSY. The rows 'QueryAvailability … direct' send the partner call"
                  + " itself on the measured node's own mTLS channels, to one partner and to all"
                  + " five at once: the least a fan-out must do on this machine.",
              "Deviation from defaults: every partner allows the measured node 10,000 calls/s"
                  + " (SetPartnerLevel rate_limit_per_second) instead of the default 100/s;"
                  + " otherwise the many-client federated runs would measure the partners' rate"
                  + " limiter. The slow partner is a real node behind a TCP relay adding the stated"
                  + " delay to each request (it advertises 127.0.0.2, where the relay listens); the"
                  + " down partner is stopped; circuit breakers are on (window 20, 50%, 5 s open),"
                  + " so after a few failures most calls see CIRCUIT_OPEN for those two.",
              "Deviation from defaults: the measured node runs with the per-caller API rate limit"
                  + " off (rateLimits.enabled=false, in-JVM and as a process); with the default"
                  + " 200 calls/s per token every row would measure the limiter.",
              "Fan-out floor = p95 of the mTLS ping + p95 of the partner's availability SQL, each"
                  + " measured with the same client count.",
              "Barcode scan: ResolveBarcode rows are resolve only (random barcodes of the"
                  + " dataset's assets); the CheckOut / CheckIn row scans the units of up to 300"
                  + " products booked whole on one CONFIRMED event two years ahead, each scan a write"
                  + " (out, then back in on the next round); a scan that is not applied counts as"
                  + " an error. Its floor is the scan's irreducible SQL in one committed"
                  + " transaction on the node's pool: barcode, unit locked, open trip, the event's"
                  + " lines of the product locked, one operation row inserted.",
              "ListShortages: a 30-day window starting on a random day of the next 90, first page"
                  + " of 100.",
              "Fixed-rate rows: open loop at bench.rate calls/s with up to bench.clients calls in"
                  + " flight; latency is measured from each call's scheduled send time (no"
                  + " coordinated omission); 'late' counts calls that started > 1 ms after their"
                  + " due time because every worker was busy.",
              "The bare-SQL floors use connections of the node's own pool (one checkout per"
                  + " call, as the node does). The pull-list floor is the event row, its lines and"
                  + " the three availability statements for its 50 products over the lines'"
                  + " period; the node's check also ranks competing holding events in Java.",
              "Search's floor is the empty call on the same transport (there is no single SQL"
                  + " floor for it).",
              "Connect calls go through the JDK HttpClient (HTTP/1.1, one connection per busy"
                  + " client) in the same JVM; its cost is in the Connect figures and in their"
                  + " floor alike."));
      // --- housekeeping: a trail with 1,000,000 expired rows, purged while it is written ---
      try {
        results.put("retention", retentionOfAMillionRows(jdbi));
      } catch (Exception e) {
        log("retention measurement failed: %s", e);
        results.put("retention", Map.of("error", e.toString()));
      }
      // --- webhook fan-out: events × subscriptions to a receiver on loopback ---
      webhookFanOut(jdbi, channel);
      results.put("rows", rows);

      // --- the web app in Chromium, against this node and its dataset ---
      if (web) {
        results.put("web", webTimings("http://127.0.0.1:" + httpPort, token));
      }

      channel.shutdownNow();
      bareChannel.shutdownNow();
      support.after();
      support = null;

      // --- the node alone: a separate process on the same data, RSS after a load pass ---
      if (nodeProcess) {
        try {
          results.put("nodeProcess", nodeProcessMemory(products, pullEvents, now, token));
        } catch (Exception e) {
          log("node process measurement failed: %s", e);
          results.put("nodeProcess", Map.of("error", e.toString()));
        }
        try {
          results.put("writePath", writePathNotifications(products, now, token));
        } catch (Exception e) {
          log("write-path measurement failed: %s", e);
          results.put("writePath", Map.of("error", e.toString()));
        }
        // Last: the restore replaces the data dir's database.
        try {
          results.put("backup", backupAndRestore());
        } catch (Exception e) {
          log("backup measurement failed: %s", e);
          results.put("backup", Map.of("error", e.toString()));
        }
      }
      deleteTree(dataDir);
    }

    /**
     * Runs web/e2e/perf.mjs (Chromium through playwright-core) against the running node and turns
     * its samples into p50/p95/max per measure. Skipped, with the reason in the results, when the
     * node does not serve the app or Chromium or the app's node_modules are missing.
     */
    private Map<String, Object> webTimings(String baseUrl, String token) {
      Path webDir = Path.of("..", "web").toAbsolutePath().normalize();
      Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
      String missing =
          Benchmark.class.getClassLoader().getResource("io/eventkit/web/dist/index.html") == null
              ? "the node was built without the web app (-Dweb.skip)"
              : !Files.isExecutable(chromium)
                  ? "no Chromium at " + chromium
                  : !Files.isDirectory(webDir.resolve("node_modules/playwright-core"))
                      ? "web/node_modules lacks playwright-core (build the web module)"
                      : null;
      if (missing != null) {
        log("web timings skipped: %s", missing);
        return Map.of("skipped", missing);
      }
      try {
        ProcessBuilder pb =
            new ProcessBuilder("node", "e2e/perf.mjs", baseUrl)
                .directory(webDir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("EVENTKIT_ADMIN_TOKEN", token);
        pb.environment().put("CHROMIUM", chromium.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
          log("web timings failed:%n%s", out);
          return Map.of("error", out.length() > 2000 ? out.substring(out.length() - 2000) : out);
        }
        String line =
            out.lines()
                .filter(l -> l.startsWith("PERF "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no PERF line in: " + out));
        JsonNode perf = new ObjectMapper().readTree(line.substring(5));
        Map<String, String[]> what =
            new LinkedHashMap<>(
                Map.of(
                    "firstLoadLogin",
                    new String[] {
                      "first load, cold cache: navigation start to the frame showing the login form",
                      "≤ 1 s (req. < 2 s)"
                    },
                    "firstLoadDashboard",
                    new String[] {
                      "first load of the dashboard, cold cache, session kept: navigation start to"
                          + " the frame showing its data",
                      "≤ 1 s (req. < 2 s)"
                    },
                    "routeChange",
                    new String[] {
                      "route change (dashboard → events → products → dashboard): the click to the"
                          + " frame showing the data",
                      "≤ 200 ms"
                    },
                    "productSearch",
                    new String[] {
                      "product list search: the keystroke to the frame showing matching rows (150"
                          + " ms debounce included)",
                      "≤ 300 ms after typing stops"
                    }));
        List<Map<String, Object>> measures = new ArrayList<>();
        for (Map.Entry<String, String[]> e :
            List.of("firstLoadLogin", "firstLoadDashboard", "routeChange", "productSearch").stream()
                .map(k -> Map.entry(k, what.get(k)))
                .toList()) {
          double[] ms = sortedSamples(perf.path("samples").path(e.getKey()));
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("measure", e.getValue()[0]);
          m.put("samples", ms.length);
          m.put("p50Ms", rank(ms, 0.50));
          m.put("p95Ms", rank(ms, 0.95));
          m.put("maxMs", rank(ms, 1.0));
          // The same span seen from the driving script: Playwright's actionability checks and
          // polls.
          double[] seen = sortedSamples(perf.path("harness").path(e.getKey()));
          m.put(
              "harnessP50P95Ms",
              seen.length == 0 ? null : rank(seen, 0.50) + " / " + rank(seen, 0.95));
          m.put("target", e.getValue()[1]);
          measures.add(m);
          log(
              "web %s: p50 %s p95 %s ms (script %s)",
              e.getKey(), m.get("p50Ms"), m.get("p95Ms"), m.get("harnessP50P95Ms"));
        }
        // Which route a slow change went to (first visits are cold): for finding it, not a target.
        log("web route changes by destination (ms, in visit order): %s", perf.path("byRoute"));
        return Map.of(
            "browser",
            "Debian Chromium, headless, 1280×800",
            "measures",
            measures,
            "routeChangeByRoute",
            perf.path("byRoute").toString());
      } catch (Exception e) {
        log("web timings failed: %s", e);
        return Map.of("error", e.toString());
      }
    }

    /** Where the federation and SaaS parts put their rows. */
    private FederationBench.Sink sink() {
      return new FederationBench.Sink() {
        @Override
        public LoadDriver.Stats measure(
            LoadDriver driver, String op, String transport, LoadDriver.Call call) throws Exception {
          return Run.this.measure(driver, op, transport, call);
        }

        @Override
        public void row(
            LoadDriver.Stats s, String floorName, Double floorP95, String target, String shape) {
          addRow(s, floorName, floorP95, target, shape);
        }
      };
    }

    private void runFederation() throws Exception {
      // --- federation: fan-out, sub-hire, trust handshake, mTLS floor (fresh 6-node mesh) ---
      if (federation) {
        FederationBench.Sink sink = sink();
        try {
          results.put(
              "federation",
              new FederationBench(
                      sink, clients, fedClients, subhireClients, warmup, seconds, slowMs)
                  .run());
        } catch (Exception e) {
          e.printStackTrace();
          results.put("federation", Map.of("error", e.toString()));
        }
      }
      if (saas) {
        try {
          results.put("saas", new SaasBench(sink(), clients, warmup, seconds).run());
        } catch (Exception e) {
          e.printStackTrace();
          results.put("saas", Map.of("error", e.toString()));
        }
      }
      results.put("finishedAt", Instant.now().toString());
      results.put(
          "loadAverageAtEnd",
          round(
              java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                  .getSystemLoadAverage()));
      write();
    }

    /**
     * Imports {@code bench.importRows} (100,000) new assets of one serialised product into one
     * warehouse through DataService.ImportCsv, as a migrating company would: a dry run, the apply,
     * then the same files again (which must change nothing). Wall time per pass over all files.
     */
    private Map<String, Object> importAssets(Jdbi jdbi, ManagedChannel channel) {
      int rows = Integer.getInteger("bench.importRows", 100_000);
      Map<String, String> ref =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT CAST(p.id AS text) AS product, l.code AS location FROM product p,"
                              + " location l WHERE p.tracking = 'SERIALISED' AND l.kind ="
                              + " 'WAREHOUSE' ORDER BY p.id, l.id LIMIT 1")
                      .map(
                          (rs, ctx) ->
                              Map.of(
                                  "product", rs.getString("product"),
                                  "location", rs.getString("location")))
                      .one());
      // Files of at most 30,000 rows (about 2.8 MB each): the API takes under 4 MiB per file.
      int perFile = 30_000;
      List<com.google.protobuf.ByteString> files = new ArrayList<>();
      for (int first = 0; first < rows; first += perFile) {
        StringBuilder csv = new StringBuilder(perFile * 96);
        csv.append("barcode,product_id,serial,home_location_code,location_code,status\n");
        for (int i = first; i < Math.min(rows, first + perFile); i++) {
          csv.append(String.format(Locale.ROOT, "IMP-%07d,", i))
              .append(ref.get("product"))
              .append(",SN-IMP-")
              .append(i)
              .append(',')
              .append(ref.get("location"))
              .append(',')
              .append(ref.get("location"))
              .append(",AVAILABLE\n");
        }
        files.add(com.google.protobuf.ByteString.copyFromUtf8(csv.toString()));
      }
      var data = io.eventkit.proto.v1.DataServiceGrpc.newBlockingStub(channel);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("rows", rows);
      r.put("files", files.size());
      r.put("fileBytes", files.stream().mapToLong(com.google.protobuf.ByteString::size).sum());
      java.lang.management.MemoryMXBean heap =
          java.lang.management.ManagementFactory.getMemoryMXBean();
      for (String pass : List.of("dryRun", "apply", "rerun")) {
        // Heap of this JVM (node and driver) after a full GC, then its peak while the pass runs.
        System.gc();
        long before = heap.getHeapMemoryUsage().getUsed();
        java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean sampling =
            new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler =
            new Thread(
                () -> {
                  while (sampling.get()) {
                    peak.accumulateAndGet(heap.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                      Thread.sleep(20);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                },
                "import-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        long created = 0;
        long unchanged = 0;
        for (com.google.protobuf.ByteString content : files) {
          var resp =
              data.withDeadlineAfter(10, TimeUnit.MINUTES)
                  .importCsv(
                      io.eventkit.proto.v1.ImportCsvRequest.newBuilder()
                          .setEntity(io.eventkit.proto.v1.ImportEntity.IMPORT_ENTITY_ASSET)
                          .setContent(content)
                          .setDryRun(pass.equals("dryRun"))
                          .build());
          if (resp.getErrorCount() > 0) {
            throw new IllegalStateException(
                pass + ": " + resp.getErrorCount() + " row errors, first " + resp.getErrors(0));
          }
          created += resp.getCreated();
          unchanged += resp.getUnchanged();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        sampling.set(false);
        System.gc();
        long after = heap.getHeapMemoryUsage().getUsed();
        r.put(
            pass + "HeapMb",
            String.format(
                Locale.ROOT,
                "%d → peak %d → %d",
                before >> 20,
                Math.max(peak.get(), before) >> 20,
                after >> 20));
        long expectCreated = pass.equals("rerun") ? 0 : rows;
        if (created != expectCreated) {
          throw new IllegalStateException(
              pass + ": created " + created + ", expected " + expectCreated);
        }
        r.put(pass + "Ms", round(ms));
        log(
            "import %d assets, %s: %.0f ms (created %d, unchanged %d)",
            rows, pass, ms, created, unchanged);
      }
      Runtime rt = Runtime.getRuntime();
      r.put("heapUsedAfterMb", (rt.totalMemory() - rt.freeMemory()) >> 20);
      return r;
    }

    /**
     * Downloads a full export ({@code GET /data/export?format=…}) from the node process, counting
     * the bytes without keeping them, while a sampler reads the process's RSS every 50 ms: the
     * export streams, so the peak should stay near the RSS before it.
     */
    private Map<String, Object> exportFromProcess(long pid, String token, String format)
        throws Exception {
      java.util.concurrent.atomic.AtomicLong peakKb = new java.util.concurrent.atomic.AtomicLong();
      java.util.concurrent.atomic.AtomicBoolean sampling =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      Path status = Path.of("/proc", Long.toString(pid), "status");
      Thread sampler =
          new Thread(
              () -> {
                while (sampling.get()) {
                  try {
                    for (String l : Files.readAllLines(status)) {
                      if (l.startsWith("VmRSS:")) {
                        long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                        peakKb.accumulateAndGet(kb, Math::max);
                      }
                    }
                    Thread.sleep(50);
                  } catch (Exception e) {
                    return;
                  }
                }
              },
              "export-rss-sampler");
      Object rssBefore = rssMb(Long.toString(pid));
      sampler.start();
      long t0 = System.nanoTime();
      HttpResponse<InputStream> resp =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + httpPort + "/data/export?format=" + format))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      long bytes = 0;
      try (InputStream in = resp.body()) {
        byte[] buf = new byte[64 << 10];
        for (int n; (n = in.read(buf)) > 0; ) {
          bytes += n;
        }
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      sampling.set(false);
      sampler.join();
      if (resp.statusCode() != 200) {
        throw new IllegalStateException("export " + format + ": HTTP " + resp.statusCode());
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("ms", round(ms));
      r.put("zipMb", round(bytes / 1048576.0));
      r.put("rssBeforeMb", rssBefore);
      r.put("rssPeakMb", round(peakKb.get() / 1024.0));
      log(
          "export %s: %.0f ms, %d bytes, RSS %s → peak %.0f MB",
          format, ms, bytes, rssBefore, peakKb.get() / 1024.0);
      return r;
    }

    /**
     * Restarts the loaded node as its own process ({@code java -jar eventkit-node.jar dev} on the
     * same data dir, ports and admin token), drives a 50-client mixed load through gRPC for {@code
     * seconds}, waits 2 s, then reads that process's RSS and the PSS of its PostgreSQL.
     */
    /** A node process started by {@link #startNodeProcess}, healthy after {@code startMs}. */
    private record NodeProcess(Process process, double startMs) {}

    /**
     * Starts {@code java -jar eventkit-node.jar dev} on the loaded data dir, ports and admin token,
     * with {@code extraArgs} (e.g. {@code -Ddw.notifications.enabled=false}) before {@code -jar},
     * and waits until /health answers 200; the output goes to {@code logName} under bench.out.
     */
    private NodeProcess startNodeProcess(List<String> extraArgs, String logName) throws Exception {
      Path jar = Path.of(nodeJar).toAbsolutePath().normalize();
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("no node jar at " + jar + " (build node first)");
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String a : nodeJvmArgs.trim().split("\\s+")) {
        if (!a.isEmpty()) {
          cmd.add(a);
        }
      }
      cmd.add("-Ddw.rateLimits.enabled=false"); // as in the in-JVM node (see startNode)
      // No base backup of the dataset 10 s into the measurements (its cost is not a row yet).
      cmd.add("-Ddw.backup.enabled=false");
      cmd.addAll(extraArgs);
      cmd.addAll(
          List.of(
              "-jar",
              jar.toString(),
              "dev",
              "--node-id",
              NODE_ID,
              "--data-dir",
              dataDir.toString(),
              "--http-port",
              String.valueOf(httpPort),
              "--grpc-port",
              String.valueOf(grpcPort),
              "--federation-port",
              String.valueOf(federationPort)));
      Path logFile = out.resolve(logName);
      Files.createDirectories(out);
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
      long t0 = System.nanoTime();
      Process process = pb.start();
      try {
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
          if (!process.isAlive()) {
            throw new IllegalStateException("node process exited; see " + logFile);
          }
          try {
            if (probe
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + httpPort + "/health"))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200) {
              break;
            }
          } catch (IOException e) {
            // not up yet
          }
          if (System.nanoTime() > until) {
            throw new IllegalStateException("node process not healthy after 120 s");
          }
          Thread.sleep(100);
        }
      } catch (Exception | Error e) {
        stopNodeProcess(process);
        throw e;
      }
      double startMs = (System.nanoTime() - t0) / 1e6;
      log("node process healthy in %.0f ms (pid %d)", startMs, process.pid());
      return new NodeProcess(process, startMs);
    }

    /** A plaintext channel to the node process's gRPC port, every call with {@code token}. */
    private ManagedChannel processChannel(String token) {
      Metadata md = new Metadata();
      md.put(AUTH, "Bearer " + token);
      return ManagedChannelBuilder.forTarget("127.0.0.1:" + grpcPort)
          .usePlaintext()
          .intercept(MetadataUtils.newAttachHeadersInterceptor(md))
          .build();
    }

    private static void stopNodeProcess(Process process) throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }

    private Map<String, Object> nodeProcessMemory(
        List<UUID> products, List<UUID> pullEvents, Instant now, String token) throws Exception {
      NodeProcess started = startNodeProcess(List.of(), "node-process.log");
      Process process = started.process();
      double startMs = started.startMs();
      Map<String, Object> r = new LinkedHashMap<>();
      try {
        ManagedChannel ch = processChannel(token);
        try {
          var inv = InventoryServiceGrpc.newBlockingStub(ch);
          var planning = PlanningServiceGrpc.newBlockingStub(ch);
          LoadDriver.Stats mixed =
              new LoadDriver(
                      clients, Duration.ofSeconds(Math.max(5, warmup)), Duration.ofSeconds(seconds))
                  .run(
                      "mixed load on the node process",
                      "gRPC plaintext",
                      rnd -> {
                        int k = rnd.nextInt(10);
                        if (k < 6) {
                          inv.withDeadlineAfter(10, TimeUnit.SECONDS)
                              .getAvailability(
                                  GetAvailabilityRequest.newBuilder()
                                      .setProductId(
                                          products.get(rnd.nextInt(products.size())).toString())
                                      .setPeriod(period(randomPeriod(now, rnd)))
                                      .build());
                        } else if (k < 8) {
                          planning
                              .withDeadlineAfter(10, TimeUnit.SECONDS)
                              .checkPullList(
                                  CheckPullListRequest.newBuilder()
                                      .setEventId(
                                          pullEvents.get(rnd.nextInt(pullEvents.size())).toString())
                                      .build());
                        } else {
                          inv.withDeadlineAfter(10, TimeUnit.SECONDS)
                              .search(
                                  SearchRequest.newBuilder()
                                      .setQuery(QUERIES[rnd.nextInt(QUERIES.length)])
                                      .setPage(PageRequest.newBuilder().setPageSize(20))
                                      .build());
                        }
                      });
          log(
              "node process load pass: %d calls, %.0f/s, p95 %.1f ms, errors %d",
              mixed.calls(), mixed.throughput(), mixed.p95Ms(), mixed.errors());
          Thread.sleep(2_000);
          r.put("nodeJvmArgs", nodeJvmArgs);
          r.put("restartAsProcessMs", round(startMs));
          r.put("nodeRssMb", rssMb(Long.toString(process.pid())));
          r.put("postgresPssMb", postgresPssMb(dataDir));
          for (String format : List.of("ndjson", "csv")) {
            try {
              r.put("export_" + format, exportFromProcess(process.pid(), token, format));
            } catch (Exception e) {
              log("export %s failed: %s", format, e);
              r.put("export_" + format, Map.of("error", e.toString()));
            }
          }
          r.put(
              "loadPass",
              String.format(
                  Locale.ROOT,
                  "%d clients, %d s warm-up + %d s measured: 60%% GetAvailability, 20%%"
                      + " CheckPullList, 20%% Search over gRPC; %d calls, %.0f calls/s, p95 %.1f ms,"
                      + " %d errors",
                  clients,
                  Math.max(5, warmup),
                  seconds,
                  mixed.calls(),
                  mixed.throughput(),
                  mixed.p95Ms(),
                  mixed.errors()));
          r.put(
              "note",
              "java -jar eventkit-node.jar dev on the full data dir, as users run it; RSS of that"
                  + " process alone (the load driver is in the benchmark JVM), read 2 s after the"
                  + " load pass; PostgreSQL = PSS summed over the postmaster and its children");
        } finally {
          ch.shutdownNow();
        }
      } finally {
        stopNodeProcess(process);
      }
      log("node process: %s", r);
      return r;
    }

    /**
     * A base backup of the loaded dataset and a restore from it: the node process starts with
     * backups on (as a node in service runs), takes its first base backup 10 s after the start (its
     * duration and size come from the backup's own {@code backup.properties}), is stopped, and
     * {@code eventkit-node restore --to latest} puts the database back from that backup and the WAL
     * archived since (timed as a whole process, JVM start included).
     */
    private Map<String, Object> backupAndRestore() throws Exception {
      Path base = dataDir.resolve("backups").resolve("base");
      NodeProcess started =
          startNodeProcess(List.of("-Ddw.backup.enabled=true"), "node-process-backup.log");
      java.util.Properties manifest = new java.util.Properties();
      try {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        Path done = null;
        while (done == null) {
          if (System.nanoTime() > until) {
            throw new IllegalStateException("no base backup within 15 minutes under " + base);
          }
          if (Files.isDirectory(base)) {
            try (var dirs = Files.list(base)) {
              // A backup in progress is in a dot-directory and gets its name when complete.
              done =
                  dirs.filter(d -> !d.getFileName().toString().startsWith("."))
                      .map(d -> d.resolve("backup.properties"))
                      .filter(Files::isRegularFile)
                      .findFirst()
                      .orElse(null);
            }
          }
          if (done == null) {
            Thread.sleep(250);
          }
        }
        try (InputStream in = Files.newInputStream(done)) {
          manifest.load(in);
        }
      } finally {
        stopNodeProcess(started.process());
      }
      long databaseBytes = treeBytes(dataDir.resolve("postgres"));
      long compressed = Long.parseLong(manifest.getProperty("bytes"));
      double backupMs =
          Duration.between(
                  Instant.parse(manifest.getProperty("start")),
                  Instant.parse(manifest.getProperty("stop")))
              .toMillis();
      List<String> cmd =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              Path.of(nodeJar).toAbsolutePath().normalize().toString(),
              "restore",
              "--to",
              "latest",
              "--node-id",
              NODE_ID,
              "--data-dir",
              dataDir.toString());
      Path logFile = out.resolve("node-restore.log");
      long t0 = System.nanoTime();
      Process restore =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
              .start();
      if (!restore.waitFor(20, TimeUnit.MINUTES) || restore.exitValue() != 0) {
        restore.destroyForcibly();
        throw new IllegalStateException("restore failed; see " + logFile);
      }
      double restoreMs = (System.nanoTime() - t0) / 1e6;
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("databaseMb", round(databaseBytes / 1048576.0));
      r.put("baseBackupMs", round(backupMs));
      r.put("baseBackupMb", round(compressed / 1048576.0));
      r.put("baseBackupMbPerSecond", round(databaseBytes / 1048576.0 / (backupMs / 1000.0)));
      r.put(
          "walArchivedMb", round(treeBytes(dataDir.resolve("backups").resolve("wal")) / 1048576.0));
      r.put("restoreMs", round(restoreMs));
      log("backup and restore: %s", r);
      return r;
    }

    private static long treeBytes(Path root) throws IOException {
      if (!Files.exists(root)) {
        return 0;
      }
      try (var files = Files.walk(root)) {
        return files
            .filter(Files::isRegularFile)
            .mapToLong(
                f -> {
                  try {
                    return Files.size(f);
                  } catch (IOException e) {
                    return 0; // removed meanwhile (PostgreSQL's temporary files)
                  }
                })
            .sum();
      }
    }

    /**
     * The write path with notifications on and off: the node process is started twice on the same
     * data (the second time with {@code notifications.enabled=false}) and driven by {@code
     * bench.subhireClients} (8) clients, each creating an event and adding a booking line to it
     * (two domain events per iteration when on). The difference is the cost of recording events in
     * the writer's transaction plus the fan-out competing for the same cores; the fan-out's own
     * drain time after the pass is reported for the "on" run.
     */
    private Map<String, Object> writePathNotifications(
        List<UUID> products, Instant now, String token) throws Exception {
      int writers = Integer.getInteger("bench.subhireClients", 8);
      Map<String, Object> r = new LinkedHashMap<>();
      for (boolean on : List.of(true, false)) {
        NodeProcess started =
            startNodeProcess(
                on ? List.of() : List.of("-Ddw.notifications.enabled=false"),
                "node-process-writes-" + (on ? "on" : "off") + ".log");
        ManagedChannel ch = processChannel(token);
        try {
          var planning = PlanningServiceGrpc.newBlockingStub(ch);
          LoadDriver.Call write =
              rnd -> {
                Instant start =
                    now.plus(Duration.ofDays(400 + rnd.nextInt(300))).truncatedTo(ChronoUnit.HOURS);
                var event =
                    planning
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .createEvent(
                            io.eventkit.proto.v1.CreateEventRequest.newBuilder()
                                .setName("Bench write " + rnd.nextInt(1_000_000))
                                .setTimeZone("UTC")
                                .setPeriod(
                                    period(new Interval(start, start.plus(Duration.ofDays(2)))))
                                .build());
                planning
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .addBookingLine(
                        io.eventkit.proto.v1.AddBookingLineRequest.newBuilder()
                            .setEventId(event.getId())
                            .setProduct(
                                io.eventkit.proto.v1.BulkQuantity.newBuilder()
                                    .setProductId(
                                        products.get(rnd.nextInt(products.size())).toString())
                                    .setQuantity(1))
                            .build());
              };
          // Saturated (closed loop): what the fan-out's work costs in capacity on these cores.
          LoadDriver.Stats w =
              new LoadDriver(
                      writers, Duration.ofSeconds(Math.max(3, warmup)), Duration.ofSeconds(seconds))
                  .run(
                      "CreateEvent + AddBookingLine, notifications " + (on ? "on" : "off"),
                      "gRPC plaintext",
                      write);
          // Below saturation (fixed rate, open loop): what it adds to each write's latency.
          LoadDriver.Stats f =
              new LoadDriver(
                      writers,
                      Duration.ofSeconds(Math.max(3, warmup)),
                      Duration.ofSeconds(seconds),
                      WRITE_RATE)
                  .run(
                      "CreateEvent + AddBookingLine at "
                          + (int) WRITE_RATE
                          + "/s, notifications "
                          + (on ? "on" : "off"),
                      "gRPC plaintext",
                      write);
          Map<String, Object> run = new LinkedHashMap<>();
          run.put("iterations", w.calls());
          run.put("perSecond", round(w.throughput()));
          run.put("p50Ms", round(w.p50Ms()));
          run.put("p95Ms", round(w.p95Ms()));
          run.put("p99Ms", round(w.p99Ms()));
          run.put("errors", w.errors());
          run.put("fixedRateP50Ms", round(f.p50Ms()));
          run.put("fixedRateP95Ms", round(f.p95Ms()));
          run.put("fixedRateErrors", f.errors());
          if (on) {
            run.put("fanOutDrainAfterPassMs", round(fanOutDrainMs()));
          }
          r.put(on ? "on" : "off", run);
          log(
              "write path, notifications %s: %d iterations, %.0f/s, p95 %.1f ms, errors %d",
              on ? "on" : "off", w.calls(), w.throughput(), w.p95Ms(), w.errors());
        } finally {
          ch.shutdownNow();
          stopNodeProcess(started.process());
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> onRun = (Map<String, Object>) r.get("on");
      @SuppressWarnings("unchecked")
      Map<String, Object> offRun = (Map<String, Object>) r.get("off");
      double onP95 = ((Number) onRun.get("p95Ms")).doubleValue();
      double offP95 = ((Number) offRun.get("p95Ms")).doubleValue();
      r.put("p95OnOverOff", offP95 > 0 ? round(onP95 / offP95) : null);
      double onFixed = ((Number) onRun.get("fixedRateP95Ms")).doubleValue();
      double offFixed = ((Number) offRun.get("fixedRateP95Ms")).doubleValue();
      r.put("fixedRateP95OnOverOff", offFixed > 0 ? round(onFixed / offFixed) : null);
      r.put(
          "note",
          writers
              + " clients against the node process, "
              + seconds
              + " s measured per pass; one iteration = CreateEvent + AddBookingLine (2 domain"
              + " events when on); a closed-loop pass (saturated: capacity) and one at "
              + (int) WRITE_RATE
              + " iterations/s (latency below saturation); target: fixed-rate p95 on ≤ 1.2× off");
      return r;
    }

    /** The node process's embedded PostgreSQL (its port is line 4 of postmaster.pid). */
    private String jdbcUrl() throws IOException {
      List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
      return "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres?user=postgres";
    }

    /** The write-path latency pass's rate: well below what 2 cores do with notifications on. */
    static final double WRITE_RATE = 20;

    /** How long until the node process's domain-event outbox has nothing pending (max 60 s). */
    private double fanOutDrainMs() throws Exception {
      long t0 = System.nanoTime();
      Jdbi db = Jdbi.create(jdbcUrl());
      long until = t0 + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < until) {
        boolean pending =
            db.withHandle(
                h ->
                    h.createQuery(
                            "SELECT EXISTS (SELECT 1 FROM domain_event WHERE fanned_out_at IS NULL)")
                        .mapTo(Boolean.class)
                        .one());
        if (!pending) {
          break;
        }
        Thread.sleep(50);
      }
      return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Webhook fan-out: {@code bench.webhookEvents} (1,000) events, each recorded in its own
     * transaction through the node's DomainEvents, to 10 subscriptions whose receiver is an
     * in-process HTTP server on loopback answering 204. Latency is from each event's commit to the
     * receiver reading the request (so fan-out, queueing, signing and the HTTP call); throughput is
     * deliveries per second from the first commit to the last arrival.
     */
    private void webhookFanOut(Jdbi jdbi, ManagedChannel channel) throws Exception {
      int events = Integer.getInteger("bench.webhookEvents", 1000);
      int subscriptions = 10;
      Map<String, Long> committed = new java.util.concurrent.ConcurrentHashMap<>();
      java.util.Queue<long[]> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
      java.util.concurrent.atomic.AtomicLong received =
          new java.util.concurrent.atomic.AtomicLong();
      com.sun.net.httpserver.HttpServer receiver =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      receiver.setExecutor(Executors.newFixedThreadPool(8));
      receiver.createContext(
          "/hook/",
          ex -> {
            long at = System.nanoTime();
            ex.getRequestBody().readAllBytes();
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            Long start = id == null ? null : committed.get(id);
            if (start != null) {
              arrivals.add(new long[] {start, at});
            }
            received.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
          });
      receiver.start();
      var webhooks = io.eventkit.proto.v1.WebhookServiceGrpc.newBlockingStub(channel);
      List<String> ids = new ArrayList<>();
      try {
        for (int i = 0; i < subscriptions; i++) {
          ids.add(
              webhooks
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .createWebhook(
                      io.eventkit.proto.v1.CreateWebhookRequest.newBuilder()
                          .setUrl(
                              "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/" + i)
                          .addEventTypes("certificate.expiring")
                          .build())
                  .getWebhook()
                  .getId());
        }
        io.eventkit.node.platform.events.DomainEvents recorder =
            ((NodeApplication) support.getApplication()).runtime().events();
        long first = System.nanoTime();
        for (int i = 0; i < events; i++) {
          int n = i;
          UUID id =
              jdbi.inTransaction(
                  h ->
                      recorder
                          .record(
                              h,
                              io.eventkit.node.platform.events.DomainEvent.of(
                                  io.eventkit.node.platform.events.EventType.CERTIFICATE_EXPIRING,
                                  "partner",
                                  "bench-" + n,
                                  Map.of("days", 30, "n", n)))
                          .orElseThrow());
          committed.put(id.toString(), System.nanoTime());
        }
        long expected = (long) events * subscriptions;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (arrivals.size() < expected && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        long last = arrivals.stream().mapToLong(a -> a[1]).max().orElse(first);
        double[] ms = arrivals.stream().mapToDouble(a -> (a[1] - a[0]) / 1e6).sorted().toArray();
        double seconds = (last - first) / 1e9;
        LoadDriver.Stats stats =
            new LoadDriver.Stats(
                "Webhook fan-out: " + events + " events × " + subscriptions + " subscriptions",
                "HTTP/1.1 POST to loopback (signed)",
                1,
                arrivals.size(),
                expected - arrivals.size() + Math.max(0, received.get() - expected),
                seconds,
                percentile(ms, 0.50),
                percentile(ms, 0.95),
                percentile(ms, 0.99),
                ms.length == 0 ? 0 : ms[ms.length - 1],
                seconds <= 0 ? 0 : arrivals.size() / seconds,
                arrivals.size() < expected ? "only " + arrivals.size() + " of " + expected : null);
        addRow(
            stats,
            null,
            null,
            "event commit → receiver; every delivery exactly once (errors = missing + repeats)",
            "events recorded back to back");
        log(
            "webhooks: %d deliveries in %.1f s (%.0f/s), p95 event→delivery %.0f ms",
            arrivals.size(), seconds, stats.throughput(), stats.p95Ms());
      } finally {
        receiver.stop(0);
        for (String id : ids) {
          webhooks
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .deleteWebhook(
                  io.eventkit.proto.v1.DeleteWebhookRequest.newBuilder().setId(id).build());
        }
      }
    }

    /** A sample list of web/e2e/perf.mjs's PERF line, sorted. */
    private static double[] sortedSamples(JsonNode samples) {
      double[] ms = new double[samples.size()];
      for (int i = 0; i < ms.length; i++) {
        ms[i] = samples.get(i).asDouble();
      }
      java.util.Arrays.sort(ms);
      return ms;
    }

    /** {@link #percentile}, or null without samples. */
    private static Double rank(double[] sorted, double q) {
      return sorted.length == 0 ? null : percentile(sorted, q);
    }

    private static double percentile(double[] sorted, double q) {
      if (sorted.length == 0) {
        return 0;
      }
      int i = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private void startNode() {
      NodeConfiguration config = new NodeConfiguration();
      config.setNodeId(NODE_ID);
      config.setDataDir(dataDir.toString());
      config.httpConnector().setBindHost("127.0.0.1");
      config.httpConnector().setPort(httpPort);
      config.getGrpc().setPort(grpcPort);
      config.getFederation().setBindHost("127.0.0.1");
      config.getFederation().setPort(federationPort);
      // The per-caller API rate limit (200/s by default) would cap every row at 200 calls/s and
      // turn the rest into RESOURCE_EXHAUSTED: the benchmark measures the node, not its limiter.
      config.getRateLimits().setEnabled(false);
      // A base backup 10 s after the start would land in the measurements.
      config.getBackup().setEnabled(false);
      // The webhook fan-out row delivers to a receiver on this machine.
      config.getNotifications().getWebhooks().setAllowedTargets(List.of("127.0.0.1"));
      DropwizardTestSupport<NodeConfiguration> s =
          new DropwizardTestSupport<>(NodeApplication.class, config);
      try {
        s.before();
      } catch (Exception e) {
        throw new IllegalStateException("the node did not start", e);
      }
      support = s;
    }

    private Jdbi jdbi() {
      return ((NodeApplication) support.getApplication()).runtime().jdbi();
    }

    /** Events of exactly 50 product lines (distinct products), 30–200 days ahead, CONFIRMED. */
    /**
     * A draft quote of 200 lines: rate cards for the first 100 products (rental lines over 3 days)
     * and 100 service lines, for a client company written to the CRM table.
     */
    /** An event of 200 product lines (written directly), half of them loaded on one vehicle. */
    private String bigPackEvent(Jdbi jdbi, List<UUID> products) {
      UUID event = UUID.randomUUID();
      UUID vehicle = UUID.randomUUID();
      jdbi.useTransaction(
          h -> {
            h.execute(
                "INSERT INTO event (id, name, period, status, created_at, updated_at)"
                    + " VALUES (?, 'Benchmark truck pack', tstzrange(now() + interval '400 days',"
                    + " now() + interval '403 days'), 'ENQUIRY', now(), now())",
                event);
            h.execute(
                "INSERT INTO vehicle (id, name, payload_grams, volume_cm3, required_qualification,"
                    + " created_at, updated_at) VALUES (?, 'Benchmark truck', 9000000, 60000000,"
                    + " 'driving-licence', now(), now())",
                vehicle);
            for (int i = 0; i < 200; i++) {
              UUID line = UUID.randomUUID();
              h.execute(
                  "INSERT INTO booking_line (id, event_id, product_id, quantity, period,"
                      + " hold_period, event_status, holds, created_at)"
                      + " SELECT ?, e.id, ?, ?, e.period, e.period, 'ENQUIRY', false,"
                      + " now() + make_interval(secs => ?) FROM event e WHERE e.id = ?",
                  line,
                  products.get(i % products.size()),
                  1 + i % 4,
                  i,
                  event);
              if (i % 2 == 0) {
                h.execute(
                    "INSERT INTO truck_load (event_id, vehicle_id, booking_line_id, quantity,"
                        + " updated_at) VALUES (?, ?, ?, 1, now())",
                    event,
                    vehicle,
                    line);
              }
            }
          });
      return event.toString();
    }

    private String bigQuote(
        Jdbi jdbi, QuoteServiceGrpc.QuoteServiceBlockingStub quotes, List<UUID> products) {
      UUID company = UUID.randomUUID();
      jdbi.useHandle(
          h ->
              h.execute(
                  "INSERT INTO crm_company (id, name, name_key, created_at, updated_at)"
                      + " VALUES (?, 'Benchmark client', 'benchmark client', now(), now())",
                  company));
      var q =
          quotes
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .createQuote(
                  CreateQuoteRequest.newBuilder().setCompanyId(company.toString()).build());
      Instant start = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS);
      Period hire =
          Period.newBuilder()
              .setStart(
                  com.google.protobuf.Timestamp.newBuilder().setSeconds(start.getEpochSecond()))
              .setEnd(
                  com.google.protobuf.Timestamp.newBuilder()
                      .setSeconds(start.getEpochSecond() + 3 * 86_400))
              .build();
      for (int i = 0; i < 200; i++) {
        AddQuoteLineRequest.Builder b =
            AddQuoteLineRequest.newBuilder()
                .setQuoteId(q.getId())
                .setExpectedRevision(q.getRevision())
                .setQuantity(String.valueOf(1 + i % 4))
                .setDiscountBp(i % 5 * 100);
        if (i < 100 && i < products.size()) {
          String product = products.get(i).toString();
          quotes
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .setRateCard(
                  SetRateCardRequest.newBuilder()
                      .setProductId(product)
                      .setDayRate(
                          io.eventkit.proto.v1.Money.newBuilder()
                              .setCurrencyCode("EUR")
                              .setMinorUnits(2500 + 37L * i))
                      .build());
          b.setKind(QuoteLineKind.QUOTE_LINE_KIND_RENTAL).setProductId(product).setPeriod(hire);
        } else {
          b.setKind(QuoteLineKind.QUOTE_LINE_KIND_SERVICE)
              .setDescription("Crew shift " + i)
              .setUnit("hour")
              .setQuantity((8 + i % 3) + ".5")
              .setUnitPrice(
                  io.eventkit.proto.v1.Money.newBuilder()
                      .setCurrencyCode("EUR")
                      .setMinorUnits(3500 + i));
        }
        q = quotes.withDeadlineAfter(10, TimeUnit.SECONDS).addQuoteLine(b.build());
      }
      return q.getId();
    }

    private List<UUID> pullListEvents(InventoryModule m, Planning planning, List<UUID> products) {
      Random rnd = new Random(11);
      List<Planning.ImportedEvent> events = new ArrayList<>();
      for (int i = 0; i < PULL_LIST_EVENTS; i++) {
        Instant start =
            Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(30 + rnd.nextInt(170)));
        Interval period = new Interval(start, start.plus(Duration.ofDays(3)));
        List<UUID> pool = new ArrayList<>(products);
        java.util.Collections.shuffle(pool, rnd);
        List<Planning.ImportedLine> lines = new ArrayList<>();
        for (UUID p : pool.subList(0, PULL_LIST_LINES)) {
          lines.add(new Planning.ImportedLine(m.catalog.get(p), null, 1 + rnd.nextInt(4), null));
        }
        events.add(
            new Planning.ImportedEvent(
                new Planning.NewEvent(
                    "Benchmark pull list " + i,
                    "Benchmark client",
                    "Benchmark venue",
                    "Europe/London",
                    period,
                    EventStatus.CONFIRMED,
                    0,
                    null),
                lines));
      }
      return planning.importEvents(events).stream().map(e -> e.id()).toList();
    }

    private UUID scanEventId;

    /**
     * A CONFIRMED event two years ahead booking every unit of up to 300 serialised products; the
     * barcodes of those units, shuffled (the scan row's working set).
     */
    /**
     * {@value #CRM_COMPANIES} client companies with {@value #CRM_CONTACTS_PER_COMPANY} contacts
     * each (contact N-K has the email contactN-K@clientN.example) and 4,000 deals spread over the
     * default pipeline, written in SQL (not measured).
     */
    /** Day 0 of the seeded crew events and calls (a year ahead, whole days, UTC). */
    final Instant crewBase = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.DAYS);

    /**
     * 500 crew members with skills (every other one a rigger, every fifth with a rigging
     * certificate, some expired), 10,000 events over 360 days and one assignment on each: member
     * {@code g % 500}, day {@code (g / 500) * 18 + (g % 500) % 18}, so no member is double booked
     * and each has 20 calls. Plus one unavailable week for every tenth member. In SQL, not
     * measured.
     */
    private void seedCrew(Jdbi jdbi) {
      jdbi.useTransaction(
          h -> {
            h.createUpdate(
                    "INSERT INTO crew_member (id, name, email, employment, currency,"
                        + " day_rate_minor, hour_rate_minor, notes, created_at, updated_at)"
                        + " SELECT CAST(md5('bench-crew-' || m) AS uuid), 'Crew ' || m,"
                        + " 'crew' || m || '@bench.example',"
                        + " CASE WHEN m % 3 = 0 THEN 'EMPLOYEE' ELSE 'FREELANCER' END, 'EUR',"
                        + " 30000, 4000, 'bench', now(), now()"
                        + " FROM generate_series(0, :n - 1) m")
                .bind("n", CREW_MEMBERS)
                .execute();
            h.createUpdate(
                    "INSERT INTO crew_qualification (crew_member_id, skill, expires_on)"
                        + " SELECT CAST(md5('bench-crew-' || m) AS uuid), s.skill,"
                        + " CASE WHEN s.skill = 'rigging-cert'"
                        + " THEN CAST(:base AS date) + (m % 400) END"
                        + " FROM generate_series(0, :n - 1) m,"
                        + " (VALUES ('stagehand'), ('rigger'), ('rigging-cert')) s(skill)"
                        + " WHERE s.skill = 'stagehand' OR (s.skill = 'rigger' AND m % 2 = 0)"
                        + " OR (s.skill = 'rigging-cert' AND m % 5 = 0)")
                .bind("n", CREW_MEMBERS)
                .bind("base", crewBase)
                .execute();
            h.createUpdate(
                    "INSERT INTO event (id, name, venue, time_zone, period, status, notes,"
                        + " created_at, updated_at)"
                        + " SELECT CAST(md5('bench-crew-event-' || g) AS uuid),"
                        + " 'Crew bench event ' || g, 'Venue ' || (g % 50), 'UTC',"
                        + " tstzrange(CAST(:base AS timestamptz) + d * interval '1 day',"
                        + " CAST(:base AS timestamptz) + (d + 1) * interval '1 day', '[)'),"
                        + " 'CONFIRMED', 'crew bench', now(), now()"
                        + " FROM (SELECT g, (g / :members) * 18 + (g % :members) % 18 AS d"
                        + " FROM generate_series(0, :n - 1) g) x")
                .bind("n", CREW_EVENTS)
                .bind("members", CREW_MEMBERS)
                .bind("base", crewBase)
                .execute();
            h.createUpdate(
                    "INSERT INTO crew_assignment (id, event_id, crew_member_id, function, call,"
                        + " currency, rate_minor, rate_unit, required_skills, status, created_at,"
                        + " updated_at)"
                        + " SELECT CAST(md5('bench-crew-assignment-' || g) AS uuid),"
                        + " CAST(md5('bench-crew-event-' || g) AS uuid),"
                        + " CAST(md5('bench-crew-' || (g % :members)) AS uuid), 'Stagehand',"
                        + " tstzrange(CAST(:base AS timestamptz) + d * interval '1 day'"
                        + " + interval '8 hours', CAST(:base AS timestamptz) + d * interval '1 day'"
                        + " + interval '18 hours', '[)'), 'EUR', 30000, 'DAY', ARRAY['stagehand'],"
                        + " CASE WHEN g % 2 = 0 THEN 'ACCEPTED' ELSE 'OFFERED' END, now(), now()"
                        + " FROM (SELECT g, (g / :members) * 18 + (g % :members) % 18 AS d"
                        + " FROM generate_series(0, :n - 1) g) x")
                .bind("n", CREW_EVENTS)
                .bind("members", CREW_MEMBERS)
                .bind("base", crewBase)
                .execute();
            h.createUpdate(
                    "INSERT INTO crew_unavailability (id, crew_member_id, period, reason,"
                        + " created_at)"
                        + " SELECT gen_random_uuid(), CAST(md5('bench-crew-' || m) AS uuid),"
                        + " tstzrange(CAST(:base AS timestamptz) + (m % 300) * interval '1 day',"
                        + " CAST(:base AS timestamptz) + (m % 300 + 7) * interval '1 day', '[)'),"
                        + " 'holiday', now()"
                        + " FROM generate_series(0, :n - 1, 10) m")
                .bind("n", CREW_MEMBERS)
                .bind("base", crewBase)
                .execute();
          });
    }

    private void seedCrm(Jdbi jdbi) {
      jdbi.useTransaction(
          h -> {
            h.createUpdate(
                    "INSERT INTO crm_company (id, name, name_key, email, domain, tags, created_at,"
                        + " updated_at)"
                        + " SELECT gen_random_uuid(), 'Client ' || i || ' Events Ltd',"
                        + " 'client' || i || 'events', 'office@client' || i || '.example',"
                        + " 'client' || i || '.example', ARRAY['bench'], now(), now()"
                        + " FROM generate_series(1, :n) i")
                .bind("n", CRM_COMPANIES)
                .execute();
            h.createUpdate(
                    "INSERT INTO crm_contact (id, company_id, first_name, last_name, email,"
                        + " is_primary, created_at, updated_at)"
                        + " SELECT gen_random_uuid(), c.id,"
                        + " (ARRAY['Anna','Ben','Chloe','David','Emma'])[k],"
                        + " (CAST(:surnames AS text[]))[1 + (c.n + k) % cardinality(CAST(:surnames AS text[]))] || (c.n % 99 + 1),"
                        + " 'contact' || c.n || '-' || k || '@client' || c.n || '.example',"
                        + " k = 1, now(), now()"
                        + " FROM (SELECT id, CAST(substring(name FROM 'Client ([0-9]+)') AS int)"
                        + " AS n FROM crm_company WHERE tags @> ARRAY['bench']) c,"
                        + " generate_series(1, :k) k")
                .bind("surnames", CRM_SURNAMES)
                .bind("k", CRM_CONTACTS_PER_COMPANY)
                .execute();
            h.createUpdate(
                    "INSERT INTO crm_deal (id, title, company_id, stage_id, value_currency,"
                        + " value_minor, probability, expected_close, closed_at, created_at,"
                        + " updated_at)"
                        + " SELECT gen_random_uuid(), 'Deal ' || c.n, c.id, s.id, 'EUR',"
                        + " 100000 + c.n * 10, s.probability, now() + c.n * interval '1 hour',"
                        + " CASE WHEN s.kind = 'OPEN' THEN NULL ELSE now() - interval '1 day' END,"
                        + " now(), now()"
                        + " FROM (SELECT id, CAST(substring(name FROM 'Client ([0-9]+)') AS int)"
                        + " AS n FROM crm_company WHERE tags @> ARRAY['bench']) c"
                        + " JOIN crm_deal_stage s ON s.position = c.n % 6"
                        + " WHERE c.n % 5 < 2")
                .execute();
          });
    }

    private List<String> scanEvent(Jdbi jdbi, Planning planning, List<UUID> products) {
      Instant start = Instant.now().plus(Duration.ofDays(730)).truncatedTo(ChronoUnit.HOURS);
      io.eventkit.node.planning.Event e =
          planning.createEvent(
              new Planning.NewEvent(
                  "Benchmark scans",
                  "Bench",
                  "Warehouse",
                  "UTC",
                  new Interval(start, start.plus(Duration.ofDays(3))),
                  io.eventkit.node.planning.EventStatus.CONFIRMED,
                  0,
                  ""));
      scanEventId = e.id();
      List<Map.Entry<UUID, Integer>> owned =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT product_id, count(*) AS n FROM asset WHERE status = 'AVAILABLE'"
                              + " GROUP BY product_id ORDER BY product_id LIMIT 300")
                      .map(
                          (rs, ctx) ->
                              Map.entry(rs.getObject("product_id", UUID.class), rs.getInt("n")))
                      .list());
      for (Map.Entry<UUID, Integer> p : owned) {
        planning.addLine(
            new Planning.NewLine(e.id(), p.getKey(), p.getValue(), null, null, null, null));
      }
      List<String> codes =
          new ArrayList<>(
              jdbi.withHandle(
                  h ->
                      h.createQuery(
                              "SELECT barcode FROM asset WHERE status = 'AVAILABLE'"
                                  + " AND product_id = ANY(:ids)")
                          .bind("ids", owned.stream().map(Map.Entry::getKey).toArray(UUID[]::new))
                          .mapTo(String.class)
                          .list()));
      java.util.Collections.shuffle(codes, new Random(11));
      log("scan event: %d products, %d units", owned.size(), codes.size());
      return codes;
    }

    /**
     * Issue 26's housekeeping figure. The sign-in audit trail gets {@code bench.retentionRows}
     * (1,000,000) entries older than its retention, then the trail's own write (the row every
     * sign-in appends) is measured with one client before, during and after the node's retention
     * purge of them (the node's own task: batches of 1000, the append-only trigger on each row).
     */
    private Map<String, Object> retentionOfAMillionRows(Jdbi jdbi) throws Exception {
      int n = Integer.getInteger("bench.retentionRows", 1_000_000);
      Instant old = Instant.now().minus(Duration.ofDays(1500));
      long t0 = System.nanoTime();
      jdbi.useHandle(
          h -> {
            h.createUpdate(
                    "INSERT INTO auth_audit (at, actor, action, subject, detail)"
                        + " SELECT CAST(:old AS timestamptz) + make_interval(secs => g),"
                        + " 'bench', 'LOGIN', 'bench@example.test', 'retention benchmark'"
                        + " FROM generate_series(1, :n) g")
                .bind("old", old)
                .bind("n", n)
                .execute();
            h.execute("ANALYZE auth_audit");
          });
      double seedS = (System.nanoTime() - t0) / 1e9;
      log("retention: %d expired sign-in audit rows written in %.1f s", n, seedS);
      LoadDriver.Call append =
          rnd ->
              jdbi.useHandle(
                  h ->
                      h.createUpdate(
                              "INSERT INTO auth_audit (at, actor, action, detail)"
                                  + " VALUES (now(), 'bench', 'LOGIN', 'retention benchmark')")
                          .execute());
      LoadDriver one =
          new LoadDriver(1, Duration.ofSeconds(warmup), Duration.ofSeconds(Math.max(3, seconds)));
      LoadDriver.Stats before =
          measure(
              one, "auth_audit append, " + n + " expired rows in the trail", "bare JDBC", append);
      io.eventkit.node.platform.retention.Retention retention =
          new io.eventkit.node.platform.retention.Retention(
              jdbi,
              java.time.Clock.systemUTC(),
              Duration.ofHours(1),
              io.eventkit.node.platform.tenancy.Tenants.single());
      retention.add(
          io.eventkit.node.identity.IdentityModule.retention(
              new io.eventkit.node.platform.retention.RetentionConfig()));
      long p0 = System.nanoTime();
      java.util.concurrent.CompletableFuture<Map<String, Long>> purge =
          java.util.concurrent.CompletableFuture.supplyAsync(retention::runOnce);
      LoadDriver.Stats during =
          measure(one, "auth_audit append while the purge runs", "bare JDBC", append);
      Map<String, Long> purged = purge.get(30, TimeUnit.MINUTES);
      double purgeS = (System.nanoTime() - p0) / 1e9;
      LoadDriver.Stats after =
          measure(one, "auth_audit append after the purge", "bare JDBC", append);
      addRow(before, null, "the trail's write with a million expired rows in it");
      addRow(during, before, "flat: p95 ≤ 2× the same write before the purge");
      addRow(after, before, "flat");
      long deleted = purged.values().stream().mapToLong(Long::longValue).sum();
      log("retention: purged %d rows in %.1f s (%s)", deleted, purgeS, purged);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("expiredRows", n);
      r.put("seedSeconds", round(seedS));
      r.put("purgedRows", deleted);
      r.put("purgeSeconds", round(purgeS));
      r.put("purgedPerSecond", purgeS > 0 ? Math.round(deleted / purgeS) : null);
      r.put(
          "duringPurgeFinished",
          purgeS <= (warmup + Math.max(3, seconds)) ? "before the 'during' row ended" : "after it");
      return r;
    }

    /**
     * Lets a node's database finish what the bulk load (or a fresh node's migrations) left it
     * before the first row: the node's shortage recompute of every product the load noted (a
     * background task, every 2 s), then a VACUUM (ANALYZE) and a CHECKPOINT, which autovacuum and
     * the checkpointer would otherwise run during the first rows.
     */
    private void settle(Jdbi jdbi) throws InterruptedException {
      long t = System.nanoTime();
      long until = t + TimeUnit.MINUTES.toNanos(3);
      int dirty;
      while ((dirty =
                  jdbi.withHandle(
                      h ->
                          h.createQuery("SELECT count(*) FROM shortage_dirty")
                              .mapTo(Integer.class)
                              .one()))
              > 0
          && System.nanoTime() < until) {
        Thread.sleep(500);
      }
      jdbi.useHandle(
          h -> {
            h.execute("VACUUM (ANALYZE)");
            h.execute("CHECKPOINT");
          });
      log(
          "settled in %.1f s (shortage recompute %s, VACUUM (ANALYZE), CHECKPOINT)",
          (System.nanoTime() - t) / 1e9, dirty == 0 ? "done" : dirty + " products still noted");
    }

    /**
     * Two threads (one per core here) call every path in turn, nothing recorded, for at least
     * {@code min} and until each path has made {@code perPath} calls, but no longer than {@code
     * max}.
     */
    private void warmUp(Duration min, Duration max, long perPath, LoadDriver.Call0... calls)
        throws Exception {
      long start = System.nanoTime();
      long minEnd = start + min.toNanos();
      long maxEnd = start + max.toNanos();
      AtomicLong rounds = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          threads.add(
              pool.submit(
                  () -> {
                    while (true) {
                      long now = System.nanoTime();
                      if (now >= maxEnd || (now >= minEnd && rounds.get() >= perPath)) {
                        return null;
                      }
                      for (LoadDriver.Call0 c : calls) {
                        c.run();
                      }
                      rounds.incrementAndGet();
                    }
                  }));
        }
        for (Future<?> f : threads) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      log(
          "warm-up: %d calls per path over %d paths in %.0f s%s",
          rounds.get(),
          calls.length,
          (System.nanoTime() - start) / 1e9,
          rounds.get() < perPath ? " (stopped at the limit, short of " + perPath + ")" : "");
    }

    private LoadDriver.Stats measure(
        LoadDriver driver, String op, String transport, LoadDriver.Call call) throws Exception {
      LoadDriver.Stats s = driver.run(op, transport, call);
      log(
          "%-58s %-15s p50 %7.2f p95 %7.2f p99 %7.2f max %7.2f ms  %8.0f/s  errors %d%s",
          op,
          transport,
          s.p50Ms(),
          s.p95Ms(),
          s.p99Ms(),
          s.maxMs(),
          s.throughput(),
          s.errors(),
          s.firstError() == null ? "" : " (first: " + s.firstError() + ")");
      return s;
    }

    private void addRow(LoadDriver.Stats s, LoadDriver.Stats floor, String target) {
      addRow(s, floor, target, null);
    }

    private void addRow(
        LoadDriver.Stats s, LoadDriver.Stats floor, String target, LoadDriver driver) {
      addRow(
          s,
          floor == null ? null : floor.operation() + " / " + floor.transport(),
          floor == null ? null : floor.p95Ms(),
          target,
          driver == null ? "closed" : driver.shape());
      if (driver != null && driver.rate() > 0) {
        rows.get(rows.size() - 1).put("lateStartsOver1ms", driver.lateStarts);
      }
    }

    void addRow(
        LoadDriver.Stats s, String floorName, Double floorP95, String target, String shape) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("operation", s.operation());
      r.put("transport", s.transport());
      r.put("clients", s.clients());
      r.put("loop", shape);
      r.put("calls", s.calls());
      r.put("p50Ms", round(s.p50Ms()));
      r.put("p95Ms", round(s.p95Ms()));
      r.put("p99Ms", round(s.p99Ms()));
      r.put("maxMs", round(s.maxMs()));
      r.put("throughputPerSecond", round(s.throughput()));
      r.put("errors", s.errors());
      if (s.firstError() != null) {
        r.put("firstError", s.firstError());
      }
      if (floorName != null) {
        r.put("floor", floorName);
        r.put("floorP95Ms", round(floorP95));
        r.put("ratioP95ToFloor", round(s.p95Ms() / floorP95));
      }
      r.put("target", target);
      rows.add(r);
    }

    private void write() throws IOException {
      Files.createDirectories(out);
      Files.writeString(
          out.resolve("results.json"),
          new GsonBuilder()
                  .setPrettyPrinting()
                  .serializeSpecialFloatingPointValues()
                  .create()
                  .toJson(results)
              + "\n");
      String md = markdown();
      Files.writeString(out.resolve("results.md"), md);
      try {
        Chart.write(
            rows,
            "EventKit benchmark " + results.get("startedAt") + " — " + sizeName + " dataset",
            out.resolve("latency.png"));
      } catch (IOException | RuntimeException | Error e) {
        System.out.println("[bench] chart not drawn: " + e);
      }
      System.out.println();
      System.out.println(md);
      System.out.println("written to " + out.toAbsolutePath());
    }

    @SuppressWarnings("unchecked")
    private String markdown() {
      StringBuilder b = new StringBuilder();
      b.append("# EventKit benchmark\n\n");
      b.append("- run: ")
          .append(results.get("startedAt"))
          .append(" → ")
          .append(results.get("finishedAt"))
          .append(" (load average at the end: ")
          .append(results.get("loadAverageAtEnd"))
          .append(")\n");
      b.append("- machine: ").append(results.get("machine")).append('\n');
      b.append("- settings: ").append(results.get("settings")).append('\n');
      b.append("- dataset: ").append(results.get("dataset")).append('\n');
      b.append("- caching: ").append(results.get("caching")).append("\n\n");
      b.append(
          "| operation | transport | clients | loop | p50 ms | p95 ms | p99 ms | max ms | calls/s |"
              + " errors | floor (p95 ms) | p95 / floor | target |\n");
      b.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---|\n");
      for (Map<String, Object> r : rows) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                r.get("operation"),
                r.get("transport"),
                r.get("clients"),
                r.get("loop")
                    + (r.containsKey("lateStartsOver1ms")
                        ? " (" + r.get("lateStartsOver1ms") + " late)"
                        : ""),
                r.get("p50Ms"),
                r.get("p95Ms"),
                r.get("p99Ms"),
                r.get("maxMs"),
                r.get("throughputPerSecond"),
                r.get("errors"),
                r.containsKey("floor")
                    ? r.get("floor") + " (" + r.get("floorP95Ms") + ")"
                    : String.valueOf(r.get("target")).startsWith("floor") ? "— (is a floor)" : "—",
                r.containsKey("ratioP95ToFloor") ? r.get("ratioP95ToFloor") + "×" : "—",
                r.get("target")));
      }
      Map<String, Object> cs = (Map<String, Object>) results.get("coldStart");
      Map<String, Object> mem = (Map<String, Object>) results.get("memory");
      Map<String, Object> proc = (Map<String, Object>) results.get("nodeProcess");
      Map<String, Object> fed = (Map<String, Object>) results.get("federation");
      Map<String, Object> webResults = (Map<String, Object>) results.get("web");
      if (webResults != null && webResults.containsKey("measures")) {
        b.append('\n');
        b.append("| web app (")
            .append(webResults.get("browser"))
            .append(") | samples | p50 ms | p95 ms |");
        b.append(" max ms | seen by the script, p50 / p95 ms | target |\n");
        b.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> m : (List<Map<String, Object>>) webResults.get("measures")) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | %s | %s | %s | %s |%n",
                  m.get("measure"),
                  m.get("samples"),
                  m.get("p50Ms"),
                  m.get("p95Ms"),
                  m.get("maxMs"),
                  m.get("harnessP50P95Ms"),
                  m.get("target")));
        }
        if (webResults.containsKey("routeChangeByRoute")) {
          b.append("\nRoute changes by destination (ms, in visit order; the first visit is cold): ")
              .append(webResults.get("routeChangeByRoute"))
              .append('\n');
        }
      } else if (webResults != null) {
        b.append("\nweb app timings: ").append(webResults).append('\n');
      }
      Map<String, Object> hs = fed == null ? null : (Map<String, Object>) fed.get("trustHandshake");
      if (cs != null) {
        b.append('\n');
        b.append("| measure | value | floor | ratio | target |\n|---|---:|---|---:|---|\n");
        b.append(
            String.format(
                Locale.ROOT,
                "| node cold start, fresh data dir (embedded PostgreSQL included) | %s ms |"
                    + " embedded PostgreSQL alone, fresh: %s ms | %s× | ≤ 8 s; ≤ 2× PostgreSQL"
                    + " alone |%n",
                cs.get("nodeFreshMs"),
                cs.get("embeddedPostgresAloneMs"),
                cs.get("ratioFreshToPostgres")));
        b.append(
            String.format(
                Locale.ROOT,
                "| node restart with the dataset (in-JVM) | %s ms | — | — | — |%n",
                cs.get("nodeRestartWithDatasetMs")));
        if (proc != null && proc.containsKey("nodeRssMb")) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "| node restart with the dataset as its own process (`java %s -jar"
                      + " eventkit-node.jar dev`, until /health is 200) | %s ms | — | — | — |%n",
                  proc.get("nodeJvmArgs"),
                  proc.get("restartAsProcessMs")));
          b.append(
              String.format(
                  Locale.ROOT,
                  "| **RSS of the node process alone**, after a load pass | %s MB | — | — |"
                      + " ≤ 512 MB (full dataset) |%n",
                  proc.get("nodeRssMb")));
          b.append(
              String.format(
                  Locale.ROOT,
                  "| PSS of its embedded PostgreSQL | %s MB | — | — | — |%n",
                  proc.get("postgresPssMb")));
          for (String format : List.of("ndjson", "csv")) {
            Map<String, Object> ex = (Map<String, Object>) proc.get("export_" + format);
            if (ex != null && ex.containsKey("ms")) {
              b.append(
                  String.format(
                      Locale.ROOT,
                      "| full export (%s zip, %s MB) from the node process | %s ms | RSS before:"
                          + " %s MB | peak %s MB | time and peak memory reported (streamed:"
                          + " peak ≈ before) |%n",
                      format,
                      ex.get("zipMb"),
                      ex.get("ms"),
                      ex.get("rssBeforeMb"),
                      ex.get("rssPeakMb")));
            } else if (ex != null) {
              b.append("| full export ")
                  .append(format)
                  .append(" | ")
                  .append(ex)
                  .append(" | — | — | — |\n");
            }
          }
        } else if (proc != null) {
          b.append("| node process memory | ").append(proc).append(" | — | — | — |\n");
        }
        Map<String, Object> wp = (Map<String, Object>) results.get("writePath");
        if (wp != null && wp.containsKey("on")) {
          Map<String, Object> on = (Map<String, Object>) wp.get("on");
          Map<String, Object> off = (Map<String, Object>) wp.get("off");
          b.append(
              String.format(
                  Locale.ROOT,
                  "| write path with notifications on, at %d/s (CreateEvent + AddBookingLine, node"
                      + " process): p95 | %s ms (p50 %s; %s errors) | off: %s ms (p50 %s) | %s× |"
                      + " p95 on ≤ 1.2× off |%n",
                  (int) WRITE_RATE,
                  on.get("fixedRateP95Ms"),
                  on.get("fixedRateP50Ms"),
                  on.get("fixedRateErrors"),
                  off.get("fixedRateP95Ms"),
                  off.get("fixedRateP50Ms"),
                  wp.get("fixedRateP95OnOverOff")));
          b.append(
              String.format(
                  Locale.ROOT,
                  "| the same, saturated (closed loop): p95, iterations/s | on: %s ms, %s/s (fan-out"
                      + " drained %s ms after) | off: %s ms, %s/s | %s× | reported (the fan-out's"
                      + " work shares the cores) |%n",
                  on.get("p95Ms"),
                  on.get("perSecond"),
                  on.get("fanOutDrainAfterPassMs"),
                  off.get("p95Ms"),
                  off.get("perSecond"),
                  wp.get("p95OnOverOff")));
        } else if (wp != null) {
          b.append("| write path, notifications on/off | ").append(wp).append(" | — | — | — |\n");
        }
        Map<String, Object> bk = (Map<String, Object>) results.get("backup");
        if (bk != null && bk.containsKey("baseBackupMs")) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "| base backup of the dataset (embedded PostgreSQL, node process) | %s ms: %s MB"
                      + " of database to %s MB gzip (%s MB/s) | — | — | reported |%n",
                  bk.get("baseBackupMs"),
                  bk.get("databaseMb"),
                  bk.get("baseBackupMb"),
                  bk.get("baseBackupMbPerSecond")));
          b.append(
              String.format(
                  Locale.ROOT,
                  "| restore --to latest (unpack the base backup, replay %s MB of archived WAL;"
                      + " the whole command) | %s ms | — | — | reported |%n",
                  bk.get("walArchivedMb"),
                  bk.get("restoreMs")));
        } else if (bk != null) {
          b.append("| backup and restore | ").append(bk).append(" | — | — | — |\n");
        }
        b.append(
            String.format(
                Locale.ROOT,
                "| RSS of the benchmark JVM (in-JVM node + load driver) | %s MB | — | — | — |%n",
                mem.get("jvmRssMb")));
        Map<String, Object> ret = (Map<String, Object>) results.get("retention");
        if (ret != null && ret.containsKey("purgeSeconds")) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "| Retention purge of %s expired sign-in audit rows (the node's task, batches of"
                      + " 1000) | %s s, %s rows/s (seeded in %s s) | — | — | the trail's write"
                      + " stays flat: rows above |%n",
                  ret.get("purgedRows"),
                  ret.get("purgeSeconds"),
                  ret.get("purgedPerSecond"),
                  ret.get("seedSeconds")));
        }
        Map<String, Object> imp = (Map<String, Object>) results.get("dataImport");
        if (imp != null && imp.containsKey("applyMs")) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "| ImportCsv, %s new assets (%s files, %s bytes): dry run / apply / re-run (no"
                      + " change) |"
                      + " %s / %s / %s ms | heap of the benchmark JVM during the apply (after GC →"
                      + " peak → after GC): %s MB | — | apply ≤ 60 s, memory flat |%n",
                  imp.get("rows"),
                  imp.get("files"),
                  imp.get("fileBytes"),
                  imp.get("dryRunMs"),
                  imp.get("applyMs"),
                  imp.get("rerunMs"),
                  imp.get("applyHeapMb")));
        } else if (imp != null) {
          b.append("| ImportCsv 100,000 assets | ").append(imp).append(" | — | — | — |\n");
        }
        b.append(
            String.format(
                Locale.ROOT,
                "| PSS of embedded PostgreSQL (in-JVM node) | %s MB | — | — | — |%n",
                mem.get("postgresPssMb")));
        if (hs != null) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "| trust handshake, invite → accept → both ACTIVE (5 fresh partners) | p50 %s ms,"
                      + " max %s ms (%s) | — | — | — |%n",
                  hs.get("p50Ms"),
                  hs.get("maxMs"),
                  hs.get("iterationsMs")));
        }
        b.append('\n');
        if (proc != null && proc.containsKey("loadPass")) {
          b.append("Node process load pass: ").append(proc.get("loadPass")).append(". ");
          b.append(proc.get("note")).append(".\n\n");
        }
        b.append(mem.get("note")).append('\n');
      }
      if (fed != null) {
        if (fed.containsKey("error")) {
          b.append("\nFederation part failed: ").append(fed.get("error")).append('\n');
        }
        Map<String, Object> out = (Map<String, Object>) fed.get("fanOutOutcomes");
        if (out != null) {
          b.append(
              "\nFan-out: per-partner outcomes over all calls of each run (warm-up included;"
                  + " 5 partners per call):\n\n| run | outcomes |\n|---|---|\n");
          out.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        }
        if (fed.get("subHire") != null) {
          b.append("\nSub-hire: ").append(fed.get("subHire")).append('\n');
        }
        if (hs != null) {
          b.append("\nTrust handshake: ")
              .append(hs.get("what"))
              .append(": ")
              .append(hs.get("iterationsMs"))
              .append(" ms\n");
        }
      }
      b.append('\n');
      for (Object n : (List<Object>) results.getOrDefault("notes", List.of())) {
        b.append("- ").append(n).append('\n');
      }
      b.append("\nChart: `latency.png` (p95 bars, p50/p99 ticks, log scale).\n");
      return b.toString();
    }

    private Object postgresPssMb(Path dataDir) {
      try {
        Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
        long p = Long.parseLong(Files.readAllLines(pid).get(0).trim());
        double kb = pssKb(p);
        for (ProcessHandle c :
            ProcessHandle.of(p).map(h -> h.descendants().toList()).orElse(List.of())) {
          kb += pssKb(c.pid());
        }
        return round(kb / 1024);
      } catch (IOException | RuntimeException e) {
        return "n/a (" + e + ")";
      }
    }
  }

  /** A JDBI named parameter (not a {@code ::type} cast). */
  static final String PARAM = "(?<![:\\w]):([a-z]+)";

  static List<String> paramNames(String sql) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(PARAM).matcher(sql);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The same SQL the node runs, over bare JDBC on a connection of the node's own pool. */
  static final class Floors {
    private final Jdbi jdbi;
    private final Instant now;
    private final String caps = sql("capacities.sql").replace(":ids", "?");
    private final String linesNamed = sql("lines.sql");
    // lines.sql uses some parameters more than once: bind them by name, in order of appearance.
    private final List<String> lineParams = paramNames(linesNamed);
    private final String lines = linesNamed.replaceAll(PARAM, "?");
    private final String temps =
        sql("temporary.sql").replace(":ids", "?").replace(":start", "?").replace(":end", "?");

    private final String searchNamed = sql("/io/eventkit/node/inventory/SearchDao/search.sql");
    private final List<String> searchParams = new ArrayList<>();
    private final String search;

    Floors(Jdbi jdbi, Instant now) {
      this.jdbi = jdbi;
      this.now = now;
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(SEARCH_PARAM).matcher(searchNamed);
      while (m.find()) {
        searchParams.add(m.group(1));
      }
      this.search = searchNamed.replaceAll(SEARCH_PARAM, "?");
    }

    /** search.sql's parameters are camel case (afterScore), unlike the availability files'. */
    private static final String SEARCH_PARAM = "(?<![:\\w]):([A-Za-z]+)";

    /**
     * What InventoryService.Search cannot do without: the node's own ranked-hits statement
     * (search.sql, bound as Search binds it) and the rows of the hits, products and assets, read by
     * ID. What the node adds is the API (auth, validation, mapping, transport).
     */
    void search(String query) throws java.sql.SQLException {
      String raw = query.strip();
      String text = raw.toLowerCase(java.util.Locale.ROOT);
      List<String> words = new ArrayList<>();
      java.util.regex.Matcher w = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+").matcher(text);
      while (w.find()) {
        words.add(w.group() + ":*");
      }
      Map<String, Object> values = new java.util.HashMap<>();
      values.put("raw", raw);
      values.put("text", text);
      values.put("tsquery", String.join(" & ", words));
      values.put("prefix", escapeLike(raw) + "%");
      values.put("lowerPrefix", escapeLike(text) + "%");
      values.put("afterScore", null);
      values.put("afterId", null);
      values.put("limit", 21);
      jdbi.useHandle(
          h -> {
            Connection c = h.getConnection();
            List<UUID> products = new ArrayList<>();
            List<UUID> assets = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(search)) {
              for (int i = 0; i < searchParams.size(); i++) {
                String name = searchParams.get(i);
                Object v = values.get(name);
                if (v == null && name.equals("afterScore")) {
                  ps.setNull(i + 1, java.sql.Types.DOUBLE);
                } else if (v == null) {
                  ps.setNull(i + 1, java.sql.Types.OTHER);
                } else {
                  ps.setObject(i + 1, v);
                }
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  (rs.getString(1).equals("PRODUCT") ? products : assets)
                      .add(rs.getObject(2, UUID.class));
                }
              }
            }
            try (PreparedStatement p =
                    c.prepareStatement("SELECT * FROM product WHERE id = ANY(?)");
                PreparedStatement a = c.prepareStatement("SELECT * FROM asset WHERE id = ANY(?)")) {
              p.setArray(1, c.createArrayOf("uuid", products.toArray()));
              drain(p.executeQuery());
              a.setArray(1, c.createArrayOf("uuid", assets.toArray()));
              drain(a.executeQuery());
            }
          });
    }

    private static String escapeLike(String s) {
      return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    void availability(UUID product, Random rnd) throws java.sql.SQLException {
      Interval p = randomPeriod(now, rnd);
      jdbi.useHandle(h -> threeStatements(h.getConnection(), new Object[] {product}, p));
    }

    /**
     * A scan's irreducible statements in one committed transaction (a scan is a durable write): the
     * barcode, the unit locked, its open trip, the event's lines of its product locked, and the
     * operation row written. What the node adds beyond this is the verdict, the trip row, the
     * event's fulfilment and the result stored for replays.
     */
    void scan(String code, UUID event) throws java.sql.SQLException {
      jdbi.useHandle(
          h -> {
            Connection c = h.getConnection();
            c.setAutoCommit(false);
            try (PreparedStatement bc =
                    c.prepareStatement("SELECT kind, owner_id FROM barcode WHERE code = ?");
                PreparedStatement unit =
                    c.prepareStatement(
                        "SELECT a.id, a.product_id, a.barcode, a.status, p.name FROM asset a"
                            + " JOIN product p ON p.id = a.product_id WHERE a.id = ?"
                            + " FOR UPDATE OF a");
                PreparedStatement open =
                    c.prepareStatement(
                        "SELECT id, event_id FROM checkout_asset"
                            + " WHERE asset_id = ? AND closed_at IS NULL");
                PreparedStatement lines =
                    c.prepareStatement(
                        "SELECT id, product_id, asset_id, quantity FROM booking_line"
                            + " WHERE event_id = ? AND product_id = ? ORDER BY id FOR UPDATE");
                PreparedStatement op =
                    c.prepareStatement(
                        "INSERT INTO scan_operation (operation_id, event_id, kind, request,"
                            + " verdict, applied, actor, result, created_at)"
                            + " VALUES (?, ?, 'OUT', '', 'OK', true, 'bench', '{}', now())")) {
              bc.setString(1, code);
              UUID asset;
              try (ResultSet rs = bc.executeQuery()) {
                rs.next();
                asset = rs.getObject(2, UUID.class);
              }
              unit.setObject(1, asset);
              UUID product;
              try (ResultSet rs = unit.executeQuery()) {
                rs.next();
                product = rs.getObject(2, UUID.class);
              }
              open.setObject(1, asset);
              drain(open.executeQuery());
              lines.setObject(1, event);
              lines.setObject(2, product);
              drain(lines.executeQuery());
              op.setString(1, UUID.randomUUID().toString());
              op.setObject(2, event);
              op.executeUpdate();
              c.commit();
            } finally {
              c.rollback();
              c.setAutoCommit(true);
            }
          });
    }

    void pullList(UUID event) throws java.sql.SQLException {
      jdbi.useHandle(
          h -> {
            Connection c = h.getConnection();
            try (PreparedStatement ev =
                    c.prepareStatement(
                        "SELECT id, name, status, lower(period), upper(period) FROM event"
                            + " WHERE id = ?");
                PreparedStatement ls =
                    c.prepareStatement(
                        "SELECT id, product_id, quantity, lower(period), upper(period),"
                            + " lower(hold_period), upper(hold_period), priority, created_at"
                            + " FROM booking_line WHERE event_id = ? ORDER BY created_at, id")) {
              ev.setObject(1, event);
              drain(ev.executeQuery());
              ls.setObject(1, event);
              List<Object> ids = new ArrayList<>();
              OffsetDateTime start = null;
              OffsetDateTime end = null;
              try (ResultSet rs = ls.executeQuery()) {
                while (rs.next()) {
                  ids.add(rs.getObject(2));
                  OffsetDateTime s = rs.getObject(6, OffsetDateTime.class);
                  OffsetDateTime e = rs.getObject(7, OffsetDateTime.class);
                  start = start == null || s.isBefore(start) ? s : start;
                  end = end == null || e.isAfter(end) ? e : end;
                }
              }
              threeStatements(c, ids.toArray(), new Interval(start.toInstant(), end.toInstant()));
            }
          });
    }

    private void threeStatements(Connection c, Object[] productIds, Interval p)
        throws java.sql.SQLException {
      OffsetDateTime s = OffsetDateTime.ofInstant(p.start(), ZoneOffset.UTC);
      OffsetDateTime e = OffsetDateTime.ofInstant(p.end(), ZoneOffset.UTC);
      try (PreparedStatement pc = c.prepareStatement(caps);
          PreparedStatement pl = c.prepareStatement(lines);
          PreparedStatement pt = c.prepareStatement(temps)) {
        java.sql.Array ids = c.createArrayOf("uuid", productIds);
        pc.setArray(1, ids);
        drain(pc.executeQuery());
        java.sql.Array tentative = c.createArrayOf("text", new Object[] {"PROVISIONAL"});
        for (int i = 0; i < lineParams.size(); i++) {
          switch (lineParams.get(i)) {
            case "ids" -> pl.setArray(i + 1, ids);
            case "start" -> pl.setObject(i + 1, s);
            case "end" -> pl.setObject(i + 1, e);
            case "tentative" -> pl.setArray(i + 1, tentative);
            default -> throw new IllegalStateException("lines.sql: " + lineParams.get(i));
          }
        }
        drain(pl.executeQuery());
        pt.setArray(1, ids);
        pt.setObject(2, s);
        pt.setObject(3, e);
        drain(pt.executeQuery());
      }
    }

    private static void drain(ResultSet rs) throws java.sql.SQLException {
      try (rs) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            rs.getObject(i);
          }
        }
      }
    }

    private static String sql(String name) {
      try (InputStream in =
          Benchmark.class.getResourceAsStream(
              name.startsWith("/")
                  ? name
                  : "/io/eventkit/node/inventory/AvailabilityDao/" + name)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Connect unary calls over HTTP/1.1 with JSON bodies. */
  private record Connect(HttpClient http, String base, String token) {
    void get(String path) throws Exception {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + r.statusCode() + " from " + path);
      }
    }

    /** POSTs a file to {@code /files/<owner>/<id>?name=…}; returns the attachment's ID. */
    String upload(String path, byte[] body) throws Exception {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("HTTP " + r.statusCode() + " from upload: " + r.body());
      }
      java.util.regex.Matcher id =
          java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(r.body());
      if (!id.find()) {
        throw new IllegalStateException("no attachment ID in " + r.body());
      }
      return id.group(1);
    }

    /** GETs a file with the bearer credential; checks its length. */
    void download(String path, int expectedBytes) throws Exception {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200 || r.body().length != expectedBytes) {
        throw new IllegalStateException(
            "HTTP " + r.statusCode() + ", " + r.body().length + " bytes from " + path);
      }
    }

    void callProto(String method, byte[] body) throws Exception {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/eventkit.v1." + method))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/proto")
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + r.statusCode() + " (Connect binary)");
      }
    }

    void call(String method, String json) throws Exception {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/eventkit.v1." + method))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
      }
    }
  }

  /** A 2-day period starting on a random hour within the next 200 days (as InventoryScaleTest). */
  static Interval randomPeriod(Instant now, Random rnd) {
    Instant s = now.plus(Duration.ofHours(rnd.nextInt(24 * 200)));
    return new Interval(s, s.plus(Duration.ofDays(2)));
  }

  static Period period(Interval i) {
    return Period.newBuilder()
        .setStart(com.google.protobuf.Timestamp.newBuilder().setSeconds(i.start().getEpochSecond()))
        .setEnd(com.google.protobuf.Timestamp.newBuilder().setSeconds(i.end().getEpochSecond()))
        .build();
  }

  static double round(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0;
  }

  static Object rssMb(String pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (l.startsWith("VmRSS:")) {
          return round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
    return "n/a";
  }

  static double pssKb(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
        if (l.startsWith("Pss:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  static String machine() {
    String cpu = "?";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .orElse("?");
    } catch (IOException e) {
      // keep "?"
    }
    return String.format(
        Locale.ROOT,
        "%d cores (%s), JVM max heap %d MB, %s %s, load average at start %.2f",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Removes a temporary data directory (the full dataset leaves ~600 MB in /tmp otherwise). */
  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static void log(String fmt, Object... args) {
    System.out.println("[bench] " + String.format(Locale.ROOT, fmt, args));
  }

  /** A one-line progress bar on stderr while the dataset loads (redrawn in place). */
  static void progressBar(String stage, int done, int total) {
    int width = 30;
    int filled = total == 0 ? width : (int) ((long) done * width / total);
    System.err.printf(
        "\r  loading %-8s [%s%s] %3d%% %,d/%,d%s",
        stage,
        "#".repeat(filled),
        ".".repeat(width - filled),
        total == 0 ? 100 : (int) ((long) done * 100 / total),
        done,
        total,
        done >= total ? "\n" : "");
    System.err.flush();
  }
}
