package io.eventkit.bench;

import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.AdjustStockRequest;
import io.eventkit.proto.v1.AutoConfirmLimits;
import io.eventkit.proto.v1.AvailabilityLineStatus;
import io.eventkit.proto.v1.AvailabilityQueryLine;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.CreateLocationRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.FederationCatalogServiceGrpc;
import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.FederationServiceGrpc;
import io.eventkit.proto.v1.GetPartnerRequest;
import io.eventkit.proto.v1.GetSubHireRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.LocationKind;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.PartnerAvailability;
import io.eventkit.proto.v1.PartnerAvailabilityLine;
import io.eventkit.proto.v1.PartnerState;
import io.eventkit.proto.v1.PingRequest;
import io.eventkit.proto.v1.ProductFields;
import io.eventkit.proto.v1.QueryAvailabilityRequest;
import io.eventkit.proto.v1.QueryAvailabilityResponse;
import io.eventkit.proto.v1.QueryPartnerAvailabilityRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityResponse;
import io.eventkit.proto.v1.RequestLine;
import io.eventkit.proto.v1.RequestSubHireRequest;
import io.eventkit.proto.v1.SetPartnerLevelRequest;
import io.eventkit.proto.v1.SubHire;
import io.eventkit.proto.v1.SubHireServiceGrpc;
import io.eventkit.proto.v1.Tracking;
import io.eventkit.proto.v1.TrustLevel;
import io.eventkit.proto.v1.TrustServiceGrpc;
import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark, part two: federation between real nodes on loopback, all driven through the public
 * APIs (TrustService, InventoryService, FederationQueryService, SubHireService); the only internal
 * access is for floors (the node's own mTLS channel to a partner, and a partner's database for its
 * SQL floor).
 *
 * <p>Mesh: the measured node M and five partners, each started fresh in this JVM on its own
 * embedded PostgreSQL. Each partner shares the same {@value #PRODUCTS} products (same manufacturer
 * and model as M's own, 100,000 units each). {@code supplier} grants M SUBHIRE_AUTO_CONFIRM (limit:
 * 10 units per request), the others AVAILABILITY. {@code slow} advertises 127.0.0.2 as its host,
 * where a {@link DelayProxy} relays to its real port and can add latency; {@code down} is stopped
 * for the degraded runs.
 */
final class FederationBench {
  static final int PRODUCTS = 20;
  private static final String MANUFACTURER = "Bench Audio";

  /** Where results go: rows of the main table, plus a map of extra facts. */
  interface Sink {
    LoadDriver.Stats measure(LoadDriver driver, String op, String transport, LoadDriver.Call call)
        throws Exception;

    void row(LoadDriver.Stats s, String floorName, Double floorP95, String target, String shape);
  }

  private final Sink sink;
  private final int clients;
  private final int fedClients;
  private final int subhireClients;
  private final int warmup;
  private final int seconds;
  private final long slowMs;
  private final Map<String, Object> facts = new LinkedHashMap<>();
  private final List<BenchNode> nodes = new ArrayList<>();
  private final List<DelayProxy> proxies = new ArrayList<>();

  FederationBench(
      Sink sink,
      int clients,
      int fedClients,
      int subhireClients,
      int warmup,
      int seconds,
      long slowMs) {
    this.sink = sink;
    this.clients = clients;
    this.fedClients = fedClients;
    this.subhireClients = subhireClients;
    this.warmup = warmup;
    this.seconds = seconds;
    this.slowMs = slowMs;
  }

  Map<String, Object> run() throws Exception {
    try {
      runMesh();
    } finally {
      proxies.forEach(DelayProxy::close);
      for (BenchNode n : nodes) {
        n.close();
      }
    }
    return facts;
  }

