package io.eventkit.node.platform.db;

import static io.eventkit.node.testing.InventoryFixture.protoProductFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.Tracking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * SaaS mode serves as a role that row-level security binds (docs/saas.md): the embedded database
 * creates one, an external database's is checked, and a node refuses to serve a shared deployment
 * as a role the policies would not bind.
 */
class SaasRoleTest {
  private static NodeConfiguration saas(String nodeId) throws Exception {
    NodeConfiguration config =
        TestNode.config(nodeId, Files.createTempDirectory("eventkit-" + nodeId));
    config.getSaas().setEnabled(true);
    return config;
  }

  private static String string(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.select(sql).mapTo(String.class).one());
  }

  @Test
  void theEmbeddedDatabaseServesAsARoleThePoliciesBindAndTheApiWorksThroughIt() throws Exception {
    try (TestNode node = TestNode.start(saas("saas-embedded"))) {
      Jdbi jdbi = node.runtime().jdbi();
      assertThat(string(jdbi, "SELECT current_user")).isEqualTo(ApplicationRole.EMBEDDED);
      assertThat(ApplicationRole.problems(jdbi)).isEmpty();
      // The owner (the embedded superuser) marked the indexed operators' functions LEAKPROOF, so a
      // search's condition can still be an index condition under the policy (InventoryScaleTest
      // and ReportsPlanTest with -Deventkit.test.saas=true check the plans).
      assertThat(ApplicationRole.slowUnderPolicies(jdbi)).isEmpty();

      String id =
          node.asAdmin(InventoryServiceGrpc::newBlockingStub)
              .createProduct(
                  CreateProductRequest.newBuilder()
                      .setProduct(
                          protoProductFields("SAAS-1").setTracking(Tracking.TRACKING_BULK).build())
                      .build())
              .getId();
      assertThat(
              string(jdbi, "SELECT string_agg(tenant_id, ',') FROM product WHERE model = 'SAAS-1'"))
          .isEqualTo(TenantContext.DEFAULT_TENANT);
      assertThat(id).isNotBlank();

      // The policies bind the pool: another tenant sees none of the default tenant's rows, and
      // the default tenant can't write into another.
      String othersCount =
          TenantContext.callAs("other", () -> string(jdbi, "SELECT count(*)::text FROM product"));
      assertThat(othersCount).isEqualTo("0");
      assertThatThrownBy(
              () ->
                  jdbi.useHandle(
                      h ->
                          h.execute(
                              "UPDATE product SET tenant_id = 'other' WHERE model = 'SAAS-1'")))
          .hasMessageContaining("row-level security");

      // The registry of company accounts: read freely, written only through V102's functions,
      // which allow the provisioning's life cycle and nothing else.
      assertThat(string(jdbi, "SELECT status FROM tenant WHERE id = 'default'"))
          .isEqualTo("active");
      for (String write :
          new String[] {
            "UPDATE tenant SET display_name = 'x' WHERE id = 'default'",
            "INSERT INTO tenant (id, display_name) VALUES ('sneaky', 'Sneaky')",
            "DELETE FROM tenant WHERE id = 'default'",
          }) {
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute(write)))
            .as(write)
            .hasMessageContaining("permission denied for table tenant");
      }
      assertThat(string(jdbi, "SELECT eventkit_tenant_register('acme', 'Acme', now())::text"))
          .isEqualTo("true");
      assertThat(string(jdbi, "SELECT eventkit_tenant_register('acme', 'Again', now())::text"))
          .isEqualTo("false");
      assertThat(
              string(
                  jdbi,
                  "SELECT eventkit_tenant_move('acme', 'provisioning', 'active', now())::text"))
          .isEqualTo("true");
      for (String refused :
          new String[] {
            "SELECT eventkit_tenant_move('acme', 'active', 'deleting', now())",
            "SELECT eventkit_tenant_move('acme', 'active', 'provisioning', now())",
            "SELECT eventkit_tenant_move('default', 'active', 'suspended', now())",
            "SELECT eventkit_tenant_unregister('acme', 'active')",
            "SELECT eventkit_tenant_register('default', 'Default', now())",
          }) {
        assertThatThrownBy(() -> string(jdbi, refused)).as(refused).hasMessageContaining("ERROR");
      }
      // The wrong "was" changes nothing.
      assertThat(
              string(
                  jdbi, "SELECT eventkit_tenant_move('acme', 'suspended', 'active', now())::text"))
          .isEqualTo("false");
      assertThat(string(jdbi, "SELECT status FROM tenant WHERE id = 'acme'")).isEqualTo("active");
    }
  }

  @Test
  void anExternalDatabaseMigratesAsItsOwnerAndServesAsTheConfiguredRole() throws Exception {
    Path pgDir = Files.createTempDirectory("eventkit-saas-pg");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(pgDir, 0)) {
      String url = "jdbc:postgresql://localhost:" + pg.port() + "/postgres";
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE ROLE acme_serving LOGIN");
      }
      NodeConfiguration config = saas("saas-external");
      config.getDatabase().setUrl(url);
      config.getDatabase().setUser("acme_serving");
      config.getDatabase().setMigrationUser("postgres");
      try (TestNode node = TestNode.start(config)) {
        Jdbi jdbi = node.runtime().jdbi();
        assertThat(string(jdbi, "SELECT current_user")).isEqualTo("acme_serving");
        // Flyway's history is the owner's alone.
        assertThatThrownBy(
                () -> jdbi.useHandle(h -> h.execute("SELECT count(*) FROM flyway_schema_history")))
            .hasMessageContaining("permission denied");
      }

      // The owner itself (here a superuser) is refused, with what to set.
      NodeConfiguration asOwner = saas("saas-owner");
      asOwner.getDatabase().setUrl(url);
      asOwner.getDatabase().setUser("postgres");
      assertThatThrownBy(() -> TestNode.start(asOwner))
          .rootCause()
          .hasMessageContaining("saas.enabled")
          .hasMessageContaining("'postgres'")
          .hasMessageContaining("it is a superuser")
          .hasMessageContaining("EVENTKIT_DB_MIGRATION_USER");

      // So is a role that owns the tables through a role it belongs to.
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE ROLE acme_owner NOLOGIN");
        s.execute("CREATE ROLE acme_member LOGIN IN ROLE acme_owner");
        s.execute("ALTER TABLE product OWNER TO acme_owner");
      }
      NodeConfiguration asMember = saas("saas-member");
      asMember.getDatabase().setUrl(url);
      asMember.getDatabase().setUser("acme_member");
      asMember.getDatabase().setMigrationUser("postgres");
      assertThatThrownBy(() -> TestNode.start(asMember))
          .rootCause()
          .hasMessageContaining("'acme_member'")
          .hasMessageContaining("it owns 1 of the node's tables");
    }
  }
}
