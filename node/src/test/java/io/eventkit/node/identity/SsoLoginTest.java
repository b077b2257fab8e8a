package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.proto.v1.AuthAuditEntry;
import io.eventkit.proto.v1.CompleteSsoLoginRequest;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.GetLoginOptionsRequest;
import io.eventkit.proto.v1.GetLoginOptionsResponse;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.RefreshRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.SsoProvider;
import io.eventkit.proto.v1.StartSsoLoginRequest;
import io.eventkit.proto.v1.StartSsoLoginResponse;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.UserStatus;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OIDC single sign-on against a real (in-test) provider, through the node's API: authorization code
 * + PKCE, ID-token validation, just-in-time provisioning and role mapping.
 */
class SsoLoginTest {
  private static final String CALLBACK = "https://app.example/sso/callback";
  private static final IdentityTestNode.MovableClock clock = new IdentityTestNode.MovableClock();
  private static TestOidcProvider provider;
  private static IdentityTestNode node;
  private static Path log;

  @BeforeAll
  static void start() throws Exception {
    provider = new TestOidcProvider(clock);
    Path secretFile = Files.createTempFile("oidc-secret", ".txt");
    Files.writeString(secretFile, provider.clientSecret + "\n");
    SsoConfig.Provider p = new SsoConfig.Provider();
    p.setId("test");
    p.setDisplayName("Sign in with Test IdP");
    p.setIssuer(provider.issuer);
    p.setClientId(TestOidcProvider.CLIENT_ID);
    p.setClientSecretFile(secretFile.toString());
    p.setRedirectUris(List.of(CALLBACK));
    p.setAllowLoopbackRedirect(true);
    p.setRoleMapping(
        Map.of(
            "av-planners", List.of("PLANNER"),
            "av-warehouse", List.of("WAREHOUSE"),
            "av-admins", List.of("ADMIN")));
    SsoConfig.Provider down = new SsoConfig.Provider();
    down.setId("down");
    down.setIssuer("http://127.0.0.1:1");
    down.setClientId("x");
    down.setRedirectUris(List.of(CALLBACK));
    down.setDefaultRoles(List.of("READ_ONLY"));
    NodeConfiguration config = IdentityTestNode.config("sso.test");
    config.getSso().setProviders(List.of(p, down));
    log = Files.createTempDirectory("eventkit-sso-logs").resolve("trace.log");
    IdentityTestNode.traceTo(config, log);
    node = IdentityTestNode.start(config, clock);
    IdentityTestNode.everythingAtTrace();
  }

  @AfterAll
  static void stop() {
    node.close();
    provider.close();
  }

  @AfterEach
  void reset() {
    clock.offset = Duration.ZERO;
    provider.reset();
  }

