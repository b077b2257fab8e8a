package io.eventkit.node.platform.tenancy;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.eventkit.node.kernel.TenantContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
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

  private Tenants(LoadingCache<Boolean, Registry> registry) {
    this.registry = registry;
  }

  /** A self-hosted node's: the default tenant alone. */
  public static Tenants single() {
    return new Tenants(null);
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
                }));
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
    boolean more;
    do {
      AtomicBoolean usedWholeTurn = new AtomicBoolean();
      forEach(
          () -> {
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
   * The earliest of {@code next} over the active tenants (each asked as itself): when a worker that
   * waits for its next due row must wake.
   */
  public Optional<Instant> earliest(Supplier<Optional<Instant>> next) {
    List<Instant> due = new ArrayList<>();
    forEach(() -> next.get().ifPresent(due::add));
    return due.stream().min(Comparator.naturalOrder());
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
    List<String> tenants = active();
    if (tenants.size() == 1 && tenants.get(0).equals(TenantContext.current())) {
      work.run();
      return;
    }
    RuntimeException first = null;
    for (String tenant : tenants) {
      try {
        TenantContext.runAs(tenant, work);
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
