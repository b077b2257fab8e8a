package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.eventkit.ca.KeyPairs;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.ListUsersRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.UserStatus;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Login with email and password, and the ES256 access tokens it returns, over the real API. */
class LoginTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start("login.test");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static AuthServiceGrpc.AuthServiceBlockingStub admin() {
    return node.authService(node.adminToken());
  }

  private static User createUser(String email, String password, Role... roles) {
    return admin()
        .createUser(
            CreateUserRequest.newBuilder()
                .setEmail(email)
                .setDisplayName(email)
                .addAllRoles(List.of(roles))
                .setPassword(password)
                .build());
  }

  private static LoginResponse login(String email, String password) {
    return AuthServiceGrpc.newBlockingStub(node.channel())
        .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
        .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build());
  }

  private static StatusRuntimeException refusal(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  private static Status.Code whoAmICode(String token) {
    try {
      node.authService(token).whoAmI(WhoAmIRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void loginGivesAShortLivedEs256TokenWithTheUnionOfTheUsersRoles() throws Exception {
    User u =
        createUser("fred@example.com", "fred's long passphrase", Role.ROLE_CREW, Role.ROLE_MANAGER);
    LoginResponse r = login("Fred@Example.com", "fred's long passphrase");
    assertThat(r.getUser().getId()).isEqualTo(u.getId());

    SignedJWT jwt = SignedJWT.parse(r.getAccessToken());
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getKeyID()).isNotBlank();
    JWTClaimsSet c = jwt.getJWTClaimsSet();
    assertThat(c.getIssuer()).isEqualTo(node.nodeId());
    assertThat(c.getAudience()).containsExactly(AccessTokens.AUDIENCE);
    assertThat(c.getSubject()).isEqualTo(u.getId());
    assertThat(c.getStringListClaim("roles")).containsExactly("MANAGER", "CREW");
    assertThat(Duration.between(c.getIssueTime().toInstant(), c.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(c.getNotBeforeTime()).isEqualTo(c.getIssueTime());
    assertThat(r.getExpiresAt().getSeconds())
        .isEqualTo(c.getExpirationTime().toInstant().getEpochSecond());

    var who = node.authService(r.getAccessToken()).whoAmI(WhoAmIRequest.getDefaultInstance());
    assertThat(who.getPrincipalId()).isEqualTo(u.getId());
    assertThat(who.getRolesList()).containsExactlyInAnyOrder(Role.ROLE_CREW, Role.ROLE_MANAGER);
    // AUDIT_READ comes from MANAGER only (CREW lacks it); USERS_ADMIN from neither.
    node.authService(r.getAccessToken()).listAuthAudit(ListAuthAuditRequest.getDefaultInstance());
    StatusRuntimeException denied =
        refusal(
            () ->
                node.authService(r.getAccessToken())
                    .listUsers(ListUsersRequest.getDefaultInstance()));
    assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied.getStatus().getDescription()).contains("USERS_ADMIN");
  }

  @Test
  void loginWorksOverConnectJson() throws Exception {
    createUser("gina@example.com", "gina's long passphrase", Role.ROLE_CREW);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(node.baseUrl() + "/eventkit.v1.AuthService/Login"))
                    .header("content-type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"email\": \"gina@example.com\", \"password\": \"gina's long passphrase\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"accessToken\":\"ey").doesNotContain("passphrase");
    String token = r.body().replaceAll("(?s).*\"accessToken\":\"([^\"]+)\".*", "$1");
    assertThat(whoAmICode(token)).isEqualTo(Status.Code.OK);

    HttpResponse<String> bad =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(node.baseUrl() + "/eventkit.v1.AuthService/Login"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("invalid_argument").contains("email").contains("password");
  }

  @Test
  void unknownEmailWrongPasswordAndDisabledUserGetTheSameAnswerAndAreAudited() {
    User u = createUser("hank@example.com", "hank's long passphrase", Role.ROLE_CREW);
    String unknown =
        refusal(() -> login("nobody@example.com", "hank's long passphrase")).getStatus().toString();
    String wrong =
        refusal(() -> login("hank@example.com", "not hank's passphrase")).getStatus().toString();
    assertThat(unknown).isEqualTo(wrong).contains("UNAUTHENTICATED").contains(Users.LOGIN_REFUSED);

    String token = login("hank@example.com", "hank's long passphrase").getAccessToken();
    assertThat(whoAmICode(token)).isEqualTo(Status.Code.OK);
    admin()
        .updateUser(
            UpdateUserRequest.newBuilder()
                .setUserId(u.getId())
                .setStatus(UserStatus.USER_STATUS_DISABLED)
                .build());
    // The next call after disabling is refused, and so is a new login (same answer).
    assertThat(whoAmICode(token)).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(
            refusal(() -> login("hank@example.com", "hank's long passphrase"))
                .getStatus()
                .toString())
        .isEqualTo(wrong);

    var entries =
        admin()
            .listAuthAudit(ListAuthAuditRequest.newBuilder().setPageSize(500).build())
            .getEntriesList();
    var logins =
        entries.stream()
            .filter(e -> e.getAction().startsWith("LOGIN_"))
            .filter(e -> e.getActor().contains("hank@") || e.getActor().contains("nobody@"))
            .toList();
    assertThat(logins)
        .extracting(e -> e.getAction() + " " + e.getSubject() + " " + e.getDetail())
        .containsExactly(
            "LOGIN_FAILED user:" + u.getId() + " user DISABLED",
            "LOGIN_SUCCEEDED user:" + u.getId() + " ",
            "LOGIN_FAILED user:" + u.getId() + " wrong password",
            "LOGIN_FAILED email:nobody@example.com unknown email");
    assertThat(logins).allSatisfy(e -> assertThat(e.getActorAddress()).isNotBlank());
    assertThat(entries.toString()).doesNotContain("passphrase").doesNotContain("eyJ");
  }

  @Test
  void afterFiveFailuresTheAccountIsLockedOutWithTheSameAnswerEvenForTheRightPassword() {
    createUser("lola@example.com", "lola's long passphrase", Role.ROLE_CREW);
    String expected = null;
    for (int i = 0; i < io.eventkit.node.identity.LoginThrottle.MAX_PER_ACCOUNT; i++) {
      expected =
          refusal(() -> login("lola@example.com", "a wrong passphrase")).getStatus().toString();
    }
    assertThat(
            refusal(() -> login("lola@example.com", "lola's long passphrase"))
                .getStatus()
                .toString())
        .isEqualTo(expected);
    for (int i = 0; i < io.eventkit.node.identity.LoginThrottle.MAX_PER_ACCOUNT; i++) {
      refusal(() -> login("nobody-here@example.com", "a wrong passphrase"));
    }
    assertThat(
            refusal(() -> login("nobody-here@example.com", "a wrong passphrase"))
                .getStatus()
                .toString())
        .isEqualTo(expected);
    assertThat(
            admin()
                .listAuthAudit(ListAuthAuditRequest.newBuilder().setPageSize(5).build())
                .getEntriesList()
                .get(0)
                .getDetail())
        .isEqualTo("locked out after repeated failures");
  }

  @Test
  void anOutdatedHashIsReplacedOnLogin() {
    User u = createUser("ivy@example.com", "ivy's long passphrase", Role.ROLE_CREW);
    PasswordHasher weak = new PasswordHasher(8 * 1024, 1, 1);
    node.runtime()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE app_user SET password_hash = :h WHERE id = :id")
                    .bind("h", weak.hash("ivy's long passphrase"))
                    .bind("id", UUID.fromString(u.getId()))
                    .execute());
    login("ivy@example.com", "ivy's long passphrase");
    String after = storedHash(u.getId());
    assertThat(PasswordHasher.owasp().needsRehash(after)).isFalse();
    assertThat(PasswordHasher.owasp().verify("ivy's long passphrase", after)).isTrue();
  }

  private static String storedHash(String userId) {
    return node.runtime()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT password_hash FROM app_user WHERE id = :id")
                    .bind("id", UUID.fromString(userId))
                    .mapTo(String.class)
                    .one());
  }

  @Test
  void forgedAndStaleTokensAreRefused() throws Exception {
    User u = createUser("jack@example.com", "jack's long passphrase", Role.ROLE_CREW);
    String good = login("jack@example.com", "jack's long passphrase").getAccessToken();
    assertThat(whoAmICode(good)).isEqualTo(Status.Code.OK);
    SignedJWT parsed = SignedJWT.parse(good);
    String kid = parsed.getHeader().getKeyID();
    Map<String, Object> row =
        node.runtime()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT * FROM jwt_signing_key WHERE kid = :kid")
                        .bind("kid", kid)
                        .mapToMap()
                        .one());
    assertThat((String) row.get("private_key_pem")).contains("ENCRYPTED PRIVATE KEY");
    PrivateKey nodeKey =
        node.federation().pki().vault().decrypt((String) row.get("private_key_pem"));
    ECPublicKey nodePublic = ECKey.parse((String) row.get("public_jwk")).toECPublicKey();
    Instant now = Instant.now();
    JWTClaimsSet valid = parsed.getJWTClaimsSet();

    // Sanity: a token the test signs like the node does is accepted.
    assertThat(
            whoAmICode(
                es256(nodeKey, kid, claims(valid, now, now.plusSeconds(600), now, node.nodeId()))))
        .isEqualTo(Status.Code.OK);

    String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
    String algNone = header + "." + parsed.getPayload().toBase64URL() + ".";
    SignedJWT hs =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), valid);
    hs.sign(new MACSigner(nodePublic.getEncoded()));
    String expired =
        es256(
            nodeKey,
            kid,
            claims(
                valid,
                now.minusSeconds(1000),
                now.minusSeconds(100),
                now.minusSeconds(1000),
                node.nodeId()));
    String futureNbf =
        es256(
            nodeKey,
            kid,
            claims(valid, now, now.plusSeconds(900), now.plusSeconds(300), node.nodeId()));
    String wrongKid =
        es256(nodeKey, "another-kid", claims(valid, now, now.plusSeconds(600), now, node.nodeId()));
    String[] parts = good.split("\\.");
    String adminPayload =
        Base64URL.encode(
                new JWTClaimsSet.Builder(valid).claim("roles", List.of("ADMIN")).build().toString())
            .toString();
    String tampered = parts[0] + "." + adminPayload + "." + parts[2];
    String otherIssuer =
        es256(nodeKey, kid, claims(valid, now, now.plusSeconds(600), now, "other.node"));
    KeyPair otherNode = KeyPairs.generateP256();
    String otherKey =
        es256(
            otherNode.getPrivate(),
            kid,
            claims(valid, now, now.plusSeconds(600), now, node.nodeId()));
    String wrongAudience =
        es256(
            nodeKey,
            kid,
            new JWTClaimsSet.Builder(claims(valid, now, now.plusSeconds(600), now, node.nodeId()))
                .audience("someone-else")
                .build());

    for (String forged :
        List.of(
            algNone,
            hs.serialize(),
            expired,
            futureNbf,
            wrongKid,
            tampered,
            otherIssuer,
            otherKey,
            wrongAudience,
            "a.b.c",
            "eyJ.eyJ.")) {
      assertThat(whoAmICode(forged)).as(forged).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
    assertThat(u.getId()).isEqualTo(valid.getSubject());
    assertThat(new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8))
        .doesNotContain("passphrase");
  }

  private static JWTClaimsSet claims(
      JWTClaimsSet base, Instant iat, Instant exp, Instant nbf, String iss) {
    return new JWTClaimsSet.Builder(base)
        .issuer(iss)
        .issueTime(Date.from(iat))
        .expirationTime(Date.from(exp))
        .notBeforeTime(Date.from(nbf))
        .build();
  }

  private static String es256(PrivateKey key, String kid, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(),
            claims);
    jwt.sign(new ECDSASigner(key, Curve.P_256));
    return jwt.serialize();
  }
}