  private void runMesh() throws Exception {
    // --- six fresh nodes ---
    long t0 = System.nanoTime();
    BenchNode m = node("measured.bench.test", null);
    BenchNode supplier = node("supplier.bench.test", null);
    BenchNode p2 = node("partner2.bench.test", null);
    BenchNode p3 = node("partner3.bench.test", null);
    BenchNode slow = node("slow.bench.test", "127.0.0.2");
    BenchNode down = node("down.bench.test", null);
    List<BenchNode> partners = List.of(supplier, p2, p3, slow, down);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<BenchNode>> started = new ArrayList<>();
    for (BenchNode n : nodes) {
      started.add(pool.submit(n::start));
    }
    for (Future<BenchNode> f : started) {
      f.get();
    }
    pool.shutdown();
    DelayProxy slowFed =
        new DelayProxy(
            "127.0.0.2",
            slow.federationPort,
            new InetSocketAddress("127.0.0.1", slow.federationPort));
    DelayProxy slowEnroll =
        new DelayProxy(
            "127.0.0.2",
            slow.enrollmentPort,
            new InetSocketAddress("127.0.0.1", slow.enrollmentPort));
    proxies.add(slowFed);
    proxies.add(slowEnroll);
    Benchmark.log("federation: 6 nodes started in %.1f s", (System.nanoTime() - t0) / 1e9);

    // --- products: M owns them (no stock), every partner shares them with 100,000 units ---
    List<String> mine = products(m, false, 0);
    Map<String, List<String>> shared = new LinkedHashMap<>();
    for (BenchNode p : partners) {
      shared.put(p.nodeId, products(p, true, 100_000));
    }

    // --- trust handshakes: partner invites M, M accepts, until both sides are ACTIVE ---
    List<Double> handshakes = new ArrayList<>();
    for (BenchNode p : partners) {
      TrustLevel level =
          p == supplier
              ? TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM
              : TrustLevel.TRUST_LEVEL_AVAILABILITY;
      long h0 = System.nanoTime();
      String inv =
          trust(p)
              .createInvitation(
                  CreateInvitationRequest.newBuilder()
                      .setPartnerNodeId(m.nodeId)
                      .setLevel(level)
                      .build())
              .getInvitation();
      trust(m).acceptInvitation(AcceptInvitationRequest.newBuilder().setInvitation(inv).build());
      awaitActive(m, p.nodeId);
      awaitActive(p, m.nodeId);
      handshakes.add((System.nanoTime() - h0) / 1e6);
    }
    Map<String, Object> hs = new LinkedHashMap<>();
    hs.put(
        "what",
        "CreateInvitation on a fresh partner node, AcceptInvitation on the measured node, then"
            + " GetPartner on both (polled every 2 ms) until both show ACTIVE; 5 iterations, each"
            + " with a different fresh partner (the mesh's own setup)");
    hs.put("iterationsMs", handshakes.stream().map(Benchmark::round).toList());
    double[] sorted = handshakes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    hs.put("p50Ms", Benchmark.round(sorted[sorted.length / 2]));
    hs.put("maxMs", Benchmark.round(sorted[sorted.length - 1]));
    facts.put("trustHandshake", hs);
    Benchmark.log("trust handshakes (ms): %s", hs.get("iterationsMs"));

    // The supplier auto-confirms M's requests up to 10 units. Every partner allows M 10,000
    // calls/s instead of the default 100/s (see the notes: otherwise the many-client runs measure
    // the partners' rate limiter).
    for (BenchNode p : partners) {
      SetPartnerLevelRequest.Builder b =
          SetPartnerLevelRequest.newBuilder().setNodeId(m.nodeId).setRateLimitPerSecond(10_000);
      if (p == supplier) {
        b.setLevel(TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM)
            .setAutoConfirm(AutoConfirmLimits.newBuilder().setMaxQuantityPerRequest(10));
      } else {
        b.setLevel(TrustLevel.TRUST_LEVEL_AVAILABILITY);
      }
      trust(p).setPartnerLevel(b.build());
    }

    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    var query = FederationQueryServiceGrpc.newBlockingStub(m.channel());
    LoadDriver one = driver(1, Math.max(2, seconds / 2));
    LoadDriver few = driver(fedClients, Math.max(2, seconds / 2));
    LoadDriver many = driver(clients, Math.max(2, seconds / 2));

    if (PARTS.contains("availability")) {
      availabilityRuns(
          m, supplier, down, partners, shared, mine, now, query, one, few, many, slowFed);
    }

    if (!PARTS.contains("subhire")) {
      return;
    }
    // --- sub-hire request → CONFIRMED on the borrower (auto-confirm) ---
    var sub = SubHireServiceGrpc.newBlockingStub(m.channel());
    List<String> supplied = shared.get(supplier.nodeId);
    LongAdder polls = new LongAdder();
    // Each client thread keeps one slot: with "distinct", client i only ever asks for product i,
    // so no two concurrent negotiations meet on the supplier's product row lock.
    java.util.concurrent.atomic.AtomicInteger slots =
        new java.util.concurrent.atomic.AtomicInteger();
    ThreadLocal<Integer> slot = ThreadLocal.withInitial(slots::getAndIncrement);
    java.util.function.BiFunction<Boolean, java.util.Random, Integer> productOf =
        (distinct, rnd) -> distinct ? slot.get() % PRODUCTS : rnd.nextInt(PRODUCTS);
    java.util.function.Function<Boolean, LoadDriver.Call> negotiationOver =
        distinct ->
            rnd -> {
              int k = productOf.apply(distinct, rnd);
              Instant s = now.plus(Duration.ofDays(30 + rnd.nextInt(300)));
              String id =
                  sub.withDeadlineAfter(10, TimeUnit.SECONDS)
                      .requestSubHire(
                          RequestSubHireRequest.newBuilder()
                              .setSupplierNodeId(supplier.nodeId)
                              .setRequestingCompany("Benchmark Events Ltd")
                              .setContactName("Bench Planner")
                              .setContactEmail("bench@example.test")
                              .setEventName("Benchmark event")
                              .setUsagePeriod(
                                  Benchmark.period(
                                      new io.eventkit.node.kernel.Interval(
                                          s, s.plus(Duration.ofDays(2)))))
                              .setLocation("Hall 1")
                              .addLines(
                                  RequestLine.newBuilder()
                                      .setSupplierProductId(supplied.get(k))
                                      .setLocalProductId(mine.get(k))
                                      .setQuantity(1 + rnd.nextInt(3)))
                              .build())
                      .getNegotiationId();
              long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
              long pause = POLL_MS;
              while (true) {
                SubHire h =
                    sub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getSubHire(GetSubHireRequest.newBuilder().setNegotiationId(id).build());
                polls.increment();
                NegotiationState st = h.getState();
                if (st == NegotiationState.CONFIRMED) {
                  return;
                }
                if (st == NegotiationState.DECLINED
                    || st == NegotiationState.EXPIRED
                    || st == NegotiationState.CANCELLED) {
                  throw new IllegalStateException("negotiation ended " + st);
                }
                if (System.nanoTime() > until) {
                  throw new IllegalStateException("not CONFIRMED after 10 s: " + st);
                }
                // 2 ms, then doubling to 16 ms: eight clients polling every 2 ms were most of the
                // borrower's load, and slowed what they measured.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pause));
                pause = Math.min(POLL_MAX_MS, pause * 2);
              }
            };
    LoadDriver several = driver(subhireClients, Math.max(2, seconds / 2));
    for (LoadDriver d : List.of(one, several)) {
      LoadDriver.Stats s =
          sink.measure(
              d,
              "RequestSubHire → CONFIRMED on the borrower (auto-confirm)",
              "gRPC",
              negotiationOver.apply(false));
      sink.row(
          s,
          null,
          null,
          "p95 ≤ 100 ms" + (d.clients() > 1 ? "; calls/s = negotiations/s" : ""),
          d.shape());
    }
    slots.set(0);
    // What the mesh's six nodes spend with no load (background jobs, health checks): the part of
    // the CPU per negotiation below that is not the negotiations'.
    CpuMeter quiet = new CpuMeter();
    Thread.sleep(3_000);
    Map<String, Object> quietCpu = quiet.stop(0);
    // Every negotiation completed while the meter runs (the driver's warm-up and tail included),
    // so that CPU and work cover the same span.
    LongAdder completed = new LongAdder();
    LoadDriver.Call ownProduct = negotiationOver.apply(true);
    CpuMeter cpu = new CpuMeter();
    LoadDriver.Stats distinct =
        sink.measure(
            driver(subhireClients, Math.max(2, seconds / 2)),
            "RequestSubHire → CONFIRMED, each client its own product",
            "gRPC",
            rnd -> {
              ownProduct.run(rnd);
              completed.increment();
            });
    Map<String, Object> distinctCpu = cpu.stop(completed.sum());
    sink.row(distinct, null, null, "≥ 100 negotiations/s (calls/s); p95 ≤ 200 ms", "closed");
    facts.put(
        "subHire",
        Map.of(
            "what",
            "RequestSubHire on the borrower (1 line, 1–3 units of one of "
                + PRODUCTS
                + " products, random 2-day period), then GetSubHire on the borrower after "
                + POLL_MS
                + " ms, the pause doubling to "
                + POLL_MAX_MS
                + " ms, until CONFIRMED; the \"own product\" run gives client i product i only; the supplier auto-confirms (SUBHIRE_AUTO_CONFIRM, ≤ 10"
                + " units); subhire.pollInterval "
                + (SUBHIRE_POLL_MS == null
                    ? "left at its default, 1 s (the relay is meant to be woken on commit)"
                    : "set to " + SUBHIRE_POLL_MS + " ms on every node (NOT the default 1 s)"),
            "getSubHirePolls",
            polls.sum(),
            "ownProductCpu",
            distinctCpu,
            "meshIdleCpu",
            quietCpu));
  }

