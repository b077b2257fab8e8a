package io.eventkit.bench;

import io.eventkit.node.demo.DemoDataset;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.planning.PlanningModule;
import io.eventkit.node.platform.config.RateLimitConfig;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateTenantRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.ListProductsRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.ResetPasswordRequest;
import io.eventkit.proto.v1.TenantServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Noisy neighbours in a shared (SaaS) deployment (docs/saas.md): one node in SaaS mode with two
 * company accounts holding the same demo data. The quiet company's product list is measured at a
 * fixed rate, alone, then while the noisy company hammers its own product list with {@code clients}
 * closed-loop threads: under the default company budget ({@code rateLimits.tenant}, 1000/s) and
 * share of concurrent calls ({@code rateLimits.tenantCalls.concurrent}, the processor count), with
 * a share of 8, and with a tight budget (200/s). Target: the quiet company's p95 within 2× of
 * alone.
 */
final class SaasBench {
  private static final String PASSWORD = "correct horse battery staple";

  private final FederationBench.Sink sink;
  private final int clients;
  private final int warmup;
  private final int seconds;

  SaasBench(FederationBench.Sink sink, int clients, int warmup, int seconds) {
    this.sink = sink;
    this.clients = clients;
    this.warmup = warmup;
    this.seconds = seconds;
  }

  Map<String, Object> run() throws Exception {
    Map<String, Object> facts = new LinkedHashMap<>();
    // The default share is the processor count (2 here); 8 shows what a larger share costs.
    int defaultShare = new RateLimitConfig.Concurrency().effectiveConcurrent();
    if (Boolean.parseBoolean(System.getProperty("bench.saasNoisy", "true"))) {
      for (int[] pass : new int[][] {{1000, defaultShare}, {1000, 8}, {200, defaultShare}}) {
        facts.put("companyBudget" + pass[0] + "Concurrent" + pass[1], pass(pass[0], pass[1]));
      }
    }
    if (Boolean.parseBoolean(System.getProperty("bench.saasScale", "true"))) {
      facts.put("scale", scale());
    }
    return facts;
  }

  /**
   * Many company accounts on one node (docs/saas.md, "How SaaS mode grows"): after each step of
   * empty accounts (created by the operator's API; their first admin has no password), what an idle
   * node costs its database (transactions per second from pg_stat_database while nobody calls:
   * every background worker's pass asks each account in turn), one probe account's product list at
   * 20/s, how long a creation takes, and the JVM's heap after a GC (the benchmark's, with the node
   * in it).
   */
  private Map<String, Object> scale() throws Exception {
    Map<String, Object> facts = new LinkedHashMap<>();
    try (BenchNode node =
        new BenchNode("saas-scale.test", c -> c.getSaas().setEnabled(true)).start()) {
      ManagedChannel channel =
          ManagedChannelBuilder.forTarget("127.0.0.1:" + node.grpcPort).usePlaintext().build();
      try {
        String probe = company(node, channel, "probe");
        InventoryServiceGrpc.InventoryServiceBlockingStub probeStub = stub(channel, probe);
        ListProductsRequest page =
            ListProductsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(50))
                .build();
        var operator = TenantServiceGrpc.newBlockingStub(node.channel());
        int made = 0;
        for (int step : new int[] {0, 50, 200, 500}) {
          long t0 = System.nanoTime();
          int before = made;
          for (; made < step; made++) {
            operator.createTenant(
                CreateTenantRequest.newBuilder()
                    .setTenantId(String.format("co-%04d", made))
                    .setDisplayName("Company " + made)
                    .setAdminEmail("admin@co-" + made + ".example")
                    .setAdminDisplayName("Admin")
                    .build());
          }
          double createMs = made == before ? 0 : (System.nanoTime() - t0) / 1e6 / (made - before);
          // The registry is read every 5 s: let every worker see the new accounts.
          Thread.sleep(6_000);
          long c0 = commits(node);
          long w0 = System.nanoTime();
          Thread.sleep(10_000);
          double idleTps = (commits(node) - c0) / ((System.nanoTime() - w0) / 1e9);
          LoadDriver fixed =
              new LoadDriver(2, Duration.ofSeconds(1), Duration.ofSeconds(seconds), 20);
          LoadDriver.Stats probeStats =
              sink.measure(
                  fixed,
                  "saas scale: probe company's ListProducts with " + (step + 2) + " accounts",
                  "grpc",
                  rnd -> probeStub.withDeadlineAfter(10, TimeUnit.SECONDS).listProducts(page));
          sink.row(probeStats, null, null, "reported", fixed.shape());
          System.gc();
          long heapMb =
              (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
          Map<String, Object> at = new LinkedHashMap<>();
          at.put("accounts", step + 2);
          at.put("createMsEach", Math.round(createMs * 10) / 10.0);
          at.put("idleDbTransactionsPerSecond", Math.round(idleTps));
          at.put("probeP50Ms", probeStats.p50Ms());
          at.put("probeP95Ms", probeStats.p95Ms());
          at.put("heapAfterGcMb", heapMb);
          facts.put("accounts" + (step + 2), at);
          Benchmark.log(
              "saas scale: %d accounts: create %.1f ms each; idle database %d transactions/s;"
                  + " probe p50 %.2f p95 %.2f ms; heap %d MB",
              step + 2,
              createMs,
              Math.round(idleTps),
              probeStats.p50Ms(),
              probeStats.p95Ms(),
              heapMb);
        }
      } finally {
        channel.shutdownNow();
      }
    }
    return facts;
  }

