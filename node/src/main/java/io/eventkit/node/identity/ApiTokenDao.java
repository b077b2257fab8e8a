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

/** The {@code api_token} table. The secret's SHA-256 hash goes in, and is never read back. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(ApiTokenDao.Row.class)
interface ApiTokenDao {
  /** A stored token: exactly one of role, customRole and permissions is set. */
  @SuppressWarnings("ArrayRecordComponent") // JDBI row: SQL arrays map to arrays; never compared
  record Row(
      UUID id,
      String name,
      String prefix,
      String role,
      String customRole,
      String[] permissions,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
      Instant revokedAt,
      String createdBy,
      boolean bootstrap) {}

  @BindTenant
  @SqlUpdate
  void insert(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("prefix") String prefix,
      @Bind("role") String role,
      @Bind("customRole") String customRole,
      @Bind("permissions") String[] permissions,
      @Bind("hash") byte[] hash,
      @Bind("now") Instant now,
      @Bind("expiresAt") Instant expiresAt,
      @Bind("createdBy") String createdBy,
      @Bind("bootstrap") boolean bootstrap);

  /** The unrevoked token with this hash (expiry is the caller's to check). */
  @BindTenant
  @SqlQuery
  Optional<Row> byHash(@Bind("hash") byte[] hash);

  @BindTenant
  @SqlQuery
  Optional<Row> get(@Bind("id") UUID id);

  /** Newest first; without {@code includeInactive} only tokens neither revoked nor expired. */
  @BindTenant
  @SqlQuery
  List<Row> list(@Bind("includeInactive") boolean includeInactive, @Bind("now") Instant now);

  /** 1 if it revoked the token, 0 if it was revoked already (or does not exist). */
  @BindTenant
  @SqlUpdate
  int revoke(@Bind("id") UUID id, @Bind("now") Instant now);

  /** Moves last_used_at forward to {@code now} (never back). */
  @BindTenant
  @SqlUpdate
  int touch(@Bind("id") UUID id, @Bind("now") Instant now);

  @BindTenant
  @SqlQuery
  boolean needsBootstrap(@Bind("now") Instant now);
}