  /** Floors, the direct partner calls, and the fan-out healthy and degraded. */
  private void availabilityRuns(
      BenchNode m,
      BenchNode supplier,
      BenchNode down,
      List<BenchNode> partners,
      Map<String, List<String>> shared,
      List<String> mine,
      Instant now,
      FederationQueryServiceGrpc.FederationQueryServiceBlockingStub query,
      LoadDriver one,
      LoadDriver few,
      LoadDriver many,
      DelayProxy slowFed)
      throws Exception {
    // --- floors: one mTLS ping from M to a partner, and the partner's own availability SQL ---
    ManagedChannel mtls = m.runtime().federation().channels().channel(supplier.nodeId).channel();
    var ping = FederationServiceGrpc.newBlockingStub(mtls);
    Benchmark.Floors supplierSql = new Benchmark.Floors(supplier.runtime().jdbi(), now);
    List<UUID> supplierProducts =
        shared.get(supplier.nodeId).stream().map(UUID::fromString).toList();
    Map<Integer, Double> floorP95 = new TreeMap<>();
    for (LoadDriver d : List.of(one, few, many)) {
      LoadDriver.Stats p =
          sink.measure(
              d,
              "FederationService.Ping (empty call, partner's federation port)",
              "gRPC mTLS",
              rnd -> {
                var r =
                    ping.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .ping(PingRequest.getDefaultInstance());
                if (!r.getNodeId().equals(supplier.nodeId)) {
                  throw new IllegalStateException("pinged " + r.getNodeId());
                }
              });
      LoadDriver.Stats s =
          sink.measure(
              d,
              "availability SQL on a partner (3 statements)",
              "bare JDBC",
              rnd ->
                  supplierSql.availability(
                      supplierProducts.get(rnd.nextInt(supplierProducts.size())), rnd));
      sink.row(p, null, null, "floor of federated calls (bare mTLS gRPC ping)", d.shape());
      sink.row(s, null, null, "floor of a partner's local query", d.shape());
      floorP95.put(d.clients(), p.p95Ms() + s.p95Ms());
    }
    String floorName = "mTLS ping + partner SQL";

    // --- the partner protocol call itself, without the fan-out: one partner, then all five at once
    // (a fan-out can't do less than the second; on 2 cores it is where the machine's limit shows)
    // ---
    Map<String, FederationCatalogServiceGrpc.FederationCatalogServiceBlockingStub> direct =
        new LinkedHashMap<>();
    for (BenchNode p : partners) {
      direct.put(
          p.nodeId,
          FederationCatalogServiceGrpc.newBlockingStub(
              m.runtime().federation().channels().channel(p.nodeId).channel()));
    }
    ExecutorService parallel = Executors.newCachedThreadPool();
    Map<Integer, Double> allFloorP95 = new TreeMap<>();
    try {
      for (LoadDriver d : List.of(one, few, many)) {
        LoadDriver.Stats single =
            sink.measure(
                d,
                "FederationCatalogService.QueryAvailability on one partner, direct",
                "gRPC mTLS",
                rnd ->
                    queryDirect(
                        direct.get(supplier.nodeId), shared.get(supplier.nodeId), now, rnd));
        LoadDriver.Stats all =
            sink.measure(
                d,
                "QueryAvailability on all 5 partners at once, direct (no fan-out logic)",
                "gRPC mTLS",
                rnd -> {
                  List<Future<?>> calls = new ArrayList<>();
                  for (var e : direct.entrySet()) {
                    long seed = rnd.nextLong();
                    calls.add(
                        parallel.submit(
                            () ->
                                queryDirect(
                                    e.getValue(), shared.get(e.getKey()), now, new Random(seed))));
                  }
                  for (Future<?> f : calls) {
                    f.get(10, TimeUnit.SECONDS);
                  }
                });
        sink.row(single, floorName, floorP95.get(d.clients()), "the partner call alone", d.shape());
        sink.row(
            all,
            "one partner, direct",
            single.p95Ms(),
            "floor of a 5-partner fan-out on this machine",
            d.shape());
        allFloorP95.put(d.clients(), all.p95Ms());
      }
    } finally {
      parallel.shutdownNow();
    }
    facts.put(
        "fanOutFloors",
        Map.of(
            "what",
            "QueryAvailability sent straight to the partners on M's own mTLS channels (no trust"
                + " check, cache, bulkhead or mapping on M): one partner, then all five in parallel;"
                + " the second is the least a 5-partner fan-out must do",
            "allFiveP95Ms",
            allFloorP95));

    // --- federated availability fan-out ---
    Map<String, Object> outcomes = new LinkedHashMap<>();
    facts.put("fanOutOutcomes", outcomes);
    List<Object[]> repeated = new ArrayList<>();
    Random fixed = new Random(5);
    for (int i = 0; i < 10; i++) {
      repeated.add(
          new Object[] {
            mine.get(fixed.nextInt(mine.size())),
            Benchmark.randomPeriod(now, fixed),
            1 + fixed.nextInt(4)
          });
    }
    for (LoadDriver d : List.of(one, few, many)) {
      fanOut(
          d,
          query,
          mine,
          now,
          null,
          "5 healthy partners, random queries",
          floorName,
          floorP95.get(d.clients()),
          "p95 ≤ 30 ms; ≤ 3× (mTLS ping + partner SQL)",
          outcomes);
    }
    // Degrade: the slow partner answers slowMs late; the down partner is stopped.
    slowFed.delayMillis = slowMs;
    down.stop();
    for (LoadDriver d : List.of(one, few)) {
      fanOut(
          d,
          query,
          mine,
          now,
          null,
          "1 slow (+" + slowMs + " ms) + 1 down, random queries",
          null,
          null,
          "p95 ≤ deadline (500 ms) + 10 ms",
          outcomes);
      fanOut(
          d,
          query,
          mine,
          now,
          repeated,
          "1 slow + 1 down, 10 repeated queries (answer cache hits)",
          null,
          null,
          "p95 ≤ deadline (500 ms) + 10 ms",
          outcomes);
    }
    slowFed.delayMillis = 0;
  }

