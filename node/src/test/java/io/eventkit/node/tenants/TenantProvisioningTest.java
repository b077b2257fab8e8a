package io.eventkit.node.tenants;

import static io.eventkit.node.testing.InventoryFixture.protoProductFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.testing.Companies;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.ChangePasswordRequest;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.CreateTenantRequest;
import io.eventkit.proto.v1.CreateTenantResponse;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.GetLoginOptionsRequest;
import io.eventkit.proto.v1.GetProductRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.ListPartnersRequest;
import io.eventkit.proto.v1.ListProductsRequest;
import io.eventkit.proto.v1.ListTenantsRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.RotateSigningKeyRequest;
import io.eventkit.proto.v1.TenantActionRequest;
import io.eventkit.proto.v1.TenantServiceGrpc;
import io.eventkit.proto.v1.TenantStatus;
import io.eventkit.proto.v1.Tracking;
import io.eventkit.proto.v1.TrustServiceGrpc;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A shared (SaaS) deployment's companies, end to end over the API: the operator creates them, their
 * first administrators set a password and log in, by the {@code EventKit-Tenant} header or by host
 * name, and each sees only its own data. Suspension, credentials addressed to the wrong company,
 * and operator-only methods are refused with messages that say why.
 */
class TenantProvisioningTest {
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    NodeConfiguration config =
        TestNode.config("saas-tenants", Files.createTempDirectory("eventkit-saas-tenants"));
    config.getSaas().setEnabled(true);
    config.getSaas().setBaseDomain("eventkit.test");
    // Each company's budget, all its callers together: enough for every test here but the one that
    // spends it.
    config
        .getRateLimits()
        .setTenant(
            new io.eventkit.node.platform.config.RateLimitConfig.Limit(
                60, io.dropwizard.util.Duration.minutes(10)));
    node = TestNode.start(config);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static TenantServiceGrpc.TenantServiceBlockingStub operator() {
    return node.asAdmin(TenantServiceGrpc::newBlockingStub);
  }

  /** {@code stub} with these headers (null values left out), 20 s deadline. */
  static <S extends AbstractStub<S>> S with(
      Function<Channel, S> stub, String tenantHeader, String bearer) {
    return Companies.with(node, stub, tenantHeader, bearer);
  }

  /** Creates a company and returns its administrator's access token (after setting a password). */
  static String provision(String id, String adminEmail) {
    CreateTenantResponse created = Companies.create(node, id, id + " Audio", adminEmail);
    assertThat(created.getTenant().getStatus()).isEqualTo(TenantStatus.TENANT_STATUS_ACTIVE);
    // The node's public URL with the company's host name.
    assertThat(created.getTenant().getUrl())
        .matches("http://" + id + "\\.eventkit\\.test(:\\d+)?/");
    // The company's host name, and its ID in the fragment for a page opened elsewhere.
    assertThat(created.getSetPasswordUrl())
        .startsWith(created.getTenant().getUrl() + "reset-password#token=ekr_")
        .endsWith("&tenant=" + id);
    return Companies.firstLogin(node, id, created, adminEmail);
  }

  static String login(String tenant, String email) {
    return Companies.login(node, tenant, email);
  }

  static String product(String tenant, String token, String model) {
    return with(InventoryServiceGrpc::newBlockingStub, tenant, token)
        .createProduct(
            CreateProductRequest.newBuilder()
                .setProduct(protoProductFields(model).setTracking(Tracking.TRACKING_BULK))
                .build())
        .getId();
  }

