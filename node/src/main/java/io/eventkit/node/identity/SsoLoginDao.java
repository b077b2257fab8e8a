package io.eventkit.node.identity;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** OIDC logins in progress (table {@code sso_login}), keyed by the SHA-256 of their state. */
@RegisterConstructorMapper(SsoLoginDao.Pending.class)
interface SsoLoginDao {
  /** What StartSsoLogin left for CompleteSsoLogin. */
  record Pending(String providerId, String redirectUri, String nonce, String codeVerifier) {}

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insert(
      @Bind("stateHash") byte[] stateHash,
      @Bind("providerId") String providerId,
      @Bind("redirectUri") String redirectUri,
      @Bind("nonce") String nonce,
      @Bind("codeVerifier") String codeVerifier,
      @Bind("now") Instant now,
      @Bind("expiresAt") Instant expiresAt);

  /**
   * Spends the login of this state and returns it; empty if there is none, it has expired or it was
   * spent before. One statement, so two replicas cannot both spend it.
   */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<Pending> claim(@Bind("stateHash") byte[] stateHash, @Bind("now") Instant now);

  /** Deletes logins that expired before {@code before}. */
  @SqlUpdate
  @UseClasspathSqlLocator
  int purge(@Bind("before") Instant before);
}
