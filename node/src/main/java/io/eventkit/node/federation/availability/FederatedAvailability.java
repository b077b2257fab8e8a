package io.eventkit.node.federation.availability;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.eventkit.node.federation.catalog.AvailabilityLine;
import io.eventkit.node.federation.catalog.LineAnswer;
import io.eventkit.node.federation.catalog.SharedCatalog;
import io.eventkit.node.federation.catalog.SharedProduct;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.health.CallObserver;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.inventory.Catalog;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The requester side of federated availability (docs/federation.md §8.4.3): asks every ACTIVE
 * partner that grants this node AVAILABILITY, in parallel, which of its shared products match the
 * wanted lines and how many it could supply. Each partner call has its own deadline, a bulkhead and
 * the partner's circuit breaker; the answer is partial by design and never waits past the deadline.
 *
 * <p>Caches: each partner's shared catalogue for {@link Settings#catalogueTtl()} (loaded in the
 * background with a longer deadline, so a cold cache costs one TIMEOUT at most), and each partner's
 * OK answer for {@link Settings#answerTtl()}, keyed by partner, period and lines.
 */
public final class FederatedAvailability implements AutoCloseable {
  /** What happened with one partner. */
  public enum Outcome {
    OK,
    TIMEOUT,
    CIRCUIT_OPEN,
    DENIED,
    UNAVAILABLE,
    ERROR,
    BUSY
  }

  public enum Match {
    NONE,
    GTIN,
    MANUFACTURER_MODEL,
    /** A planner's CONFIRMED or OVERRIDDEN mapping. */
    MAPPED
  }

  /**
   * A wanted line: a local product ({@code productId}, the other fields then come from it), or a
   * manufacturer and model and/or a GTIN.
   */
  public record Wanted(
      String productId, String manufacturer, String model, String gtin, int quantity) {}

  /** One partner product matched to request line {@code lineIndex} (product null for NONE). */
  public record Answer(
      int lineIndex,
      Match match,
      SharedProduct product,
      boolean found,
      int available,
      // The partner's list price per day when it shares prices with this node; else null.
      io.eventkit.node.kernel.Money dailyRate) {}

  /** {@code partnerName}: the partner's announced company name ("" when it announced none). */
  public record PartnerResult(
      String nodeId,
      Outcome outcome,
      String detail,
      List<Answer> answers,
      long latencyMs,
      boolean cached,
      String partnerName) {
    PartnerResult(
        String nodeId,
        Outcome outcome,
        String detail,
        List<Answer> answers,
        long latencyMs,
        boolean cached) {
      this(nodeId, outcome, detail, answers, latencyMs, cached, "");
    }

    PartnerResult asCached() {
      return new PartnerResult(nodeId, outcome, detail, answers, latencyMs, true, partnerName);
    }

    PartnerResult named(String name) {
      return new PartnerResult(nodeId, outcome, detail, answers, latencyMs, cached, name);
    }
  }

  /**
   * {@code deadline} per partner (federation.availabilityDeadline); the catalogue is loaded with
   * {@code catalogueDeadline}; at most {@code maxConcurrentPerPartner} calls to one partner at
   * once.
   */
  public record Settings(
      Duration deadline,
      Duration catalogueDeadline,
      Duration catalogueTtl,
      Duration answerTtl,
      int maxConcurrentPerPartner,
      int maxConcurrentWhenFast) {
    /** A fixed bulkhead of {@code maxConcurrentPerPartner}. */
    public Settings(
        Duration deadline,
        Duration catalogueDeadline,
        Duration catalogueTtl,
        Duration answerTtl,
        int maxConcurrentPerPartner) {
      this(
          deadline,
          catalogueDeadline,
          catalogueTtl,
          answerTtl,
          maxConcurrentPerPartner,
          maxConcurrentPerPartner);
    }

    /**
     * These settings with {@code min} calls in flight per partner, adapting up to {@code max} when
     * it is above (federation.availabilityInFlight / availabilityInFlightMax).
     */
    public Settings inFlight(int min, int max) {
      return new Settings(deadline, catalogueDeadline, catalogueTtl, answerTtl, min, max);
    }

    /**
     * A fixed bulkhead of 8 calls in flight per partner. The adaptive window (max > min, see
     * GuardedPartnerCalls.Limit) is not the default: in the full benchmark on 2 cores it let the
     * 8-client pass raise the limits, and at 50 clients the admitted calls timed out and opened the
     * partners' circuits, which is worse than answering BUSY (docs/federation.md §8.4.3).
     */
    public static Settings defaults(Duration deadline) {
      return new Settings(
          deadline,
          Duration.ofSeconds(5).compareTo(deadline.multipliedBy(10)) > 0
              ? Duration.ofSeconds(5)
              : deadline.multipliedBy(10),
          Duration.ofSeconds(60),
          Duration.ofSeconds(5),
          8,
          8);
    }
  }

  /** Grace after the deadline for a call to report its own status before we call it a TIMEOUT. */
  private record AnswerKey(String nodeId, Interval period, List<Wanted> lines) {}

  private static final Map<UUID, List<MappingRules.Rule>> NO_RULES = Map.of();

  private final PartnerLinks links;
  private final PartnerCatalogClient client;
  private final Catalog localCatalog;
  private final Settings settings;
  private final ExecutorService executor;
  private final AsyncCache<String, PartnerCatalogue> catalogues;
  private final Cache<AnswerKey, PartnerResult> answers;
  private final GuardedPartnerCalls guarded;
  private final MappingRules rules;
  private volatile CallObserver observer = CallObserver.NONE;

  public FederatedAvailability(
      PartnerRegistry partners,
      PartnerChannels channels,
      Catalog localCatalog,
      MappingRules rules,
      Settings settings,
      Clock clock) {
    this(PartnerLinks.of(partners, channels), localCatalog, rules, settings, clock);
    // A level, state or endpoint change makes what we cached about that partner suspect.
    partners.onChange(this::forget);
  }

  FederatedAvailability(PartnerLinks links, Catalog localCatalog, Settings settings, Clock clock) {
    this(links, localCatalog, MappingRules.none(), settings, clock);
  }

  FederatedAvailability(
      PartnerLinks links,
      Catalog localCatalog,
      MappingRules rules,
      Settings settings,
      Clock clock) {
    this.rules = rules;
    this.links = links;
    this.client = new PartnerCatalogClient(id -> links.link(id).channel());
    client.onVersionSeen(this::catalogueVersionSeen);
    this.localCatalog = localCatalog;
    this.settings = settings;
    this.guarded =
        new GuardedPartnerCalls(
            links,
            "queries",
            settings.maxConcurrentPerPartner(),
            settings.maxConcurrentWhenFast(),
            settings.deadline(),
            clock);
    this.executor = Executors.newCachedThreadPool(DaemonThreads.named("federation-fanout"));
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.catalogues =
        Caffeine.newBuilder()
            .ticker(ticker)
            .executor(executor)
            .expireAfterWrite(settings.catalogueTtl())
            .maximumSize(10_000)
            .buildAsync();
    this.answers =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(settings.answerTtl())
            .maximumSize(10_000)
            .build();
  }

  /** Reports every partner call's latency and outcome (metrics). */
  public void observe(CallObserver observer) {
    this.observer = observer;
  }

  /** Drops the cached catalogue and answers of a partner. */
  void forget(String nodeId) {
    catalogues.synchronous().invalidate(nodeId);
    answers.asMap().keySet().removeIf(k -> k.nodeId().equals(nodeId));
  }

  /**
   * A partner answered with catalogue version {@code version}: if the copy we hold is of another
   * version, it is dropped (with the answers), so the next query re-reads it (§8.4.6).
   */
  void catalogueVersionSeen(String nodeId, String version) {
    CompletableFuture<PartnerCatalogue> held = catalogues.getIfPresent(nodeId);
    if (held == null || !held.isDone() || held.isCompletedExceptionally()) {
      return;
    }
    String heldVersion = held.join().version();
    if (!heldVersion.isEmpty() && !heldVersion.equals(version)) {
      forget(nodeId);
    }
  }

  /** Validates and resolves the lines, then fans out. One result per ACTIVE partner, by node ID. */
  public List<PartnerResult> query(List<Wanted> wanted, Interval period, boolean bypassCache) {
    return queryResolved(resolve(wanted, period), period, bypassCache);
  }

  /** The fan-out for lines {@link #resolve} has checked and filled in. */
  List<PartnerResult> queryResolved(List<Wanted> lines, Interval period, boolean bypassCache) {
    Map<String, Map<UUID, List<MappingRules.Rule>>> decided = rules.forProducts(localIds(lines));
    PartnerFanOut.Results<PartnerResult> fanned =
        PartnerFanOut.run(
            links,
            TrustLevel.AVAILABILITY,
            settings.deadline(),
            executor,
            (nodeId, endNanos) ->
                observed(
                    ask(
                        nodeId,
                        lines,
                        decided.getOrDefault(nodeId, NO_RULES),
                        period,
                        bypassCache,
                        endNanos)),
            (nodeId, outcome, detail, latencyMs) ->
                new PartnerResult(nodeId, outcome, detail, List.of(), latencyMs, false));
    return fanned.byPartner().values().stream()
        .map(r -> r.named(fanned.names().getOrDefault(r.nodeId(), "")))
        .toList();
  }

  private static List<UUID> localIds(List<Wanted> lines) {
    return lines.stream()
        .filter(w -> !w.productId().isBlank())
        .map(w -> UUID.fromString(w.productId()))
        .distinct()
        .toList();
  }

  /** Reports a partner call that was made (not answered from the cache). */
  private PartnerResult observed(PartnerResult r) {
    if (!r.cached()) {
      observer.observe(r.nodeId(), "QueryAvailability", r.outcome().name(), r.latencyMs() / 1e3);
    }
    return r;
  }

  /** One partner: cache, bulkhead, circuit breaker, catalogue, query. Never throws. */
  private PartnerResult ask(
      String nodeId,
      List<Wanted> lines,
      Map<UUID, List<MappingRules.Rule>> decided,
      Interval period,
      boolean bypassCache,
      long endNanos) {
    AnswerKey key = new AnswerKey(nodeId, period, lines);
    if (!bypassCache) {
      PartnerResult hit = answers.getIfPresent(key);
      if (hit != null) {
        return hit.asCached();
      }
    } else {
      // Afresh means the catalogue too, not only the answer.
      catalogues.synchronous().invalidate(nodeId);
    }
    GuardedPartnerCalls.Result<List<Answer>> g =
        guarded.call(nodeId, link -> answer(nodeId, lines, decided, period, endNanos));
    PartnerResult r =
        new PartnerResult(
            nodeId,
            g.outcome(),
            g.detail(),
            g.value() == null ? List.of() : g.value(),
            g.latencyMs(),
            false);
    if (g.outcome() == Outcome.OK) {
      answers.put(key, r);
    }
    return r;
  }

  private List<Answer> answer(
      String nodeId,
      List<Wanted> lines,
      Map<UUID, List<MappingRules.Rule>> decided,
      Interval period,
      long endNanos) {
    PartnerCatalogue catalogue = catalogue(nodeId, endNanos);
    // Partner lines: one per (matched product, quantity), shared by the request lines asking it.
    Map<AvailabilityLine, Integer> index = new LinkedHashMap<>();
    List<PartnerCatalogue.Matched> matches = new ArrayList<>();
    for (Wanted w : lines) {
      PartnerCatalogue.Matched m =
          catalogue.match(
              w, w.productId().isBlank() ? List.of() : decided.getOrDefault(uuid(w), List.of()));
      matches.add(m);
      for (SharedProduct p : m.products()) {
        index.putIfAbsent(new AvailabilityLine(p.id(), w.quantity()), index.size());
      }
    }
    List<AvailabilityLine> asked = new ArrayList<>(index.keySet());
    List<LineAnswer> got = new ArrayList<>();
    for (int from = 0; from < asked.size(); from += SharedCatalog.MAX_LINES) {
      List<AvailabilityLine> chunk =
          asked.subList(from, Math.min(asked.size(), from + SharedCatalog.MAX_LINES));
      long left = endNanos - System.nanoTime();
      if (left <= 0) {
        throw new PartnerCallException(Outcome.TIMEOUT, "deadline passed before the query");
      }
      got.addAll(client.query(nodeId, chunk, period, left));
    }
    List<Answer> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      PartnerCatalogue.Matched m = matches.get(i);
      if (m.products().isEmpty()) {
        out.add(new Answer(i, Match.NONE, null, false, 0, null));
      }
      for (SharedProduct p : m.products()) {
        LineAnswer a = got.get(index.get(new AvailabilityLine(p.id(), lines.get(i).quantity())));
        out.add(new Answer(i, m.how(), p, a.found(), a.available(), a.dailyRate()));
      }
    }
    return out;
  }

  private PartnerCatalogue catalogue(String nodeId, long endNanos) {
    CompletableFuture<PartnerCatalogue> f =
        catalogues.get(
            nodeId,
            (id, exec) ->
                CompletableFuture.supplyAsync(
                    () -> {
                      PartnerCatalogClient.Read read =
                          client.read(id, settings.catalogueDeadline().toNanos());
                      return new PartnerCatalogue(read.products(), read.version());
                    },
                    exec));
    try {
      return f.get(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new PartnerCallException(
          Outcome.TIMEOUT, "the shared catalogue of " + nodeId + " is still loading");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PartnerCallException pce) {
        throw pce;
      }
      throw new PartnerCallException(Outcome.ERROR, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PartnerCallException(Outcome.TIMEOUT, "interrupted");
    }
  }

  /**
   * INVALID_ARGUMENT for every malformed line (all reported at once), NOT_FOUND for an unknown
   * local product; local products get their manufacturer, model and GTIN filled in.
   */
  List<Wanted> resolve(List<Wanted> wanted, Interval period) {
    Validation v = new Validation();
    v.check(!wanted.isEmpty(), "lines", "must not be empty")
        .check(
            wanted.size() <= SharedCatalog.MAX_LINES,
            "lines",
            "must have at most " + SharedCatalog.MAX_LINES + " entries");
    if (period == null) {
      v.check(false, "period", "is required (end after start)");
    } else {
      v.check(
          period.length().compareTo(io.eventkit.node.inventory.Availability.MAX_WINDOW) <= 0,
          "period",
          "must be at most 400 days long");
    }
    if (wanted.size() <= SharedCatalog.MAX_LINES) {
      for (int i = 0; i < wanted.size(); i++) {
        Wanted w = wanted.get(i);
        String f = "lines[" + i + "].";
        v.check(
            w.quantity() > 0 && w.quantity() <= SharedCatalog.MAX_QUANTITY,
            f + "quantity",
            "must be between 1 and " + SharedCatalog.MAX_QUANTITY);
        if (!w.productId().isBlank()) {
          v.check(parse(w.productId()) != null, f + "product_id", "is not a product ID")
              .check(
                  w.manufacturer().isBlank() && w.model().isBlank() && w.gtin().isBlank(),
                  f + "product_id",
                  "excludes manufacturer, model and gtin");
        } else {
          v.check(
                  !ProductKeys.manufacturerModel(w.manufacturer(), w.model()).isEmpty()
                      || !w.gtin().isBlank(),
                  f + "manufacturer",
                  "and model (or a gtin, or a product_id) are required")
              .check(
                  w.gtin().isBlank() || !ProductKeys.gtin(w.gtin()).isEmpty(),
                  f + "gtin",
                  "must be 8, 12, 13 or 14 digits")
              .maxLength(w.manufacturer(), 200, f + "manufacturer")
              .maxLength(w.model(), 200, f + "model");
        }
      }
    }
    v.throwIfInvalid();
    List<UUID> ids =
        wanted.stream()
            .filter(w -> !w.productId().isBlank())
            .map(w -> parse(w.productId()))
            .toList();
    Map<UUID, Product> local = ids.isEmpty() ? Map.of() : localCatalog.findAll(ids);
    List<Wanted> out = new ArrayList<>(wanted.size());
    for (int i = 0; i < wanted.size(); i++) {
      Wanted w = wanted.get(i);
      if (w.productId().isBlank()) {
        out.add(new Wanted("", w.manufacturer(), w.model(), w.gtin(), w.quantity()));
        continue;
      }
      Product p = local.get(parse(w.productId()));
      if (p == null) {
        throw DomainException.notFound(
            "lines[" + i + "].product_id: product " + w.productId() + " not found");
      }
      String gtin = p.fields().gtin() == null ? "" : p.fields().gtin();
      // The local product ID stays: the planner's mappings for it apply (§8.4.4).
      out.add(
          new Wanted(
              p.id().toString(),
              p.fields().manufacturer(),
              p.fields().model(),
              gtin,
              w.quantity()));
    }
    return out;
  }

  private static UUID uuid(Wanted w) {
    return UUID.fromString(w.productId());
  }

  /**
   * The shared catalogue of a partner (cached; loaded with the catalogue deadline when cold).
   * Throws {@link PartnerCallException} when it cannot be read.
   */
  PartnerCatalogue catalogueOf(String nodeId) {
    return catalogue(nodeId, System.nanoTime() + settings.catalogueDeadline().toNanos());
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
