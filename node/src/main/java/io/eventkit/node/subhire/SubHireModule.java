package io.eventkit.node.subhire;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.federation.FederationModule;
import io.eventkit.node.federation.catalog.SharedProduct;
import io.eventkit.node.federation.resolve.ManifestLookup;
import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.planning.PlanningModule;
import io.eventkit.node.platform.DaemonThreads;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.retention.Retention;
import io.eventkit.node.platform.retention.RetentionConfig;
import io.grpc.BindableService;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sub-hire negotiation, wired once federation and inventory exist: registers the partner-facing
 * service on the federation port, provides the local API, and runs the outbox relay, the clock
 * sweep and the trust-change handling on one background thread.
 */
public final class SubHireModule implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(SubHireModule.class);

  private final Jdbi jdbi;
  private final SubHires subHires;
  private final OutboxRelay relay;
  private final Housekeeping housekeeping;
  private final SubHireConfig config;
  private final BindableService localService;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("subhire-relay"));
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("subhire-heartbeat"));
  private final RelayInstance instance;
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private volatile boolean running;

  /** Must run before the federation server starts (its service list is read at start). */
  public SubHireModule(
      Jdbi jdbi,
      FederationModule federation,
      InventoryModule inventory,
      PlanningModule planning,
      String nodeId,
      String displayName,
      SubHireConfig config,
      Clock clock,
      DomainEvents events,
      PrometheusRegistry registry) {
    this.jdbi = jdbi;
    this.config = config;
    Duration deadline = config.getSendDeadline().toJavaDuration();
    Duration validity = config.getDefaultQuoteValidity().toJavaDuration();
    SubHireMetrics metrics =
        new SubHireMetrics(
            registry, () -> jdbi.withHandle(h -> Daos.of(h, OutboxDao.class).pendingCount()));
    Outbox outbox =
        new Outbox(
            config.getBackoffBase().toJavaDuration(), config.getBackoffMax().toJavaDuration());
    StockEffects effects = new StockEffects(planning.planning, inventory.availability, clock);
    // The supplier side of a sub-hire holds its stock on an event of ours: that event must stay.
    planning.planning.keepReferencedEvents(
        (h, eventId) ->
            Daos.of(h, NegotiationDao.class)
                .bySupplierEvent(eventId)
                .map(
                    id ->
                        "it is the supplier side of sub-hire "
                            + id
                            + ", whose record refers to it"));
    Transitions t = new Transitions(outbox, effects, clock, displayName, events);
    // A relationship that has ended (revoked by either side) accepts no new sub-hire work.
    java.util.function.Predicate<String> ended =
        partner -> federation.partners().find(partner).map(x -> x.state().ended()).orElse(true);
    SupplierSide supplier =
        new SupplierSide(
            t, effects, clock, inventory.catalog, inventory.assets, nodeId, validity, ended);
    BorrowerSide borrower = new BorrowerSide(t, outbox, clock, ended);
    subHires =
        new SubHires(
            jdbi,
            t,
            supplier,
            borrower,
            outbox,
            federation.partners(),
            clock,
            nodeId,
            validity,
            this::wake);
    instance = new RelayInstance(jdbi, config.getInstanceTimeout().toJavaDuration());
    relay =
        new OutboxRelay(
            jdbi,
            t,
            outbox,
            borrower,
            federation.partners(),
            federation.channels(),
            clock,
            deadline,
            metrics,
            instance,
            this::wake);
    housekeeping = new Housekeeping(jdbi, t, supplier, outbox, federation.partners(), clock);
    MessageReceiver receiver =
        new MessageReceiver(jdbi, t, outbox, supplier, borrower, clock, this::wake, metrics);
    FederationSubHireGrpcService.register(federation.methods());
    federation.addFederationService(new FederationSubHireGrpcService(receiver));
    localService =
        new SubHireGrpcService(
            subHires, new SupplierClient(federation.channels(), deadline)::snapshot, displayName);
    // Once, on the replica that made the change: housekeeping writes notes and state changes.
    federation
        .partners()
        .onChangeHere(
            nodeId2 ->
                worker.execute(
                    () -> guarded("trust change", () -> housekeeping.partnerChanged(nodeId2))));
  }

  /** The outbox backlog check, registered by the application as a degraded-only check. */
  public com.codahale.metrics.health.HealthCheck healthCheck(Clock clock) {
    return new OutboxHealthCheck(jdbi, clock, Duration.ofMinutes(15));
  }

  public BindableService localService() {
    return localService;
  }

  /**
   * Borrowed assets on the manifests of this node's dispatched or on-hire sub-hires, for asset
   * resolution (manifest first, §8.5). Two suppliers' gear with one barcode yields two entries.
   */
  public ManifestLookup manifestLookup() {
    return barcodes -> {
      if (barcodes.isEmpty()) {
        return Map.of();
      }
      Map<String, List<ManifestLookup.Entry>> out = new java.util.LinkedHashMap<>();
      jdbi.withHandle(h -> Daos.of(h, NegotiationDao.class).borrowedByBarcode(barcodes))
          .forEach(
              (barcode, hits) ->
                  out.put(barcode, hits.stream().map(SubHireModule::entry).toList()));
      return out;
    };
  }

  private static ManifestLookup.Entry entry(NegotiationDao.ManifestHit hit) {
    ManifestEntry e = hit.entry();
    return new ManifestLookup.Entry(
        hit.supplier(),
        e.assetRef(),
        e.assetRef().substring(e.assetRef().indexOf('/') + 1),
        e.barcode(),
        "",
        new SharedProduct(e.supplierProductId(), "", "", "", e.productName(), ""),
        hit.negotiationId().toString(),
        hit.localProduct());
  }

  @Override
  public void start() {
    running = true;
    // Registered before the first claim; a separate thread, so a long relay pass never delays it.
    instance.beat();
    long beat = instance.heartbeatInterval().toMillis();
    every(heartbeat, beat, () -> guarded("relay heartbeat", instance::beat));
    if (config.isRelayEnabled()) {
      every(worker, config.getPollInterval().toMilliseconds(), this::drain);
    }
    long sweep = config.getSweepInterval().toMilliseconds();
    every(worker, sweep, () -> guarded("clock sweep", housekeeping::tick));
    every(
        worker,
        Math.max(sweep, 30_000),
        () -> guarded("trust reconciliation", housekeeping::reconcileTrust));
  }

  /**
   * Runs {@code task} every {@code millis} on {@code executor}. The returned future is not kept:
   * the tasks guard their own failures, so it never completes but by cancellation, and {@link
   * #stop} cancels it by shutting the executor down.
   */
  private static void every(ScheduledExecutorService executor, long millis, Runnable task) {
    var unused = executor.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    worker.shutdownNow();
    relay.close();
    worker.awaitTermination(10, TimeUnit.SECONDS);
    heartbeat.shutdownNow();
    heartbeat.awaitTermination(5, TimeUnit.SECONDS);
    guarded("relay instance removal", instance::remove);
  }

  /** Sends soon (after the current transaction committed); coalesces bursts of wake-ups. */
  void wake() {
    if (running && config.isRelayEnabled() && wakeQueued.compareAndSet(false, true)) {
      worker.execute(
          () -> {
            wakeQueued.set(false);
            drain();
          });
    }
  }

  private void drain() {
    guarded(
        "outbox relay",
        () -> {
          while (running && relay.pass() > 0) {
            // keep going while there is due work
          }
        });
  }

  private static void guarded(String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.error("sub-hire {} failed; it runs again shortly", what, e);
    }
  }

  /**
   * What retention purges here: the outbox rows delivered or abandoned, and the inbox rows (replay
   * acknowledgements), of negotiations that ended, once the negotiation and the row are both older
   * than {@code retention.messages}. A message replayed after that is refused as out of sequence,
   * which only a partner retrying for months could see.
   */
  public static List<Retention.Task> retention(RetentionConfig c) {
    String[] ended =
        NegotiationState.TERMINAL.stream().map(Enum::name).sorted().toArray(String[]::new);
    Duration keep = c.getMessages().toJavaDuration();
    return List.of(
        new Retention.Task(
            "sub-hire outbox",
            keep,
            (h, before, limit) ->
                h.createUpdate(
                        "DELETE FROM subhire_outbox WHERE id IN (SELECT o.id FROM subhire_outbox o"
                            + " JOIN subhire s ON s.id = o.subhire_id"
                            + " WHERE o.status <> 'PENDING' AND o.created_at < :before"
                            + " AND s.state = ANY(:ended) AND s.updated_at < :before"
                            + " LIMIT :limit)")
                    .bind("before", before)
                    .bind("ended", ended)
                    .bind("limit", limit)
                    .execute()),
        new Retention.Task(
            "sub-hire inbox",
            keep,
            (h, before, limit) ->
                h.createUpdate(
                        "DELETE FROM subhire_inbox WHERE message_id IN (SELECT i.message_id"
                            + " FROM subhire_inbox i LEFT JOIN subhire s ON s.id = i.subhire_id"
                            + " WHERE i.received_at < :before AND (s.id IS NULL"
                            + " OR (s.state = ANY(:ended) AND s.updated_at < :before))"
                            + " LIMIT :limit)")
                    .bind("before", before)
                    .bind("ended", ended)
                    .bind("limit", limit)
                    .execute()));
  }
}
