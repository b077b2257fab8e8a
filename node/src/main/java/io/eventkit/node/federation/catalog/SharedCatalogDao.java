package io.eventkit.node.federation.catalog;

import io.eventkit.node.platform.db.BindTenant;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What the shared catalogue's version is computed from (the product table, read only). */
@UseClasspathSqlLocator
@RegisterConstructorMapper(SharedCatalogDao.Stamp.class)
interface SharedCatalogDao {
  /** The number of shared products and the latest change of any product (epoch micros, or 0). */
  record Stamp(long shared, long changedAt) {}

  @BindTenant
  @SqlQuery
  Stamp stamp();
}
