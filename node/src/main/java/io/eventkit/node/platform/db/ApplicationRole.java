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

  /**
   * The functions behind the operators the node's indexed queries use (text search, trigram and
   * expression indexes, range overlaps, array tags). Row-level security lets a query's condition
   * use an index only if every function in it is marked {@code LEAKPROOF}: otherwise it runs after
   * the policy, row by row, and a search scans the tenant's whole table (InventoryScaleTest shows
   * it). None of them reveals a row's values through its errors in the node's own queries, whose
   * SQL is fixed and whose only input is bound parameters. One caveat: {@code LIKE} and {@code
   * ILIKE} fail on a pattern ending in the escape character, and the mark is database-wide, so a
   * role that may run SQL of its own under row-level security could use a column as the pattern and
   * probe other tenants' rows through that error. A shared deployment gives no tenant SQL; the
   * owner marks these only when it is a superuser (the embedded server), and {@link
   * #slowUnderPolicies} names them for an administrator to decide otherwise (docs/saas.md).
   */
  static final List<String> INDEXED_FUNCTIONS =
      List.of(
          "pg_catalog.lower(text)",
          "pg_catalog.textcat(text,text)",
          "pg_catalog.textlike(text,text)",
          "pg_catalog.texticlike(text,text)",
          "pg_catalog.ts_match_vq(tsvector,tsquery)",
          "pg_catalog.range_overlaps(anyrange,anyrange)",
          "pg_catalog.range_contains(anyrange,anyrange)",
          "pg_catalog.range_contains_elem(anyrange,anyelement)",
          "pg_catalog.elem_contained_by_range(anyelement,anyrange)",
          "pg_catalog.arraycontains(anyarray,anyarray)",
          "pg_catalog.arrayoverlap(anyarray,anyarray)",
          "similarity_op(text,text)",
          "word_similarity_op(text,text)");

  private ApplicationRole() {}

  /**
   * Marks {@link #INDEXED_FUNCTIONS} {@code LEAKPROOF} when the owner is a superuser (the embedded
   * server); otherwise leaves them for the database's administrator. Idempotent.
   */
  static void markIndexedFunctionsLeakproof(Connection owner) throws SQLException {
    try (Statement s = owner.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
      if (!rs.next() || !rs.getBoolean(1)) {
        return;
      }
    }
    for (String function : notLeakproof(owner)) {
      try (Statement s = owner.createStatement()) {
        // The signatures are this class's constants, resolved by to_regprocedure first.
        s.execute("ALTER FUNCTION " + function + " LEAKPROOF");
      }
    }
  }

  /** Those of {@link #INDEXED_FUNCTIONS} that exist here and are not marked LEAKPROOF. */
  private static List<String> notLeakproof(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT f FROM unnest(?::text[]) WITH ORDINALITY AS w (f, n)"
                + " JOIN pg_proc p ON p.oid = to_regprocedure(w.f)"
                + " WHERE NOT p.proleakproof ORDER BY w.n")) {
      q.setArray(1, c.createArrayOf("text", INDEXED_FUNCTIONS.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * The statements an administrator of the database would run so that the node's searches keep
   * their indexes under row-level security; empty when nothing is left to do.
   */
  public static List<String> slowUnderPolicies(Jdbi jdbi) {
    List<String> functions =
        jdbi.withHandle(
            h -> {
              try {
                return notLeakproof(h.getConnection());
              } catch (SQLException e) {
                throw new org.jdbi.v3.core.ConnectionException(e);
              }
            });
    return functions.stream().map(f -> "ALTER FUNCTION " + f + " LEAKPROOF;").toList();
  }

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
   * table (not Flyway's history; the tenant registry only through its functions), and the sequences
   * behind {@code bigserial} columns. Run as the owner after every migration, since a new version
   * brings new tables; granting twice is a no-op.
   */
  static void grant(Connection owner, String role) throws SQLException {
    String[] grants = {
      "GRANT USAGE ON SCHEMA %1$I TO %2$I",
      "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %1$I TO %2$I",
      "REVOKE ALL ON %1$I.flyway_schema_history FROM %2$I",
      "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %1$I TO %2$I",
      // The owner-run questions of the background workers (V101), not open to every role.
      "GRANT EXECUTE ON FUNCTION %1$I.eventkit_tenants_with_work(text, timestamptz),"
          + " %1$I.eventkit_next_due(text) TO %2$I",
      // The registry of company accounts is read freely but written only through V102's
      // owner-run functions, which allow the provisioning's life cycle and nothing else.
      "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %1$I.tenant FROM %2$I",
      "GRANT EXECUTE ON FUNCTION %1$I.eventkit_tenant_register(text, text, timestamptz),"
          + " %1$I.eventkit_tenant_move(text, text, text, timestamptz),"
          + " %1$I.eventkit_tenant_unregister(text, text) TO %2$I",
    };
    // format(%I) quotes the names; the statements themselves take no bind parameters.
    List<String> statements = new ArrayList<>();
    try (PreparedStatement f =
        owner.prepareStatement(
            "SELECT format(g, current_schema(), ?) FROM unnest(?::text[]) WITH ORDINALITY"
                + " AS w (g, n) ORDER BY w.n")) {
      f.setString(1, role);
      f.setArray(2, owner.createArrayOf("text", grants));
      try (ResultSet rs = f.executeQuery()) {
        while (rs.next()) {
          statements.add(rs.getString(1));
        }
      }
    }
    try (Statement s = owner.createStatement()) {
      for (String sql : statements) {
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
                        + "   AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned"
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
