package io.eventkit.node.subhire;

import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The outbox rows and the per-partner backoff (§17.5); {@link Outbox} holds the rules. Updates of a
 * claimed row name its claim token and touch it only while that pass still holds it.
 */
@RegisterRowMapper(OutboxDao.PendingMapper.class)
@RegisterRowMapper(OutboxDao.BacklogMapper.class)
interface OutboxDao {
  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void enqueue(
      @Bind("n") UUID negotiationId,
      @Bind("p") String partner,
      @Bind("m") UUID messageId,
      @Bind("s") long sequence,
      @Bind("method") String method,
      @Bind("e") byte[] envelope,
      @Bind("now") Instant now,
      @Bind("trace") String traceParent);

  /**
   * Claims up to {@code limit} due rows ({@code FOR UPDATE SKIP LOCKED}: concurrent passes never
   * claim one row twice); an instance is dead when its last beat is older than {@code timeoutSecs}
   * by the database's clock.
   */
  @SqlQuery
  @UseClasspathSqlLocator
  List<Outbox.Pending> claim(
      @Bind("leaseUntil") Instant leaseUntil,
      @Bind("token") UUID token,
      @Bind("instance") UUID instance,
      @Bind("timeoutSecs") double timeoutSecs,
      @Bind("now") Instant now,
      @Bind("limit") int limit);

  /** How many rows changed: 0 if another pass has re-claimed the row meanwhile. */
  @SqlUpdate
  @UseClasspathSqlLocator
  int delivered(@Bind("id") long id, @Bind("token") UUID token, @Bind("now") Instant now);

  @SqlUpdate
  @UseClasspathSqlLocator
  void retry(@Bind("id") long id, @Bind("token") UUID token, @Bind("e") String error);

  @SqlUpdate
  @UseClasspathSqlLocator
  void retryAt(
      @Bind("id") long id,
      @Bind("token") UUID token,
      @Bind("e") String error,
      @Bind("next") Instant next);

  @SqlUpdate
  @UseClasspathSqlLocator
  void release(@Bind("id") long id, @Bind("token") UUID token);

  /** Deletes the negotiation's unsent rows from {@code sequence} on; returns how many. */
  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  int deleteFrom(@Bind("n") UUID negotiationId, @Bind("s") long sequence);

  @BindTenant
  @SqlUpdate("UPDATE subhire SET next_out_seq = :s WHERE tenant_id = :tenant AND id = :n")
  void rewindSequence(@Bind("n") UUID negotiationId, @Bind("s") long sequence);

  @SqlUpdate
  @UseClasspathSqlLocator
  int abandon(@Bind("n") UUID negotiationId, @Bind("e") String why);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  boolean hasPending(@Bind("n") UUID negotiationId);

  /** Pending rows per negotiation that has any, with the partner's backoff, in one query. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Backlog> delivery(@Bind("ids") UUID[] ids);

  @SqlQuery("SELECT count(*) FROM subhire_outbox WHERE status = 'PENDING'")
  long pendingCount();

  /**
   * "partner: n waiting (last error)" per partner with rows pending since before {@code before}.
   */
  @SqlQuery
  @UseClasspathSqlLocator
  List<String> stuck(@Bind("before") Instant before);

  // ---- per-partner backoff ----

  /** Counts one more failed send to the partner; returns its failures in a row. */
  @SqlQuery
  @UseClasspathSqlLocator
  int countFailure(@Bind("p") String partner, @Bind("e") String error, @Bind("now") Instant now);

  @SqlUpdate(
      "UPDATE subhire_partner_backoff SET next_attempt_at = :next WHERE partner_node_id = :p")
  void backOffUntil(@Bind("p") String partner, @Bind("next") Instant next);

  @SqlUpdate
  @UseClasspathSqlLocator
  void partnerHeard(@Bind("p") String partner, @Bind("now") Instant now);

  record Backlog(
      UUID negotiationId, int pending, int attempts, String lastError, Instant nextAttemptAt) {}

  final class PendingMapper implements RowMapper<Outbox.Pending> {
    @Override
    public Outbox.Pending map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Outbox.Pending(
          rs.getLong(1),
          rs.getObject(2, UUID.class),
          rs.getString(3),
          rs.getObject(4, UUID.class),
          rs.getLong(5),
          Outbox.Method.valueOf(rs.getString(6)),
          rs.getBytes(7),
          rs.getInt(8),
          rs.getString(9));
    }
  }

  final class BacklogMapper implements RowMapper<Backlog> {
    @Override
    public Backlog map(ResultSet rs, StatementContext ctx) throws SQLException {
      Timestamp next = rs.getTimestamp(5);
      return new Backlog(
          rs.getObject(1, UUID.class),
          rs.getInt(2),
          rs.getInt(3),
          rs.getString(4),
          next == null ? null : next.toInstant());
    }
  }
}
