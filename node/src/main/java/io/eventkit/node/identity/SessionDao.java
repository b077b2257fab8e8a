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

/**
 * Login sessions ({@code auth_session}) and their refresh tokens ({@code refresh_token}, stored as
 * SHA-256 hashes). Every method runs in the handle (transaction) it is attached to.
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(SessionDao.TokenState.class)
@RegisterConstructorMapper(Sessions.Session.class)
interface SessionDao {
  /** A refresh token, its session and the session's user, as a refresh checks them. */
  record TokenState(
      UUID sessionId,
      Instant spentAt,
      UUID userId,
      Instant revokedAt,
      Instant expiresAt,
      String status) {}

  @BindTenant
  @SqlUpdate
  void insert(
      @Bind("id") UUID id,
      @Bind("user") UUID userId,
      @Bind("now") Instant now,
      @Bind("exp") Instant expiresAt,
      @Bind("addr") String sourceAddress);

  @BindTenant
  @SqlUpdate
  void insertRefreshToken(
      @Bind("hash") byte[] tokenHash, @Bind("session") UUID sessionId, @Bind("now") Instant now);

  /** The token of this hash, read without a lock. */
  @BindTenant
  @SqlQuery
  Optional<TokenState> findByRefreshToken(@Bind("hash") byte[] tokenHash);

  /**
   * As {@link #findByRefreshToken}, locking the token and its session until the transaction ends.
   */
  @BindTenant
  @SqlQuery
  Optional<TokenState> lockByRefreshToken(@Bind("hash") byte[] tokenHash);

  @BindTenant
  @SqlUpdate
  void spendRefreshToken(@Bind("hash") byte[] tokenHash, @Bind("now") Instant now);

  /** When the session's unspent tokens were issued (one in a healthy chain), locking them. */
  @BindTenant
  @SqlQuery
  List<Instant> unspentTokensIssuedAt(@Bind("session") UUID sessionId);

  @BindTenant
  @SqlUpdate
  void spendUnspentTokens(@Bind("session") UUID sessionId, @Bind("now") Instant now);

  /** Marks a session used at {@code now}, expiring at {@code exp}. */
  @BindTenant
  @SqlUpdate
  void extend(@Bind("id") UUID id, @Bind("now") Instant now, @Bind("exp") Instant expiresAt);

  /** The unrevoked session of the refresh token with this hash. */
  @BindTenant
  @SqlQuery
  Optional<UUID> liveSessionOf(@Bind("hash") byte[] tokenHash);

  @BindTenant
  @SqlQuery
  Optional<Sessions.Session> get(@Bind("id") UUID id);

  /** Everyone's, newest first, at most 500. */
  @BindTenant
  @SqlQuery
  List<Sessions.Session> list();

  /** A user's, newest first, at most 500. */
  @BindTenant
  @SqlQuery
  List<Sessions.Session> listOfUser(@Bind("user") UUID userId);

  /** 1 if it ended the session, 0 if it was ended already (or does not exist). */
  @BindTenant
  @SqlUpdate
  int revoke(@Bind("id") UUID id, @Bind("reason") String reason, @Bind("now") Instant now);

  /** Ends every live session of a user; returns how many. */
  @BindTenant
  @SqlUpdate
  int revokeAll(@Bind("user") UUID userId, @Bind("reason") String reason, @Bind("now") Instant now);
}
