package io.eventkit.node.platform.tenancy;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.eventkit.node.kernel.TenantContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants a node serves, for background work: a job that is not a caller's runs once as each
 * active tenant ({@link #forEach}), so that row-level security (V96) shows it that tenant's rows
 * and its writes land there. A self-hosted node has the one tenant {@link
 * TenantContext#DEFAULT_TENANT} and never reads the registry; a shared (SaaS) one reads the {@code
 * tenant} table (V97), at most every {@link #REFRESH}.
 */
public final class Tenants {
  private static final Logger LOG = LoggerFactory.getLogger(Tenants.class);

  /** How stale the list of a shared deployment's tenants may be. */
  public static final Duration REFRESH = Duration.ofSeconds(5);

  private static final List<String> SINGLE = List.of(TenantContext.DEFAULT_TENANT);

  /**
   * The registry as last read (every tenant's status, and the active ones in ID order), refreshed
   * at most every {@link #REFRESH}; null on a self-hosted node. One query a refresh, however many
   * names callers try.
   */
  private final LoadingCache<Boolean, Registry> registry;

  private record Registry(Map<String, Status> statuses, List<String> active) {}

  /** A registered tenant's state. */
  public enum Status {
    ACTIVE,
    SUSPENDED,
    /** Being exported and erased (TenantService/DeleteTenant): refused like a suspended one. */
    DELETING,
    /** Being created (TenantService/CreateTenant): refused until its first admin exists. */
    PROVISIONING
  }

  /** A shared deployment's database (for {@link Work}); null on a self-hosted node. */
  private final Jdbi jdbi;

  /**
   * Background work whose waiting rows V101's functions find across every account in one query, so
   * that a shared deployment's workers visit only the accounts that have some ({@link
   * #drainInTurns(Work, Clock, BooleanSupplier)}, {@link #earliest(Work, Supplier)}).
   */
  public enum Work {
    FAN_OUT("fanout"),
    MAIL("mail"),
    WEBHOOKS("webhooks"),
    WEB_PUSH("webpush"),
    /** Products whose stored shortages wait to be recomputed (V95's queue). */
    SHORTAGES("shortages"),
    /** Users of the daily email digest with items waiting for it. */
    DIGEST("digest");

    /** Its name in V101's functions. */
    final String sqlName;

    Work(String sqlName) {
      this.sqlName = sqlName;
    }
  }

  private Tenants(LoadingCache<Boolean, Registry> registry, Jdbi jdbi) {
    this.registry = registry;
    this.jdbi = jdbi;
  }

  /** A self-hosted node's: the default tenant alone. */
  public static Tenants single() {
    return new Tenants(null, null);
  }

  /** A shared deployment's: the tenants of its registry. */
  public static Tenants shared(Jdbi jdbi) {
    return new Tenants(
        Caffeine.newBuilder()
            .expireAfterWrite(REFRESH)
            .build(
                any -> {
                  Map<String, Status> statuses = new TreeMap<>();
                  jdbi.useHandle(
                      h ->
                          h.createQuery("SELECT id, status FROM tenant")
                              .map(
                                  (rs, ctx) ->
                                      Map.entry(
                                          rs.getString("id"),
                                          Status.valueOf(
                                              rs.getString("status")
                                                  .toUpperCase(java.util.Locale.ROOT))))
                              .forEach(e -> statuses.put(e.getKey(), e.getValue())));
                  return new Registry(
                      Map.copyOf(statuses),
                      statuses.entrySet().stream()
                          .filter(e -> e.getValue() == Status.ACTIVE)
                          .map(Map.Entry::getKey)
                          .toList());
                }),
        jdbi);
  }

  /** Whether this is a shared deployment, with a registry of tenants. */
  public boolean isShared() {
    return registry != null;
  }

  /** The tenants background work runs as now. */
  public List<String> active() {
    return registry == null ? SINGLE : registry.get(Boolean.TRUE).active();
  }

  /**
   * A tenant's state, at most {@link #REFRESH} old; empty for an unknown (or malformed) ID. A
   * self-hosted node knows the default tenant alone.
   */
  public Optional<Status> status(String tenant) {
    if (registry == null) {
      return TenantContext.DEFAULT_TENANT.equals(tenant)
          ? Optional.of(Status.ACTIVE)
          : Optional.empty();
    }
    return Optional.ofNullable(registry.get(Boolean.TRUE).statuses().get(tenant));
  }

  /**
   * After a committed change to the registry: this replica sees it at once (others within REFRESH).
   */
  public void changed() {
    if (registry != null) {
      registry.invalidateAll();
    }
  }

  /** How many steps of a worker one tenant gets before the next tenant's turn. */
  public static final int STEPS_PER_TURN = 10;

  /**
   * Runs {@code step} until it finds no more work, in turns: at most {@link #STEPS_PER_TURN} steps
   * as one tenant, then as the next, and round again while any tenant used its whole turn. So one
   * tenant's backlog can't hold the other tenants' work up. {@code step} returns false when it
   * found nothing to do (or the worker is stopping).
   */
  public void drainInTurns(BooleanSupplier step) {
    drainInTurns(this::active, step);
  }

  /**
   * {@link #drainInTurns(BooleanSupplier)} over the active tenants that have rows of {@code work}
   * due at the clock's now: one query a round finds them in a shared deployment, instead of a
   * transaction per tenant that finds nothing. Asked again before each further round, so that work
   * another tenant commits meanwhile gets its turn beside a backlog. A self-hosted node runs its
   * one tenant as before.
   */
  public void drainInTurns(Work work, Clock clock, BooleanSupplier step) {
    if (jdbi == null) {
      drainInTurns(step);
      return;
    }
    drainInTurns(() -> withWork(work, clock.instant()), step);
  }

  /** Rounds over the tenants {@code rounds} names, while any of them used its whole turn. */
  private static void drainInTurns(Supplier<List<String>> rounds, BooleanSupplier step) {
    boolean more;
    do {
      AtomicBoolean usedWholeTurn = new AtomicBoolean();
      forEachOf(
          rounds.get(),
          tenant -> {
            int steps = 0;
            while (steps < STEPS_PER_TURN && step.getAsBoolean()) {
              steps++;
            }
            if (steps == STEPS_PER_TURN) {
              usedWholeTurn.set(true);
            }
          });
      more = usedWholeTurn.get();
    } while (more);
  }

  /**
   * {@link #forEach} over the active tenants that have rows of {@code work} waiting (work without a
   * due time, such as {@link Work#SHORTAGES}); a self-hosted node runs its one tenant.
   */
  public void forEachWith(Work work, Runnable task) {
    if (jdbi == null) {
      forEach(task);
      return;
    }
    forEachOf(withWork(work, null), tenant -> task.run());
  }

  /** The active tenants, in the registry's order, with rows of {@code work} due by {@code now}. */
  private List<String> withWork(Work work, Instant now) {
    List<String> waiting =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT eventkit_tenants_with_work(:work, :now)")
                    .bind("work", work.sqlName)
                    .bind("now", now)
                    .mapTo(String.class)
                    .list());
    if (waiting.isEmpty()) {
      return List.of();
    }
    Set<String> due = Set.copyOf(waiting);
    return active().stream().filter(due::contains).toList();
  }

  /**
   * The earliest of {@code next} over the active tenants (each asked as itself): when a worker that
   * waits for its next due row must wake.
   */
  public Optional<Instant> earliest(Supplier<Optional<Instant>> next) {
    List<Instant> due = new ArrayList<>();
    forEach(() -> next.get().ifPresent(due::add));
    return due.stream().min(Comparator.naturalOrder());
  }

  /**
   * When the next row of {@code work} falls due: in a shared deployment one query over every active
   * account (a suspended account's rows wait, and wake nobody), otherwise {@code next} as the one
   * tenant.
   */
  public Optional<Instant> earliest(Work work, Supplier<Optional<Instant>> next) {
    if (jdbi == null) {
      return earliest(next);
    }
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT eventkit_next_due(:work)")
                .bind("work", work.sqlName)
                .mapTo(Instant.class)
                .findOne());
  }

  /**
   * Runs {@code work} once as each active tenant, in turn on this thread. One tenant's failure does
   * not keep the others from their turn; the first failure is rethrown after all have had it (with
   * the others suppressed), so the caller's own error handling still sees it.
   *
   * <p>Call it outside any open JDBI handle: a handle takes its tenant when it opens
   * (platform/db/TenantSessions).
   */
  public void forEach(Runnable work) {
    forEachOf(active(), tenant -> work.run());
  }

  private static void forEachOf(List<String> tenants, Consumer<String> work) {
    if (tenants.size() == 1 && tenants.get(0).equals(TenantContext.current())) {
      work.accept(tenants.get(0));
      return;
    }
    RuntimeException first = null;
    for (String tenant : tenants) {
      try {
        TenantContext.runAs(tenant, () -> work.accept(tenant));
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
          LOG.debug("tenant {}: background work failed too", tenant, e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