  static final long POLL_MS = 2;
  static final long POLL_MAX_MS = 16;

  /**
   * Which parts of the mesh run ({@code bench.fedParts}, comma-separated): "availability" (floors,
   * direct calls, fan-out) and "subhire"; both unless set. The mesh and handshakes always run.
   */
  static final java.util.Set<String> PARTS =
      java.util.Set.of(System.getProperty("bench.fedParts", "availability,subhire").split(","));

  /** subhire.pollInterval of every mesh node in ms; unset or empty: the node's default (1 s). */
  static final String SUBHIRE_POLL_MS =
      System.getProperty("bench.subhirePollMs", "").isBlank()
          ? null
          : System.getProperty("bench.subhirePollMs").trim();

  /** One line (a random shared product, 1–4 units, a random 2-day period), as M's fan-out asks. */
  private static void queryDirect(
      FederationCatalogServiceGrpc.FederationCatalogServiceBlockingStub stub,
      List<String> products,
      Instant now,
      Random rnd) {
    QueryAvailabilityResponse r =
        stub.withDeadlineAfter(5, TimeUnit.SECONDS)
            .queryAvailability(
                QueryAvailabilityRequest.newBuilder()
                    .addLines(
                        AvailabilityQueryLine.newBuilder()
                            .setProductId(products.get(rnd.nextInt(products.size())))
                            .setQuantity(1 + rnd.nextInt(4)))
                    .setPeriod(Benchmark.period(Benchmark.randomPeriod(now, rnd)))
                    .build());
    if (r.getAnswersCount() != 1
        || r.getAnswers(0).getStatus() != AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK) {
      throw new IllegalStateException("unexpected answer " + r);
    }
  }

