package io.eventkit.node.inventory;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(SearchDao.Hit.class)
interface SearchDao {
  record Hit(String kind, UUID id, double score) {}

  /**
   * Ranked hits. {@code text} is the lower-cased query, {@code tsquery} its prefix tsquery, {@code
   * prefix} a LIKE pattern for barcode prefixes (already escaped).
   */
  @SqlQuery
  @UseClasspathSqlLocator
  List<Hit> search(
      @Bind("raw") String raw,
      @Bind("text") String text,
      @Bind("tsquery") String tsquery,
      @Bind("prefix") String prefix,
      @Bind("lowerPrefix") String lowerPrefix,
      @Bind("afterScore") Double afterScore,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);
}
