package org.jdbi.v3.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ExtensionContext;
import org.jdbi.v3.core.extension.HandleSupplier;

/**
 * EventKit's, not JDBI's: the handle supplier of SqlObject proxies that are attached once per Jdbi
 * and shared by every handle ({@code io.eventkit.node.platform.db.Daos}). A call runs on the handle
 * bound to the calling thread by {@link #call}. It lives in JDBI's package because setting a
 * handle's extension context ({@link Handle#acceptExtensionContext}) is package-private; JDBI's own
 * suppliers do the same, one per attach. If JDBI changes that method, this stops compiling.
 */
public final class BoundHandleSupplier implements HandleSupplier {
  private static final ThreadLocal<Handle> BOUND = new ThreadLocal<>();
  private static final ThreadLocal<Deque<ExtensionContext>> CONTEXTS =
      ThreadLocal.withInitial(ArrayDeque::new);

  private final Jdbi jdbi;

  public BoundHandleSupplier(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Runs {@code body} with {@code h} bound to this thread, restoring the previous binding. */
  public static <V> V call(Handle h, Callable<V> body) throws Exception {
    Handle previous = BOUND.get();
    BOUND.set(h);
    try {
      return body.call();
    } finally {
      if (previous == null) {
        BOUND.remove();
      } else {
        BOUND.set(previous);
      }
    }
  }

  @Override
  public Handle getHandle() {
    Handle h = BOUND.get();
    if (h == null) {
      throw new IllegalStateException("a shared DAO was called without a bound handle (Daos.of)");
    }
    return h;
  }

  @Override
  public Jdbi getJdbi() {
    return jdbi;
  }

  /** The Jdbi's configuration when attaching (no handle is bound then); the handle's after. */
  @Override
  public ConfigRegistry getConfig() {
    Handle h = BOUND.get();
    return h != null ? h.getConfig() : jdbi.getConfig();
  }

  @Override
  public <V> V invokeInContext(ExtensionContext context, Callable<V> task) throws Exception {
    Handle h = getHandle();
    Deque<ExtensionContext> contexts = CONTEXTS.get();
    contexts.push(context);
    h.acceptExtensionContext(context);
    try {
      return task.call();
    } finally {
      contexts.pop();
      // null puts the handle back to its own context
      h.acceptExtensionContext(contexts.peek());
    }
  }
}
