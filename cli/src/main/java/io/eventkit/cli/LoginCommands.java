package io.eventkit.cli;

import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CompleteSsoLoginRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.LogoutRequest;
import io.eventkit.proto.v1.StartSsoLoginRequest;
import io.eventkit.proto.v1.StartSsoLoginResponse;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code eventkit login} and {@code eventkit logout}: the stored login (see {@link Credentials}).
 */
final class LoginCommands {
  private LoginCommands() {}

  @Command(
      name = "login",
      description = {
        "Log in to the node as a user and store the login for later commands.",
        "With an email, the password is read from the terminal without echo, or from standard"
            + " input with --password-stdin (never from an argument). With --sso, log in through"
            + " the node's OIDC provider in a browser.",
        "The login (access token, refresh token, node and user) is stored in"
            + " $EVENTKIT_CONFIG_DIR, else $XDG_CONFIG_HOME/eventkit, else ~/.config/eventkit,"
            + " in credentials.json (mode 0600). Later commands without --token use it and renew"
            + " it automatically; 'eventkit logout' ends it."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit --node http://eventkit.example:8080 login --email ada@example.com",
        "  printf '%%s\\n' \"$PW\" | eventkit login --email ada@example.com --password-stdin",
        "  eventkit login --sso entra          # prints a URL to open in a browser",
        "  eventkit users list                 # uses the stored login"
      })
  static final class Login extends ApiCommand {
    @Option(names = "--email", paramLabel = "EMAIL", description = "The user's email.")
    String email;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input (for scripts).")
    boolean passwordStdin;

    @Option(
        names = "--sso",
        paramLabel = "PROVIDER",
        description =
            "Log in with the node's OIDC provider PROVIDER (its id, e.g. google or entra) in a"
                + " browser instead of a password.")
    String sso;

    @Option(
        names = "--sso-timeout",
        paramLabel = "DURATION",
        converter = EventKitCli.DurationConverter.class,
        description = "How long to wait for the browser to come back. Default: 5m.")
    Duration ssoTimeout = Duration.ofMinutes(5);

    private Passwords passwords;

    @Override
    boolean authenticated() {
      return false;
    }

    @Override
    String anonymousHint() {
      return "check the email and the password";
    }

    @Override
    void validate() {
      if ((email == null) == (sso == null)) {
        throw usage("give either --email EMAIL or --sso PROVIDER");
      }
      if (sso != null) {
        if (passwordStdin) {
          throw usage("--password-stdin is for --email logins; --sso needs no password");
        }
        if (sso.isBlank()) {
          throw usage("--sso needs a provider id, e.g. --sso google");
        }
        if (ssoTimeout.compareTo(Duration.ofSeconds(1)) < 0
            || ssoTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
          throw usage(
              "--sso-timeout must be between 1s and 10m (the node forgets the login after 10m)");
        }
        return;
      }
      String problem = AccessArgs.emailProblem(email);
      if (problem != null) {
        throw usage(problem);
      }
      passwords = new Passwords(root(), passwordStdin);
      String why = passwords.unavailable();
      if (why != null) {
        throw usage(why);
      }
    }

    @Override
    int run(NodeClient client) {
      String node = root().nodeUrl();
      LoginResponse response;
      if (sso != null) {
        response = sso(client);
      } else {
        String password = passwords.existing("Password for " + email + ": ");
        response =
            client.call(
                AuthServiceGrpc.getLoginMethod(),
                LoginRequest.newBuilder().setEmail(email).setPassword(password).build());
      }
      Credentials store = root().credentials();
      store.save(StoredLogin.of(node, response, null, root().tenant()));
      // The tokens stay in the file: neither output shows them.
      LoginResponse shown = response.toBuilder().clearAccessToken().clearRefreshToken().build();
      return emit(
          shown,
          () -> {
            PrintWriter out = out();
            out.println(
                "Logged in to "
                    + node
                    + " as "
                    + Text.orNone(response.getUser().getEmail())
                    + " ("
                    + AccessArgs.roles(
                        response.getUser().getRolesList(), response.getUser().getCustomRolesList())
                    + ").");
            Map<String, String> lines = new LinkedHashMap<>();
            lines.put("session", Text.orNone(response.getSessionId()));
            lines.put("access until", Text.instantRelative(response.getExpiresAt(), now()));
            lines.put("login until", Text.instantRelative(response.getRefreshExpiresAt(), now()));
            lines.put("stored in", store.file().toString());
            Text.keyValues(out, lines);
            out.println("Later commands use this login and renew it; 'eventkit logout' ends it.");
          });
    }

    private LoginResponse sso(NodeClient client) {
      try (SsoLoopback loopback = SsoLoopback.start()) {
        StartSsoLoginResponse start =
            client.call(
                AuthServiceGrpc.getStartSsoLoginMethod(),
                StartSsoLoginRequest.newBuilder()
                    .setProviderId(sso)
                    .setRedirectUri(loopback.redirectUri())
                    .build());
        // In JSON mode stdout carries only the result document.
        PrintWriter say = json() ? spec.commandLine().getErr() : out();
        say.println(
            "Open this URL in a browser to log in with "
                + sso
                + " (waiting up to "
                + Text.duration(ssoTimeout)
                + "):");
        say.println("  " + start.getAuthorizationUrl());
        say.flush();
        SsoLoopback.Callback callback = loopback.await(start.getState(), ssoTimeout);
        if (callback.error() != null) {
          throw new CliException(
              CliException.AUTH,
              "the provider refused the login: "
                  + callback.error()
                  + (callback.errorDescription() == null
                      ? ""
                      : " (" + callback.errorDescription() + ")"));
        }
        return client.call(
            AuthServiceGrpc.getCompleteSsoLoginMethod(),
            CompleteSsoLoginRequest.newBuilder()
                .setState(start.getState())
                .setCode(callback.code())
                .build());
      }
    }
  }

  @Command(
      name = "logout",
      description = {
        "End the stored login: the node ends its session, and the credentials file is deleted.",
        "Without a stored login there is nothing to do."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit logout"})
  static final class Logout extends ApiCommand {
    @Override
    boolean authenticated() {
      return false;
    }

    @Override
    int run(NodeClient ignored) {
      Credentials store = root().credentials();
      Credentials.Login login = store.load().orElse(null);
      if (login == null) {
        if (!json()) {
          out().println("Not logged in (no " + store.file() + ").");
        }
        return json()
            ? emit(io.eventkit.proto.v1.LogoutResponse.getDefaultInstance(), () -> {})
            : 0;
      }
      CliException failure = null;
      try (NodeClient client =
          new NodeClient(login.node(), (String) null, root().timeout(defaultTimeout()))
              .tenant(login.tenant())) {
        client.call(
            AuthServiceGrpc.getLogoutMethod(),
            LogoutRequest.newBuilder().setRefreshToken(login.refreshToken()).build());
      } catch (CliException e) {
        failure = e;
      }
      store.delete();
      if (failure != null) {
        throw new CliException(
            failure.exitCode(),
            failure.code(),
            "deleted the stored login, but the node did not end the session (it ends by itself"
                + " when the login expires): "
                + failure.getMessage());
      }
      return emit(
          io.eventkit.proto.v1.LogoutResponse.getDefaultInstance(),
          () -> out().println("Logged out of " + login.node() + " (" + login.email() + ")."));
    }
  }
}
