package io.eventkit.node.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.InventoryFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every table of a migrated node has {@code tenant_id text NOT NULL DEFAULT 'default'} (the
 * convention in node/README.md, "Tenants"): a new table without it fails here.
 */
class TenantColumnTest {
  @Test
  void everyTableHasANotNullTenantColumnDefaultingToTheDefaultTenant() {
    List<String> tables =
        InventoryFixture.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT table_name FROM information_schema.tables"
                                + " WHERE table_schema = current_schema()"
                                + " AND table_type = 'BASE TABLE'"
                                + " AND table_name <> 'flyway_schema_history' ORDER BY 1")
                        .mapTo(String.class)
                        .list());
    List<String> missing =
        InventoryFixture.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT t.table_name FROM information_schema.tables t"
                                + " WHERE t.table_schema = current_schema()"
                                + " AND t.table_type = 'BASE TABLE'"
                                + " AND t.table_name <> 'flyway_schema_history'"
                                + " AND NOT EXISTS (SELECT 1 FROM information_schema.columns c"
                                + "   WHERE c.table_schema = t.table_schema"
                                + "   AND c.table_name = t.table_name"
                                + "   AND c.column_name = 'tenant_id' AND c.data_type = 'text'"
                                + "   AND c.is_nullable = 'NO'"
                                + "   AND c.column_default = '''default''::text')"
                                + " ORDER BY 1")
                        .mapTo(String.class)
                        .list());
    assertThat(tables).contains("product", "booking_line", "partner", "subhire", "api_token");
    assertThat(missing)
        .as(
            "tables without tenant_id text NOT NULL DEFAULT 'default' (add it in the table's"
                + " migration; see node/README.md, Tenants)")
        .isEmpty();
  }
}
