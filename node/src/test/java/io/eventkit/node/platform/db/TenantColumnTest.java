package io.eventkit.node.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.testing.InventoryFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every table of a migrated node has {@code tenant_id text NOT NULL DEFAULT
 * eventkit_session_tenant()} (the session's tenant, else 'default'), row-level security enabled and
 * the {@code tenant_isolation} policy on that column (the convention in node/README.md, "Tenants"):
 * a new table without them fails here.
 */
class TenantColumnTest {
  /**
   * The node's own machinery, node-wide by design (V97): no tenant, no row-level security. The
   * Flyway history is the migrating owner's.
   */
  private static final String NODE_WIDE =
      "('flyway_schema_history', 'tenant', 'cluster_job', 'login_throttle', 'api_rate_bucket',"
          + " 'subhire_relay_instance', 'jwt_signing_key')";

  private static List<String> names(String sql) {
    return InventoryFixture.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
  }

  @Test
  void everyTableHasANotNullTenantColumnDefaultingToTheSessionsTenantAndRowLevelSecurity() {
    List<String> tables =
        names(
            "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = current_schema()"
                + " AND table_type = 'BASE TABLE'"
                + " AND table_name NOT IN "
                + NODE_WIDE
                + " ORDER BY 1");
    List<String> missing =
        names(
            "SELECT t.table_name FROM information_schema.tables t"
                + " WHERE t.table_schema = current_schema()"
                + " AND t.table_type = 'BASE TABLE'"
                + " AND t.table_name NOT IN "
                + NODE_WIDE
                + " AND NOT EXISTS (SELECT 1 FROM information_schema.columns c"
                + "   WHERE c.table_schema = t.table_schema"
                + "   AND c.table_name = t.table_name"
                + "   AND c.column_name = 'tenant_id' AND c.data_type = 'text'"
                + "   AND c.is_nullable = 'NO'"
                + "   AND c.column_default = 'eventkit_session_tenant()')"
                + " ORDER BY 1");
    assertThat(tables).contains("product", "booking_line", "partner", "subhire", "api_token");
    List<String> nodeWideUnderPolicy =
        names(
            "SELECT c.relname FROM pg_class c"
                + " WHERE c.relnamespace = current_schema()::regnamespace"
                + " AND c.relname IN "
                + NODE_WIDE
                + " AND c.relrowsecurity ORDER BY 1");
    assertThat(nodeWideUnderPolicy)
        .as("node-wide tables (V97) have no row-level security")
        .isEmpty();
    assertThat(
            names(
                "SELECT table_name FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND column_name = 'tenant_id'"
                    + " AND table_name IN "
                    + NODE_WIDE))
        .as("node-wide tables have no tenant column (V103 dropped the one V97 kept)")
        .isEmpty();
    List<String> unprotected =
        names(
            "SELECT c.relname FROM pg_class c"
                + " WHERE c.relnamespace = current_schema()::regnamespace"
                + " AND c.relkind IN ('r', 'p')"
                + " AND c.relname NOT IN "
                + NODE_WIDE
                + " AND NOT (c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_policy p"
                + "   WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation'"
                + "   AND pg_get_expr(p.polqual, p.polrelid)"
                + "     = pg_get_expr(p.polwithcheck, p.polrelid)"
                + "   AND pg_get_expr(p.polqual, p.polrelid) LIKE"
                + "     '%tenant_id = current_setting(''eventkit.tenant''::text, true)%'))"
                + " ORDER BY 1");
    List<String> viewsAsOwner =
        names(
            "SELECT c.relname FROM pg_class c"
                + " WHERE c.relnamespace = current_schema()::regnamespace"
                + " AND c.relkind = 'v'"
                + " AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'],"
                + "   false) ORDER BY 1");
    assertThat(viewsAsOwner)
        .as("views that read past row-level security (set security_invoker, as V96 does)")
        .isEmpty();
    assertThat(unprotected)
        .as(
            "tables without row-level security and the tenant_isolation policy (add both in the"
                + " table's migration, as V96 does; see node/README.md, Tenants)")
        .isEmpty();
    assertThat(missing)
        .as(
            "tables without tenant_id text NOT NULL DEFAULT eventkit_session_tenant() (add it in the table's"
                + " migration; see node/README.md, Tenants)")
        .isEmpty();
  }

  /**
   * A unique key made only of values a person or client chooses (a barcode, a GTIN, an email, a
   * partner's node ID, an operation ID) holds per tenant: it includes {@code tenant_id} (V98). Keys
   * with a UUID or a generated number are scoped by the row's own identity, and the keys below are
   * random secrets or digests, unique anywhere.
   */
  @Test
  void naturalKeysAreUniquePerTenant() {
    List<String> global =
        names(
            "SELECT i.relname FROM pg_index x"
                + " JOIN pg_class i ON i.oid = x.indexrelid"
                + " JOIN pg_class c ON c.oid = x.indrelid"
                + " WHERE x.indisunique AND c.relnamespace = current_schema()::regnamespace"
                + " AND c.relname NOT IN "
                + NODE_WIDE
                + " AND NOT EXISTS (SELECT 1 FROM pg_attribute a"
                + "   WHERE a.attrelid = c.oid AND a.attnum = ANY(x.indkey)"
                + "   AND (a.attname = 'tenant_id'"
                + "     OR a.atttypid IN ('uuid'::regtype, 'int4'::regtype, 'int8'::regtype)))"
                + " ORDER BY 1");
    assertThat(global)
        .as(
            "unique keys of chosen values must include tenant_id (V98); random ones are listed"
                + " here")
        .containsExactlyInAnyOrder(
            "api_token_token_hash_key",
            "attachment_storage_key_key",
            "crew_calendar_feed_token_hash_key",
            "issued_certificate_pkey",
            "password_reset_token_pkey",
            "refresh_token_pkey",
            "sso_login_pkey");
  }

  @Test
  void twoTenantsMayShareANaturalKeyButOneTenantMayNotRepeatIt() {
    // Each tenant writes as itself (outside any open handle), so this holds under the application
    // role of SaaS mode too.
    String insert =
        "INSERT INTO location (id, kind, code, name, created_at)"
            + " VALUES (gen_random_uuid(), 'WAREHOUSE', 'NK-WH1', ?, now())";
    try {
      for (String tenant : List.of("nk-a", "nk-b")) {
        as(tenant, h -> h.execute(insert, tenant));
      }
      for (String tenant : List.of("nk-a", "nk-b")) {
        List<String> names =
            as(
                tenant,
                h ->
                    h.createQuery(
                            "SELECT name FROM location WHERE code = 'NK-WH1'"
                                // The owner (a self-hosted node) is not filtered by the policy.
                                + " AND tenant_id = eventkit_session_tenant()")
                        .mapTo(String.class)
                        .list());
        assertThat(names).containsExactly(tenant);
      }
      assertThatThrownBy(() -> as("nk-a", h -> h.execute(insert, "again")))
          .hasMessageContaining("location_code_key");
    } finally {
      for (String tenant : List.of("nk-a", "nk-b")) {
        as(
            tenant,
            h ->
                h.execute(
                    "DELETE FROM location WHERE code = 'NK-WH1'"
                        + " AND tenant_id = eventkit_session_tenant()"));
      }
    }
  }

  /** {@code work} on a handle of the node's pool, opened as {@code tenant}. */
  private static <T> T as(
      String tenant, org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
    return TenantContext.callAs(tenant, () -> InventoryFixture.jdbi().withHandle(work));
  }
}
