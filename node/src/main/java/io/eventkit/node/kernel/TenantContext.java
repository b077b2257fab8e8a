package io.eventkit.node.kernel;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which tenant's rows the current thread reads and writes. A self-hosted node has exactly one
 * tenant, {@link #DEFAULT_TENANT}, and never changes it: every table has a {@code tenant_id} column
 * defaulting to it. DAOs take the tenant from {@link #current()} (through {@code
 * platform.db.BindTenant}) wherever they write or filter rows, so the multi-tenant mode can later
 * bind a caller's tenant here (and add row-level security) without touching the features.
 */
public final class TenantContext {
  /** The one tenant of a self-hosted node. */
  public static final String DEFAULT_TENANT = "default";

  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private TenantContext() {}

  /** The tenant of the work on this thread: {@link #DEFAULT_TENANT} unless {@link #callAs}. */
  public static String current() {
    String t = CURRENT.get();
    return t == null ? DEFAULT_TENANT : t;
  }

  /**
   * Runs {@code work} as {@code tenant} on this thread, then restores the previous tenant.
   *
   * @throws IllegalArgumentException if {@code tenant} is not a lower-case slug (1–63 of a–z, 0–9,
   *     '-')
   */
  public static <T> T callAs(String tenant, Supplier<T> work) {
    if (tenant == null || !VALID.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit;"
              + " got '"
              + tenant
              + "'");
    }
    String previous = CURRENT.get();
    CURRENT.set(tenant);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** {@link #callAs} for work with no result. */
  public static void runAs(String tenant, Runnable work) {
    callAs(
        tenant,
        () -> {
          work.run();
          return null;
        });
  }
}
