package io.eventkit.node.platform.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The role a node serves as when it is not the schema's owner (SaaS mode, docs/saas.md). Row-level
 * security (V96) binds only such a role: the owner, the owner's members and superusers are exempt,
 * and so is a role with {@code BYPASSRLS}.
 */
public final class ApplicationRole {
  /** The role the embedded database serves as in SaaS mode; the node creates it. */
  static final String EMBEDDED = "eventkit_app";

  private ApplicationRole() {}

  /** Creates the embedded database's serving role if it is missing: it can log in, nothing else. */
  static void createEmbedded(Connection owner) throws SQLException {
    try (Statement s = owner.createStatement()) {
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
              + EMBEDDED
              + "') THEN CREATE ROLE "
              + EMBEDDED
              + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;"
              + " END IF; END $$");
    }
  }

  /**
   * Grants {@code role} what serving needs in the owner's current schema: reading and writing every
   * table (not Flyway's history), and the sequences behind {@code bigserial} columns. Run as the
   * owner after every migration, since a new version brings new tables; granting twice is a no-op.
   */
  static void grant(Connection owner, String role) throws SQLException {
    String[] grants = {
      "GRANT USAGE ON SCHEMA %1$I TO %2$I",
      "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %1$I TO %2$I",
      "REVOKE ALL ON %1$I.flyway_schema_history FROM %2$I",
      "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %1$I TO %2$I",
    };
    for (String grant : grants) {
      // format(%I) quotes the names; the statement itself takes no bind parameters.
      String sql;
      try (PreparedStatement f = owner.prepareStatement("SELECT format(?, current_schema(), ?)")) {
        f.setString(1, grant);
        f.setString(2, role);
        try (ResultSet rs = f.executeQuery()) {
          rs.next();
          sql = rs.getString(1);
        }
      }
      try (Statement s = owner.createStatement()) {
        s.execute(sql);
      }
    }
  }

  /**
   * Why the role {@code jdbi} connects as can't serve a shared deployment: row-level security would
   * not bind it. Empty when it can.
   */
  public static List<String> problems(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT current_user AS role, r.rolsuper, r.rolbypassrls,"
                        + " (SELECT count(*) FROM pg_class c"
                        + "   WHERE c.relnamespace = current_schema()::regnamespace"
                        + "   AND c.relkind IN ('r', 'p')"
                        + "   AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owned"
                        + " FROM pg_roles r WHERE r.rolname = current_user")
                .map(
                    (rs, ctx) -> {
                      String role = rs.getString("role");
                      List<String> problems = new ArrayList<>();
                      if (rs.getBoolean("rolsuper")) {
                        problems.add("it is a superuser");
                      }
                      if (rs.getBoolean("rolbypassrls")) {
                        problems.add("it has BYPASSRLS");
                      }
                      long owned = rs.getLong("owned");
                      if (owned > 0) {
                        problems.add(
                            "it owns "
                                + owned
                                + " of the node's tables (itself or through a role it is a member"
                                + " of)");
                      }
                      if (problems.isEmpty()) {
                        return List.<String>of();
                      }
                      return List.of(
                          "saas.enabled: the node serves as database role '"
                              + role
                              + "', and row-level security would not bind it: "
                              + String.join(", ", problems)
                              + ". Set database.user (EVENTKIT_DB_USER) to a role that owns no table"
                              + " and lacks BYPASSRLS, and database.migrationUser"
                              + " (EVENTKIT_DB_MIGRATION_USER) to the schema's owner"
                              + " (docs/saas.md)");
                    })
                .one());
  }
}
