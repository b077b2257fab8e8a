package io.eventkit.cli;

import static io.eventkit.cli.TrustCommandsTest.ts;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateTenantRequest;
import io.eventkit.proto.v1.CreateTenantResponse;
import io.eventkit.proto.v1.ListTenantsRequest;
import io.eventkit.proto.v1.ListTenantsResponse;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.Tenant;
import io.eventkit.proto.v1.TenantActionRequest;
import io.eventkit.proto.v1.TenantServiceGrpc;
import io.eventkit.proto.v1.TenantStatus;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.eventkit.proto.v1.WhoAmIResponse;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code eventkit tenants} (the operator's company accounts) and {@code --tenant}, which addresses
 * every call to a company account of a shared deployment and is remembered by {@code login}.
 */
class TenantsCommandsTest {
  private ScriptedService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    fake =
        new ScriptedService(
            TenantServiceGrpc.getServiceDescriptor(), AuthServiceGrpc.getServiceDescriptor());
    cli = new Cli(fake.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(fake.unexpected).isEmpty();
      assertThat(fake.pending()).isZero();
    } finally {
      fake.close();
    }
  }

  static Tenant acme(TenantStatus status) {
    return Tenant.newBuilder()
        .setId("acme")
        .setDisplayName("Acme Audio")
        .setStatus(status)
        .setCreatedAt(ts("2026-11-24T11:00:00Z"))
        .setUrl("https://acme.eventkit.example/")
        .build();
  }

  @Test
  void createSendsTheCompanyAndItsAdminAndPrintsTheOneTimeLink() {
    fake.expect(
        "CreateTenant",
        CreateTenantResponse.newBuilder()
            .setTenant(acme(TenantStatus.TENANT_STATUS_ACTIVE))
            .setAdminUserId("u-1")
            .setSetPasswordUrl("https://acme.eventkit.example/reset-password#token=ekr_x")
            .setSetPasswordExpiresAt(ts("2026-11-24T12:30:00Z"))
            .build());
    Cli.Result r =
        cli.run(
            "tenants",
            "create",
            "acme",
            "--name",
            "Acme Audio",
            "--admin-email",
            "ops@acme.example",
            "--admin-name",
            "Ada Ops");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    CreateTenantRequest sent = fake.only("CreateTenant");
    assertThat(sent)
        .isEqualTo(
            CreateTenantRequest.newBuilder()
                .setTenantId("acme")
                .setDisplayName("Acme Audio")
                .setAdminEmail("ops@acme.example")
                .setAdminDisplayName("Ada Ops")
                .build());
    assertThat(fake.calls.get(0).authorization()).isEqualTo("Bearer " + Cli.TOKEN);
    assertThat(fake.calls.get(0).tenant()).isNull();
    assertThat(r.out())
        .contains("Created the company account acme.")
        .contains("Status:   active")
        .contains("Address:  https://acme.eventkit.example/")
        .contains("ops@acme.example (user u-1) sets a password here, before 2026-11-24T12:30:00Z:")
        .contains("  https://acme.eventkit.example/reset-password#token=ekr_x");
  }

  @Test
  void aMalformedAdminAddressIsAUsageErrorAndCallsNothing() {
    Cli.Result r =
        cli.run(
            "tenants",
            "create",
            "acme",
            "--name",
            "Acme",
            "--admin-email",
            "not-an-address",
            "--admin-name",
            "Ada");
    assertThat(r.exitCode()).isEqualTo(CliException.USAGE);
    assertThat(r.err()).contains("'not-an-address' is not an email address");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void listSuspendAndResume() {
    fake.expect(
            "ListTenants",
            ListTenantsResponse.newBuilder()
                .addTenants(acme(TenantStatus.TENANT_STATUS_SUSPENDED))
                .build())
        .expect("SuspendTenant", acme(TenantStatus.TENANT_STATUS_SUSPENDED))
        .expect("ResumeTenant", acme(TenantStatus.TENANT_STATUS_ACTIVE));
    Cli.Result list = cli.run("tenants", "list");
    assertThat(list.out()).contains("acme").contains("Acme Audio").contains("suspended");
    assertThat(fake.<ListTenantsRequest>requests("ListTenants")).hasSize(1);

    Cli.Result suspend = cli.run("tenants", "suspend", "acme", "--reason", "invoice unpaid");
    assertThat(suspend.out()).contains("Suspended the company account acme.");
    assertThat(fake.<TenantActionRequest>requests("SuspendTenant").get(0))
        .isEqualTo(
            TenantActionRequest.newBuilder()
                .setTenantId("acme")
                .setReason("invoice unpaid")
                .build());
    Cli.Result resume = cli.run("-o", "json", "tenants", "resume", "acme");
    assertThat(JsonParser.parseString(resume.out()).getAsJsonObject().get("status").getAsString())
        .isEqualTo("TENANT_STATUS_ACTIVE");
  }

  @Test
  void deleteConfirmsAndSaysWhereTheExportIs() {
    Cli.Result unconfirmed = cli.run("tenants", "delete", "acme");
    assertThat(unconfirmed.exitCode()).isEqualTo(CliException.USAGE);
    assertThat(unconfirmed.err()).contains("pass --yes to delete");
    assertThat(fake.calls).isEmpty();

    fake.expect(
        "DeleteTenant",
        io.eventkit.proto.v1.DeleteTenantResponse.newBuilder()
            .setTenantId("acme")
            .setExportPath("/var/lib/eventkit/tenant-exports/acme-20261124T120000Z.zip")
            .setExportedRows(1234)
            .setErasedRows(1240)
            .build());
    Cli.Result r = cli.run("tenants", "delete", "acme", "--yes");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fake.<io.eventkit.proto.v1.DeleteTenantRequest>only("DeleteTenant"))
        .isEqualTo(
            io.eventkit.proto.v1.DeleteTenantRequest.newBuilder()
                .setTenantId("acme")
                .setConfirm("acme")
                .build());
    assertThat(r.out())
        .contains("Deleted the company account acme.")
        .contains(
            "(1234 rows) is on the node at"
                + " /var/lib/eventkit/tenant-exports/acme-20261124T120000Z.zip; 1240 rows were"
                + " erased.");
  }

  @Test
  void theOperatorOnlyRefusalReachesThePerson() {
    fake.expect(
        "ListTenants",
        Status.PERMISSION_DENIED.withDescription(
            "eventkit.v1.TenantService/ListTenants is for the deployment's operator"));
    Cli.Result r = cli.run("tenants", "list");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("is for the deployment's operator");
  }

  @Test
  void tenantAddressesEveryCallAndLoginRemembersIt() throws Exception {
    // --tenant and EVENTKIT_TENANT send the header; nothing sends none.
    fake.expect("WhoAmI", WhoAmIResponse.getDefaultInstance())
        .expect("WhoAmI", WhoAmIResponse.getDefaultInstance())
        .expect("WhoAmI", WhoAmIResponse.getDefaultInstance());
    cli.run("--tenant", "acme", "auth", "whoami");
    cli.env("EVENTKIT_TENANT", "globex").run("auth", "whoami");
    cli.env("EVENTKIT_TENANT", null).run("auth", "whoami");
    assertThat(fake.calls)
        .extracting(ScriptedService.Call::tenant)
        .containsExactly("acme", "globex", null);

    // A login with --tenant is addressed to it, and so are the stored login's later calls.
    fake.calls.clear();
    fake.expect(
            "Login",
            LoginResponse.newBuilder()
                .setAccessToken("eyJ.acme.token")
                .setExpiresAt(ts("2026-11-24T12:15:00Z"))
                .setRefreshToken("refresh")
                .setRefreshExpiresAt(ts("2026-12-08T12:00:00Z"))
                .setSessionId("s-1")
                .setUser(User.newBuilder().setId("u-1").setEmail("ops@acme.example"))
                .build())
        .expect("WhoAmI", WhoAmIResponse.getDefaultInstance());
    Cli.Result login =
        cli.stdin("correct horse battery staple\n")
            .raw(
                "--node",
                fake.url(),
                "--tenant",
                "acme",
                "login",
                "--email",
                "ops@acme.example",
                "--password-stdin");
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(fake.<LoginRequest>requests("Login").get(0).getEmail())
        .isEqualTo("ops@acme.example");
    cli.stdin("").raw("--node", fake.url(), "auth", "whoami");
    assertThat(fake.calls)
        .extracting(ScriptedService.Call::method, ScriptedService.Call::tenant)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Login", "acme"),
            org.assertj.core.groups.Tuple.tuple("WhoAmI", "acme"));
    assertThat(fake.calls.get(1).authorization()).isEqualTo("Bearer eyJ.acme.token");
    Path stored = cli.configDir().resolve(Credentials.FILE_NAME);
    assertThat(
            JsonParser.parseString(Files.readString(stored))
                .getAsJsonObject()
                .get("tenant")
                .getAsString())
        .isEqualTo("acme");
    assertThat(fake.<WhoAmIRequest>requests("WhoAmI")).hasSize(1);
  }
}
