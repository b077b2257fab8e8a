package io.eventkit.node.platform.web;

import static io.eventkit.node.testing.InventoryFixture.protoProductFields;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.testing.Companies;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.Tracking;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A shared (SaaS) deployment's login in the browser: a node in SaaS mode whose address names no
 * company, two companies made over the API (acme, and globex with a product of its own), and
 * web/e2e/saas.mjs driving Debian's Chromium through playwright-core: acme's first administrator
 * opens the set-password link, chooses a password, signs in with the company account the login
 * screen asks for, every call names it (EventKit-Tenant), and an unknown company is refused with
 * the node's message. Screenshots go to web/target/e2e. On CI (CI=true) a missing Chromium or web
 * build fails the test; elsewhere it skips with the reason.
 */
class SaasBrowserIT {
  static final String TENANT = "acme";
  static final String ADMIN_EMAIL = "boss@acme.example";
  static final String OTHER_PRODUCT_MODEL = "GLX-FOG";
  static TestNode node;
  static String setPasswordPath;

  @BeforeAll
  static void start() throws Exception {
    E2eScripts.requireBrowser();
    NodeConfiguration config =
        TestNode.config("saas-web.eventkit.test", Files.createTempDirectory("eventkit-saas-web"));
    config.getSaas().setEnabled(true);
    node = TestNode.start(config);

    // acme: its first administrator sets a password in the browser, from the link's path and
    // fragment (the link's host is the node's public URL, not this test's loopback port).
    URI link =
        URI.create(Companies.create(node, TENANT, "Acme Audio", ADMIN_EMAIL).getSetPasswordUrl());
    assertThat(link.getRawFragment()).startsWith("token=ekr_").endsWith("&tenant=" + TENANT);
    setPasswordPath = link.getRawPath() + "#" + link.getRawFragment();

    // globex: a company beside it, with a product acme must not see.
    String globex = Companies.provision(node, "globex", "boss@globex.example");
    Companies.with(node, InventoryServiceGrpc::newBlockingStub, null, globex)
        .createProduct(
            CreateProductRequest.newBuilder()
                .setProduct(
                    protoProductFields(OTHER_PRODUCT_MODEL).setTracking(Tracking.TRACKING_BULK))
                .build());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aCompanysFirstAdminSetsAPasswordAndLogsInWithTheCompanyAccountInChromium() throws Exception {
    E2eScripts.runAndCheck(
        "e2e/saas.mjs",
        node.baseUrl(),
        Map.of(
            "E2E_SET_PASSWORD_PATH", setPasswordPath,
            "E2E_ADMIN_EMAIL", ADMIN_EMAIL,
            "E2E_TENANT", TENANT,
            "E2E_OTHER_PRODUCT", "Testco " + OTHER_PRODUCT_MODEL),
        Duration.ofMinutes(3),
        "saas e2e");
  }
}
