package io.eventkit.node.platform.web;

import static io.eventkit.node.testing.InventoryFixture.protoProductFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.CreateTenantRequest;
import io.eventkit.proto.v1.CreateTenantResponse;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.ResetPasswordRequest;
import io.eventkit.proto.v1.TenantServiceGrpc;
import io.eventkit.proto.v1.Tracking;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
  static final Path WEB = Path.of("..", "web").toAbsolutePath().normalize();
  static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  static final String TENANT = "acme";
  static final String ADMIN_EMAIL = "boss@acme.example";
  static final String OTHER_PRODUCT_MODEL = "GLX-FOG";
  static TestNode node;
  static String setPasswordPath;

  @BeforeAll
  static void start() throws Exception {
    require(
        Files.isExecutable(CHROMIUM),
        "Chromium is not installed at " + CHROMIUM + ": apt-get install -y chromium");
    require(
        Files.isDirectory(WEB.resolve("node_modules/playwright-core")),
        "web/node_modules lacks playwright-core: build the web app (./mvnw package, without"
            + " -Dweb.skip)");
    require(
        new WebAppServlet().present(),
        "the web app is not on the classpath: build without -Dweb.skip");
    NodeConfiguration config =
        TestNode.config("saas-web.eventkit.test", Files.createTempDirectory("eventkit-saas-web"));
    config.getSaas().setEnabled(true);
    node = TestNode.start(config);

    // acme: its first administrator sets a password in the browser, from the link's path and
    // fragment (the link's host is the node's public URL, not this test's loopback port).
    URI link = URI.create(createTenant(TENANT, "Acme Audio", ADMIN_EMAIL).getSetPasswordUrl());
    assertThat(link.getRawFragment()).startsWith("token=ekr_").endsWith("&tenant=" + TENANT);
    setPasswordPath = link.getRawPath() + "#" + link.getRawFragment();

    // globex: a company beside it, with a product acme must not see.
    URI globexLink =
        URI.create(
            createTenant("globex", "Globex Rentals", "boss@globex.example").getSetPasswordUrl());
    String fragment = globexLink.getRawFragment();
    String resetToken = fragment.substring("token=".length(), fragment.indexOf("&tenant="));
    String password = "globex e2e password";
    with(AuthServiceGrpc::newBlockingStub, "globex", null)
        .resetPassword(
            ResetPasswordRequest.newBuilder()
                .setResetToken(resetToken)
                .setNewPassword(password)
                .build());
    String globex =
        with(AuthServiceGrpc::newBlockingStub, "globex", null)
            .login(
                LoginRequest.newBuilder()
                    .setEmail("boss@globex.example")
                    .setPassword(password)
                    .build())
            .getAccessToken();
    with(InventoryServiceGrpc::newBlockingStub, null, globex)
        .createProduct(
            CreateProductRequest.newBuilder()
                .setProduct(
                    protoProductFields(OTHER_PRODUCT_MODEL).setTracking(Tracking.TRACKING_BULK))
                .build());
  }

  static CreateTenantResponse createTenant(String id, String name, String adminEmail) {
    return node.asAdmin(TenantServiceGrpc::newBlockingStub)
        .createTenant(
            CreateTenantRequest.newBuilder()
                .setTenantId(id)
                .setDisplayName(name)
                .setAdminEmail(adminEmail)
                .setAdminDisplayName("First Admin")
                .build());
  }

  /** {@code stub} with these headers (null values left out), 20 s deadline. */
  static <S extends AbstractStub<S>> S with(
      Function<Channel, S> stub, String tenantHeader, String bearer) {
    Metadata md = new Metadata();
    if (tenantHeader != null) {
      md.put(Metadata.Key.of("eventkit-tenant", Metadata.ASCII_STRING_MARSHALLER), tenantHeader);
    }
    if (bearer != null) {
      md.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bearer);
    }
    return stub.apply(node.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static void require(boolean ok, String why) {
    if (ok) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort("browser test skipped: " + why);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aCompanysFirstAdminSetsAPasswordAndLogsInWithTheCompanyAccountInChromium() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("node", "e2e/saas.mjs", node.baseUrl())
            .directory(WEB.toFile())
            .redirectErrorStream(true);
    pb.environment().put("CHROMIUM", CHROMIUM.toString());
    pb.environment().put("E2E_OUT", WEB.resolve("target/e2e").toString());
    pb.environment().put("E2E_SET_PASSWORD_PATH", setPasswordPath);
    pb.environment().put("E2E_ADMIN_EMAIL", ADMIN_EMAIL);
    pb.environment().put("E2E_TENANT", TENANT);
    pb.environment().put("E2E_OTHER_PRODUCT", "Testco " + OTHER_PRODUCT_MODEL);
    Process p = pb.start();
    StringBuilder out = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try {
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (out) {
                  out.append(text);
                }
              } catch (java.io.IOException e) {
                synchronized (out) {
                  out.append(e);
                }
              }
            });
    reader.start();
    boolean done = p.waitFor(3, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    reader.join(10_000);
    String log;
    synchronized (out) {
      log = out.toString();
    }
    System.out.println(log);
    assertThat(done).as("saas e2e finished within 3 minutes").isTrue();
    assertThat(p.exitValue()).as("saas e2e exit code; output:%n%s", log).isZero();
    assertThat(log).containsPattern("saas e2e: \\d+ passed, 0 failed");
  }
}