  /** Transactions committed in the node's database so far (pg_stat_database, this database). */
  private static long commits(BenchNode node) {
    return node.runtime()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                    .mapTo(Long.class)
                    .one());
  }

  private Map<String, Object> pass(int budget, int concurrent) throws Exception {
    Map<String, Object> facts = new LinkedHashMap<>();
    try (BenchNode node =
        new BenchNode(
                "saas-bench-" + budget + "-" + concurrent + ".test",
                c -> {
                  c.getSaas().setEnabled(true);
                  // Per caller: off in effect (the company budget is what is measured).
                  c.getRateLimits().setEnabled(true);
                  c.getRateLimits()
                      .setDefault(
                          new RateLimitConfig.Limit(
                              1_000_000, io.dropwizard.util.Duration.seconds(1)));
                  c.getRateLimits()
                      .setTenant(
                          new RateLimitConfig.Limit(
                              budget, io.dropwizard.util.Duration.seconds(1)));
                  c.getRateLimits().getTenantCalls().setConcurrent(concurrent);
                })
            .start()) {
      ManagedChannel channel =
          ManagedChannelBuilder.forTarget("127.0.0.1:" + node.grpcPort).usePlaintext().build();
      try {
        String quiet = company(node, channel, "quiet");
        String noisy = company(node, channel, "noisy");
        InventoryServiceGrpc.InventoryServiceBlockingStub quietStub = stub(channel, quiet);
        InventoryServiceGrpc.InventoryServiceBlockingStub noisyStub = stub(channel, noisy);
        ListProductsRequest page =
            ListProductsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(50))
                .build();
        LoadDriver.Call quietCall =
            rnd -> quietStub.withDeadlineAfter(10, TimeUnit.SECONDS).listProducts(page);
        LoadDriver fixed =
            new LoadDriver(4, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), 50);
        String op =
            "saas: quiet company's ListProducts (budget "
                + budget
                + "/s, "
                + concurrent
                + " concurrent)";
        LoadDriver.Stats alone = sink.measure(fixed, op + ", alone", "grpc", quietCall);
        sink.row(alone, null, null, "floor of the row below", fixed.shape());

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong served = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Thread[] noise = new Thread[clients];
        for (int i = 0; i < clients; i++) {
          noise[i] =
              new Thread(
                  () -> {
                    while (!stop.get()) {
                      try {
                        noisyStub.withDeadlineAfter(10, TimeUnit.SECONDS).listProducts(page);
                        served.incrementAndGet();
                      } catch (StatusRuntimeException e) {
                        if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                          refused.incrementAndGet();
                        }
                      }
                    }
                  },
                  "noisy-" + i);
          noise[i].setDaemon(true);
          noise[i].start();
        }
        long t0 = System.nanoTime();
        LoadDriver.Stats loaded;
        try {
          loaded =
              sink.measure(
                  fixed, op + ", noisy company at " + clients + " clients", "grpc", quietCall);
        } finally {
          stop.set(true);
          for (Thread t : noise) {
            t.join(10_000);
          }
        }
        double secondsLoaded = (System.nanoTime() - t0) / 1e9;
        sink.row(
            loaded,
            alone.operation() + " / " + alone.transport(),
            alone.p95Ms(),
            "≤ 2× alone (issue 25)",
            fixed.shape());
        facts.put("noisyServedPerSecond", Math.round(served.get() / secondsLoaded));
        facts.put("noisyRefusedPerSecond", Math.round(refused.get() / secondsLoaded));
        facts.put("quietP95AloneMs", alone.p95Ms());
        facts.put("quietP95LoadedMs", loaded.p95Ms());
        facts.put("ratioP95", loaded.p95Ms() / alone.p95Ms());
        Benchmark.log(
            "saas budget %d/s, %d concurrent: noisy served %d/s, refused %d/s; quiet p95 %.2f -> %.2f"
                + " ms (%.2f×)",
            budget,
            concurrent,
            served.get() / (long) Math.max(1, secondsLoaded),
            refused.get() / (long) Math.max(1, secondsLoaded),
            alone.p95Ms(),
            loaded.p95Ms(),
            loaded.p95Ms() / alone.p95Ms());
      } finally {
        channel.shutdownNow();
      }
    }
    return facts;
  }

  /** Creates a company with the small demo dataset; returns its administrator's access token. */
  private static String company(BenchNode node, ManagedChannel channel, String id) {
    var created =
        TenantServiceGrpc.newBlockingStub(node.channel())
            .createTenant(
                CreateTenantRequest.newBuilder()
                    .setTenantId(id)
                    .setDisplayName(id)
                    .setAdminEmail("admin@" + id + ".example")
                    .setAdminDisplayName("Admin")
                    .build());
    String url = created.getSetPasswordUrl();
    String reset = url.substring(url.indexOf("#token=") + 7, url.indexOf("&tenant="));
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("eventkit-tenant", Metadata.ASCII_STRING_MARSHALLER), id);
    var auth =
        AuthServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    auth.resetPassword(
        ResetPasswordRequest.newBuilder().setResetToken(reset).setNewPassword(PASSWORD).build());
    var jdbi = node.runtime().jdbi();
    InventoryConfig config = new InventoryConfig();
    InventoryModule inventory =
        InventoryModule.create(
            jdbi,
            Clock.systemUTC(),
            node.nodeId,
            config,
            io.eventkit.node.platform.cluster.ClusterJobs.local());
    var planning =
        PlanningModule.create(
                jdbi, Clock.systemUTC(), new DomainEvents(Clock.systemUTC()), inventory, config)
            .planning;
    TenantContext.runAs(
        id,
        () ->
            new DemoDataset(inventory, planning, Clock.systemUTC(), 42)
                .load(DemoDataset.Size.SMALL));
    return auth.login(
            LoginRequest.newBuilder()
                .setEmail("admin@" + id + ".example")
                .setPassword(PASSWORD)
                .build())
        .getAccessToken();
  }

  private static InventoryServiceGrpc.InventoryServiceBlockingStub stub(
      ManagedChannel channel, String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return InventoryServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
  }
}
