package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.ApiToken;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateApiTokenResponse;
import io.eventkit.proto.v1.CreateRoleRequest;
import io.eventkit.proto.v1.ListApiTokensRequest;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.Permission;
import io.eventkit.proto.v1.RevokeApiTokenRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.eventkit.proto.v1.WhoAmIResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API keys over the real API: create with a role, a custom role or a permission set, list (prefix
 * only), revoke, expiry and last use on the node's (settable) clock, and the bootstrap token.
 */
class ApiKeysTest {
  /** A clock tests move forward by hand. */
  static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static final SettableClock clock =
      new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private static TestNode node;
  private static String admin;

  @BeforeAll
  static void start() throws Exception {
    node =
        TestNode.start(
            TestNode.config("keys.test", Files.createTempDirectory("eventkit-keys")), clock);
    admin =
        node.authService(node.adminToken())
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("test admin")
                    .setRole(Role.ROLE_ADMIN)
                    .build())
            .getToken();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static AuthServiceGrpc.AuthServiceBlockingStub auth() {
    return node.authService(admin);
  }

  private static Status.Code whoAmICode(String token) {
    try {
      node.authService(token).whoAmI(WhoAmIRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static StatusRuntimeException refusal(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private static Optional<ApiToken> listed(String id, boolean includeInactive) {
    return auth()
        .listApiTokens(
            ListApiTokensRequest.newBuilder().setIncludeInactive(includeInactive).build())
        .getTokensList()
        .stream()
        .filter(t -> t.getId().equals(id))
        .findFirst();
  }

  private static long audited(String action, String subject) {
    return auth()
        .listAuthAudit(ListAuthAuditRequest.newBuilder().setPageSize(500).build())
        .getEntriesList()
        .stream()
        .filter(e -> e.getAction().equals(action) && e.getSubject().equals(subject))
        .count();
  }

  @Test
  void aKeyIsShownOnceListedByPrefixAndRefusedOnTheCallAfterItsRevocation() {
    CreateApiTokenResponse created =
        auth()
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("scanner 3")
                    .setRole(Role.ROLE_WAREHOUSE)
                    .build());
    String secret = created.getToken();
    ApiToken t = created.getApiToken();
    assertThat(secret).startsWith("ekt_").hasSizeGreaterThan(40);
    assertThat(t.getId()).isEqualTo(created.getTokenId());
    assertThat(t.getPrefix()).isEqualTo(secret.substring(0, 8));
    assertThat(t.getRole()).isEqualTo(Role.ROLE_WAREHOUSE);
    assertThat(t.getPermissionsList())
        .contains(Permission.PERMISSION_INVENTORY_WRITE)
        .doesNotContain(Permission.PERMISSION_USERS_ADMIN);
    assertThat(t.getCreatedBy()).isEqualTo("token:test admin");
    assertThat(t.getBootstrap()).isFalse();
    assertThat(t.hasExpiresAt()).isFalse();

    ApiToken inList = listed(t.getId(), false).orElseThrow();
    assertThat(inList.getPrefix()).isEqualTo(t.getPrefix());
    assertThat(auth().listApiTokens(ListApiTokensRequest.getDefaultInstance()).toString())
        .doesNotContain(secret.substring(8));

    assertThat(whoAmICode(secret)).isEqualTo(Status.Code.OK);
    auth().revokeApiToken(RevokeApiTokenRequest.newBuilder().setTokenId(t.getId()).build());
    assertThat(whoAmICode(secret)).isEqualTo(Status.Code.UNAUTHENTICATED);
    // Idempotent, audited once.
    auth().revokeApiToken(RevokeApiTokenRequest.newBuilder().setTokenId(t.getId()).build());
    assertThat(listed(t.getId(), false)).isEmpty();
    assertThat(listed(t.getId(), true).orElseThrow().hasRevokedAt()).isTrue();
    assertThat(audited("TOKEN_CREATE", "token:" + t.getId())).isEqualTo(1);
    assertThat(audited("TOKEN_REVOKE", "token:" + t.getId())).isEqualTo(1);

    StatusRuntimeException unknown =
        refusal(
            () ->
                auth()
                    .revokeApiToken(
                        RevokeApiTokenRequest.newBuilder()
                            .setTokenId("00000000-0000-4000-8000-000000000000")
                            .build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void anExpiredKeyIsRefusedAndListedOnlyAsInactive() {
    Instant expires = clock.instant().plus(Duration.ofHours(1));
    CreateApiTokenResponse created =
        auth()
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("one hour")
                    .setRole(Role.ROLE_READ_ONLY)
                    .setExpiresAt(ts(expires))
                    .build());
    assertThat(created.getApiToken().getExpiresAt()).isEqualTo(ts(expires));
    assertThat(whoAmICode(created.getToken())).isEqualTo(Status.Code.OK);
    clock.advance(Duration.ofMinutes(59));
    assertThat(whoAmICode(created.getToken())).isEqualTo(Status.Code.OK);
    clock.advance(Duration.ofMinutes(1));
    assertThat(whoAmICode(created.getToken())).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(listed(created.getTokenId(), false)).isEmpty();
    assertThat(listed(created.getTokenId(), true)).isPresent();
  }

  @Test
  void lastUseIsRecordedAtMostOnceAMinute() {
    CreateApiTokenResponse created =
        auth()
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("last used")
                    .setRole(Role.ROLE_CREW)
                    .build());
    String id = created.getTokenId();
    assertThat(listed(id, false).orElseThrow().hasLastUsedAt()).isFalse();
    Instant first = clock.instant();
    whoAmICode(created.getToken());
    assertThat(listed(id, false).orElseThrow().getLastUsedAt()).isEqualTo(ts(first));
    clock.advance(Duration.ofSeconds(30));
    whoAmICode(created.getToken());
    assertThat(listed(id, false).orElseThrow().getLastUsedAt()).isEqualTo(ts(first));
    clock.advance(Duration.ofSeconds(31));
    whoAmICode(created.getToken());
    assertThat(listed(id, false).orElseThrow().getLastUsedAt()).isEqualTo(ts(clock.instant()));
  }

  @Test
  void aKeyCanHoldAnExplicitPermissionSetOrACustomRole() {
    CreateApiTokenResponse explicit =
        auth()
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("stock reader")
                    .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                    .build());
    assertThat(explicit.getApiToken().getRole()).isEqualTo(Role.ROLE_UNSPECIFIED);
    WhoAmIResponse who =
        node.authService(explicit.getToken()).whoAmI(WhoAmIRequest.getDefaultInstance());
    assertThat(who.getPermissionsList())
        .containsExactly(Permission.PERMISSION_SELF, Permission.PERMISSION_INVENTORY_READ);
    assertThat(who.getRolesList()).isEmpty();
    StatusRuntimeException denied =
        refusal(
            () ->
                node.authService(explicit.getToken())
                    .listApiTokens(ListApiTokensRequest.getDefaultInstance()));
    assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied.getStatus().getDescription())
        .contains("USERS_ADMIN")
        .contains("permission set");

    auth()
        .createRole(
            CreateRoleRequest.newBuilder()
                .setName("Key-Auditor")
                .addPermissions(Permission.PERMISSION_AUDIT_READ)
                .build());
    CreateApiTokenResponse custom =
        auth()
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("auditor")
                    .setCustomRole("key-auditor")
                    .build());
    assertThat(custom.getApiToken().getCustomRole()).isEqualTo("Key-Auditor");
    node.authService(custom.getToken()).listAuthAudit(ListAuthAuditRequest.getDefaultInstance());
    assertThat(
            node.authService(custom.getToken())
                .whoAmI(WhoAmIRequest.getDefaultInstance())
                .getCustomRolesList())
        .containsExactly("Key-Auditor");
  }

  @Test
  void badRequestsAreInvalidArgumentAndWriteNothing() {
    int before =
        auth()
            .listApiTokens(ListApiTokensRequest.newBuilder().setIncludeInactive(true).build())
            .getTokensCount();
    List<CreateApiTokenRequest> bad =
        List.of(
            CreateApiTokenRequest.newBuilder().setName("no grant").build(),
            CreateApiTokenRequest.newBuilder().setRole(Role.ROLE_CREW).build(),
            CreateApiTokenRequest.newBuilder()
                .setName("two grants")
                .setRole(Role.ROLE_CREW)
                .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                .build(),
            CreateApiTokenRequest.newBuilder()
                .setName("public")
                .addPermissions(Permission.PERMISSION_PUBLIC)
                .build(),
            CreateApiTokenRequest.newBuilder()
                .setName("unspecified")
                .addPermissions(Permission.PERMISSION_UNSPECIFIED)
                .build(),
            CreateApiTokenRequest.newBuilder()
                .setName("unknown custom role")
                .setCustomRole("no-such-role")
                .build(),
            CreateApiTokenRequest.newBuilder()
                .setName("expired already")
                .setRole(Role.ROLE_CREW)
                .setExpiresAt(ts(clock.instant().minusSeconds(1)))
                .build(),
            CreateApiTokenRequest.newBuilder()
                .setName("x".repeat(101))
                .setRole(Role.ROLE_CREW)
                .build());
    for (CreateApiTokenRequest r : bad) {
      StatusRuntimeException e = refusal(() -> auth().createApiToken(r));
      assertThat(e.getStatus().getCode()).as(r.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).as(r.toString()).startsWith("invalid request: ");
    }
    assertThat(
            refusal(
                    () ->
                        auth()
                            .revokeApiToken(
                                RevokeApiTokenRequest.newBuilder().setTokenId("nope").build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            auth()
                .listApiTokens(ListApiTokensRequest.newBuilder().setIncludeInactive(true).build())
                .getTokensCount())
        .isEqualTo(before);
  }

  @Test
  void createListAndRevokeWorkOverConnectJson() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> created =
        http.send(
            connect(
                "CreateApiToken",
                "{\"name\": \"connect key\", \"role\": \"ROLE_PLANNER\", \"expiresAt\": \""
                    + clock.instant().plus(Duration.ofDays(1))
                    + "\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(200);
    String id = created.body().replaceAll("(?s).*\"tokenId\":\"([^\"]+)\".*", "$1");
    assertThat(created.body()).contains("\"prefix\":\"ekt_");
    HttpResponse<String> list =
        http.send(
            connect("ListApiTokens", "{\"includeInactive\": true}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(list.body()).contains(id).contains("\"bootstrap\":true");
    HttpResponse<String> revoked =
        http.send(
            connect("RevokeApiToken", "{\"tokenId\": \"" + id + "\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).isEqualTo(200);
    HttpResponse<String> bad =
        http.send(
            connect(
                "CreateApiToken",
                "{\"name\": \"both\", \"role\": \"ROLE_CREW\", \"customRole\": \"x\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("invalid_argument").contains("exactly one of the three");
  }

  private static HttpRequest connect(String method, String json) {
    return HttpRequest.newBuilder(URI.create(node.baseUrl() + "/eventkit.v1.AuthService/" + method))
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + admin)
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  @Test
  void theBootstrapTokenIsAnOrdinaryRevocableKey() {
    ApiToken bootstrap =
        auth().listApiTokens(ListApiTokensRequest.getDefaultInstance()).getTokensList().stream()
            .filter(ApiToken::getBootstrap)
            .findFirst()
            .orElseThrow();
    assertThat(bootstrap.getRole()).isEqualTo(Role.ROLE_ADMIN);
    assertThat(bootstrap.getCreatedBy()).isEqualTo("system");
    assertThat(node.adminToken()).startsWith(bootstrap.getPrefix());
    assertThat(whoAmICode(node.adminToken())).isEqualTo(Status.Code.OK);
    auth().revokeApiToken(RevokeApiTokenRequest.newBuilder().setTokenId(bootstrap.getId()).build());
    assertThat(whoAmICode(node.adminToken())).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(audited("TOKEN_REVOKE", "token:" + bootstrap.getId())).isEqualTo(1);
  }
}
