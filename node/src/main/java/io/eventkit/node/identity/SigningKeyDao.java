package io.eventkit.node.identity;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The keys Login access tokens are signed with ({@code jwt_signing_key}): node-wide (V97). A shared
 * deployment signs every tenant's tokens with them, so its tokens must name their tenant
 * (docs/saas.md).
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(SigningKeyDao.Row.class)
interface SigningKeyDao {
  /** A key; {@code privateKeyPem} is encrypted under the node's key passphrase. */
  record Row(String kid, String privateKeyPem, String publicJwk, Instant createdAt) {
    /** Without the (encrypted) private key. */
    @Override
    public String toString() {
      return "SigningKeyDao.Row[kid=" + kid + ", createdAt=" + createdAt + "]";
    }
  }

  /**
   * Locks the table (EXCLUSIVE: reads go on, writers wait) until the transaction ends, so replicas
   * starting together create one first key and rotations are serialised.
   */
  @SqlUpdate
  void lock();

  @SqlQuery
  int count();

  @SqlUpdate
  void insert(
      @Bind("kid") String kid,
      @Bind("key") String encryptedPrivateKeyPem,
      @Bind("jwk") String publicJwk,
      @Bind("now") Instant now);

  /** Newest first: the first one signs. */
  @SqlQuery
  List<Row> all();
}
