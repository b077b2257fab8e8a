package io.eventkit.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.WhoAmIRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A second node on the same data directory refuses to start and leaves the first one alone. */
class DataDirLockTest {

  @Test
  void aSecondNodeOnTheSameDataDirectoryIsRefusedAndTheFirstKeepsRunning() throws Exception {
    Path dataDir = Files.createTempDirectory("eventkit-lock");
    try (TestNode first = TestNode.start(TestNode.config("lock.test", dataDir))) {
      String token = first.adminToken();
      long postgresPid = postmasterPid(dataDir);

      // In this JVM (what a test harness or an embedding would do)...
      assertThatThrownBy(() -> TestNode.start(TestNode.config("lock.test", dataDir)))
          .hasStackTraceContaining(
              "is in use by another EventKit node (pid " + ProcessHandle.current().pid());

      // ...and from another process, as a second `dev` would.
      Process other =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  LockProbe.class.getName(),
                  dataDir.toString())
              .redirectErrorStream(true)
              .start();
      assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(other.exitValue()).as(output).isEqualTo(3);
      assertThat(output)
          .contains("is in use by another EventKit node (pid " + ProcessHandle.current().pid())
          .contains("--data-dir");

      assertThat(ProcessHandle.of(postgresPid).map(ProcessHandle::isAlive)).hasValue(true);
      assertThat(postmasterPid(dataDir)).isEqualTo(postgresPid);
      assertThat(
              first.nodeService().getNodeInfo(GetNodeInfoRequest.getDefaultInstance()).getNodeId())
          .isEqualTo("lock.test");
      assertThat(first.authService(token).whoAmI(WhoAmIRequest.getDefaultInstance()).getName())
          .isNotBlank();
    }
    // Released on stop: the same directory starts again.
    try (TestNode again = TestNode.start(TestNode.config("lock.test", dataDir))) {
      assertThat(again.runtime().newAdminToken()).isEmpty();
    }
  }

  @Test
  void aSecondAttemptThroughASymlinkLeavesTheLockInPlace() throws Exception {
    Path dataDir = Files.createTempDirectory("eventkit-lock-real");
    Path link = Files.createTempDirectory("eventkit-lock-links").resolve("data");
    Files.createSymbolicLink(link, dataDir);
    try (DataDirLock held = DataDirLock.acquire(dataDir, Clock.systemUTC())) {
      assertThatThrownBy(() -> DataDirLock.acquire(link, Clock.systemUTC()))
          .hasMessageContaining("is in use by another EventKit node");
      // Closing a second descriptor of the lock file would have dropped this process's lock
      // (POSIX): another process must still be refused.
      assertThat(probe(dataDir)).isEqualTo(3);
    }
  }

  private static int probe(Path dataDir) throws Exception {
    Process other =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockProbe.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
    other.getInputStream().readAllBytes();
    return other.exitValue();
  }

  private static long postmasterPid(Path dataDir) throws Exception {
    return Long.parseLong(
        Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
  }

  /** Tries to lock a data directory from a separate JVM: exit 0 locked, 3 refused. */
  public static final class LockProbe {
    public static void main(String[] args) throws Exception {
      try (DataDirLock lock = DataDirLock.acquire(Path.of(args[0]), Clock.systemUTC())) {
        System.out.println("locked");
        System.exit(0);
      } catch (StartupException e) {
        System.out.println(e.getMessage());
        System.exit(3);
      }
    }
  }
}
