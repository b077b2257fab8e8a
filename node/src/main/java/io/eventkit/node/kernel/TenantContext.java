package io.eventkit.node.kernel;

import io.grpc.Context;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which tenant's rows the current thread reads and writes. A self-hosted node has exactly one
 * tenant, {@link #DEFAULT_TENANT}, and never changes it: every table has a {@code tenant_id} column
 * defaulting to it. DAOs take the tenant from {@link #current()} (through {@code
 * platform.db.BindTenant}) wherever they write or filter rows, so the multi-tenant mode can later
 * bind a caller's tenant here (and add row-level security) without touching the features.
 *
 * <p>An API call's tenant is that of its verified credential (or, for a public method, of the host
 * name or {@code EventKit-Tenant} header): the auth interceptor puts it in the call's gRPC {@link
 * Context} under {@link #CONTEXT_KEY}, which gRPC makes current around every callback of the call.
 * {@link #callAs} on the thread wins over it.
 */
public final class TenantContext {
  /** The one tenant of a self-hosted node. */
  public static final String DEFAULT_TENANT = "default";

  /** The tenant of the current API call; set only by the API's auth interceptor. */
  public static final Context.Key<String> CONTEXT_KEY = Context.key("eventkit-tenant");

  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private TenantContext() {}

  /**
   * The tenant of the work on this thread: the innermost {@link #callAs}, else the current API
   * call's, else {@link #DEFAULT_TENANT}.
   */
  public static String current() {
    String t = CURRENT.get();
    if (t != null) {
      return t;
    }
    t = CONTEXT_KEY.get();
    return t == null ? DEFAULT_TENANT : t;
  }

  /** Whether {@code tenant} is a well-formed tenant ID (1–63 of a–z, 0–9, '-'). */
  public static boolean isValid(String tenant) {
    return tenant != null && VALID.matcher(tenant).matches();
  }

  /**
   * Runs {@code work} as {@code tenant} on this thread, then restores the previous tenant.
   *
   * @throws IllegalArgumentException if {@code tenant} is not a lower-case slug (1–63 of a–z, 0–9,
   *     '-')
   */
  public static <T> T callAs(String tenant, Supplier<T> work) {
    if (!isValid(tenant)) {
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
