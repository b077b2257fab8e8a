package io.eventkit.cli;

import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.RefreshRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Bearer tokens from the stored login: the access token while it is valid for at least {@link
 * #MARGIN} more, else a new one from Refresh. Refresh rotates the refresh token, so the new pair is
 * written back before it is used; a refresh the node refuses means the login is over.
 */
final class StoredLogin implements NodeClient.TokenSource {
  /** Refresh when the access token expires within this (clock skew, slow calls). */
  static final Duration MARGIN = Duration.ofSeconds(60);

  static final String LOGIN_AGAIN = "run 'eventkit login' again";

  private final Credentials store;
  private final Clock clock;
  private final Duration timeout;
  private Credentials.Login login;
  private boolean refreshed;

  StoredLogin(Credentials store, Credentials.Login login, Clock clock, Duration timeout) {
    this.store = store;
    this.login = login;
    this.clock = clock;
    this.timeout = timeout;
  }

  Credentials.Login login() {
    return login;
  }

  @Override
  public String token() {
    Instant expiry = login.accessExpiry();
    if (expiry == null || !clock.instant().plus(MARGIN).isBefore(expiry)) {
      refresh();
    }
    return login.accessToken();
  }

  @Override
  public boolean renew() {
    if (refreshed) {
      return false;
    }
    refresh();
    return true;
  }

  @Override
  public String hint() {
    return "the stored login of " + login.email() + " was refused: " + LOGIN_AGAIN;
  }

  private void refresh() {
    Credentials.Login before = login;
    login =
        store.locked(
            () -> {
              // Another eventkit process may have refreshed while we waited for the lock: its
              // refresh token is the live one, ours is spent.
              Credentials.Login current = store.load().orElse(null);
              if (current == null || !current.node().equals(before.node())) {
                throw new CliException(
                    CliException.AUTH,
                    "UNAUTHENTICATED",
                    "the stored login was removed (eventkit logout?): " + LOGIN_AGAIN);
              }
              if (!current.refreshToken().equals(before.refreshToken())
                  && current.accessExpiry() != null
                  && clock.instant().plus(MARGIN).isBefore(current.accessExpiry())) {
                return current;
              }
              Instant refreshExpiry = current.refreshExpiry();
              if (refreshExpiry != null && !clock.instant().isBefore(refreshExpiry)) {
                throw new CliException(
                    CliException.AUTH,
                    "UNAUTHENTICATED",
                    "the login of "
                        + current.email()
                        + " at "
                        + current.node()
                        + " has expired: "
                        + LOGIN_AGAIN);
              }
              LoginResponse response;
              try (NodeClient client =
                  new NodeClient(current.node(), (String) null, timeout).tenant(current.tenant())) {
                response =
                    client.call(
                        AuthServiceGrpc.getRefreshMethod(),
                        RefreshRequest.newBuilder()
                            .setRefreshToken(current.refreshToken())
                            .build());
              } catch (CliException e) {
                if ("UNAUTHENTICATED".equals(e.code())) {
                  throw new CliException(
                      CliException.AUTH,
                      "UNAUTHENTICATED",
                      "the node ended the login of "
                          + current.email()
                          + " (expired, logged out, revoked, or its refresh token was used"
                          + " twice): "
                          + LOGIN_AGAIN);
                }
                throw e;
              }
              Credentials.Login next = of(current.node(), response, current, current.tenant());
              store.save(next);
              return next;
            });
    refreshed = true;
  }

  /** The login to store for a LoginResponse; {@code previous} fills a user the node left out. */
  static Credentials.Login of(
      String node, LoginResponse r, Credentials.Login previous, String tenant) {
    boolean hasUser = r.hasUser() && !r.getUser().getId().isEmpty();
    return new Credentials.Login(
        node,
        r.getAccessToken(),
        Text.isSet(r.getExpiresAt()) ? Text.toInstant(r.getExpiresAt()).toString() : null,
        r.getRefreshToken(),
        Text.isSet(r.getRefreshExpiresAt())
            ? Text.toInstant(r.getRefreshExpiresAt()).toString()
            : null,
        r.getSessionId().isEmpty() && previous != null ? previous.sessionId() : r.getSessionId(),
        hasUser ? r.getUser().getId() : previous == null ? null : previous.userId(),
        hasUser ? r.getUser().getEmail() : previous == null ? null : previous.email(),
        hasUser ? r.getUser().getDisplayName() : previous == null ? null : previous.displayName(),
        tenant);
  }
}
