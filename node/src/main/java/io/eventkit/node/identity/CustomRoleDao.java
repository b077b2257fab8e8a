package io.eventkit.node.identity;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code custom_role} table, and who holds a role. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(CustomRoleDao.Row.class)
interface CustomRoleDao {
  /** A stored role; {@code permissions} are kernel permission names. */
  @SuppressWarnings("ArrayRecordComponent") // JDBI row: SQL arrays map to arrays; never compared
  record Row(
      UUID id,
      String name,
      String description,
      String[] permissions,
      Instant createdAt,
      Instant updatedAt) {}

  /** Unique violation (23505) when the name is taken, case-insensitively. */
  @BindTenant
  @SqlUpdate
  void insert(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("description") String description,
      @Bind("permissions") String[] permissions,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate
  void update(
      @Bind("id") UUID id,
      @Bind("description") String description,
      @Bind("permissions") String[] permissions,
      @Bind("now") Instant now);

  /** The role named so (case-insensitively), locked until the transaction ends. */
  @BindTenant
  @SqlQuery
  Optional<Row> lock(@Bind("name") String name);

  /** The roles with these lower-cased names, share-locked so none is deleted meanwhile. */
  @BindTenant
  @SqlQuery
  List<Row> lockShared(@Bind("names") String[] lowerCaseNames);

  /** All, by name. */
  @BindTenant
  @SqlQuery
  List<Row> list();

  @BindTenant
  @SqlUpdate
  void delete(@Bind("id") UUID id);

  /** Up to five emails of users holding the role (its stored name). */
  @BindTenant
  @SqlQuery
  List<String> usersHolding(@Bind("name") String name);

  /** Up to five names of usable (not revoked, not expired) API tokens holding the role. */
  @BindTenant
  @SqlQuery
  List<String> tokensHolding(@Bind("name") String name, @Bind("now") Instant now);
}
