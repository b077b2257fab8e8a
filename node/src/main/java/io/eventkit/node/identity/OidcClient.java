package io.eventkit.node.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Principal;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One OIDC provider: discovery, the authorization URL (code + PKCE S256 + nonce), the code exchange
 * and the ID token's validation (signature against the provider's JWKS with an asymmetric
 * algorithm, issuer, audience, azp, expiry and issue time against the node's clock, nonce).
 */
final class OidcClient {
  /** Asymmetric algorithms only: no "none", no HMAC keyed with the client secret. */
  private static final Set<JWSAlgorithm> ACCEPTED =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA);

  static final Duration METADATA_LIFETIME = Duration.ofHours(1);
  private static final int TIMEOUT_MS = 5000;
  private static final int MAX_CLOCK_SKEW_SECONDS = 60;

  final String id;
  final String displayName;
  private final Issuer issuer;
  private final ClientID clientId;
  private final Secret secret;
  private final List<String> redirectUris;
  private final boolean allowLoopback;
  private final Scope scope;
  private final String roleClaim;
  private final RoleMapping roles;
  private final Clock clock;

  private record Discovered(
      OIDCProviderMetadata metadata, JWKSource<SecurityContext> keys, Instant at) {}

  private volatile Discovered discovered;

  OidcClient(SsoConfig.Provider p, Clock clock) {
    String setting = "sso.providers[" + p.getId() + "]";
    if (!p.getId().matches("[a-z0-9][a-z0-9_-]{0,31}")) {
      throw new IllegalArgumentException(
          "sso.providers: id '"
              + p.getId()
              + "' must be 1–32 characters of a-z, 0-9, '-' and '_', starting with a letter or"
              + " digit");
    }
    this.id = p.getId();
    this.displayName = p.getDisplayName().isBlank() ? p.getId() : p.getDisplayName();
    URI issuerUri = parse(p.getIssuer(), setting + ".issuer");
    if (!"https".equals(issuerUri.getScheme()) && !isLoopbackHttp(issuerUri)) {
      throw new IllegalArgumentException(
          setting + ".issuer must be an https URL (http only on 127.0.0.1 / [::1])");
    }
    this.issuer = new Issuer(p.getIssuer());
    if (p.getClientId().isBlank()) {
      throw new IllegalArgumentException(setting + ".clientId is required");
    }
    this.clientId = new ClientID(p.getClientId());
    String s =
        RoleMapping.secret(p.getClientSecret(), p.getClientSecretFile(), setting + ".clientSecret");
    this.secret = s.isEmpty() ? null : new Secret(s);
    for (String uri : p.getRedirectUris()) {
      URI u = parse(uri, setting + ".redirectUris");
      if (u.getScheme() == null || u.getHost() == null || u.getFragment() != null) {
        throw new IllegalArgumentException(
            setting + ".redirectUris: " + uri + " must be an absolute URL without a fragment");
      }
    }
    if (p.getRedirectUris().isEmpty() && !p.isAllowLoopbackRedirect()) {
      throw new IllegalArgumentException(
          setting
              + ".redirectUris is empty and allowLoopbackRedirect is false: no login could"
              + " complete");
    }
    this.redirectUris = List.copyOf(p.getRedirectUris());
    this.allowLoopback = p.isAllowLoopbackRedirect();
    List<String> scopes = new ArrayList<>(p.getScopes());
    if (!scopes.contains("openid")) {
      scopes.add(0, "openid");
    }
    this.scope = new Scope(scopes.toArray(String[]::new));
    this.roleClaim = p.getRoleClaim();
    this.roles = new RoleMapping(p.getRoleMapping(), p.getDefaultRoles(), setting);
    this.clock = clock;
  }

  private static URI parse(String uri, String setting) {
    try {
      return new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(setting + ": '" + uri + "' is not a URL", e);
    }
  }

  private static boolean isLoopbackHttp(URI u) {
    return "http".equals(u.getScheme())
        && ("127.0.0.1".equals(u.getHost()) || "[::1]".equals(u.getHost()));
  }

  /** Whether StartSsoLogin may send the browser back to {@code redirectUri}. */
  boolean allows(String redirectUri) {
    if (redirectUris.contains(redirectUri)) {
      return true;
    }
    if (!allowLoopback) {
      return false;
    }
    try {
      URI u = new URI(redirectUri);
      return isLoopbackHttp(u)
          && u.getPort() > 0
          && u.getRawUserInfo() == null
          && u.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  String redirectHelp() {
    return "use one of "
        + redirectUris
        + (allowLoopback ? " or a loopback http://127.0.0.1:<port>/… address" : "");
  }

  /** The provider's metadata and keys, read at first use and again after an hour. */
  private Discovered discover() {
    Discovered d = discovered;
    Instant now = clock.instant();
    if (d != null && now.isBefore(d.at().plus(METADATA_LIFETIME))) {
      return d;
    }
    try {
      OIDCProviderMetadata m = OIDCProviderMetadata.resolve(issuer, TIMEOUT_MS, TIMEOUT_MS);
      JWKSource<SecurityContext> keys =
          JWKSourceBuilder.create(
                  m.getJWKSetURI().toURL(),
                  new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, 512 * 1024))
              .build();
      d = new Discovered(m, keys, now);
      discovered = d;
      return d;
    } catch (IOException e) {
      throw unavailable("cannot read its discovery document", e);
    } catch (GeneralException e) {
      throw unavailable("its discovery document is not valid (" + e.getMessage() + ")", e);
    }
  }

  private DomainException unavailable(String what, Exception e) {
    return new DomainException(
        ErrorCode.UNAVAILABLE,
        "the single sign-on provider '"
            + id
            + "' ("
            + issuer
            + ") cannot be used now: "
            + what
            + (e instanceof IOException ? " (" + e.getClass().getSimpleName() + ")" : "")
            + ". Try again later or use another way to log in.");
  }

  /** The URL to send the browser to. */
  URI authorizationUrl(String redirectUri, State state, Nonce nonce, CodeVerifier verifier) {
    OIDCProviderMetadata m = discover().metadata();
    return new AuthenticationRequest.Builder(
            new ResponseType(ResponseType.Value.CODE), scope, clientId, URI.create(redirectUri))
        .endpointURI(m.getAuthorizationEndpointURI())
        .state(state)
        .nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /** A login refused for a reason worth auditing; its message is shown to the user. */
  static final class Refused extends DomainException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(ErrorCode.UNAUTHENTICATED, message);
    }
  }

  /** Who the provider says logged in. */
  record Verified(String email, String displayName, Set<Principal.Role> roles) {}

  /**
   * Exchanges the code (with the PKCE verifier) and validates the ID token.
   *
   * @throws Refused if the provider refuses the code or its ID token is not valid
   * @throws DomainException UNAVAILABLE if the provider cannot be reached
   */
  Verified complete(SsoLoginDao.Pending pending, String code) {
    Discovered d = discover();
    OIDCProviderMetadata m = d.metadata();
    AuthorizationCodeGrant grant =
        new AuthorizationCodeGrant(
            new AuthorizationCode(code),
            URI.create(pending.redirectUri()),
            new CodeVerifier(pending.codeVerifier()));
    TokenRequest request;
    if (secret == null) {
      request = new TokenRequest(m.getTokenEndpointURI(), clientId, grant, null);
    } else {
      List<ClientAuthenticationMethod> methods = m.getTokenEndpointAuthMethods();
      ClientAuthentication auth =
          methods != null
                  && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                  && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)
              ? new ClientSecretPost(clientId, secret)
              : new ClientSecretBasic(clientId, secret);
      request = new TokenRequest(m.getTokenEndpointURI(), auth, grant, null);
    }
    HTTPRequest http = request.toHTTPRequest();
    http.setConnectTimeout(TIMEOUT_MS);
    http.setReadTimeout(TIMEOUT_MS);
    TokenResponse response;
    try {
      HTTPResponse answer = http.send();
      response = OIDCTokenResponseParser.parse(answer);
    } catch (IOException e) {
      throw unavailable("its token endpoint cannot be reached", e);
    } catch (ParseException e) {
      throw new Refused(
          "the single sign-on provider '" + id + "' sent a token response that is not valid");
    }
    if (!response.indicatesSuccess()) {
      ErrorObject error = ((TokenErrorResponse) response).getErrorObject();
      throw new Refused(
          "the single sign-on provider '"
              + id
              + "' refused the authorization code ("
              + (error == null ? "no reason given" : error.getCode())
              + "): start the login again");
    }
    JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
    JWTClaimsSet claims = validate(d, idToken, pending.nonce());
    return identity(claims);
  }

  private JWTClaimsSet validate(Discovered d, JWT idToken, String expectedNonce) {
    Set<JWSAlgorithm> algorithms = new HashSet<>(ACCEPTED);
    List<JWSAlgorithm> advertised = d.metadata().getIDTokenJWSAlgs();
    if (advertised != null) {
      algorithms.retainAll(advertised);
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, d.keys()));
    DefaultJWTClaimsVerifier<SecurityContext> verifier =
        new DefaultJWTClaimsVerifier<>(
            Set.of(clientId.getValue()),
            new JWTClaimsSet.Builder().issuer(issuer.getValue()).build(),
            Set.of("sub", "iat", "exp", "nonce"),
            null) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    verifier.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(verifier);
    JWTClaimsSet claims;
    try {
      claims = processor.process(idToken, null);
    } catch (BadJOSEException | JOSEException e) {
      throw new Refused(
          "the ID token from the single sign-on provider '"
              + id
              + "' is not valid ("
              + e.getMessage()
              + ")");
    }
    Object nonce = claims.getClaim("nonce");
    if (!(nonce instanceof String n)
        || !MessageDigest.isEqual(
            n.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
      throw new Refused(
          "the ID token from the single sign-on provider '"
              + id
              + "' is not valid (its nonce is not the one this login sent)");
    }
    List<String> audience = claims.getAudience();
    Object azp = claims.getClaim("azp");
    if (audience.size() > 1 && !clientId.getValue().equals(azp)) {
      throw new Refused(
          "the ID token from the single sign-on provider '"
              + id
              + "' is not valid (several audiences and azp is not this node's client id)");
    }
    Date iat = claims.getIssueTime();
    if (iat.toInstant().isAfter(clock.instant().plusSeconds(MAX_CLOCK_SKEW_SECONDS))) {
      throw new Refused(
          "the ID token from the single sign-on provider '"
              + id
              + "' is not valid (issued in the future: check the clocks)");
    }
    return claims;
  }

  private Verified identity(JWTClaimsSet claims) {
    Object email = claims.getClaim("email");
    if (!(email instanceof String e) || !e.contains("@")) {
      throw new Refused(
          "the single sign-on provider '"
              + id
              + "' sent no email address: it must release the `email` claim (scope email)");
    }
    if (Boolean.FALSE.equals(claims.getClaim("email_verified"))) {
      throw new Refused(
          "the single sign-on provider '" + id + "' has not verified the email address " + e);
    }
    String normalised = Users.normaliseEmail(e);
    Object name = claims.getClaim("name");
    String displayName = name instanceof String n && !n.isBlank() ? n.strip() : normalised;
    if (displayName.length() > 100) {
      displayName = displayName.substring(0, 100);
    }
    List<String> values = new ArrayList<>();
    Object claim = roleClaim.isEmpty() ? null : claims.getClaim(roleClaim);
    if (claim instanceof String v) {
      values.add(v);
    } else if (claim instanceof List<?> list) {
      list.forEach(v -> values.add(String.valueOf(v)));
    }
    Set<Principal.Role> mapped = roles.rolesFor(values, String::equals);
    if (mapped.isEmpty()) {
      throw new Refused(
          normalised
              + " has no role on this node: none of its '"
              + roleClaim
              + "' values maps to a role (ask an administrator to map one)");
    }
    return new Verified(normalised, displayName, mapped);
  }

  String source() {
    return "oidc:" + id;
  }
}
