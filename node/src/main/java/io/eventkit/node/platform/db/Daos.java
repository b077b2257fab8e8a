package io.eventkit.node.platform.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.BoundHandleSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jdbi.v3.core.extension.ExtensionCallback;
import org.jdbi.v3.core.extension.ExtensionConsumer;
import org.jdbi.v3.core.extension.Extensions;

/**
 * SqlObject DAOs without JDBI's attach on every transaction. Use {@code Daos.of(h, FooDao.class)}
 * instead of {@code h.attach(FooDao.class)}.
 *
 * <p>An attach builds an invoker for every method of the DAO, each with its own copy of the
 * configuration, however few methods the transaction calls: for NegotiationDao (about 60 methods)
 * that was the largest single cost of a sub-hire negotiation's CPU (JFR, 2026-12-06: 39 % of the
 * node's samples under the sub-hire benchmark, in {@code ExtensionMetadata
 * .createExtensionHandlerInvoker}). So each DAO type is attached once per Jdbi, with the Jdbi's
 * configuration, to a {@link BoundHandleSupplier}; {@code of} returns a small proxy that binds its
 * handle to the thread around each call, and each call runs on that handle, in its transaction,
 * with the method's configuration set on it as JDBI's own attach would. That assumes nothing
 * configures a handle beyond its Jdbi (no handle-level mappers or attributes for SqlObjects), which
 * holds here.
 *
 * <p>A handle keeps its proxies in its own configuration (each handle gets a fresh, empty copy), so
 * they end with the handle. Statements still read the tenant when they run ({@link BindTenant}).
 */
public final class Daos implements JdbiConfig<Daos> {
  /** Methods already made accessible (DAO interfaces are package-private). */
  private static final Set<Method> ACCESSIBLE = ConcurrentHashMap.newKeySet();

  /** The DAOs attached to this handle; null until the first. */
  private Map<Class<?>, Object> attached;

  /** Used in the Jdbi's own instance only: each DAO type attached once. */
  private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();

  /** JDBI creates the instances, one per Jdbi, handle (and statement, unused there). */
  public Daos() {}

  @Override
  public Daos createCopy() {
    return new Daos();
  }

  /** The DAO for this handle: its calls run on {@code h}. */
  public static <T> T of(Handle h, Class<T> type) {
    Daos cache = h.getConfig(Daos.class);
    if (cache.attached == null) {
      cache.attached = new HashMap<>();
    }
    Object dao = cache.attached.get(type);
    if (dao == null) {
      // The Jdbi's own instance: a handle whose Jdbi had none yet made a fresh one, not a copy.
      Object target =
          h.getJdbi()
              .getConfig(Daos.class)
              .shared
              .computeIfAbsent(
                  type,
                  t ->
                      h.getJdbi()
                          .getConfig(Extensions.class)
                          .findFor(t, new BoundHandleSupplier(h.getJdbi()))
                          .orElseThrow(() -> new IllegalArgumentException(t + " is not a DAO")));
      dao =
          Proxy.newProxyInstance(
              type.getClassLoader(), new Class<?>[] {type}, new Bound(h, target));
      cache.attached.put(type, dao);
    }
    return type.cast(dao);
  }

  /** As {@code jdbi.withExtension(type, callback)}, on the thread's handle or a new one. */
  public static <R, T, X extends Exception> R with(
      Jdbi jdbi, Class<T> type, ExtensionCallback<R, T, X> callback) throws X {
    return jdbi.withHandle(h -> callback.withExtension(of(h, type)));
  }

  /** As {@code jdbi.useExtension(type, consumer)}. */
  public static <T, X extends Exception> void use(
      Jdbi jdbi, Class<T> type, ExtensionConsumer<T, X> consumer) throws X {
    jdbi.useHandle(h -> consumer.useExtension(of(h, type)));
  }

  /**
   * As {@code jdbi.onDemand(type)}: each call runs on the thread's open handle, or on a new one
   * closed after it.
   */
  public static <T> T onDemand(Jdbi jdbi, Class<T> type) {
    InvocationHandler onDemand =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == args[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "on-demand " + type.getSimpleName();
            };
          }
          try {
            return jdbi.withHandle(h -> call(method, of(h, type), args));
          } catch (Thrown t) {
            throw t.getCause();
          }
        };
    return type.cast(
        Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, onDemand));
  }

  /** Carries a DAO method's own exception out of a JDBI callback. */
  private static final class Thrown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Thrown(Throwable cause) {
      super(cause);
    }
  }

  private static Object call(Method method, Object dao, Object[] args) {
    accessible(method);
    try {
      return method.invoke(dao, args);
    } catch (InvocationTargetException e) {
      throw new Thrown(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** DAO interfaces are package-private: their methods are called reflectively from here. */
  private static void accessible(Method method) {
    if (!ACCESSIBLE.contains(method)) {
      method.setAccessible(true);
      ACCESSIBLE.add(method);
    }
  }

  /** Runs each call on the shared DAO with the handle bound. */
  private record Bound(Handle handle, Object target) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      accessible(method);
      try {
        return BoundHandleSupplier.call(handle, () -> method.invoke(target, args));
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
