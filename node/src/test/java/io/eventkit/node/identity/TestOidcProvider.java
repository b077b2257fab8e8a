package io.eventkit.node.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A small but real OIDC provider for tests (JDK HttpServer + Nimbus): discovery, JWKS, an authorize
 * endpoint that "logs in" {@link #user} and redirects back with a code, and a token endpoint that
 * checks the client secret, the redirect URI and the PKCE (S256) verifier before it issues an RS256
 * ID token. {@link #tamper} edits the ID token's claims; {@link #signWith} swaps the signing key.
 */
public final class TestOidcProvider implements AutoCloseable {
  public static final String CLIENT_ID = "eventkit-node";

  public final String clientSecret = "client-secret-" + UUID.randomUUID();
  public final String issuer;
  private final HttpServer server;
  private final Clock clock;
  private final RSAKey key;

  /** Claims of whoever logs in next at the authorize endpoint. */
  public volatile Map<String, Object> user = Map.of();

  volatile UnaryOperator<JWTClaimsSet.Builder> tamper = b -> b;
  volatile RSAKey signWith;

  /** What the token endpoint last refused, e.g. "PKCE verifier does not match". */
  volatile String lastRefusal = "";

  /** The last ID token issued (serialised). */
  volatile String lastIdToken = "";

  private record Grant(
      String redirectUri, String challenge, String nonce, Map<String, Object> user) {}

  private final Map<String, Grant> codes = new ConcurrentHashMap<>();

  public TestOidcProvider(Clock clock) {
    this.clock = clock;
    try {
      this.key = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
      this.signWith = key;
      this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/.well-known/openid-configuration", this::discovery);
    server.createContext("/jwks", ex -> send(ex, 200, new JWKSet(key.toPublicJWK()).toString()));
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.start();
  }

  /** Back to honest tokens signed with the published key. */
  void reset() {
    tamper = b -> b;
    signWith = key;
    lastRefusal = "";
  }

  static RSAKey otherKey() {
    try {
      return new RSAKeyGenerator(2048).keyID("test-key-1").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private void discovery(HttpExchange ex) throws IOException {
    OIDCProviderMetadata m =
        new OIDCProviderMetadata(
            new Issuer(issuer), List.of(SubjectType.PUBLIC), URI.create(issuer + "/jwks"));
    m.setAuthorizationEndpointURI(URI.create(issuer + "/authorize"));
    m.setTokenEndpointURI(URI.create(issuer + "/token"));
    m.setIDTokenJWSAlgs(List.of(JWSAlgorithm.RS256));
    m.setResponseTypes(List.of(new ResponseType(ResponseType.Value.CODE)));
    m.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
    m.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC));
    send(ex, 200, m.toJSONObject().toJSONString());
  }

  private void authorize(HttpExchange ex) throws IOException {
    AuthenticationRequest r;
    try {
      r = AuthenticationRequest.parse(ex.getRequestURI());
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      send(ex, 400, "bad request: " + e.getMessage());
      return;
    }
    if (!r.getClientID().getValue().equals(CLIENT_ID)
        || r.getCodeChallengeMethod() != CodeChallengeMethod.S256
        || r.getCodeChallenge() == null
        || r.getNonce() == null
        || !r.getScope().contains("openid")) {
      send(ex, 400, "bad request");
      return;
    }
    String code = "code-" + UUID.randomUUID();
    codes.put(
        code,
        new Grant(
            r.getRedirectionURI().toString(),
            r.getCodeChallenge().getValue(),
            r.getNonce().getValue(),
            user));
    ex.getResponseHeaders()
        .add(
            "Location",
            r.getRedirectionURI()
                + "?code="
                + code
                + "&state="
                + java.net.URLEncoder.encode(r.getState().getValue(), StandardCharsets.UTF_8));
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> form = new HashMap<>();
    for (String pair :
        new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      refuse(ex, 401, "invalid_client", "client authentication failed");
      return;
    }
    Grant g = codes.remove(form.getOrDefault("code", ""));
    if (g == null || !"authorization_code".equals(form.get("grant_type"))) {
      refuse(ex, 400, "invalid_grant", "unknown or used code");
      return;
    }
    if (!g.redirectUri().equals(form.get("redirect_uri"))) {
      refuse(ex, 400, "invalid_grant", "redirect_uri does not match");
      return;
    }
    String verifier = form.get("code_verifier");
    if (verifier == null
        || !CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier))
            .getValue()
            .equals(g.challenge())) {
      refuse(ex, 400, "invalid_grant", "PKCE verifier does not match");
      return;
    }
    Date now = Date.from(clock.instant());
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject("sub-" + g.user().get("email"))
            .audience(CLIENT_ID)
            .issueTime(now)
            .expirationTime(new Date(now.getTime() + 300_000))
            .claim("nonce", g.nonce());
    g.user().forEach(claims::claim);
    try {
      SignedJWT idToken =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signWith.getKeyID()).build(),
              tamper.apply(claims).build());
      idToken.sign(new RSASSASigner(signWith));
      lastIdToken = idToken.serialize();
      send(
          ex,
          200,
          "{\"access_token\":\"at-"
              + UUID.randomUUID()
              + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\""
              + idToken.serialize()
              + "\"}");
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private void refuse(HttpExchange ex, int status, String error, String why) throws IOException {
    lastRefusal = why;
    send(ex, status, "{\"error\":\"" + error + "\",\"error_description\":\"" + why + "\"}");
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
