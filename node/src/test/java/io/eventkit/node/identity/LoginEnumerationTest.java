package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.Role;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A refused login does not tell whether the email exists: not by its status, not by its message,
 * and not by how long it takes. The timing check compares the two distributions (unknown email vs
 * known email with a wrong password), interleaved so that machine load hits both alike; without the
 * dummy Argon2id verification an unknown email answers about a hundred times faster.
 */
class LoginEnumerationTest {
  // 2 warm-ups + 2 x (ROUNDS - 1) failures from one host stay below LoginThrottle.MAX_PER_ADDRESS
  // (20), so every attempt takes the path it is meant to (not the host lock-out's).
  private static final int ROUNDS = 9;
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start("enumeration.test");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private record Refusal(Status.Code code, String message, long nanos) {}

  private static Refusal attempt(String email) {
    LoginRequest request =
        LoginRequest.newBuilder().setEmail(email).setPassword("a wrong but long password").build();
    AuthServiceGrpc.AuthServiceBlockingStub stub =
        AuthServiceGrpc.newBlockingStub(node.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
    long start = System.nanoTime();
    try {
      stub.login(request);
    } catch (StatusRuntimeException e) {
      return new Refusal(
          e.getStatus().getCode(), e.getStatus().getDescription(), System.nanoTime() - start);
    }
    throw new AssertionError("a wrong password was accepted for " + email);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  @Test
  void unknownAndKnownEmailsAreRefusedAlikeInStatusMessageAndTime() {
    List<String> known = new ArrayList<>();
    // At most four failures per account stay below its lock-out too.
    for (int i = 0; i < 3; i++) {
      String email = "known" + i + "@example.com";
      node.authService(node.adminToken())
          .createUser(
              CreateUserRequest.newBuilder()
                  .setEmail(email)
                  .setDisplayName(email)
                  .addRoles(Role.ROLE_CREW)
                  .setPassword("the real long password")
                  .build());
      known.add(email);
    }
    attempt("warm-up@example.com");
    attempt(known.get(0));

    List<Long> unknownTimes = new ArrayList<>();
    List<Long> knownTimes = new ArrayList<>();
    Set<String> answers = new HashSet<>();
    for (int i = 1; i < ROUNDS; i++) {
      Refusal u = attempt("nobody" + i + "@example.com");
      Refusal k = attempt(known.get(i % known.size()));
      unknownTimes.add(u.nanos());
      knownTimes.add(k.nanos());
      answers.add(u.code() + ": " + u.message());
      answers.add(k.code() + ": " + k.message());
    }

    assertThat(answers).hasSize(1);
    assertThat(answers.iterator().next()).startsWith("UNAUTHENTICATED");
    double ratio = (double) median(unknownTimes) / median(knownTimes);
    assertThat(ratio)
        .as("median refusal time, unknown / known email (%s vs %s ns)", unknownTimes, knownTimes)
        .isBetween(0.5, 2.0);
  }
}
