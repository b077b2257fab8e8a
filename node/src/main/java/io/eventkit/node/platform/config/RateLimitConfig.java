package io.eventkit.node.platform.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Rate limits of the local API, per caller (each user and each API token has its own budget),
 * enforced after authentication ({@code rateLimits:} in the node configuration, docs/access.md). A
 * caller gets the most generous limit among its roles (built-in or custom, by name) that are listed
 * under {@code roles}, or {@code default} if none is. Partners (federation) have their own limits.
 * With {@code shared: true} the budgets live in the database and hold across all replicas on it
 * (each authenticated call then costs a short database transaction); off, each process keeps its
 * own, which is all a single node needs.
 *
 * <p>In a shared (SaaS) deployment each company account also has one budget for all its callers
 * together, {@code tenant}, so that one company's load can't take the node from the others.
 */
public class RateLimitConfig {
  private boolean enabled = true;

  private boolean shared = false;

  @Valid @NotNull private Limit defaultLimit = new Limit(200, Duration.seconds(1));

  @Valid @NotNull private Map<String, Limit> roles = new LinkedHashMap<>();

  @Valid @NotNull private Limit tenantLimit = new Limit(1000, Duration.seconds(1));

  @Valid @NotNull private Concurrency tenantCalls = new Concurrency();

  /**
   * How many calls of one company account run at once ({@code concurrent}, 0: as many as the
   * machine has processors), and how many more may wait for one of them to finish ({@code queued});
   * beyond that, calls are refused. Shared (SaaS) deployments only, unary calls only.
   */
  public static class Concurrency {
    @Min(0)
    @Max(10_000)
    private int concurrent = 0;

    @Min(0)
    @Max(100_000)
    private int queued = 64;

    @NotNull private Duration maxWait = Duration.seconds(10);

    /** As configured: 0 means {@link #effectiveConcurrent()}'s default. */
    @JsonProperty
    public int getConcurrent() {
      return concurrent;
    }

    /**
     * The configured share, or by default the machine's processor count (at least 2): more calls of
     * one account at once would not be served faster, only take the processors from the others
     * (measured in the benchmark's SaasBench, conformance-tests README).
     */
    public int effectiveConcurrent() {
      return concurrent > 0 ? concurrent : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    @JsonProperty
    public void setConcurrent(int concurrent) {
      this.concurrent = concurrent;
    }

    @JsonProperty
    public int getQueued() {
      return queued;
    }

    @JsonProperty
    public void setQueued(int queued) {
      this.queued = queued;
    }

    /** How long a call may wait for its turn before it is refused. */
    @JsonProperty
    public Duration getMaxWait() {
      return maxWait;
    }

    @JsonProperty
    public void setMaxWait(Duration maxWait) {
      this.maxWait = maxWait;
    }
  }

  /**
   * {@code requests} calls at once, refilled at {@code requests} per {@code per} (a token bucket).
   */
  public static class Limit {
    @Min(1)
    @Max(1_000_000)
    private int requests;

    @NotNull private Duration per;

    public Limit() {
      this(200, Duration.seconds(1));
    }

    public Limit(int requests, Duration per) {
      this.requests = requests;
      this.per = per;
    }

    @JsonProperty
    public int getRequests() {
      return requests;
    }

    @JsonProperty
    public void setRequests(int requests) {
      this.requests = requests;
    }

    @JsonProperty
    public Duration getPer() {
      return per;
    }

    @JsonProperty
    public void setPer(Duration per) {
      this.per = per;
    }

    /** Requests per second, to compare limits. */
    public double rate() {
      return requests / (per.toNanoseconds() / 1e9);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Limit l && l.requests == requests && l.per.equals(per);
    }

    @Override
    public int hashCode() {
      return requests * 31 + per.hashCode();
    }

    @Override
    public String toString() {
      return requests + " per " + per;
    }
  }

  @JsonProperty
  public boolean isShared() {
    return shared;
  }

  @JsonProperty
  public void setShared(boolean shared) {
    this.shared = shared;
  }

  public boolean isEnabled() {
    return enabled;
  }

  @JsonProperty
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @JsonProperty("default")
  public Limit getDefault() {
    return defaultLimit;
  }

  @JsonProperty("default")
  public void setDefault(Limit limit) {
    this.defaultLimit = limit;
  }

  /** A company account's budget, all its callers together (shared deployments only). */
  @JsonProperty("tenant")
  public Limit getTenant() {
    return tenantLimit;
  }

  @JsonProperty("tenant")
  public void setTenant(Limit limit) {
    this.tenantLimit = limit;
  }

  /** A company account's share of the node's threads and connections (shared deployments only). */
  @JsonProperty("tenantCalls")
  public Concurrency getTenantCalls() {
    return tenantCalls;
  }

  @JsonProperty("tenantCalls")
  public void setTenantCalls(Concurrency tenantCalls) {
    this.tenantCalls = tenantCalls;
  }

  /** Limits by role name (upper-cased: ADMIN, CREW, or a custom role's name). */
  @JsonProperty
  public Map<String, Limit> getRoles() {
    return roles;
  }

  @JsonProperty
  public void setRoles(Map<String, Limit> roles) {
    Map<String, Limit> m = new LinkedHashMap<>();
    roles.forEach((k, v) -> m.put(k.trim().toUpperCase(Locale.ROOT), v));
    this.roles = m;
  }
}
