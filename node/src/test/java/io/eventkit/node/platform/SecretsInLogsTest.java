package io.eventkit.node.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.Invitation;
import io.eventkit.proto.v1.ListPartnerHealthRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.TrustLevel;
import io.eventkit.proto.v1.WhoAmIRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With every logger at TRACE (what the log-level task allows), authenticated calls over gRPC and
 * Connect and a federation handshake between two nodes put no bearer token, key passphrase, private
 * key or invitation secret into the log.
 */
class SecretsInLogsTest {

  @Test
  void noSecretReachesTheLogAtTrace() throws Exception {
    // The nodes' own logging configuration (what config.yml's logging section sets), at TRACE
    // into one file: Dropwizard applies it at each start, as in production.
    Path logFile = Files.createTempDirectory("eventkit-logs").resolve("trace.log");
    Map<String, String> secrets = new LinkedHashMap<>();
    String passphraseA = "passphrase-A-" + java.util.UUID.randomUUID();
    String passphraseB = "passphrase-B-" + java.util.UUID.randomUUID();
    secrets.put("key passphrase of a", passphraseA);
    secrets.put("key passphrase of b", passphraseB);
    {
      NodeConfiguration configA =
          TestNode.config("a.logs.test", Files.createTempDirectory("eventkit-logs-a"));
      configA.getFederation().setKeyPassphrase(passphraseA);
      traceTo(configA, logFile);
      NodeConfiguration configB =
          TestNode.config("b.logs.test", Files.createTempDirectory("eventkit-logs-b"));
      configB.getFederation().setKeyPassphrase(passphraseB);
      traceTo(configB, logFile);
      try (TestNode a = TestNode.start(configA);
          TestNode b = TestNode.start(configB)) {
        // Through the admin task, as an operator would, then every logger a configuration or
        // the task could have pinned.
        for (String logger : List.of("ROOT", "io.grpc.netty", "org.eclipse.jetty")) {
          HttpResponse<String> task =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + a.adminPort() + "/tasks/log-level"))
                          .header("Content-Type", "application/x-www-form-urlencoded")
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  "logger=" + logger + "&level=TRACE"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
          assertThat(task.statusCode()).as(task.body()).isEqualTo(200);
        }
        everythingAtTrace();
        secrets.put("admin token of a", a.adminToken());
        secrets.put("admin token of b", b.adminToken());

        // Authenticated calls: gRPC, Connect with the header, a new token in a response.
        a.authService(a.adminToken()).whoAmI(WhoAmIRequest.getDefaultInstance());
        String created =
            a.authService(a.adminToken())
                .createApiToken(
                    CreateApiTokenRequest.newBuilder()
                        .setName("scanner")
                        .setRole(Role.ROLE_WAREHOUSE)
                        .build())
                .getToken();
        secrets.put("created API token", created);
        a.authService(created).whoAmI(WhoAmIRequest.getDefaultInstance());
        // Passwords: on creation, on change, over Connect JSON, and one refused by the policy.
        String password = "pw-create-" + java.util.UUID.randomUUID();
        String newPassword = "pw-change-" + java.util.UUID.randomUUID();
        String connectPassword = "pw-connect-" + java.util.UUID.randomUUID();
        String tooLong = "pw-refused-" + "x".repeat(300);
        secrets.put("password on create", password);
        secrets.put("password on change", newPassword);
        secrets.put("password over Connect", connectPassword);
        secrets.put("refused password", tooLong);
        var user =
            a.authService(a.adminToken())
                .createUser(
                    io.eventkit.proto.v1.CreateUserRequest.newBuilder()
                        .setEmail("logs@example.com")
                        .setDisplayName("Logs")
                        .addRoles(Role.ROLE_CREW)
                        .setPassword(password)
                        .build());
        a.authService(a.adminToken())
            .setPassword(
                io.eventkit.proto.v1.SetPasswordRequest.newBuilder()
                    .setUserId(user.getId())
                    .setPassword(newPassword)
                    .build());
        try {
          a.authService(a.adminToken())
              .setPassword(
                  io.eventkit.proto.v1.SetPasswordRequest.newBuilder()
                      .setUserId(user.getId())
                      .setPassword(tooLong)
                      .build());
        } catch (io.grpc.StatusRuntimeException expected) {
          // refused by the length policy
        }
        HttpResponse<String> connectUser =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(b.baseUrl() + "/eventkit.v1.AuthService/CreateUser"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + b.adminToken())
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"email\": \"c@example.com\", \"displayName\": \"C\","
                                    + " \"roles\": [\"ROLE_CREW\"], \"password\": \""
                                    + connectPassword
                                    + "\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(connectUser.statusCode()).as(connectUser.body()).isEqualTo(200);
        String storedHash =
            a.runtime()
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT password_hash FROM app_user WHERE id = :id")
                            .bind("id", java.util.UUID.fromString(user.getId()))
                            .mapTo(String.class)
                            .one());
        secrets.put("password hash", storedHash.substring(storedHash.lastIndexOf('$') + 1));
        HttpResponse<String> connect =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(b.baseUrl() + "/eventkit.v1.AuthService/WhoAmI"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + b.adminToken())
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(connect.statusCode()).isEqualTo(200);
        // A wrong token is logged as refused, never echoed.
        String wrong = "ekt_" + java.util.UUID.randomUUID();
        secrets.put("wrong token", wrong);
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(b.baseUrl() + "/eventkit.v1.AuthService/WhoAmI"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + wrong)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

