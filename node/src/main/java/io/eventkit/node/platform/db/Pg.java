package io.eventkit.node.platform.db;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Reads PostgreSQL error details (SQLSTATE, constraint name) out of JDBI exceptions. */
public final class Pg {
  public static final String UNIQUE_VIOLATION = "23505";
  public static final String FOREIGN_KEY_VIOLATION = "23503";
  public static final String EXCLUSION_VIOLATION = "23P01";
  public static final String CHECK_VIOLATION = "23514";

  /** Text to match literally in a LIKE pattern (PostgreSQL's default escape character, \\). */
  public static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private Pg() {}

  public static String sqlState(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return "";
  }

  public static String constraint(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PSQLException p) {
        ServerErrorMessage m = p.getServerErrorMessage();
        return m == null || m.getConstraint() == null ? "" : m.getConstraint();
      }
    }
    return "";
  }

  /**
   * The server's own message for the first PostgreSQL error in the cause chain (not the statement
   * or its bound values, which JDBI's message carries); else the exception's class name.
   */
  public static String serverMessage(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PSQLException p && p.getServerErrorMessage() != null) {
        return p.getServerErrorMessage().getMessage();
      }
    }
    return t.getClass().getSimpleName();
  }

  public static boolean is(Throwable t, String sqlState, String constraint) {
    return sqlState.equals(sqlState(t)) && (constraint == null || constraint.equals(constraint(t)));
  }
}
