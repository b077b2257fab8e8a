package io.eventkit.node.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.identity.SsoConfig;
import io.eventkit.node.identity.TestOidcProvider;
import io.eventkit.node.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web app end to end: a real node (embedded PostgreSQL, demo data) serving the built app, and
 * web/e2e/run.mjs driving Debian's Chromium through playwright-core against it. Screenshots go to
 * web/target/e2e. On CI (CI=true) a missing Chromium or web build fails the test; elsewhere it
 * skips with the reason.
 *
 * <p>The node has one OIDC provider, "e2e": a real provider on loopback ({@link TestOidcProvider})
 * that logs in one SSO person, so the e2e signs in through it end to end (button, redirect with
 * PKCE, callback, a Read-only user provisioned just in time).
 */
class WebAppBrowserIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static TestNode node;
  static TestOidcProvider idp;
  static Path idpSecret;
  static String issuer;
  static String inspectionProductId;

  @BeforeAll
  static void start() throws Exception {
    E2eScripts.requireBrowser();
    NodeConfiguration config =
        TestNode.config("web-e2e.eventkit.test", Files.createTempDirectory("eventkit-web-e2e"));
    config.getInventory().setDemoData(true);
    startIdp();
    SsoConfig.Provider sso = new SsoConfig.Provider();
    sso.setId("e2e");
    sso.setDisplayName("Sign in with E2E IdP");
    sso.setIssuer(issuer);
    sso.setClientId(TestOidcProvider.CLIENT_ID);
    sso.setClientSecretFile(idpSecret.toString());
    sso.setAllowLoopbackRedirect(true);
    sso.setDefaultRoles(List.of("READ_ONLY"));
    config.getSso().setProviders(List.of(sso));
    node = TestNode.start(config);
    inspectionProductId = ageUnitsOfOneProduct();
  }

  /**
   * The demo units were added minutes ago, so none can be overdue for an inspection. The e2e's
   * maintenance step needs overdue units: this makes one serialised product's units 400 days old
   * (only inspections read a unit's age: it is "due since added" until a first pass), and the e2e
   * gives that product a 365-day interval.
   */
  static String ageUnitsOfOneProduct() {
    return node.runtime()
        .jdbi()
        .inTransaction(
            h -> {
              String product =
                  h.createQuery(
                          "SELECT CAST(p.id AS text) FROM product p"
                              + " JOIN asset a ON a.product_id = p.id"
                              + " WHERE p.tracking = 'SERIALISED' GROUP BY p.id"
                              + " HAVING count(*) BETWEEN 2 AND 20 ORDER BY p.name DESC, p.id"
                              + " LIMIT 1")
                      .mapTo(String.class)
                      .one();
              h.createUpdate(
                      "UPDATE asset SET created_at = now() - interval '400 days'"
                          + " WHERE product_id = CAST(:p AS uuid)")
                  .bind("p", product)
                  .execute();
              return product;
            });
  }

  /**
   * A real OIDC provider on loopback (the one SsoLoginTest uses): its authorize endpoint logs in
   * the e2e's SSO person and sends the browser back with a code, which the web app completes.
   */
  static void startIdp() throws java.io.IOException {
    idp = new TestOidcProvider(java.time.Clock.systemUTC());
    idp.user =
        java.util.Map.of(
            "email",
            "sso.person@web-e2e.test",
            "email_verified",
            true,
            "name",
            "Sso Person",
            "groups",
            List.of());
    issuer = idp.issuer;
    idpSecret = Files.createTempFile("eventkit-e2e-oidc", ".txt");
    Files.writeString(idpSecret, idp.clientSecret + "\n");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (idp != null) {
      idp.close();
    }
  }

  static HttpResponse<String> get(String path, String accept) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theNodeServesTheAppBesideItsApi() throws Exception {
    HttpResponse<String> index = get("/", "text/html");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
    Matcher script = Pattern.compile("src=\"(/assets/index-[^\"]+\\.js)\"").matcher(index.body());
    assertThat(script.find()).as("index.html names its hashed entry script").isTrue();
    HttpResponse<String> js = get(script.group(1), "*/*");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");

    assertThat(get("/events/123/pull-list", "text/html").body()).isEqualTo(index.body());
    assertThat(get("/health", "text/html").body()).contains("\"status\"");
    assertThat(get("/metrics", "text/plain").body()).contains("# TYPE");
    HttpResponse<String> info =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(node.baseUrl() + "/eventkit.v1.NodeService/GetNodeInfo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.body()).contains("web-e2e.eventkit.test");
    // An API path is never answered with the app, even from a browser (Connect's own error).
    HttpResponse<String> unknownRpc = get("/eventkit.v1.NoSuch/Method", "text/html");
    assertThat(unknownRpc.statusCode()).isIn(404, 501);
    assertThat(unknownRpc.body()).doesNotContain("<!doctype html>");
  }

  @Test
  void aPersonLogsInSwitchesToArabicAndLogsOutInChromium() throws Exception {
    E2eScripts.runAndCheck(
        "e2e/run.mjs",
        node.baseUrl(),
        Map.of(
            "EVENTKIT_ADMIN_TOKEN", node.adminToken(),
            "E2E_OIDC_ISSUER", issuer,
            "E2E_INSPECTION_PRODUCT_ID", inspectionProductId),
        Duration.ofMinutes(15),
        "e2e");
  }
}
