package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.ApiToken;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.ListApiTokensRequest;
import io.eventkit.proto.v1.RevokeApiTokenRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A revoked bootstrap token stays revoked across a restart while something else can administer the
 * node; when nothing can, the next start writes a new one.
 */
class BootstrapTokenRestartTest {
  private static boolean works(TestNode n, String token) {
    try {
      n.authService(token).whoAmI(WhoAmIRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  private static List<ApiToken> bootstrapTokens(TestNode n, String admin) {
    return n
        .authService(admin)
        .listApiTokens(ListApiTokensRequest.newBuilder().setIncludeInactive(true).build())
        .getTokensList()
        .stream()
        .filter(ApiToken::getBootstrap)
        .toList();
  }

  @Test
  void aRevokedBootstrapTokenIsRecreatedOnlyWhenNothingElseCanAdminister() throws Exception {
    Path dataDir = Files.createTempDirectory("eventkit-bootstrap");
    String first;
    String other;
    try (TestNode n = TestNode.start(TestNode.config("bootstrap.test", dataDir))) {
      first = n.adminToken();
      var created =
          n.authService(first)
              .createApiToken(
                  CreateApiTokenRequest.newBuilder()
                      .setName("ops admin")
                      .setRole(Role.ROLE_ADMIN)
                      .build());
      other = created.getToken();
      ApiToken bootstrap = bootstrapTokens(n, other).get(0);
      n.authService(other)
          .revokeApiToken(RevokeApiTokenRequest.newBuilder().setTokenId(bootstrap.getId()).build());
      assertThat(works(n, first)).isFalse();
    }
    String otherId;
    try (TestNode n = TestNode.start(TestNode.config("bootstrap.test", dataDir))) {
      assertThat(n.adminToken()).isEqualTo(first);
      assertThat(works(n, first)).isFalse();
      assertThat(bootstrapTokens(n, other)).hasSize(1);
      otherId =
          n
              .authService(other)
              .listApiTokens(ListApiTokensRequest.getDefaultInstance())
              .getTokensList()
              .stream()
              .filter(t -> t.getName().equals("ops admin"))
              .findFirst()
              .orElseThrow()
              .getId();
      n.authService(other)
          .revokeApiToken(RevokeApiTokenRequest.newBuilder().setTokenId(otherId).build());
    }
    try (TestNode n = TestNode.start(TestNode.config("bootstrap.test", dataDir))) {
      String fresh = n.adminToken();
      assertThat(fresh).isNotEqualTo(first);
      assertThat(works(n, fresh)).isTrue();
      assertThat(works(n, other)).isFalse();
      assertThat(bootstrapTokens(n, fresh)).hasSize(2);
    }
  }
}
