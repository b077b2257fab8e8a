package io.eventkit.node.crm;

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
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(ContactDao.Mapper.class)
interface ContactDao {
  String SELECT =
      "SELECT ct.id, ct.company_id, c.name AS company_name, ct.first_name, ct.last_name, ct.role,"
          + " ct.email, ct.phone, ct.mobile, ct.language, ct.is_primary, ct.notes, ct.archived,"
          + " ct.created_at, ct.updated_at"
          + " FROM crm_contact ct JOIN crm_company c ON c.id = ct.company_id";

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insert(@BindMethods("c") Row c);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void update(@BindMethods("c") Row c);

  @BindTenant
  @SqlQuery(SELECT + " WHERE ct.tenant_id = :tenant AND ct.id = :id")
  Optional<Contact> find(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(SELECT + " WHERE ct.tenant_id = :tenant AND ct.id = :id FOR UPDATE OF ct")
  Optional<Contact> lock(@Bind("id") UUID id);

  /** All of a company's contacts, primary first, then by name. */
  @BindTenant
  @SqlQuery(
      SELECT
          + " WHERE ct.tenant_id = :tenant AND ct.company_id = :companyId"
          + " ORDER BY ct.archived, ct.is_primary DESC, lower(ct.last_name), lower(ct.first_name),"
          + " ct.id LIMIT 1000")
  List<Contact> ofCompany(@Bind("companyId") UUID companyId);

  /** Contacts with this email (case-insensitive), archived ones too. */
  @BindTenant
  @SqlQuery(
      SELECT
          + " WHERE ct.tenant_id = :tenant AND ct.email <> '' AND lower(ct.email) = lower(:email)"
          + " AND (CAST(:exceptId AS uuid) IS NULL OR ct.id <> CAST(:exceptId AS uuid))"
          + " ORDER BY ct.archived, ct.id LIMIT 10")
  List<Contact> withEmail(@Bind("email") String email, @Bind("exceptId") UUID exceptId);

  /** Clears the company's primary contact (but {@code keepId}'s). */
  @BindTenant
  @SqlUpdate(
      "UPDATE crm_contact SET is_primary = false, updated_at = :now"
          + " WHERE tenant_id = :tenant AND company_id = :companyId AND is_primary"
          + " AND id <> :keepId")
  int clearPrimary(
      @Bind("companyId") UUID companyId, @Bind("keepId") UUID keepId, @Bind("now") Instant now);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Contact> list(
      @Bind("companyId") UUID companyId,
      @Bind("like") String like,
      @Bind("includeArchived") boolean includeArchived,
      @Bind("afterLast") String afterLast,
      @Bind("afterFirst") String afterFirst,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  /** How many contacts {@code like} matches, counting no further than {@code cap}. */
  @BindTenant
  @SqlQuery(
      "SELECT count(*) FROM (SELECT 1 FROM crm_contact ct WHERE ct.tenant_id = :tenant AND"
          + " (ct.first_name || ' ' || ct.last_name || ' ' || ct.email || ' ' || ct.phone || ' '"
          + " || ct.mobile) ILIKE CAST(:like AS text) LIMIT :cap) hits")
  int countHits(@Bind("like") String like, @Bind("cap") int cap);

  /** {@link #list} for a query with few hits and no company (see search.sql). */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Contact> search(
      @Bind("like") String like,
      @Bind("includeArchived") boolean includeArchived,
      @Bind("afterLast") String afterLast,
      @Bind("afterFirst") String afterFirst,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  /** A contact's stored columns (the interface's nested types are public, as binding needs). */
  record Row(
      UUID id,
      UUID companyId,
      String firstName,
      String lastName,
      String role,
      String email,
      String phone,
      String mobile,
      String language,
      boolean primary,
      String notes,
      boolean archived,
      Instant createdAt,
      Instant updatedAt) {
    static Row of(Contact c) {
      return new Row(
          c.id(),
          c.companyId(),
          c.firstName(),
          c.lastName(),
          c.role(),
          c.email(),
          c.phone(),
          c.mobile(),
          c.language(),
          c.primary(),
          c.notes(),
          c.archived(),
          c.createdAt(),
          c.updatedAt());
    }
  }

  final class Mapper implements RowMapper<Contact> {
    @Override
    public Contact map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Contact(
          rs.getObject("id", UUID.class),
          rs.getObject("company_id", UUID.class),
          rs.getString("company_name"),
          rs.getString("first_name"),
          rs.getString("last_name"),
          rs.getString("role"),
          rs.getString("email"),
          rs.getString("phone"),
          rs.getString("mobile"),
          rs.getString("language"),
          rs.getBoolean("is_primary"),
          rs.getString("notes"),
          rs.getBoolean("archived"),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant());
    }
  }
}
