package io.eventkit.node.identity;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Password hashes and reset tokens. Every method runs in the caller's handle (transaction). */
interface PasswordDao {
  /** The hash of an ACTIVE user's password; empty if none is set or the user is not active. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<String> passwordHash(@Bind("id") UUID userId);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  int setPasswordHash(@Bind("id") UUID userId, @Bind("hash") String hash, @Bind("now") Instant now);

  /** Spends every live reset token of a user; returns how many. */
  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  int spendResetTokens(@Bind("user") UUID userId, @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insertResetToken(
      @Bind("hash") byte[] tokenHash,
      @Bind("user") UUID userId,
      @Bind("now") Instant now,
      @Bind("expires") Instant expiresAt);

  /**
   * Spends a live token and returns its user; empty if the token is unknown, spent or expired, or
   * its user is disabled. One UPDATE, so two concurrent uses of a token spend it once.
   */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<UUID> spendResetToken(@Bind("hash") byte[] tokenHash, @Bind("now") Instant now);

  /** Ends a user's live sessions except {@code keep} (may be null); returns how many. */
  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  int revokeOtherSessions(
      @Bind("user") UUID userId,
      @Bind("keep") UUID keep,
      @Bind("reason") String reason,
      @Bind("now") Instant now);

  /** Whether a reset token was issued to the user after {@code since} (spent or not). */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  boolean resetIssuedSince(@Bind("user") UUID userId, @Bind("since") Instant since);
}
