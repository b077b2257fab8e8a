package io.eventkit.node.identity;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The part of {@code app_user} that directory and SSO logins read and write. */
@RegisterConstructorMapper(ExternalUserDao.Account.class)
interface ExternalUserDao {
  /** How a user logs in, and whether they have a local password. */
  @SuppressWarnings("ArrayRecordComponent") // JDBI row: SQL arrays map to arrays; never compared
  record Account(UUID id, String status, String authSource, String[] roles, boolean hasPassword) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<Account> find(@Bind("email") String email);

  /** As {@link #find}, locking the row until the transaction ends. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<Account> lock(@Bind("email") String email);

  /** Inserts an ACTIVE user without a password; 0 if the email is taken (by a concurrent login). */
  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  int insertIfAbsent(
      @Bind("id") UUID id,
      @Bind("email") String email,
      @Bind("name") String displayName,
      @Bind("roles") String[] roles,
      @Bind("source") String authSource,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void update(
      @Bind("id") UUID id,
      @Bind("roles") String[] roles,
      @Bind("source") String authSource,
      @Bind("now") Instant now);
}
