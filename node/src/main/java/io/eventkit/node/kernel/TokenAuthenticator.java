package io.eventkit.node.kernel;

import java.util.Optional;

/** Resolves a bearer token to a principal; empty if the token is unknown, revoked or expired. */
public interface TokenAuthenticator {
  Optional<Principal> authenticate(String bearerToken);

  /**
   * The tenant of the credential in an {@code Authorization} header, for a servlet that must read
   * as it; {@link TenantContext#DEFAULT_TENANT} without a valid one (the servlet then refuses).
   */
  default String tenantOf(String authorizationHeader) {
    String token = bearerToken(authorizationHeader);
    return token == null
        ? TenantContext.DEFAULT_TENANT
        : authenticate(token).map(Principal::tenant).orElse(TenantContext.DEFAULT_TENANT);
  }

  /**
   * The token of an {@code Authorization: Bearer <token>} header (the scheme in any case); null
   * when the header is absent, of another scheme or empty. The one parser for the API, the file
   * endpoints and the export download.
   */
  static String bearerToken(String header) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = h.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    return null;
  }
}
