package io.eventkit.node.platform.db;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.sqlobject.SqlObjectFactory;

/**
 * Attaches SqlObject DAOs without paying JDBI's set-up on every transaction. Use {@code Daos.of(h,
 * FooDao.class)} instead of {@code h.attach(FooDao.class)}.
 *
 * <p>Two costs of a plain {@code attach}, measured on NegotiationDao (about 50 methods):
 *
 * <ul>
 *   <li>JDBI keeps the metadata it derives from a DAO interface in the configuration of the handle
 *       that attached it. Each handle starts from a copy of the Jdbi-level configuration, where
 *       nothing ever put it, so every new handle derived it again: about 4.5 ms of CPU per
 *       transaction. Here it is derived once into the Jdbi-level configuration, which every later
 *       handle copies: about 0.3 ms.
 *   <li>Every attach builds an invoker, with its own copy of the configuration, for every method:
 *       about 0.2 ms. Here a handle attaches each DAO once; later calls get the same one back.
 * </ul>
 *
 * <p>The per-handle cache lives in the handle's own configuration (each handle gets a fresh, empty
 * copy), so it ends with the handle, which one thread uses at a time. A DAO is only a proxy over
 * its handle: its statements still read the tenant when they run ({@link BindTenant}).
 */
public final class Daos implements JdbiConfig<Daos> {
  /**
   * The DAOs attached to this handle; null until the first. Every statement's configuration copies
   * this config too, so a copy allocates nothing.
   */
  private Map<Class<?>, Object> attached;

  /** JDBI creates the instances, one per handle (and per statement, unused there). */
  public Daos() {}

  @Override
  public Daos createCopy() {
    return new Daos();
  }

  /** The DAO attached to this handle. */
  public static <T> T of(Handle h, Class<T> type) {
    Daos cache = h.getConfig(Daos.class);
    if (cache.attached == null) {
      cache.attached = new HashMap<>();
    }
    Object dao = cache.attached.get(type);
    if (dao == null) {
      deriveAtJdbiLevel(h, type);
      dao = h.attach(type);
      cache.attached.put(type, dao);
    }
    return type.cast(dao);
  }

  /** Derives the metadata into the Jdbi-level config; a lookup once it is there. */
  private static void deriveAtJdbiLevel(Handle h, Class<?> type) {
    Extensions jdbiLevel = h.getJdbi().getConfig(Extensions.class);
    ExtensionFactory factory = jdbiLevel.findFactory(SqlObjectFactory.class).orElse(null);
    if (factory != null && factory.accepts(type)) {
      var unused = jdbiLevel.findMetadata(type, factory);
    }
  }
}
