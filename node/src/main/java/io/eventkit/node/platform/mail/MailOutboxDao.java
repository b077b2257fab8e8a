package io.eventkit.node.platform.mail;

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
import org.jspecify.annotations.Nullable;

/** The {@code mail_outbox} and {@code mail_attachment} tables. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(MailStatus.class)
@RegisterConstructorMapper(MailOutboxDao.Due.class)
@RegisterConstructorMapper(MailOutboxDao.StoredAttachment.class)
interface MailOutboxDao {
  @BindTenant
  @SqlUpdate
  void insert(
      @Bind("id") UUID id,
      @Bind("toAddress") String toAddress,
      @Bind("toName") String toName,
      @Bind("subject") String subject,
      @Bind("textBody") String textBody,
      @Bind("htmlBody") @Nullable String htmlBody,
      @Bind("relatedKind") String relatedKind,
      @Bind("relatedId") String relatedId,
      @Bind("state") String state,
      @Bind("nextAttemptAt") @Nullable Instant nextAttemptAt,
      @Bind("lastError") @Nullable String lastError,
      @Bind("createdAt") Instant createdAt,
      @Bind("sealed") boolean sealed);

  @BindTenant
  @SqlUpdate
  void insertAttachment(
      @Bind("mailId") UUID mailId,
      @Bind("position") int position,
      @Bind("fileName") String fileName,
      @Bind("contentType") String contentType,
      @Bind("bytes") byte[] bytes);

  @BindTenant
  @SqlQuery
  Optional<MailStatus> find(@Bind("id") UUID id);

  /** The row, locked until the transaction ends. */
  @BindTenant
  @SqlQuery
  Optional<MailStatus> lock(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery
  List<MailStatus> forRelated(@Bind("kind") String kind, @Bind("relatedId") String relatedId);

  /** One due PENDING row of any tenant, locked; rows locked by another sender are skipped. */
  @SqlQuery
  Optional<Due> claimDue(@Bind("now") Instant now);

  @SqlQuery
  List<StoredAttachment> attachments(@Bind("mailId") UUID mailId);

  @SqlUpdate
  int markSent(@Bind("id") UUID id, @Bind("now") Instant now);

  @SqlUpdate
  int markAttemptFailed(
      @Bind("id") UUID id,
      @Bind("state") String state,
      @Bind("attempts") int attempts,
      @Bind("nextAttemptAt") @Nullable Instant nextAttemptAt,
      @Bind("error") String error);

  @BindTenant
  @SqlUpdate
  int requeue(@Bind("id") UUID id, @Bind("attempts") int attempts, @Bind("now") Instant now);

  @SqlQuery
  Optional<Instant> nextDue();

  /** A claimed row: what the sender needs. */
  record Due(
      UUID id,
      String tenantId,
      String toAddress,
      String toName,
      String subject,
      String textBody,
      @Nullable String htmlBody,
      int attempts,
      boolean sealed) {}

  /** An attachment as stored. */
  @SuppressWarnings("ArrayRecordComponent") // JDBI row: bytea maps to byte[]; never compared
  record StoredAttachment(String fileName, String contentType, byte[] bytes) {}
}
