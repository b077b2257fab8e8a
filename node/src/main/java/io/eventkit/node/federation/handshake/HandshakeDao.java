package io.eventkit.node.federation.handshake;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The handshake's rows (V2): invitations (only a hash of the secret), and the partner-row writes of
 * enrolment on both sides. Every write runs inside the caller's transaction (attach to its handle).
 */
@UseClasspathSqlLocator
@RegisterConstructorMapper(HandshakeDao.InvitationRow.class)
@RegisterConstructorMapper(HandshakeDao.EnrolmentKey.class)
interface HandshakeDao {
  @SuppressWarnings("ArrayRecordComponent") // a mapped row, never compared or hashed
  record InvitationRow(
      String partnerNodeId,
      String offeredLevel,
      byte[] secretHash,
      Instant expiresAt,
      Instant usedAt) {}

  /** The encrypted key of an enrolment in progress (null: none). */
  record EnrolmentKey(String keyPem) {
    @Override
    public String toString() {
      return "EnrolmentKey[***]";
    }
  }

  /** Inviter: the partner row becomes INVITED, cleared of any earlier relationship. */
  @BindTenant
  @SqlUpdate
  void upsertInvited(
      @Bind("id") String nodeId,
      @Bind("level") String grantedLevel,
      @Bind("limit") int rateLimit,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate
  void insertInvitation(
      @Bind("id") UUID id,
      @Bind("partner") String partner,
      @Bind("level") String offeredLevel,
      @Bind("hash") byte[] secretHash,
      @Bind("now") Instant now,
      @Bind("by") String createdBy,
      @Bind("expires") Instant expiresAt);

  /** The invitation, locked until the end of the transaction (one redeemer wins). */
  @BindTenant
  @SqlQuery
  Optional<InvitationRow> lockInvitation(@Bind("id") UUID id);

  @BindTenant
  @SqlUpdate
  void markUsed(@Bind("id") UUID id, @Bind("now") Instant now);

  /** Marks every unused invitation of the partner used (revocation). */
  @BindTenant
  @SqlUpdate
  void voidOpenInvitations(@Bind("partner") String partner, @Bind("now") Instant now);

  /** Inviter: an INVITED partner redeemed its invitation and becomes PENDING. */
  @BindTenant
  @SqlUpdate
  void markEnrolled(
      @Bind("id") String nodeId,
      @Bind("endpoint") String federationEndpoint,
      @Bind("received") String receivedLevel,
      @Bind("bundle") String bundleText,
      @Bind("seq") long bundleSequence,
      @Bind("pendingKey") String pendingKeyPem,
      @Bind("now") Instant now);

  /** Invitee: the inviter's row, PENDING, with its bundle and the levels both ways. */
  @BindTenant
  @SqlUpdate
  void upsertAccepted(
      @Bind("id") String nodeId,
      @Bind("endpoint") String federationEndpoint,
      @Bind("granted") String grantedLevel,
      @Bind("received") String receivedLevel,
      @Bind("limit") int rateLimit,
      @Bind("bundle") String bundleText,
      @Bind("seq") long bundleSequence,
      @Bind("now") Instant now);

  /**
   * The key of our reverse CSR, or, once a first CompleteEnrollment stored the chain, the stored
   * client key. Empty if there is no partner row.
   */
  @BindTenant
  @SqlQuery
  Optional<EnrolmentKey> enrolmentKey(@Bind("id") String nodeId);
}