  private static void user(String email, String name, String... groups) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("email", email);
    claims.put("email_verified", true);
    claims.put("name", name);
    claims.put("groups", List.of(groups));
    provider.user = claims;
  }

  private static StartSsoLoginResponse start(String redirectUri) {
    return node.anonymous()
        .startSsoLogin(
            StartSsoLoginRequest.newBuilder()
                .setProviderId("test")
                .setRedirectUri(redirectUri)
                .build());
  }

  /** The browser's part: follow the authorization URL to the provider, read where it sends us. */
  private static Map<String, String> authorize(StartSsoLoginResponse started) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(started.getAuthorizationUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    URI back = URI.create(r.headers().firstValue("Location").orElseThrow());
    Map<String, String> query = new HashMap<>();
    for (String pair : back.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    query.put("redirect", back.getScheme() + "://" + back.getAuthority() + back.getPath());
    return query;
  }

  private static LoginResponse complete(String state, String code) {
    return node.anonymous()
        .completeSsoLogin(
            CompleteSsoLoginRequest.newBuilder().setState(state).setCode(code).build());
  }

  private static LoginResponse sso() throws Exception {
    StartSsoLoginResponse started = start(CALLBACK);
    Map<String, String> back = authorize(started);
    assertThat(back.get("state")).isEqualTo(started.getState());
    assertThat(back.get("redirect")).isEqualTo(CALLBACK);
    return complete(back.get("state"), back.get("code"));
  }

  private static StatusRuntimeException refusal(ThrowingRunnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("accepted");
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static List<AuthAuditEntry> audit() {
    return node.admin()
        .listAuthAudit(ListAuthAuditRequest.newBuilder().setPageSize(500).build())
        .getEntriesList();
  }

  @Test
  void theFirstLoginProvisionsTheUserWithTheMappedRolesAndTheNextOneUpdatesThem() throws Exception {
    user("Ana.Audio@Example.com", "Ana Audio", "av-planners", "unrelated-group");
    LoginResponse first = sso();
    assertThat(first.getUser().getEmail()).isEqualTo("ana.audio@example.com");
    assertThat(first.getUser().getDisplayName()).isEqualTo("Ana Audio");
    assertThat(first.getUser().getRolesList()).containsExactly(Role.ROLE_PLANNER);
    assertThat(first.getUser().getAuthSource()).isEqualTo("oidc:test");
    assertThat(first.getUser().getHasPassword()).isFalse();
    assertThat(
            node.as(first.getAccessToken())
                .whoAmI(WhoAmIRequest.getDefaultInstance())
                .getRolesList())
        .containsExactly(Role.ROLE_PLANNER);
    // The session is an ordinary one.
    assertThat(
            node.anonymous()
                .refresh(
                    RefreshRequest.newBuilder().setRefreshToken(first.getRefreshToken()).build())
                .getUser()
                .getId())
        .isEqualTo(first.getUser().getId());

    user("ana.audio@example.com", "Ana Audio", "av-warehouse", "av-planners");
    LoginResponse second = sso();
    assertThat(second.getUser().getId()).isEqualTo(first.getUser().getId());
    assertThat(second.getUser().getRolesList())
        .containsExactly(Role.ROLE_PLANNER, Role.ROLE_WAREHOUSE);
    assertThat(
            node.as(second.getAccessToken())
                .whoAmI(WhoAmIRequest.getDefaultInstance())
                .getRolesList())
        .containsExactlyInAnyOrder(Role.ROLE_PLANNER, Role.ROLE_WAREHOUSE);

    String subject = "user:" + first.getUser().getId();
    List<AuthAuditEntry> mine =
        audit().stream().filter(e -> e.getSubject().equals(subject)).toList();
    assertThat(mine)
        .extracting(AuthAuditEntry::getAction)
        .containsSubsequence("LOGIN_SUCCEEDED", "USER_UPDATE", "LOGIN_SUCCEEDED", "USER_CREATE");
    assertThat(mine).allSatisfy(e -> assertThat(e.getActor()).isEqualTo("oidc:test"));
    assertThat(
            mine.stream()
                .filter(e -> e.getAction().equals("USER_UPDATE"))
                .findFirst()
                .orElseThrow()
                .getDetail())
        .contains("roles [PLANNER] -> [PLANNER, WAREHOUSE]");
  }

  @Test
  void aStateWorksOnce() throws Exception {
    user("once@example.com", "Once", "av-planners");
    StartSsoLoginResponse started = start(CALLBACK);
    Map<String, String> back = authorize(started);
    complete(back.get("state"), back.get("code"));
    StatusRuntimeException replay = refusal(() -> complete(back.get("state"), back.get("code")));
    assertThat(replay.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(replay.getStatus().getDescription()).isEqualTo(ExternalLogins.SSO_STATE_REFUSED);
    StatusRuntimeException unknown = refusal(() -> complete("made-up-state", back.get("code")));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(audit().get(0).getAction()).isEqualTo("LOGIN_FAILED");
    assertThat(audit().get(0).getDetail()).isEqualTo("unknown, expired or spent state");
  }

  @Test
  void aStateExpiresAfterTenMinutes() throws Exception {
    user("slow@example.com", "Slow", "av-planners");
    StartSsoLoginResponse started = start(CALLBACK);
    Map<String, String> back = authorize(started);
    clock.offset = Duration.ofMinutes(10).plusSeconds(1);
    StatusRuntimeException e = refusal(() -> complete(back.get("state"), back.get("code")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).isEqualTo(ExternalLogins.SSO_STATE_REFUSED);
  }

  @Test
  void aCodeRedeemedWithAnotherLoginsStateFailsThePkceCheck() throws Exception {
    user("pkce@example.com", "Pkce", "av-planners");
    Map<String, String> victim = authorize(start(CALLBACK));
    StartSsoLoginResponse attacker = start(CALLBACK);
    // The attacker's state (so the node sends the attacker's verifier) with the victim's code.
    StatusRuntimeException e = refusal(() -> complete(attacker.getState(), victim.get("code")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription())
        .contains("refused the authorization code (invalid_grant)");
    assertThat(provider.lastRefusal).isEqualTo("PKCE verifier does not match");
  }

  private static StatusRuntimeException ssoWithIdToken(UnaryOperator<JWTClaimsSet.Builder> t) {
    user("tampered@example.com", "Tampered", "av-admins");
    provider.tamper = t;
    return refusal(SsoLoginTest::sso);
  }

  @Test
  void anIdTokenWithAnotherNonceIsRefused() {
    StatusRuntimeException e = ssoWithIdToken(b -> b.claim("nonce", "not-the-nonce"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).contains("nonce");
  }

  @Test
  void anIdTokenForAnotherAudienceIsRefused() {
    StatusRuntimeException e = ssoWithIdToken(b -> b.audience("another-client"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).contains("ID token").contains("aud claim rejected");
  }

  @Test
  void anExpiredIdTokenIsRefused() {
    StatusRuntimeException e =
        ssoWithIdToken(
            b ->
                b.issueTime(Date.from(clock.instant().minusSeconds(900)))
                    .expirationTime(Date.from(clock.instant().minusSeconds(300))));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).contains("ID token").contains("Expired");
  }

  @Test
  void anIdTokenFromAnotherIssuerOrSignedWithAnotherKeyIsRefused() {
    StatusRuntimeException issuer = ssoWithIdToken(b -> b.issuer("https://evil.example"));
    assertThat(issuer.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(issuer.getStatus().getDescription()).contains("ID token");
    provider.tamper = b -> b;
    provider.signWith = TestOidcProvider.otherKey(); // same kid, other key
    user("forged@example.com", "Forged", "av-admins");
    StatusRuntimeException forged = refusal(SsoLoginTest::sso);
    assertThat(forged.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(forged.getStatus().getDescription()).contains("ID token");
    assertThat(
            node.admin()
                .listUsers(io.eventkit.proto.v1.ListUsersRequest.getDefaultInstance())
                .getUsersList())
        .noneMatch(u -> u.getEmail().equals("forged@example.com"))
        .noneMatch(u -> u.getEmail().equals("tampered@example.com"));
  }

  @Test
  void aLoginWhoseClaimsMapToNoRoleIsRefusedAndAudited() {
    user("nobody@example.com", "Nobody", "unrelated-group");
    StatusRuntimeException e = refusal(SsoLoginTest::sso);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).contains("has no role on this node");
    AuthAuditEntry last = audit().get(0);
    assertThat(last.getAction()).isEqualTo("LOGIN_FAILED");
    assertThat(last.getActor()).isEqualTo("oidc:test");
  }

  @Test
  void aLocalUserWithAPasswordIsNotTakenOverButOneWithoutIsAdopted() throws Exception {
    node.admin()
        .createUser(
            CreateUserRequest.newBuilder()
                .setEmail("local@example.com")
                .setDisplayName("Local")
                .addRoles(Role.ROLE_CREW)
                .setPassword("a long local passphrase")
                .build());
    user("local@example.com", "Local", "av-admins");
    StatusRuntimeException e = refusal(SsoLoginTest::sso);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).contains("logs in with a local password");

    String invited =
        node.admin()
            .createUser(
                CreateUserRequest.newBuilder()
                    .setEmail("invited@example.com")
                    .setDisplayName("Invited")
                    .addRoles(Role.ROLE_CREW)
                    .build())
            .getId();
    user("invited@example.com", "Invited", "av-warehouse");
    LoginResponse r = sso();
    assertThat(r.getUser().getId()).isEqualTo(invited);
    assertThat(r.getUser().getAuthSource()).isEqualTo("oidc:test");
    assertThat(r.getUser().getRolesList()).containsExactly(Role.ROLE_WAREHOUSE);
  }

  @Test
  void aUserDisabledLocallyStaysRefused() throws Exception {
    user("leaver@example.com", "Leaver", "av-planners");
    String id = sso().getUser().getId();
    node.admin()
        .updateUser(
            UpdateUserRequest.newBuilder()
                .setUserId(id)
                .setStatus(UserStatus.USER_STATUS_DISABLED)
                .build());
    StatusRuntimeException e = refusal(SsoLoginTest::sso);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).contains("DISABLED");
  }

  @Test
  void redirectUrisMustBeConfiguredOrLoopback() throws Exception {
    for (String bad :
        List.of(
            "https://evil.example/sso/callback",
            "https://app.example/sso/callback/../x",
            "http://localhost:8000/cb",
            "http://127.0.0.1/cb",
            "not a url")) {
      StatusRuntimeException e = refusal(() -> start(bad));
      assertThat(e.getStatus().getCode()).as(bad).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    assertThat(refusal(() -> start("https://evil.example/cb")).getStatus().getDescription())
        .contains("is not allowed for provider 'test'")
        .contains(CALLBACK);
    // A provider without allowLoopbackRedirect refuses the loopback address.
    StatusRuntimeException noLoopback =
        refusal(
            () ->
                node.anonymous()
                    .startSsoLogin(
                        StartSsoLoginRequest.newBuilder()
                            .setProviderId("down")
                            .setRedirectUri("http://127.0.0.1:53682/callback")
                            .build()));
    assertThat(noLoopback.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    // The CLI's loopback listener, any port.
    user("cli@example.com", "Cli", "av-planners");
    StartSsoLoginResponse started = start("http://127.0.0.1:53682/callback");
    Map<String, String> back = authorize(started);
    assertThat(back.get("redirect")).isEqualTo("http://127.0.0.1:53682/callback");
    assertThat(complete(back.get("state"), back.get("code")).getUser().getEmail())
        .isEqualTo("cli@example.com");
  }

  @Test
  void anUnknownProviderIsInvalidAndAnUnreachableOneUnavailable() {
    StatusRuntimeException unknown =
        refusal(
            () ->
                node.anonymous()
                    .startSsoLogin(
                        StartSsoLoginRequest.newBuilder()
                            .setProviderId("nope")
                            .setRedirectUri(CALLBACK)
                            .build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknown.getStatus().getDescription()).contains("[down, test]");
    StatusRuntimeException down =
        refusal(
            () ->
                node.anonymous()
                    .startSsoLogin(
                        StartSsoLoginRequest.newBuilder()
                            .setProviderId("down")
                            .setRedirectUri(CALLBACK)
                            .build()));
    assertThat(down.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(down.getStatus().getDescription()).contains("'down'").contains("discovery");
  }

  @Test
  void loginOptionsListTheProviders() {
    GetLoginOptionsResponse o =
        node.anonymous().getLoginOptions(GetLoginOptionsRequest.getDefaultInstance());
    assertThat(o.getPassword()).isTrue();
    assertThat(o.getDirectory()).isFalse();
    assertThat(o.getSsoProvidersList())
        .extracting(SsoProvider::getId, SsoProvider::getDisplayName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("down", "down"),
            org.assertj.core.groups.Tuple.tuple("test", "Sign in with Test IdP"));
  }

  @Test
  void noClientSecretCodeStateOrTokenReachesTheLogAtTrace() throws Exception {
    IdentityTestNode.everythingAtTrace();
    user("logs@example.com", "Logs", "av-planners");
    StartSsoLoginResponse started = start(CALLBACK);
    Map<String, String> back = authorize(started);
    LoginResponse r = complete(back.get("state"), back.get("code"));
    String idToken = provider.lastIdToken;
    refusal(() -> complete(back.get("state"), back.get("code"))); // replayed
    String log = IdentityTestNode.flushedLog(SsoLoginTest.log);
    assertThat(log).as("the RPC log was captured").contains("AuthService/CompleteSsoLogin");
    Map<String, String> secrets = new HashMap<>();
    secrets.put("client secret", provider.clientSecret);
    secrets.put(
        "client credentials (Basic)",
        java.util.Base64.getEncoder()
            .encodeToString(
                (TestOidcProvider.CLIENT_ID + ":" + provider.clientSecret)
                    .getBytes(StandardCharsets.UTF_8)));
    secrets.put("state", started.getState());
    secrets.put("authorization code", back.get("code"));
    secrets.put("ID token signature", idToken.substring(idToken.lastIndexOf('.') + 1));
    secrets.put("access token", r.getAccessToken());
    secrets.put("refresh token", r.getRefreshToken());
    assertThat(IdentityTestNode.leaks(log, secrets)).as("secrets in the TRACE log").isEmpty();
  }
}
