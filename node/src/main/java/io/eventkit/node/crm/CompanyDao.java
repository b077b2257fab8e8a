package io.eventkit.node.crm;

import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
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

@RegisterRowMapper(CompanyDao.Mapper.class)
interface CompanyDao {
  String COLUMNS =
      "c.id, c.name, c.name_key, c.email, c.phone, c.website, c.domain, c.tax_id,"
          + " c.address_line1, c.address_line2, c.postal_code, c.city, c.region, c.country_code,"
          + " c.default_currency, c.language, c.price_list_id, c.tags, c.notes, c.archived,"
          + " c.created_at, c.updated_at";

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insert(@BindMethods("c") Row c);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void update(@BindMethods("c") Row c);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM crm_company c WHERE c.tenant_id = :tenant AND c.id = :id")
  Optional<Company> find(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM crm_company c WHERE c.tenant_id = :tenant AND c.id = :id FOR UPDATE")
  Optional<Company> lock(@Bind("id") UUID id);

  /** Companies ordered by (lower(name), id), after the given key. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Company> list(
      @Bind("like") String like,
      @Bind("tag") String tag,
      @Bind("includeArchived") boolean includeArchived,
      @Bind("afterName") String afterName,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  /** Companies sharing the name key, domain or email (each optional), archived ones too. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Company> duplicates(
      @Bind("nameKey") String nameKey,
      @Bind("domain") String domain,
      @Bind("email") String email,
      @Bind("exceptId") UUID exceptId);

  record Row(
      UUID id,
      String name,
      String nameKey,
      String email,
      String phone,
      String website,
      String domain,
      String taxId,
      String line1,
      String line2,
      String postalCode,
      String city,
      String region,
      String countryCode,
      String defaultCurrency,
      String language,
      UUID priceListId,
      List<String> tagList,
      String notes,
      boolean archived,
      Instant createdAt,
      Instant updatedAt) {
    /** The tags as the text[] column takes them. */
    public String[] tags() {
      return tagList.toArray(String[]::new);
    }

    static Row of(Company c) {
      Company.Address a = c.address();
      return new Row(
          c.id(),
          c.name(),
          c.nameKey(),
          c.email(),
          c.phone(),
          c.website(),
          c.domain(),
          c.taxId(),
          a.line1(),
          a.line2(),
          a.postalCode(),
          a.city(),
          a.region(),
          a.countryCode(),
          c.defaultCurrency(),
          c.language(),
          c.priceListId(),
          c.tags(),
          c.notes(),
          c.archived(),
          c.createdAt(),
          c.updatedAt());
    }
  }

  final class Mapper implements RowMapper<Company> {
    @Override
    public Company map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Company(
          rs.getObject("id", UUID.class),
          rs.getString("name"),
          rs.getString("name_key"),
          rs.getString("email"),
          rs.getString("phone"),
          rs.getString("website"),
          rs.getString("domain"),
          rs.getString("tax_id"),
          new Company.Address(
              rs.getString("address_line1"),
              rs.getString("address_line2"),
              rs.getString("postal_code"),
              rs.getString("city"),
              rs.getString("region"),
              rs.getString("country_code")),
          rs.getString("default_currency"),
          rs.getString("language"),
          rs.getObject("price_list_id", UUID.class),
          List.copyOf(Arrays.asList((String[]) rs.getArray("tags").getArray())),
          rs.getString("notes"),
          rs.getBoolean("archived"),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant());
    }
  }

  @BindTenant
  @SqlQuery("SELECT EXISTS (SELECT 1 FROM crm_company WHERE tenant_id = :tenant)")
  boolean any();
}
