package io.eventkit.node.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The domain_event rows a test caused, read back with their payloads. */
public final class EventRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventRows() {}

  public record Row(
      UUID id,
      String tenant,
      String type,
      String subjectKind,
      String subjectId,
      UUID recipient,
      String actor,
      Map<String, Object> payload,
      String dedupeKey) {}

  /** Events of {@code type} about {@code subjectId}, oldest first. */
  public static List<Row> of(Jdbi jdbi, String type, Object subjectId) {
    return query(jdbi, "type = :type AND subject_id = :subject", type, subjectId.toString());
  }

  /** Events of {@code type} whose payload field {@code field} is {@code value}, oldest first. */
  public static List<Row> withPayload(Jdbi jdbi, String type, String field, Object value) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM domain_event WHERE type = :type AND payload->>:field = :value"
                        + " ORDER BY seq")
                .bind("type", type)
                .bind("field", field)
                .bind("value", value.toString())
                .map((rs, ctx) -> row(rs))
                .list());
  }

  /** Every event about {@code subjectId}, whatever its type, oldest first. */
  public static List<Row> about(Jdbi jdbi, Object subjectId) {
    return query(jdbi, "subject_id = :subject", null, subjectId.toString());
  }

  private static List<Row> query(Jdbi jdbi, String where, String type, String subject) {
    return jdbi.withHandle(
        h -> {
          var q = h.createQuery("SELECT * FROM domain_event WHERE " + where + " ORDER BY seq");
          if (type != null) {
            q.bind("type", type);
          }
          return q.bind("subject", subject).map((rs, ctx) -> row(rs)).list();
        });
  }

  private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
    Map<String, Object> payload;
    try {
      payload = JSON.readValue(rs.getString("payload"), new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Row(
        rs.getObject("id", UUID.class),
        rs.getString("tenant_id"),
        rs.getString("type"),
        rs.getString("subject_kind"),
        rs.getString("subject_id"),
        rs.getObject("recipient_user_id", UUID.class),
        rs.getString("actor"),
        payload,
        rs.getString("dedupe_key"));
  }
}
