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

/** Local users ({@code app_user}). Every method runs in the handle it is attached to. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(UserDao.Row.class)
@RegisterConstructorMapper(UserDao.Held.class)
interface UserDao {
  /** A stored user; {@code roles} are built-in role names, {@code status} a Users.Status name. */
  @SuppressWarnings("ArrayRecordComponent") // JDBI row: SQL arrays map to arrays; never compared
  record Row(
      UUID id,
      String email,
      String displayName,
      String locale,
      String timeZone,
      String[] roles,
      String status,
      String passwordHash,
      Instant createdAt,
      Instant updatedAt,
      String[] customRoles,
      String authSource) {
    /** Without the password hash. */
    @Override
    public String toString() {
      return "UserDao.Row[id=" + id + ", email=" + email + ", status=" + status + "]";
    }
  }

  /** The built-in and custom role names an ACTIVE user holds. */
  @SuppressWarnings("ArrayRecordComponent") // JDBI row: SQL arrays map to arrays; never compared
  record Held(String[] roles, String[] customRoles) {}

  /** Unique violation (23505) when the email is taken. */
  @BindTenant
  @SqlUpdate
  void insert(
      @Bind("id") UUID id,
      @Bind("email") String email,
      @Bind("name") String displayName,
      @Bind("locale") String locale,
      @Bind("tz") String timeZone,
      @Bind("roles") String[] roles,
      @Bind("custom") String[] customRoles,
      @Bind("hash") String passwordHash,
      @Bind("now") Instant now);

  /** All, by email. */
  @BindTenant
  @SqlQuery
  List<Row> list();

  @BindTenant
  @SqlQuery
  Optional<Row> find(@Bind("id") UUID id);

  /** As {@link #find}, locking the row until the transaction ends. */
  @BindTenant
  @SqlQuery
  Optional<Row> lock(@Bind("id") UUID id);

  /** {@code email} lower-cased, as stored. */
  @BindTenant
  @SqlQuery
  Optional<Row> byEmail(@Bind("email") String email);

  @BindTenant
  @SqlUpdate
  void update(
      @Bind("id") UUID id,
      @Bind("name") String displayName,
      @Bind("locale") String locale,
      @Bind("tz") String timeZone,
      @Bind("roles") String[] roles,
      @Bind("custom") String[] customRoles,
      @Bind("status") String status,
      @Bind("now") Instant now);

  /** Replaces the password hash only if it is still {@code old} (a concurrent change wins). */
  @BindTenant
  @SqlUpdate
  int rehash(@Bind("id") UUID id, @Bind("hash") String hash, @Bind("old") String old);

  /** Empty if the user does not exist or is not ACTIVE. */
  @BindTenant
  @SqlQuery
  Optional<Held> activeRoles(@Bind("id") UUID id);
}