  private void fanOut(
      LoadDriver d,
      FederationQueryServiceGrpc.FederationQueryServiceBlockingStub query,
      List<String> mine,
      Instant now,
      List<Object[]> repeated,
      String label,
      String floorName,
      Double floorP95,
      String target,
      Map<String, Object> outcomes)
      throws Exception {
    settle(query, mine, now);
    Map<String, LongAdder> count = new ConcurrentHashMap<>();
    LoadDriver.Stats s =
        sink.measure(
            d,
            "QueryPartnerAvailability (" + label + ")",
            "gRPC",
            rnd -> {
              String product;
              io.eventkit.node.kernel.Interval period;
              int qty;
              if (repeated == null) {
                product = mine.get(rnd.nextInt(mine.size()));
                period = Benchmark.randomPeriod(now, rnd);
                qty = 1 + rnd.nextInt(4);
              } else {
                Object[] q = repeated.get(rnd.nextInt(repeated.size()));
                product = (String) q[0];
                period = (io.eventkit.node.kernel.Interval) q[1];
                qty = (Integer) q[2];
              }
              QueryPartnerAvailabilityResponse r =
                  query
                      .withDeadlineAfter(10, TimeUnit.SECONDS)
                      .queryPartnerAvailability(
                          QueryPartnerAvailabilityRequest.newBuilder()
                              .addLines(
                                  PartnerAvailabilityLine.newBuilder()
                                      .setProductId(product)
                                      .setQuantity(qty))
                              .setPeriod(Benchmark.period(period))
                              .build());
              if (r.getPartnersCount() != 5) {
                throw new IllegalStateException(r.getPartnersCount() + " partners in the answer");
              }
              for (PartnerAvailability p : r.getPartnersList()) {
                String k =
                    p.getStatus().name().replace("PARTNER_QUERY_STATUS_", "")
                        + (p.getCached() ? " (cached)" : "");
                count.computeIfAbsent(k, x -> new LongAdder()).increment();
              }
            });
    sink.row(s, floorName, floorP95, target, d.shape());
    Map<String, Object> c = new TreeMap<>();
    long total = 0;
    long ok = 0;
    for (var e : count.entrySet()) {
      c.put(e.getKey(), e.getValue().sum());
      total += e.getValue().sum();
      ok += e.getKey().startsWith("OK") ? e.getValue().sum() : 0;
    }
    c.put("~ OK share", total == 0 ? "n/a" : Math.round(100.0 * ok / total) + "%");
    outcomes.put(s.operation() + " / " + s.clients() + " clients", c);
    Benchmark.log("  partner outcomes (incl. warm-up): %s", c);
  }

