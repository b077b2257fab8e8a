package io.eventkit.node.identity;

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
  record Row(
      UUID id,
      String name,
      String description,
      String[] permissions,
      Instant createdAt,
      Instant updatedAt) {}

  /** Unique violation (23505) when the name is taken, case-insensitively. */
  @SqlUpdate
  void insert(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("description") String description,
      @Bind("permissions") String[] permissions,
      @Bind("now") Instant now);

  @SqlUpdate
  void update(
      @Bind("id") UUID id,
      @Bind("description") String description,
      @Bind("permissions") String[] permissions,
      @Bind("now") Instant now);

  /** The role named so (case-insensitively), locked until the transaction ends. */
  @SqlQuery
  Optional<Row> lock(@Bind("name") String name);

  /** The roles with these lower-cased names, share-locked so none is deleted meanwhile. */
  @SqlQuery
  List<Row> lockShared(@Bind("names") String[] lowerCaseNames);

  /** All, by name. */
  @SqlQuery
  List<Row> list();

  @SqlUpdate
  void delete(@Bind("id") UUID id);

  /** Up to five emails of users holding the role (its stored name). */
  @SqlQuery
  List<String> usersHolding(@Bind("name") String name);

  /** Up to five names of usable (not revoked, not expired) API tokens holding the role. */
  @SqlQuery
  List<String> tokensHolding(@Bind("name") String name, @Bind("now") Instant now);
}
