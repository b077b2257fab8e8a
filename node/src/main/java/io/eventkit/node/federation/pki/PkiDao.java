package io.eventkit.node.federation.pki;

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
 * The node's PKI tables (V2): root, issuing-CA slots, the published bundle and the server
 * certificate (singleton rows, id 1), and the certificates issued to partners. Key columns hold
 * encrypted PEM only.
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(PkiDao.KeyedPem.class)
@RegisterConstructorMapper(PkiDao.SlotRow.class)
@RegisterConstructorMapper(PkiDao.RevokedRow.class)
interface PkiDao {
  /** A certificate (or chain) and its encrypted key. */
  record KeyedPem(String certPem, String keyPem) {
    @Override
    public String toString() {
      return "KeyedPem[***]";
    }
  }

  record SlotRow(String id, String state, String certPem, String keyPem, Instant since) {}

  record RevokedRow(String issuerFingerprint, String serial, Instant revokedAt) {}

  /** Serialises first-start creation across nodes sharing the database (held until commit). */
  @SqlQuery
  int lockForInit(@Bind("key") long key);

  @SqlQuery
  int countLiveRoots();

  @SqlUpdate
  void insertRoot(
      @Bind("id") UUID id,
      @Bind("cert") String certPem,
      @Bind("key") String keyPem,
      @Bind("now") Instant now);

  /** The newest root that is not retired. */
  @SqlQuery
  KeyedPem liveRoot();

  /** Every issuing-CA slot, oldest first. */
  @SqlQuery
  List<SlotRow> slots();

  @SqlUpdate
  void insertSlot(
      @Bind("id") String id,
      @Bind("state") String state,
      @Bind("cert") String certPem,
      @Bind("key") String keyPem,
      @Bind("since") Instant since);

  @SqlUpdate
  void updateSlot(@Bind("id") String id, @Bind("state") String state, @Bind("since") Instant since);

  @SqlQuery
  String bundleText();

  /** Inserts or replaces the singleton bundle row. */
  @SqlUpdate
  void saveBundle(@Bind("seq") long sequence, @Bind("text") String text);

  /** The server certificate chain (as {@code certPem}) and its key. */
  @SqlQuery
  Optional<KeyedPem> serverCert();

  /** Inserts or replaces the singleton server-certificate row. */
  @SqlUpdate
  void saveServerCert(
      @Bind("chain") String chainPem,
      @Bind("key") String keyPem,
      @Bind("notAfter") Instant notAfter);

  @SqlUpdate
  void insertIssued(
      @Bind("serial") String serialHex,
      @Bind("partner") String partner,
      @Bind("issuer") String issuerFingerprint,
      @Bind("now") Instant now,
      @Bind("notAfter") Instant notAfter);

  /** Revokes every unrevoked certificate issued to the partner; returns how many. */
  @SqlUpdate
  int revokeAllIssuedTo(
      @Bind("partner") String partner, @Bind("reason") String reason, @Bind("now") Instant now);

  /** Every revoked serial, of every issuer. */
  @SqlQuery
  List<RevokedRow> revoked();

  /** The revoked serials of one issuer, by serial. */
  @SqlQuery
  List<RevokedRow> revokedBy(@Bind("fp") String issuerFingerprint);
}
