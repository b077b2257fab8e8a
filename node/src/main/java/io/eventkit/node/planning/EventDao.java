package io.eventkit.node.planning;

import io.eventkit.node.kernel.Interval;
import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(EventDao.Mapper.class)
interface EventDao {
  /** The event's columns and its client's names (join {@link #FROM}). */
  String COLUMNS =
      "event.id, event.name, event.client_name, event.venue, event.time_zone,"
          + " lower(event.period) AS starts_at, upper(event.period) AS ends_at, event.status,"
          + " event.priority, event.notes, event.created_at, event.updated_at, event.fulfilment,"
          + " event.client_company_id, cc.name AS client_company_name, event.client_contact_id,"
          + " trim(ct.first_name || ' ' || ct.last_name) AS client_contact_name,"
          + " ct.email AS client_contact_email, ct.phone AS client_contact_phone";

  /** The event with its CRM client (company, contact): one statement, no query per event. */
  String FROM =
      " FROM event LEFT JOIN crm_company cc ON cc.id = event.client_company_id"
          + " LEFT JOIN crm_contact ct ON ct.id = event.client_contact_id ";

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void insert(@BindMethods("e") List<Row> events);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + FROM + "WHERE event.tenant_id = :tenant AND event.id = :id")
  Optional<Event> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + FROM + "WHERE event.id = :id FOR UPDATE OF event")
  Optional<Event> lock(@Bind("id") UUID id);

  /** A CRM company as an event's client: its name and whether it is archived. */
  @BindTenant
  @SqlQuery("SELECT name, archived FROM crm_company WHERE tenant_id = :tenant AND id = :id")
  @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(ClientCompany.class)
  Optional<ClientCompany> clientCompany(@Bind("id") UUID id);

  /** The company of a CRM contact. */
  @BindTenant
  @SqlQuery("SELECT company_id FROM crm_contact WHERE tenant_id = :tenant AND id = :id")
  Optional<UUID> contactCompany(@Bind("id") UUID id);

  @BindTenant
  @SqlUpdate(
      "UPDATE event SET client_company_id = :company, client_contact_id = :contact"
          + " WHERE tenant_id = :tenant AND client_name = :name AND client_company_id IS NULL")
  int adoptClient(
      @Bind("name") String name, @Bind("company") UUID company, @Bind("contact") UUID contact);

  record ClientCompany(String name, boolean archived) {}

  /** Every field but status and created_at, from the row. */
  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void update(@BindMethods("e") Row event);

  /** Not updated_at: the scans move it, not a planner's edit. */
  @SqlUpdate("UPDATE event SET fulfilment = :f WHERE id = :id AND fulfilment <> :f")
  void setFulfilment(@Bind("id") UUID id, @Bind("f") String fulfilment);

  @SqlUpdate("UPDATE event SET status = :status, updated_at = :now WHERE id = :id")
  void setStatus(@Bind("id") UUID id, @Bind("status") String status, @Bind("now") Instant now);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Event> list(
      @Bind("statuses") String[] statuses,
      @Bind("fulfilments") String[] fulfilments,
      @Bind("like") String like,
      @Bind("productId") UUID productId,
      @Bind("assetId") UUID assetId,
      @Bind("clientCompanyId") UUID clientCompanyId,
      @Bind("windowStart") Instant windowStart,
      @Bind("windowEnd") Instant windowEnd,
      @Bind("afterStart") Instant afterStart,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  /** Its booking lines go with it (ON DELETE CASCADE). */
  @BindTenant
  @SqlUpdate("DELETE FROM event WHERE tenant_id = :tenant AND id = :id")
  int delete(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT count(*) FROM event WHERE tenant_id = :tenant")
  long count();

  record Row(
      UUID id,
      String name,
      String clientName,
      String venue,
      String timeZone,
      Instant start,
      Instant end,
      String status,
      int priority,
      String notes,
      Instant createdAt,
      Instant updatedAt,
      UUID clientCompanyId,
      UUID clientContactId) {
    static Row of(Event e) {
      return new Row(
          e.id(),
          e.name(),
          e.clientName(),
          e.venue(),
          e.timeZone(),
          e.period().start(),
          e.period().end(),
          e.status().name(),
          e.priority(),
          e.notes(),
          e.createdAt(),
          e.updatedAt(),
          e.clientCompanyId(),
          e.clientContactId());
    }
  }

  final class Mapper implements RowMapper<Event> {
    @Override
    public Event map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Event(
          rs.getObject("id", UUID.class),
          rs.getString("name"),
          rs.getString("client_name"),
          rs.getString("venue"),
          rs.getString("time_zone"),
          new Interval(
              rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant()),
          EventStatus.valueOf(rs.getString("status")),
          rs.getInt("priority"),
          rs.getString("notes"),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant(),
          Fulfilment.valueOf(rs.getString("fulfilment")),
          client(rs));
    }

    private static Event.Client client(ResultSet rs) throws SQLException {
      UUID company = rs.getObject("client_company_id", UUID.class);
      if (company == null) {
        return null;
      }
      UUID contact = rs.getObject("client_contact_id", UUID.class);
      return new Event.Client(
          company,
          rs.getString("client_company_name"),
          contact,
          contact == null ? "" : rs.getString("client_contact_name"),
          contact == null ? "" : rs.getString("client_contact_email"),
          contact == null ? "" : rs.getString("client_contact_phone"));
    }
  }
}
