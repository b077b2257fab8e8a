package io.eventkit.node.platform.db;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The node's pool as lent to a library that turns auto-commit off and does not turn it back on
 * (Bucket4j's PostgreSQL store): each connection it closes goes back to the pool with any open
 * transaction rolled back and auto-commit on. JDBI takes a connection without auto-commit for one
 * inside a transaction and never commits it, so a connection left like that would swallow the next
 * borrower's writes.
 */
public final class AutoCommitRestoring implements DataSource {
  private final DataSource pool;

  public AutoCommitRestoring(DataSource pool) {
    this.pool = pool;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return restoring(pool.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return restoring(pool.getConnection(user, password));
  }

  private static Connection restoring(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            AutoCommitRestoring.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && (args == null || args.length == 0)) {
                try {
                  if (!c.isClosed() && !c.getAutoCommit()) {
                    c.rollback(); // a no-op after the library's own commit
                    c.setAutoCommit(true);
                  }
                } finally {
                  c.close();
                }
                return null;
              }
              try {
                return method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return pool.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return pool.isWrapperFor(iface);
  }
}
