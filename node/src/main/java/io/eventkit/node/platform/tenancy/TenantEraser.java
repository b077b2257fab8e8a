package io.eventkit.node.platform.tenancy;

import io.eventkit.node.kernel.TenantContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Erases every row of one tenant from every table under row-level security (the business tables;
 * V96), in one transaction: all or nothing. Tables are read from the catalog, so a new table is
 * covered without a change here.
 *
 * <p>Rows go children first (the foreign keys between the tables, from the catalog). Delete
 * triggers may write rows of the tenant again (stock and shortage bookkeeping), so passes repeat
 * until a pass finds nothing. Each statement names the tenant and runs as it, so the rows of
 * another tenant are out of reach twice over (its filter, and row-level security for a role it
 * binds). {@code eventkit.erase_tenant} lets the append-only trails' triggers (V99) allow it.
 */
public final class TenantEraser {
  private static final int MAX_PASSES = 5;

  private TenantEraser() {}

  /**
   * Erases {@code tenant}'s rows; returns the number erased per table (tables with none left out).
   *
   * @throws IllegalArgumentException for the default tenant or a malformed ID
   * @throws IllegalStateException if rows are still there after {@link #MAX_PASSES} passes
   */
  public static Map<String, Long> erase(Jdbi jdbi, String tenant) {
    return erase(jdbi, tenant, h -> {});
  }

  /**
   * {@link #erase(Jdbi, String)}, then {@code last} in the same transaction (which runs as {@code
   * tenant}): e.g. the registry entry's removal, so that both happen or neither.
   */
  public static Map<String, Long> erase(
      Jdbi jdbi, String tenant, java.util.function.Consumer<Handle> last) {
    if (!TenantContext.isValid(tenant) || TenantContext.DEFAULT_TENANT.equals(tenant)) {
      throw new IllegalArgumentException("can't erase the tenant '" + tenant + "'");
    }
    return TenantContext.callAs(
        tenant,
        () ->
            jdbi.inTransaction(
                h -> {
                  h.createUpdate("SELECT set_config('eventkit.erase_tenant', :t, true)")
                      .bind("t", tenant)
                      .execute();
                  List<String> order = childrenFirst(h);
                  Map<String, Long> erased = new LinkedHashMap<>();
                  for (int pass = 0; pass < MAX_PASSES; pass++) {
                    long inPass = 0;
                    for (String table : order) {
                      int n =
                          h.createUpdate("DELETE FROM " + table + " WHERE tenant_id = :t")
                              .bind("t", tenant)
                              .execute();
                      if (n > 0) {
                        erased.merge(table, (long) n, Long::sum);
                        inPass += n;
                      }
                    }
                    if (inPass == 0) {
                      last.accept(h);
                      return erased;
                    }
                  }
                  throw new IllegalStateException(
                      "tenant "
                          + tenant
                          + ": rows were still written after "
                          + MAX_PASSES
                          + " passes of erasing");
                }));
  }

  /** The tables under row-level security, each after every table that references it. */
  static List<String> childrenFirst(Handle h) {
    List<String> tables =
        h.createQuery(
                "SELECT c.relname FROM pg_class c"
                    + " WHERE c.relnamespace = current_schema()::regnamespace"
                    + " AND c.relkind = 'r' AND c.relrowsecurity ORDER BY 1")
            .mapTo(String.class)
            .list();
    Map<String, Set<String>> referencedBy = new HashMap<>();
    h.createQuery(
            "SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint k"
                + " JOIN pg_class child ON child.oid = k.conrelid"
                + " JOIN pg_class parent ON parent.oid = k.confrelid"
                + " WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace"
                + " AND child.oid <> parent.oid")
        .map((rs, ctx) -> new String[] {rs.getString("child"), rs.getString("parent")})
        .forEach(e -> referencedBy.computeIfAbsent(e[1], k -> new HashSet<>()).add(e[0]));
    List<String> order = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    Set<String> visiting = new HashSet<>();
    for (String t : tables) {
      visit(t, referencedBy, new HashSet<>(tables), placed, visiting, order);
    }
    return order;
  }

  /** Depth first: a table's referencing tables go before it. A cycle is cut where it is met. */
  private static void visit(
      String table,
      Map<String, Set<String>> referencedBy,
      Set<String> inScope,
      Set<String> placed,
      Set<String> visiting,
      List<String> order) {
    if (placed.contains(table) || !visiting.add(table)) {
      return;
    }
    for (String child : referencedBy.getOrDefault(table, Set.of())) {
      if (inScope.contains(child)) {
        visit(child, referencedBy, inScope, placed, visiting, order);
      }
    }
    visiting.remove(table);
    placed.add(table);
    order.add(table);
  }
}