  @Test
  void companiesAreCreatedLogInAndSeeOnlyTheirOwnData() {
    String acme = provision("acme", "boss@acme.example");
    // One address may be a user of two companies (V103): two accounts with their own passwords,
    // and neither company's CreateUser says the address is taken elsewhere.
    String firstGlobex = provision("globex", "boss@acme.example");
    node.asAdmin(AuthServiceGrpc::newBlockingStub)
        .createUser(
            CreateUserRequest.newBuilder()
                .setEmail("boss@acme.example")
                .setDisplayName("Operator's own Boss")
                .addRoles(Role.ROLE_READ_ONLY)
                .build());
    with(AuthServiceGrpc::newBlockingStub, null, firstGlobex)
        .changePassword(
            ChangePasswordRequest.newBuilder()
                .setCurrentPassword(Companies.PASSWORD)
                .setNewPassword("globex's own passphrase")
                .build());
    assertThat(login("acme", "boss@acme.example")).isNotEmpty();
    assertThatThrownBy(() -> login("globex", "boss@acme.example"))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED));
    String globex =
        with(AuthServiceGrpc::newBlockingStub, "globex", null)
            .login(
                LoginRequest.newBuilder()
                    .setEmail("boss@acme.example")
                    .setPassword("globex's own passphrase")
                    .build())
            .getAccessToken();
    assertThat(
            with(AuthServiceGrpc::newBlockingStub, null, acme)
                .whoAmI(WhoAmIRequest.getDefaultInstance())
                .getName())
        .isEqualTo("boss@acme.example");

    String acmeSpeaker = product("acme", acme, "SPK-12");
    String globexSpeaker = product("globex", globex, "SPK-12"); // same model, other company
    assertThat(
            with(InventoryServiceGrpc::newBlockingStub, null, acme)
                .listProducts(ListProductsRequest.getDefaultInstance())
                .getProductsList())
        .extracting(p -> p.getId())
        .containsExactly(acmeSpeaker);
    assertThat(
            node.asAdmin(InventoryServiceGrpc::newBlockingStub)
                .listProducts(ListProductsRequest.getDefaultInstance())
                .getProductsList())
        .extracting(p -> p.getId())
        .doesNotContain(acmeSpeaker, globexSpeaker);
    assertThatThrownBy(
            () ->
                with(InventoryServiceGrpc::newBlockingStub, null, globex)
                    .getProduct(GetProductRequest.newBuilder().setId(acmeSpeaker).build()))
        .satisfies(
            e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.NOT_FOUND));

    // The operator's log has the creations; acme's own log has its first admin, not globex's.
    assertThat(
            node.asAdmin(AuthServiceGrpc::newBlockingStub)
                .listAuthAudit(ListAuthAuditRequest.getDefaultInstance())
                .getEntriesList())
        .anySatisfy(
            e -> {
              assertThat(e.getAction()).isEqualTo("TENANT_CREATE");
              assertThat(e.getSubject()).isEqualTo("tenant:acme");
            });
    assertThat(
            with(AuthServiceGrpc::newBlockingStub, null, acme)
                .listAuthAudit(ListAuthAuditRequest.getDefaultInstance())
                .getEntriesList())
        .filteredOn(e -> e.getAction().equals("USER_CREATE"))
        // The company's log names the operator, not who among the operator's staff (nor where
        // from): the operator's own log has that.
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getActor()).isEqualTo("operator");
              assertThat(e.getActorAddress()).isEmpty();
            });
    assertThat(
            with(AuthServiceGrpc::newBlockingStub, null, acme)
                .listAuthAudit(ListAuthAuditRequest.getDefaultInstance())
                .getEntriesList())
        .extracting(e -> e.getAction())
        .contains("USER_CREATE", "PASSWORD_RESET_ISSUE")
        .doesNotContain("TENANT_CREATE");
  }

  @Test
  void aHostNameReachesItsCompanyAndACredentialMustMatchTheAddress() throws Exception {
    String token = provision("hosted", "ops@hosted.example");
    ManagedChannel byHost =
        ManagedChannelBuilder.forAddress("127.0.0.1", node.runtime().grpcPort())
            .overrideAuthority("hosted.eventkit.test")
            .usePlaintext()
            .build();
    try {
      var options =
          AuthServiceGrpc.newBlockingStub(byHost)
              .withDeadlineAfter(20, TimeUnit.SECONDS)
              .getLoginOptions(GetLoginOptionsRequest.getDefaultInstance());
      assertThat(options.getTenant()).isEqualTo("hosted");
      assertThat(options.getTenantRequired()).isFalse();
      String viaHost =
          AuthServiceGrpc.newBlockingStub(byHost)
              .withDeadlineAfter(20, TimeUnit.SECONDS)
              .login(
                  LoginRequest.newBuilder()
                      .setEmail("ops@hosted.example")
                      .setPassword(Companies.PASSWORD)
                      .build())
              .getAccessToken();
      assertThat(viaHost).isNotBlank();
    } finally {
      byHost.shutdownNow();
    }
    // The node-wide single sign-on is the operator's: another company can't start it.
    assertThatThrownBy(
            () ->
                with(AuthServiceGrpc::newBlockingStub, "hosted", null)
                    .startSsoLogin(
                        io.eventkit.proto.v1.StartSsoLoginRequest.newBuilder()
                            .setProviderId("corp")
                            .setRedirectUri("http://127.0.0.1:9/cb")
                            .build()))
        .satisfies(
            e -> {
              assertThat(Status.fromThrowable(e).getCode())
                  .isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e).hasMessageContaining("sign in with your email and password");
            });
    // Without a host name or header, the login screen is told to ask for the company.
    var plain =
        with(AuthServiceGrpc::newBlockingStub, null, null)
            .getLoginOptions(GetLoginOptionsRequest.getDefaultInstance());
    assertThat(plain.getTenantRequired()).isTrue();
    assertThat(plain.getTenant()).isEqualTo("default");

    // Connect over HTTP: the header works the same way.
    HttpResponse<String> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(node.baseUrl() + "/eventkit.v1.AuthService/WhoAmI"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .header("EventKit-Tenant", "acme-other")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(401);
    assertThat(res.body())
        .contains("belongs to the company account 'hosted'")
        .contains("addressed to 'acme-other'");
    // And the host name, as a browser sends it (Java's HttpClient won't set Host: a raw request).
    String[] byHostName =
        rawPost("hosted.eventkit.test", "/eventkit.v1.AuthService/GetLoginOptions", "{}", null);
    assertThat(byHostName[0]).isEqualTo("200");
    assertThat(byHostName[1]).contains("\"tenant\":\"hosted\"").doesNotContain("tenantRequired");
    String[] wrongHost =
        rawPost("acme-other.eventkit.test", "/eventkit.v1.AuthService/WhoAmI", "{}", token);
    assertThat(wrongHost[0]).isEqualTo("401");
    assertThat(wrongHost[1])
        .contains("belongs to the company account 'hosted'")
        .contains("addressed to 'acme-other'");

    assertThatThrownBy(
            () ->
                with(AuthServiceGrpc::newBlockingStub, "Not A Tenant!", null)
                    .getLoginOptions(GetLoginOptionsRequest.getDefaultInstance()))
        .satisfies(
            e -> {
              assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e).hasMessageContaining("EventKit-Tenant header");
            });
    assertThatThrownBy(
            () ->
                with(AuthServiceGrpc::newBlockingStub, "nobody-here", null)
                    .getLoginOptions(GetLoginOptionsRequest.getDefaultInstance()))
        .satisfies(
            e -> {
              assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e).hasMessageContaining("no company account 'nobody-here'");
            });
  }

  @Test
  void aCompanysCalendarFeedNamesTheCompany() throws Exception {
    String admin = provision("crewco", "boss@crewco.example");
    String member =
        with(io.eventkit.proto.v1.CrewServiceGrpc::newBlockingStub, null, admin)
            .createCrewMember(
                io.eventkit.proto.v1.CreateCrewMemberRequest.newBuilder()
                    .setMember(
                        io.eventkit.proto.v1.CrewMemberFields.newBuilder()
                            .setName("Rigger Rita")
                            .setEmployment(
                                io.eventkit.proto.v1.EmploymentKind.EMPLOYMENT_KIND_FREELANCER))
                    .build())
            .getId();
    String feed =
        with(io.eventkit.proto.v1.CrewServiceGrpc::newBlockingStub, null, admin)
            .resetCalendarFeed(
                io.eventkit.proto.v1.ResetCalendarFeedRequest.newBuilder()
                    .setCrewMemberId(member)
                    .build())
            .getUrl();
    assertThat(feed)
        .matches("http://crewco\\.eventkit\\.test(:\\d+)?/calendar/crew/crewco/.{43}\\.ics");
    String path = feed.substring(feed.indexOf("/calendar/"));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ok =
        http.send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).startsWith("BEGIN:VCALENDAR"); // read as crewco (no assignments yet)
    // A suspended company's feeds stop until it is resumed.
    operator().suspendTenant(TenantActionRequest.newBuilder().setTenantId("crewco").build());
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
    operator().resumeTenant(TenantActionRequest.newBuilder().setTenantId("crewco").build());
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    // A signed download link naming an unknown company is refused, and makes the node create
    // nothing (no link key for it).
    HttpResponse<String> forged =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        node.baseUrl()
                            + "/files/"
                            + java.util.UUID.randomUUID()
                            + "?expires=99999999999&signature=x&tenant=nobody-at-all"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    int linkKeys =
        io.eventkit.node.kernel.TenantContext.callAs(
            "nobody-at-all",
            () ->
                node.runtime()
                    .jdbi()
                    .withHandle(
                        h ->
                            h.createQuery("SELECT count(*) FROM file_link_key")
                                .mapTo(Integer.class)
                                .one()));
    assertThat(linkKeys).isZero();
    // The same secret under another company's name (or none) is no feed.
    for (String other : List.of("/calendar/crew/acme/", "/calendar/crew/")) {
      HttpResponse<String> missing =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          node.baseUrl() + other + path.substring(path.lastIndexOf('/') + 1)))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void oneCompanysLoadSpendsItsOwnBudgetNotTheOthers() throws Exception {
    String busy = provision("busy", "boss@busy.example");
    String quiet = provision("quiet", "boss@quiet.example");
    // Two callers of one company (a user and an API token) share its budget.
    String key =
        with(AuthServiceGrpc::newBlockingStub, null, busy)
            .createApiToken(
                CreateApiTokenRequest.newBuilder().setName("sync").setRole(Role.ROLE_ADMIN).build())
            .getToken();
    StatusRuntimeException refused = null;
    for (int i = 0; i < 100 && refused == null; i++) {
      try {
        with(InventoryServiceGrpc::newBlockingStub, null, i % 2 == 0 ? busy : key)
            .listProducts(ListProductsRequest.getDefaultInstance());
      } catch (StatusRuntimeException e) {
        refused = e;
      }
    }
    assertThat(refused).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused).hasMessageContaining("for the company account 'busy' exceeded");
    assertThat(
            with(InventoryServiceGrpc::newBlockingStub, null, quiet)
                .listProducts(ListProductsRequest.getDefaultInstance())
                .getProductsCount())
        .isZero();
    // Each company's calls are counted under its own name, on the admin port only: the public
    // port would show every company's name and traffic to anyone.
    HttpResponse<String> publicMetrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(publicMetrics.statusCode()).isEqualTo(404);
    assertThat(publicMetrics.body()).doesNotContain("busy");
    // An unknown account named by an anonymous caller adds no series.
    assertThatThrownBy(
        () ->
            with(AuthServiceGrpc::newBlockingStub, "nobody-here", null)
                .getLoginOptions(GetLoginOptionsRequest.getDefaultInstance()));
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.adminPort() + "/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .containsPattern("eventkit_tenant_rpc_requests_total\\{code=\"OK\",tenant=\"busy\"} [1-9]")
        // The interceptor's own refusals count too, and public calls addressed to the account.
        .containsPattern(
            "eventkit_tenant_rpc_requests_total\\{code=\"RESOURCE_EXHAUSTED\",tenant=\"busy\"}"
                + " [1-9]")
        .containsPattern("eventkit_tenant_rpc_requests_total\\{code=\"OK\",tenant=\"quiet\"} [1-9]")
        .doesNotContain("tenant=\"nobody-here\"")
        .contains("eventkit_tenant_rpc_duration_seconds_count{tenant=\"busy\"}");
    // The operator's own account is a company like the others.
    assertThat(operator().listTenants(ListTenantsRequest.getDefaultInstance()).getTenantsCount())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void managingCompanyAccountsNeedsItsOwnPermissionNotTrustAdmin() {
    String trustOnly =
        operatorKey("federation-staff", io.eventkit.proto.v1.Permission.PERMISSION_TRUST_ADMIN);
    assertThatThrownBy(
            () ->
                with(TenantServiceGrpc::newBlockingStub, null, trustOnly)
                    .listTenants(ListTenantsRequest.getDefaultInstance()))
        .satisfies(
            e -> {
              assertThat(Status.fromThrowable(e).getCode())
                  .isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e).hasMessageContaining("TENANTS_ADMIN");
            });
    String tenantsOnly =
        operatorKey("provisioning-robot", io.eventkit.proto.v1.Permission.PERMISSION_TENANTS_ADMIN);
    assertThat(
            with(TenantServiceGrpc::newBlockingStub, null, tenantsOnly)
                .listTenants(ListTenantsRequest.getDefaultInstance())
                .getTenantsList())
        .extracting(t -> t.getId())
        .contains("default");
  }

  @Test
  void deletingACompanyExportsItThenErasesEveryRowOfIt() throws Exception {
    String admin = provision("leaving", "boss@leaving.example");
    String product = product("leaving", admin, "GONE-1");
    // A file each: the leaving company's bytes go with it, the bystander's (below) stay.
    java.nio.file.Path leavingFile = storedFile("leaving", uploadPng(admin, product));
    assertThat(leavingFile).exists();
    var deleteRequest =
        io.eventkit.proto.v1.DeleteTenantRequest.newBuilder()
            .setTenantId("leaving")
            .setConfirm("leaving");
    // Active: refused, so nobody changes it while it is exported; a wrong confirmation too.
    assertThatThrownBy(() -> operator().deleteTenant(deleteRequest.build()))
        .satisfies(
            e -> {
              assertThat(Status.fromThrowable(e).getCode())
                  .isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e).hasMessageContaining("suspend the company account 'leaving' first");
            });
    operator().suspendTenant(TenantActionRequest.newBuilder().setTenantId("leaving").build());
    assertThatThrownBy(
            () -> operator().deleteTenant(deleteRequest.clone().setConfirm("leavin").build()))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.INVALID_ARGUMENT));
    // Just suspended: other replicas may still serve it for a few seconds.
    assertThatThrownBy(() -> operator().deleteTenant(deleteRequest.build()))
        .satisfies(
            e -> {
              assertThat(Status.fromThrowable(e).getCode())
                  .isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e).hasMessageContaining("was suspended less than 10 s ago");
            });
    assertThat(rowsOf("leaving")).isPositive();
    String bystander = provision("bystander", "boss@bystander.example");
    String stay = product("bystander", bystander, "STAY-1");
    java.nio.file.Path stayingFile = storedFile("bystander", uploadPng(bystander, stay));
    // Counted once the fan-out has handled their events: its sinks write rows of their own.
    long bystanderRows = settledRowsOf("bystander");
    long operatorRows = settledRowsOf("default");
    Thread.sleep(Provisioning.DELETE_AFTER.toMillis() + 500);

    var deleted = operator().deleteTenant(deleteRequest.build());
    assertThat(deleted.getErasedRows()).isPositive();
    assertThat(deleted.getExportedRows()).isPositive();
    java.nio.file.Path export = java.nio.file.Path.of(deleted.getExportPath());
    assertThat(export).startsWith(node.dataDir());
    assertThat(java.nio.file.Files.getPosixFilePermissions(export))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    try (var zip = new java.util.zip.ZipFile(export.toFile())) {
      String products =
          new String(
              zip.getInputStream(zip.getEntry("product.ndjson")).readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
      assertThat(products).contains(product).contains("GONE-1");
    }
    assertThat(rowsOf("leaving")).isZero();
    // The file's bytes went to the export beside the rows', under its storage key, then away.
    java.nio.file.Path filesExport =
        export.resolveSibling(export.getFileName().toString().replace(".zip", "-files.zip"));
    assertThat(java.nio.file.Files.getPosixFilePermissions(filesExport))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    try (var zip = new java.util.zip.ZipFile(filesExport.toFile())) {
      String key = node.dataDir().resolve("files").relativize(leavingFile).toString();
      assertThat(zip.getInputStream(zip.getEntry(key)).readAllBytes())
          .isEqualTo(io.eventkit.node.testing.TestFiles.png());
      assertThat(zip.size()).isEqualTo(1);
    }
    assertThat(leavingFile).doesNotExist();
    assertThat(stayingFile).exists();
    assertThat(settledRowsOf("bystander")).isEqualTo(bystanderRows);
    // The operator's account gained exactly the TENANT_DELETE entry.
    assertThat(settledRowsOf("default")).isEqualTo(operatorRows + 1);
    assertThat(operator().listTenants(ListTenantsRequest.getDefaultInstance()).getTenantsList())
        .extracting(t -> t.getId())
        .doesNotContain("leaving");
    assertThatThrownBy(() -> login("leaving", "boss@leaving.example"))
        .hasMessageContaining("no company account 'leaving'");
    // The operator's own company is untouched, and the ID can be used again.
    assertThat(
            node.asAdmin(AuthServiceGrpc::newBlockingStub)
                .listAuthAudit(ListAuthAuditRequest.getDefaultInstance())
                .getEntriesList())
        .anySatisfy(e -> assertThat(e.getAction()).isEqualTo("TENANT_DELETE"));
    provision("leaving", "boss@leaving.example");
  }

  /** Every row of {@code tenant} in the tables under row-level security. */
  /**
   * A Connect JSON POST over a plain socket with the given {@code Host}: status code and body.
   * {@code bearer} may be null.
   */
  static String[] rawPost(String host, String path, String json, String bearer)
      throws java.io.IOException {
    java.net.URI base = URI.create(node.baseUrl());
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: "
              + host
              + ":"
              + base.getPort()
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + (bearer == null ? "" : "\r\nAuthorization: Bearer " + bearer)
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return new String[] {
        answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4),
        answer.substring(answer.indexOf("\r\n\r\n") + 4)
      };
    }
  }

  /** An API key of the operator's own account holding just {@code permission}. */
  static String operatorKey(String name, io.eventkit.proto.v1.Permission permission) {
    return node.asAdmin(AuthServiceGrpc::newBlockingStub)
        .createApiToken(
            CreateApiTokenRequest.newBuilder().setName(name).addPermissions(permission).build())
        .getToken();
  }

  /** Uploads a picture to {@code product} as the token's company; the attachment's ID. */
  static String uploadPng(String token, String product) throws Exception {
    HttpResponse<String> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(node.baseUrl() + "/files/product/" + product + "?name=a.png"))
                    .header("Authorization", "Bearer " + token)
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            io.eventkit.node.testing.TestFiles.png()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(res.body())
        .get("id")
        .asText();
  }

  /**
   * Where the local file store keeps an attachment's bytes: {@code <tenant>/<2 hex>/<id>}
   * (Attachments' keys).
   */
  static java.nio.file.Path storedFile(String tenant, String attachmentId) {
    return node.dataDir()
        .resolve("files")
        .resolve(tenant)
        .resolve(attachmentId.substring(0, 2))
        .resolve(attachmentId);
  }

  /** {@link #rowsOf} once no event of {@code tenant} waits for the fan-out. */
  static long settledRowsOf(String tenant) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (io.eventkit.node.kernel.TenantContext.callAs(
        tenant,
        () ->
            node.runtime()
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT EXISTS (SELECT 1 FROM domain_event"
                                    + " WHERE fanned_out_at IS NULL)")
                            .mapTo(Boolean.class)
                            .one()))) {
      assertThat(System.nanoTime()).as("fan-out of %s's events", tenant).isLessThan(deadline);
      Thread.sleep(50);
    }
    return rowsOf(tenant);
  }

  static long rowsOf(String tenant) {
    return io.eventkit.node.kernel.TenantContext.callAs(
        tenant,
        () ->
            node.runtime()
                .jdbi()
                .withHandle(
                    h -> {
                      long n = 0;
                      for (String t :
                          h.createQuery(
                                  "SELECT relname FROM pg_class WHERE relkind = 'r'"
                                      + " AND relrowsecurity"
                                      + " AND relnamespace = current_schema()::regnamespace")
                              .mapTo(String.class)
                              .list()) {
                        n +=
                            h.createQuery("SELECT count(*) FROM " + t + " WHERE tenant_id = :t")
                                .bind("t", tenant)
                                .mapTo(Long.class)
                                .one();
                      }
                      return n;
                    }));
  }

  @Test
  void apiTokensNameTheirCompany() {
    String admin = provision("tokens", "it@tokens.example");
    String secret =
        with(AuthServiceGrpc::newBlockingStub, null, admin)
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("scanner")
                    .setRole(Role.ROLE_WAREHOUSE)
                    .build())
            .getToken();
    assertThat(secret).startsWith("ekt_tokens~");
    String id = product("tokens", admin, "AMP-2");
    assertThat(
            with(InventoryServiceGrpc::newBlockingStub, null, secret)
                .getProduct(GetProductRequest.newBuilder().setId(id).build())
                .getId())
        .isEqualTo(id);
    // The same secret moved to another company's name is no token at all.
    String moved = "ekt_default~" + secret.substring("ekt_tokens~".length());
    assertThatThrownBy(
            () ->
                with(InventoryServiceGrpc::newBlockingStub, null, moved)
                    .getProduct(GetProductRequest.newBuilder().setId(id).build()))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void aSuspendedCompanyIsRefusedUntilResumed() throws Exception {
    String admin = provision("paused", "boss@paused.example");
    operator()
        .suspendTenant(
            TenantActionRequest.newBuilder()
                .setTenantId("paused")
                .setReason("invoice overdue")
                .build());
    StatusRuntimeException refused =
        (StatusRuntimeException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    with(InventoryServiceGrpc::newBlockingStub, null, admin)
                        .listProducts(ListProductsRequest.getDefaultInstance()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refused).hasMessageContaining("'paused' is suspended");
    assertThatThrownBy(() -> login("paused", "boss@paused.example"))
        .hasMessageContaining("'paused' is suspended");
    // The servlets beside the API say the same of a genuine credential, not "invalid token".
    for (String[] servlet :
        new String[][] {
          {"GET", "/data/export"}, {"POST", "/files/event/" + UUID.randomUUID() + "?name=a.txt"}
        }) {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(node.baseUrl() + servlet[1]))
                      .header("Authorization", "Bearer " + admin)
                      .method(servlet[0], HttpRequest.BodyPublishers.ofString("x"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(servlet[1] + ": " + answer.body()).isEqualTo(403);
      assertThat(answer.body()).as(servlet[1]).contains("'paused' is suspended");
    }
    assertThat(operator().listTenants(ListTenantsRequest.getDefaultInstance()).getTenantsList())
        .anySatisfy(
            t -> {
              assertThat(t.getId()).isEqualTo("paused");
              assertThat(t.getStatus()).isEqualTo(TenantStatus.TENANT_STATUS_SUSPENDED);
            });

    operator().resumeTenant(TenantActionRequest.newBuilder().setTenantId("paused").build());
    assertThat(
            with(InventoryServiceGrpc::newBlockingStub, null, admin)
                .listProducts(ListProductsRequest.getDefaultInstance())
                .getProductsCount())
        .isZero();
    // The company's own log says what happened to it, and why.
    assertThat(
            with(AuthServiceGrpc::newBlockingStub, null, admin)
                .listAuthAudit(ListAuthAuditRequest.getDefaultInstance())
                .getEntriesList())
        .anySatisfy(
            e -> {
              assertThat(e.getAction()).isEqualTo("TENANT_SUSPEND");
              assertThat(e.getDetail()).isEqualTo("reason=invoice overdue");
              assertThat(e.getActor()).isEqualTo("operator");
            })
        .anySatisfy(e -> assertThat(e.getAction()).isEqualTo("TENANT_RESUME"));
    assertThatThrownBy(
            () ->
                operator()
                    .suspendTenant(TenantActionRequest.newBuilder().setTenantId("default").build()))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.FAILED_PRECONDITION));
  }

  @Test
  void operatorOnlyMethodsAreTheDefaultCompanysAlone() {
    String admin = provision("customer", "boss@customer.example");
    for (Runnable call :
        new Runnable[] {
          () ->
              with(TrustServiceGrpc::newBlockingStub, null, admin)
                  .listPartners(ListPartnersRequest.getDefaultInstance()),
          () ->
              with(AuthServiceGrpc::newBlockingStub, null, admin)
                  .rotateSigningKey(RotateSigningKeyRequest.getDefaultInstance()),
          () ->
              with(TenantServiceGrpc::newBlockingStub, null, admin)
                  .listTenants(ListTenantsRequest.getDefaultInstance())
        }) {
      assertThatThrownBy(call::run)
          .satisfies(
              e -> {
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(e).hasMessageContaining("for the deployment's operator");
              });
    }
    assertThat(
            node.trust().listPartners(ListPartnersRequest.getDefaultInstance()).getPartnersCount())
        .isZero();
  }

  @Test
  void badRequestsAreExplainedAndCreateNothing() {
    int before = operator().listTenants(ListTenantsRequest.getDefaultInstance()).getTenantsCount();
    CreateTenantRequest.Builder ok =
        CreateTenantRequest.newBuilder()
            .setTenantId("wellformed")
            .setDisplayName("Wellformed Ltd")
            .setAdminEmail("admin@wellformed.example")
            .setAdminDisplayName("Admin");
    for (CreateTenantRequest bad :
        new CreateTenantRequest[] {
          ok.clone().setTenantId("Has Spaces").build(),
          ok.clone().setTenantId("-leading").build(),
          ok.clone().setTenantId("default").build(),
          ok.clone().setTenantId("www").build(),
          ok.clone().setAdminEmail("not an address").build(),
          ok.clone().setDisplayName("  ").build()
        }) {
      assertThatThrownBy(() -> operator().createTenant(bad))
          .satisfies(
              e ->
                  assertThat(Status.fromThrowable(e).getCode())
                      .as(bad.toString())
                      .isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
    assertThat(operator().listTenants(ListTenantsRequest.getDefaultInstance()).getTenantsCount())
        .isEqualTo(before);
    operator().createTenant(ok.build());
    assertThatThrownBy(() -> operator().createTenant(ok.build()))
        .satisfies(
            e -> {
              assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
              assertThat(e).hasMessageContaining("already a company account 'wellformed'");
            });
  }
}
