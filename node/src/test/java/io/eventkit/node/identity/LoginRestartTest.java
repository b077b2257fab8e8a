package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.RefreshRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.WhoAmIRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The access token signing key is created once and kept: tokens outlive a restart. */
class LoginRestartTest {
  private static List<String> kids(TestNode n) {
    return n.runtime()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT kid FROM jwt_signing_key").mapTo(String.class).list());
  }

  @Test
  void theSigningKeyAndSessionsSurviveARestart() throws Exception {
    Path dataDir = Files.createTempDirectory("eventkit-login-restart");
    LoginResponse before;
    List<String> kidsBefore;
    try (TestNode first = TestNode.start(TestNode.config("restart.login.test", dataDir))) {
      first
          .authService(first.adminToken())
          .createUser(
              CreateUserRequest.newBuilder()
                  .setEmail("pia@example.com")
                  .setDisplayName("Pia")
                  .addRoles(Role.ROLE_CREW)
                  .setPassword("pia's long passphrase")
                  .build());
      before =
          AuthServiceGrpc.newBlockingStub(first.channel())
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .login(
                  LoginRequest.newBuilder()
                      .setEmail("pia@example.com")
                      .setPassword("pia's long passphrase")
                      .build());
      kidsBefore = kids(first);
      assertThat(kidsBefore).hasSize(1);
    }
    try (TestNode second = TestNode.start(TestNode.config("restart.login.test", dataDir))) {
      assertThat(kids(second)).isEqualTo(kidsBefore);
      assertThat(
              second
                  .authService(before.getAccessToken())
                  .whoAmI(WhoAmIRequest.getDefaultInstance())
                  .getName())
          .isEqualTo("pia@example.com");
      LoginResponse refreshed =
          AuthServiceGrpc.newBlockingStub(second.channel())
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .refresh(
                  RefreshRequest.newBuilder().setRefreshToken(before.getRefreshToken()).build());
      assertThat(refreshed.getSessionId()).isEqualTo(before.getSessionId());
    }
  }
}
