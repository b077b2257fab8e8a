package io.eventkit.node.subhire;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Received message IDs with the ack each got: a replay gets the same ack (§17.5). */
@RegisterRowMapper(InboxDao.StoredMapper.class)
interface InboxDao {
  @SuppressWarnings("ArrayRecordComponent") // bytes carried once, never compared or hashed
  record Stored(String sender, byte[] payloadSha256, byte[] ack) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<Stored> find(@Bind("m") UUID messageId);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void store(
      @Bind("m") UUID messageId,
      @Bind("s") String sender,
      @Bind("n") UUID negotiationId,
      @Bind("seq") long sequence,
      @Bind("hash") byte[] payloadSha256,
      @Bind("ack") byte[] ack,
      @Bind("now") Instant now);

  final class StoredMapper implements RowMapper<Stored> {
    @Override
    public Stored map(java.sql.ResultSet rs, StatementContext ctx) throws java.sql.SQLException {
      return new Stored(rs.getString(1), rs.getBytes(2), rs.getBytes(3));
    }
  }
}
