package io.eventkit.node.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.platform.tenancy.Tenants;
import io.eventkit.node.testing.MigratedDatabase;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' job runners on one real PostgreSQL (the node's schema): a job runs once per
 * schedule whichever replica polls, never on two at once, and a replica that dies holding a job
 * (its connection ends) leaves it free for the other at once.
 */
class ClusterJobsTest {
  static MigratedDatabase db;
  static Jdbi jdbi;

  @BeforeAll
  static void start() {
    db = MigratedDatabase.start();
    jdbi = db.jdbi();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static ClusterJobs replica(String name) {
    return new ClusterJobs(jdbi, db.named(name), Tenants.single());
  }

  @Test
  void aJobRunsOncePerScheduleWhicheverReplicaPolls() {
    ClusterJobs a = replica("jobs-a1");
    ClusterJobs b = replica("jobs-b1");
    AtomicInteger runs = new AtomicInteger();
    Duration hour = Duration.ofHours(1);
    try {
      assertThat(a.runIfDue("sweep-1", hour, runs::incrementAndGet)).isTrue();
      // Due again only in 54 minutes: neither replica runs it now.
      assertThat(b.runIfDue("sweep-1", hour, runs::incrementAndGet)).isFalse();
      assertThat(a.runIfDue("sweep-1", hour, runs::incrementAndGet)).isFalse();
      assertThat(runs).hasValue(1);
      // Another job has its own schedule.
      assertThat(b.runIfDue("sweep-2", hour, runs::incrementAndGet)).isTrue();
      // Once due (the row says so), the next poll of either replica runs it.
      jdbi.useHandle(
          h -> h.execute("UPDATE cluster_job SET next_run_at = now() WHERE name = 'sweep-1'"));
      assertThat(b.runIfDue("sweep-1", hour, runs::incrementAndGet)).isTrue();
      assertThat(runs).hasValue(3);
      String by =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT last_run_by || ' ' || (last_finished_at IS NOT NULL)"
                              + " FROM cluster_job WHERE name = 'sweep-1'")
                      .mapTo(String.class)
                      .one());
      assertThat(by).endsWith(" true");
    } finally {
      a.stop();
      b.stop();
    }
  }

  @Test
  void aJobNeverRunsOnTwoReplicasAtOnceAndADeadReplicasJobIsFreeAtOnce() throws Exception {
    ClusterJobs a = replica("jobs-a2");
    ClusterJobs b = replica("jobs-b2");
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread t =
        new Thread(
            () ->
                a.runIfDue(
                    "refresh",
                    Duration.ofMillis(1),
                    () -> {
                      running.countDown();
                      try {
                        release.await(20, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    t.start();
    try {
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      AtomicInteger atB = new AtomicInteger();
      // Due (every 1 ms), but replica A is running it: B skips.
      assertThat(b.runIfDue("refresh", Duration.ofMillis(1), atB::incrementAndGet)).isFalse();
      // A dies mid-run: PostgreSQL ends its session, and its lock with it.
      assertThat(db.terminate("jobs-a2")).isEqualTo(1);
      assertThat(b.runIfDue("refresh", Duration.ofMillis(1), atB::incrementAndGet)).isTrue();
      assertThat(atB).hasValue(1);
    } finally {
      release.countDown();
      t.join(10_000);
      a.stop();
      b.stop();
    }
  }

  @Test
  void localJobsAlwaysRun() {
    AtomicInteger runs = new AtomicInteger();
    ClusterJobs local = ClusterJobs.local();
    assertThat(local.runIfDue("x", Duration.ofHours(1), runs::incrementAndGet)).isTrue();
    assertThat(local.runIfDue("x", Duration.ofHours(1), runs::incrementAndGet)).isTrue();
    assertThat(runs).hasValue(2);
  }
}