        // Login over gRPC (right and wrong password) and over Connect; the access token is used.
        String loginWrong = "not the logs passphrase " + java.util.UUID.randomUUID();
        secrets.put("wrong login password", loginWrong);
        var loginStub =
            io.eventkit.proto.v1.AuthServiceGrpc.newBlockingStub(a.channel())
                .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS);
        var loggedIn =
            loginStub.login(
                io.eventkit.proto.v1.LoginRequest.newBuilder()
                    .setEmail("logs@example.com")
                    .setPassword(newPassword)
                    .build());
        secrets.put("refresh token", loggedIn.getRefreshToken());
        var refreshed =
            loginStub.refresh(
                io.eventkit.proto.v1.RefreshRequest.newBuilder()
                    .setRefreshToken(loggedIn.getRefreshToken())
                    .build());
        secrets.put("rotated refresh token", refreshed.getRefreshToken());
        secrets.put("refreshed access token", refreshed.getAccessToken());
        try {
          loginStub.refresh(
              io.eventkit.proto.v1.RefreshRequest.newBuilder()
                  .setRefreshToken(loggedIn.getRefreshToken())
                  .build());
        } catch (io.grpc.StatusRuntimeException expected) {
          // reuse of a spent refresh token
        }
        loginStub.logout(
            io.eventkit.proto.v1.LogoutRequest.newBuilder()
                .setRefreshToken(refreshed.getRefreshToken())
                .build());
        String accessToken = loggedIn.getAccessToken();
        secrets.put("access token", accessToken);
        secrets.put(
            "access token signature", accessToken.substring(accessToken.lastIndexOf('.') + 1));
        try {
          loginStub.login(
              io.eventkit.proto.v1.LoginRequest.newBuilder()
                  .setEmail("logs@example.com")
                  .setPassword(loginWrong)
                  .build());
        } catch (io.grpc.StatusRuntimeException expected) {
          // wrong password
        }
        a.authService(accessToken).whoAmI(io.eventkit.proto.v1.WhoAmIRequest.getDefaultInstance());
        HttpResponse<String> connectLogin =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(b.baseUrl() + "/eventkit.v1.AuthService/Login"))
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"email\": \"c@example.com\", \"password\": \""
                                    + connectPassword
                                    + "\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(connectLogin.statusCode()).as(connectLogin.body()).isEqualTo(200);
        String connectToken =
            connectLogin.body().replaceAll("(?s).*\"accessToken\":\"([^\"]+)\".*", "$1");
        secrets.put("access token over Connect", connectToken);
        HttpResponse<String> connectWho =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(b.baseUrl() + "/eventkit.v1.AuthService/WhoAmI"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + connectToken)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(connectWho.statusCode()).as(connectWho.body()).isEqualTo(200);

        // The federation handshake: invitation, acceptance over the enrolment listener, mTLS.
        String invitation =
            a.trust()
                .createInvitation(
                    CreateInvitationRequest.newBuilder()
                        .setPartnerNodeId(b.nodeId())
                        .setLevel(TrustLevel.TRUST_LEVEL_AVAILABILITY)
                        .setTtlSeconds(600)
                        .build())
                .getInvitation();
        secrets.put("invitation", invitation);
        secrets.put(
            "invitation secret",
            Invitation.parseFrom(
                    Base64.getUrlDecoder()
                        .decode(invitation.substring(invitation.indexOf('.') + 1)))
                .getSecret());
        b.trust()
            .acceptInvitation(
                AcceptInvitationRequest.newBuilder().setInvitation(invitation).build());
        a.trust().listPartnerHealth(ListPartnerHealthRequest.getDefaultInstance());
        b.trust().listPartnerHealth(ListPartnerHealthRequest.getDefaultInstance());
      }
    }
    String log = Files.readString(logFile, StandardCharsets.UTF_8);
    assertThat(log).as("start-up was captured").contains("embedded PostgreSQL started");
    assertThat(log).as("DEBUG of the node's own code was captured").contains("DEBUG io.eventkit.");
    assertThat(log).as("the RPC log was captured").contains("eventkit.rpc");
    List<String> leaks = new ArrayList<>();
    secrets.forEach(
        (name, secret) -> {
          int at = log.indexOf(secret);
          if (at >= 0) {
            leaks.add(name + " at: " + log.substring(Math.max(0, at - 300), at + 20));
          }
        });
    for (String marker : List.of("PRIVATE KEY-----", "ENCRYPTED PRIVATE KEY")) {
      int at = log.indexOf(marker);
      if (at >= 0) {
        leaks.add(marker + " at: " + log.substring(Math.max(0, at - 300), at + 40));
      }
    }
    assertThat(leaks).as("secrets in the TRACE log").isEmpty();
  }

  private static void traceTo(NodeConfiguration config, Path file) {
    DefaultLoggingFactory logging = (DefaultLoggingFactory) config.getLoggingFactory();
    logging.setLevel("TRACE");
    FileAppenderFactory<ILoggingEvent> appender = new FileAppenderFactory<>();
    appender.setCurrentLogFilename(file.toString());
    appender.setArchive(false);
    appender.setLogFormat("%level %logger [%thread] %mdc %msg%n%ex{full}");
    logging.setAppenders(List.of(appender));
  }

  /** Every logger that exists (including pinned ones) and root at TRACE. */
  private static void everythingAtTrace() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    for (Logger logger : context.getLoggerList()) {
      logger.setLevel(logger.getName().equals(Logger.ROOT_LOGGER_NAME) ? Level.TRACE : null);
    }
    for (String name : List.of("io.grpc", "io.netty", "org.eclipse.jetty", "org.postgresql")) {
      context.getLogger(name).setLevel(Level.TRACE);
    }
  }
}
