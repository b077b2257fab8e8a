package io.eventkit.node.platform.db;

import io.eventkit.node.kernel.TenantContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleListener;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/**
 * Puts the caller's tenant ({@link TenantContext#current()}) on every connection a JDBI handle
 * takes from the pool, as the session setting {@code eventkit.tenant} that the row-level security
 * policies read (V96__row_level_security.sql).
 *
 * <p>The setting is session-wide, not {@code SET LOCAL}: most statements run in auto-commit, and a
 * transaction-local setting would be gone before them. So each physical connection remembers the
 * tenant it last had, and the setting is sent only when the handle's tenant differs: once per
 * connection on a self-hosted node, and on a switch between tenants in a shared one. A connection
 * that is lent without auto-commit is set every time, since a rollback would undo the setting.
 *
 * <p>Contracts and limits:
 *
 * <ul>
 *   <li>The tenant is taken when a handle opens. JDBI reuses a handle already open on the thread,
 *       so {@code TenantContext.callAs} must switch tenants outside any open handle, never inside.
 *   <li>The memory of a connection's tenant assumes that nothing else changes the setting. A
 *       connection whose setting was lost ({@code RESET ALL}) sees no row under row-level security.
 *       Code that borrows from the pool outside JDBI (Bucket4j, through {@link
 *       AutoCommitRestoring}) acts as whatever tenant the connection last had: on a self-hosted
 *       node always the default one; docs/saas.md lists it for the multi-tenant mode. A pooler in
 *       transaction mode (PgBouncer) would mix settings between clients and is not supported.
 * </ul>
 */
public final class TenantSessions implements HandleListener {
  /** The session setting the policies read; a tenant is bound, never spliced in. */
  private static final String SET = "SELECT set_config('eventkit.tenant', ?, false)";

  /**
   * How many times a setting was sent, in this JVM (tests check that it is once per connection).
   */
  static final AtomicLong SENT = new AtomicLong();

  /** Physical connection → the tenant its session is set to. Weak: the pool decides lifetimes. */
  private final Map<Object, String> sessions = Collections.synchronizedMap(new WeakHashMap<>());

  private TenantSessions() {}

  /** Installs the listener on {@code jdbi}; every handle it opens from now on is set. */
  public static void install(Jdbi jdbi) {
    jdbi.getConfig(Handles.class).addListener(new TenantSessions());
  }

  @Override
  public void handleCreated(Handle handle) {
    String tenant = TenantContext.current();
    Connection connection = handle.getConnection();
    try {
      Object physical = physical(connection);
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit && tenant.equals(sessions.get(physical))) {
        return;
      }
      try (PreparedStatement set = connection.prepareStatement(SET)) {
        set.setString(1, tenant);
        set.execute();
      }
      SENT.incrementAndGet();
      if (autoCommit) {
        sessions.put(physical, tenant);
      } else {
        sessions.remove(physical);
      }
    } catch (SQLException e) {
      throw new ConnectionException(e);
    }
  }

  /** The driver's connection under the pool's proxy: the pool hands out a new proxy per loan. */
  private static Object physical(Connection connection) throws SQLException {
    return connection.isWrapperFor(PGConnection.class)
        ? connection.unwrap(PGConnection.class)
        : connection;
  }
}
