package io.eventkit.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.WhoAmIRequest;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;

/** First start, restart on the same data directory, and a clean stop. */
class NodeLifecycleTest {

  @Test
  void dataSurvivesARestartAndStopReleasesEverything() throws Exception {
    Path dataDir = Files.createTempDirectory("eventkit-lifecycle");
    String adminToken;
    String scannerToken;
    int grpcPort;
    int httpPort;
    try (TestNode first = TestNode.start(TestNode.config("life.test", dataDir))) {
      assertThat(first.runtime().newAdminToken()).isPresent();
      adminToken = first.adminToken();
      assertThat(Files.getPosixFilePermissions(dataDir.resolve("admin-token")))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      scannerToken =
          first
              .authService(adminToken)
              .createApiToken(
                  CreateApiTokenRequest.newBuilder()
                      .setName("scanner")
                      .setRole(Role.ROLE_WAREHOUSE)
                      .build())
              .getToken();
      grpcPort = first.runtime().grpcPort();
      httpPort = first.httpPort();
    }
    assertThat(isListening(grpcPort)).as("gRPC port closed after stop").isFalse();
    assertThat(isListening(httpPort)).as("HTTP port closed after stop").isFalse();
    assertThat(dataDir.resolve("postgres/postmaster.pid")).as("PostgreSQL stopped").doesNotExist();

    try (TestNode second = TestNode.start(TestNode.config("life.test", dataDir))) {
      assertThat(second.runtime().newAdminToken()).as("no second admin token").isEmpty();
      assertThat(second.adminToken()).isEqualTo(adminToken);
      assertThat(
              second.authService(scannerToken).whoAmI(WhoAmIRequest.getDefaultInstance()).getName())
          .isEqualTo("scanner");
    }
  }

  private static boolean isListening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
