package io.eventkit.node.federation.resolve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.eventkit.node.federation.availability.FederatedAvailability.Outcome;
import io.eventkit.node.federation.availability.GuardedPartnerCalls;
import io.eventkit.node.federation.availability.PartnerFanOut;
import io.eventkit.node.federation.availability.PartnerLinks;
import io.eventkit.node.federation.health.CallObserver;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Whose asset is this barcode? (docs/federation.md §8.5.2) This node's own assets and the manifests
 * of active sub-hires first; barcodes neither knows are asked of every ACTIVE partner that grants
 * this node RESOLVE_ASSETS, in parallel, each call with the per-partner deadline, a bulkhead and
 * the partner's circuit breaker. Two or more claims make a barcode AMBIGUOUS: all are returned,
 * none is chosen.
 *
 * <p>Partner answers are cached by barcode: claims for {@link Settings#positiveTtl()}, "nobody has
 * it" for {@link Settings#negativeTtl()}, and only when every eligible partner answered (a
 * NOT_FOUND while a partner was down is provisional). A partner change (level, state) empties both
 * caches.
 */
final class AssetResolver implements AutoCloseable {
  public static final int MAX_BARCODES = 1000;

  public enum Source {
    LOCAL,
    MANIFEST,
    PARTNER
  }

  public enum Status {
    FOUND,
    AMBIGUOUS,
    NOT_FOUND
  }

  public record Claim(Source source, AssetInfo asset) {}

  public record Resolved(
      String barcode, Status status, List<Claim> claims, boolean cached, List<String> unanswered) {}

  public record PartnerCall(String nodeId, Outcome outcome, String detail, long latencyMs) {}

  public record Result(List<Resolved> assets, List<PartnerCall> partners) {}

  public record Settings(
      Duration deadline,
      Duration positiveTtl,
      Duration negativeTtl,
      int maxConcurrentPerPartner,
      int maxConcurrentWhenFast) {
    /** A fixed bulkhead of {@code maxConcurrentPerPartner}. */
    public Settings(
        Duration deadline,
        Duration positiveTtl,
        Duration negativeTtl,
        int maxConcurrentPerPartner) {
      this(deadline, positiveTtl, negativeTtl, maxConcurrentPerPartner, maxConcurrentPerPartner);
    }

    /** A fixed bulkhead of 8 per partner, as the availability fan-out's (see its defaults). */
    public static Settings defaults(Duration deadline) {
      return new Settings(deadline, Duration.ofMinutes(5), Duration.ofSeconds(30), 8, 8);
    }
  }

  /** What partners said about one barcode (empty claims = nobody has it). */
  private record Known(List<Claim> claims) {}

  private final Function<List<String>, Map<String, AssetInfo>> local;
  private final ManifestLookup manifests;
  private final PartnerLinks links;
  private final Settings settings;
  private final ExecutorService executor;
  private final Cache<String, Known> positive;
  private final Cache<String, Known> negative;
  private final GuardedPartnerCalls guarded;
  private volatile CallObserver observer = CallObserver.NONE;

  /** {@code local} finds this node's own assets by barcode (all of them, shared or not). */
  public AssetResolver(
      Function<List<String>, Map<String, AssetInfo>> local,
      ManifestLookup manifests,
      PartnerLinks links,
      Settings settings,
      Clock clock) {
    this.local = local;
    this.manifests = manifests;
    this.links = links;
    this.settings = settings;
    this.guarded =
        new GuardedPartnerCalls(
            links,
            "resolutions",
            settings.maxConcurrentPerPartner(),
            settings.maxConcurrentWhenFast(),
            settings.deadline(),
            clock);
    this.executor = Executors.newCachedThreadPool(DaemonThreads.named("federation-resolve"));
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.positive =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(settings.positiveTtl())
            .maximumSize(100_000)
            .build();
    this.negative =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(settings.negativeTtl())
            .maximumSize(100_000)
            .build();
  }

  public void observe(CallObserver observer) {
    this.observer = observer;
  }

  /** Drops everything cached from partners (a partner's level or state changed). */
  public void forgetPartners() {
    positive.invalidateAll();
    negative.invalidateAll();
  }

  /** The local API's rules: 1 .. 1000 barcodes, each 1 .. 128 characters. */
  public static void validate(List<String> barcodes) {
    Validation v = new Validation();
    v.check(!barcodes.isEmpty(), "barcodes", "must not be empty")
        .check(
            barcodes.size() <= MAX_BARCODES,
            "barcodes",
            "must have at most " + MAX_BARCODES + " entries");
    if (barcodes.size() <= MAX_BARCODES) {
      AssetDirectory.barcodes(v, barcodes);
    }
    v.throwIfInvalid();
  }

