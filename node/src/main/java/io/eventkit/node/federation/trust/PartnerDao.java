package io.eventkit.node.federation.trust;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The partner table (V2) as the registry sees it. Reads map to {@link Partner}, which carries no
 * key material; our client credentials are read on their own.
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(Partner.class)
@RegisterConstructorMapper(PartnerRegistry.ClientCredentials.class)
interface PartnerDao {
  @BindTenant
  @SqlQuery
  Optional<Partner> find(@Bind("id") String nodeId);

  /** The row, locked until the end of the transaction. */
  @BindTenant
  @SqlQuery
  Optional<Partner> lock(@Bind("id") String nodeId);

  /** Partners ordered by node ID after {@code after} (keyset pagination). */
  @BindTenant
  @SqlQuery
  List<Partner> list(@Bind("after") String after, @Bind("limit") int limit);

  /** PENDING, ACTIVE and SUSPENDED partners whose client certificate we hold, by node ID. */
  @SqlQuery
  List<Partner> withChannels();

  @BindTenant
  @SqlUpdate
  void setState(@Bind("id") String nodeId, @Bind("to") String state, @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate
  void setLevel(
      @Bind("id") String nodeId,
      @Bind("level") String level,
      @Bind("qty") int maxQuantity,
      @Bind("value") long maxValue,
      @Bind("currency") String currency,
      @Bind("limit") int rateLimit);

  /** Stores the bundle if its sequence is newer; returns 1 if stored, else 0. */
  @BindTenant
  @SqlUpdate
  int storeNewerBundle(
      @Bind("id") String nodeId,
      @Bind("text") String bundleText,
      @Bind("seq") long sequence,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate
  void bundleChecked(@Bind("id") String nodeId, @Bind("now") Instant now);

  @BindTenant
  @SqlQuery
  Optional<PartnerRegistry.ClientCredentials> clientCredentials(@Bind("id") String nodeId);

  /** Stores our client credentials at the partner; the enrolment's pending key is dropped. */
  @BindTenant
  @SqlUpdate
  void storeClientCredentials(
      @Bind("id") String nodeId,
      @Bind("chain") String chainPem,
      @Bind("key") String encryptedKey,
      @Bind("notAfter") Instant notAfter,
      @Bind("now") Instant now);

  /** Stores the name the partner announced (a no-op when it is unchanged). */
  @BindTenant
  @SqlUpdate
  void setDisplayName(@Bind("id") String nodeId, @Bind("name") String name);
}
