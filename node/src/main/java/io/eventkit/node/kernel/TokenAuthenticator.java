package io.eventkit.node.kernel;

import java.util.Optional;

/** Resolves a bearer token to a principal; empty if the token is unknown, revoked or expired. */
public interface TokenAuthenticator {
  Optional<Principal> authenticate(String bearerToken);
}
