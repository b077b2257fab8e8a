package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * V100 on a database that had custom roles before it: the operator's roles holding TRUST_ADMIN
 * (which managed company accounts until then) gain TENANTS_ADMIN; other roles and other accounts'
 * roles are left as they were.
 */
class TenantsAdminMigrationTest {
  @Test
  void theOperatorsTrustAdminRolesKeepManagingCompanyAccounts() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      Flyway.configure()
          .dataSource(pg.getPostgresDatabase())
          .locations("classpath:db/migration")
          .target("99")
          .load()
          .migrate();
      Jdbi jdbi = Jdbi.create(pg.getPostgresDatabase());
      jdbi.useHandle(
          h -> {
            String insert =
                "INSERT INTO custom_role (id, tenant_id, name, permissions, created_at, updated_at)"
                    + " VALUES (gen_random_uuid(), ?, ?, ?::text[], now(), now())";
            h.execute(insert, "default", "Provisioning", "{TRUST_READ,TRUST_ADMIN}");
            h.execute(insert, "default", "Auditor", "{AUDIT_READ}");
            h.execute(insert, "acme", "Federation", "{TRUST_ADMIN}");
          });
      Flyway.configure()
          .dataSource(pg.getPostgresDatabase())
          .locations("classpath:db/migration")
          .load()
          .migrate();
      List<String> roles =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT tenant_id || ':' || name || '=' || array_to_string(permissions,"
                              + " ',') FROM custom_role ORDER BY tenant_id, name")
                      .mapTo(String.class)
                      .list());
      assertThat(roles)
          .containsExactly(
              "acme:Federation=TRUST_ADMIN",
              "default:Auditor=AUDIT_READ",
              "default:Provisioning=TRUST_READ,TRUST_ADMIN,TENANTS_ADMIN");
    }
  }
}