  /**
   * Before each fan-out run: lets circuit breakers opened by the previous run close again (they
   * stay open 5 s) — sequential queries, bypassing the answer cache, until every partner that is up
   * answers OK twice in a row (at most 20 s), so each run starts from the same state.
   */
  private void settle(
      FederationQueryServiceGrpc.FederationQueryServiceBlockingStub query,
      List<String> mine,
      Instant now)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int good = 0;
    Random rnd = new Random(99);
    while (System.nanoTime() < until && good < 2) {
      QueryPartnerAvailabilityResponse r =
          query
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .queryPartnerAvailability(
                  QueryPartnerAvailabilityRequest.newBuilder()
                      .addLines(
                          PartnerAvailabilityLine.newBuilder()
                              .setProductId(mine.get(rnd.nextInt(mine.size())))
                              .setQuantity(1))
                      .setPeriod(Benchmark.period(Benchmark.randomPeriod(now, rnd)))
                      .setBypassCache(true)
                      .build());
      long notOk =
          r.getPartnersList().stream()
              .filter(
                  p ->
                      !p.getPartnerNodeId().startsWith("down.")
                          && !p.getPartnerNodeId().startsWith("slow."))
              .filter(
                  p ->
                      p.getStatus()
                          != io.eventkit.proto.v1.PartnerQueryStatus.PARTNER_QUERY_STATUS_OK)
              .count();
      good = notOk == 0 ? good + 1 : 0;
      if (good < 2) {
        Thread.sleep(500);
      }
    }
  }

  private LoadDriver driver(int n, int measureSeconds) {
    return new LoadDriver(n, Duration.ofSeconds(warmup), Duration.ofSeconds(measureSeconds));
  }

  private BenchNode node(String id, String publicHost) throws Exception {
    BenchNode n =
        new BenchNode(
            id,
            c -> {
              if (publicHost != null) {
                c.setPublicHost(publicHost);
              }
              if (SUBHIRE_POLL_MS != null) {
                c.getSubhire()
                    .setPollInterval(
                        io.dropwizard.util.Duration.milliseconds(Long.parseLong(SUBHIRE_POLL_MS)));
              }
            });
    nodes.add(n);
    return n;
  }

  private static TrustServiceGrpc.TrustServiceBlockingStub trust(BenchNode n) {
    return TrustServiceGrpc.newBlockingStub(n.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static void awaitActive(BenchNode on, String partner) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (trust(on)
                .getPartner(GetPartnerRequest.newBuilder().setNodeId(partner).build())
                .getState()
            == PartnerState.PARTNER_STATE_ACTIVE) {
          return;
        }
      } catch (io.grpc.StatusRuntimeException e) {
        // not known yet
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException(partner + " not ACTIVE on " + on.nodeId);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  /** PRODUCTS bulk products "Bench Audio BX-k"; shared ones get {@code stock} units. */
  private static List<String> products(BenchNode n, boolean shared, int stock) {
    var inv = InventoryServiceGrpc.newBlockingStub(n.channel());
    String location = null;
    if (stock > 0) {
      location =
          inv.withDeadlineAfter(30, TimeUnit.SECONDS)
              .createLocation(
                  CreateLocationRequest.newBuilder()
                      .setKind(LocationKind.LOCATION_KIND_WAREHOUSE)
                      .setCode("W-BENCH")
                      .setName("Benchmark warehouse")
                      .build())
              .getId();
    }
    List<String> ids = new ArrayList<>();
    for (int k = 0; k < PRODUCTS; k++) {
      String id =
          inv.withDeadlineAfter(30, TimeUnit.SECONDS)
              .createProduct(
                  CreateProductRequest.newBuilder()
                      .setProduct(
                          ProductFields.newBuilder()
                              .setManufacturer(MANUFACTURER)
                              .setModel("BX-" + k)
                              .setName("Bench speaker " + k)
                              .setCategory("Audio")
                              .setRentalPrice(
                                  Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(2500))
                              .setReplacementValue(
                                  Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(90000))
                              .setWeightGrams(1000)
                              .setTracking(Tracking.TRACKING_BULK)
                              .setShared(shared))
                      .build())
              .getId();
      if (stock > 0) {
        inv.withDeadlineAfter(30, TimeUnit.SECONDS)
            .adjustStock(
                AdjustStockRequest.newBuilder()
                    .setProductId(id)
                    .setLocationId(location)
                    .setDelta(stock)
                    .setReason("purchase")
                    .build());
      }
      ids.add(id);
    }
    return ids;
  }
}