  /** One result per barcode, in request order. */
  public Result resolve(List<String> barcodes, boolean bypassCache) {
    validate(barcodes);
    List<String> distinct = List.copyOf(new LinkedHashSet<>(barcodes));
    Map<String, AssetInfo> mine = local.apply(distinct);
    Map<String, List<ManifestLookup.Entry>> onHire = manifests.findAll(distinct);
    Map<String, Resolved> done = new LinkedHashMap<>();
    List<String> ask = new ArrayList<>();
    for (String code : distinct) {
      List<Claim> claims = new ArrayList<>();
      if (mine.containsKey(code)) {
        claims.add(new Claim(Source.LOCAL, mine.get(code)));
      }
      for (ManifestLookup.Entry e : onHire.getOrDefault(code, List.of())) {
        claims.add(
            new Claim(
                Source.MANIFEST,
                new AssetInfo(e.ownerNodeId(), e.assetRef(), e.assetId(), e.product(), null)));
      }
      Known hit = null;
      if (claims.isEmpty() && !bypassCache) {
        hit = positive.getIfPresent(code);
        hit = hit != null ? hit : negative.getIfPresent(code);
      }
      if (!claims.isEmpty()) {
        done.put(code, resolved(code, claims, false, List.of()));
      } else if (hit != null) {
        done.put(code, resolved(code, hit.claims(), true, List.of()));
      } else {
        ask.add(code);
      }
    }
    List<PartnerCall> calls = List.of();
    if (!ask.isEmpty()) {
      calls = fanOut(ask, done);
    }
    List<Resolved> out = new ArrayList<>(barcodes.size());
    for (String code : barcodes) {
      out.add(done.get(code));
    }
    return new Result(out, calls);
  }

  private static Resolved resolved(
      String code, List<Claim> claims, boolean cached, List<String> unanswered) {
    Status s =
        claims.isEmpty() ? Status.NOT_FOUND : claims.size() == 1 ? Status.FOUND : Status.AMBIGUOUS;
    return new Resolved(code, s, List.copyOf(claims), cached, unanswered);
  }

  private record Answer(PartnerCall call, Map<String, AssetInfo> claims) {}

  private List<PartnerCall> fanOut(List<String> ask, Map<String, Resolved> done) {
    PartnerFanOut.Results<Answer> fanned =
        PartnerFanOut.run(
            links,
            TrustLevel.RESOLVE_ASSETS,
            settings.deadline(),
            executor,
            (nodeId, endNanos) -> ask(nodeId, ask, endNanos),
            (nodeId, outcome, detail, latencyMs) ->
                new Answer(new PartnerCall(nodeId, outcome, detail, latencyMs), Map.of()));
    Map<String, Answer> answers = fanned.byPartner();
    Set<String> called = fanned.called();
    List<String> unanswered =
        called.stream().filter(id -> answers.get(id).call().outcome() != Outcome.OK).toList();
    for (String code : ask) {
      List<Claim> claims = new ArrayList<>();
      for (String id : called) {
        AssetInfo info = answers.get(id).claims().get(code);
        if (info != null) {
          claims.add(new Claim(Source.PARTNER, info));
        }
      }
      Resolved r = resolved(code, claims, false, unanswered);
      if (unanswered.isEmpty()) {
        (claims.isEmpty() ? negative : positive).put(code, new Known(r.claims()));
      }
      done.put(code, r);
    }
    return answers.values().stream().map(Answer::call).toList();
  }

  private Answer ask(String nodeId, List<String> barcodes, long endNanos) {
    Answer a = askGuarded(nodeId, barcodes, endNanos);
    observer.observe(
        nodeId, "ResolveAssets", a.call().outcome().name(), a.call().latencyMs() / 1e3);
    return a;
  }

  /** One partner through the guarded call (bulkhead, circuit breaker). Never throws. */
  private Answer askGuarded(String nodeId, List<String> barcodes, long endNanos) {
    GuardedPartnerCalls.Result<Map<String, AssetInfo>> r =
        guarded.call(
            nodeId, link -> ResolveClient.resolve(link.channel(), nodeId, barcodes, endNanos));
    return new Answer(
        new PartnerCall(nodeId, r.outcome(), r.detail(), r.latencyMs()),
        r.value() == null ? Map.of() : r.value());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
