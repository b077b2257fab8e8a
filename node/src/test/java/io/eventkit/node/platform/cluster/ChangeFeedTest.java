package io.eventkit.node.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.MigratedDatabase;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' feeds on one real PostgreSQL: a change published by one reaches the other's
 * subscribers of that topic (and not its own), and a feed whose connection is killed comes back by
 * itself and tells its subscribers that anything may have changed meanwhile.
 */
class ChangeFeedTest {
  static MigratedDatabase db;

  @BeforeAll
  static void start() {
    db = MigratedDatabase.start();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** A feed whose LISTEN connection carries {@code name} as its application name. */
  private static ChangeFeed feed(String name) {
    return new ChangeFeed(db.jdbi(), db.named(name));
  }

  @Test
  void aChangeReachesTheOtherReplicaAndNotItsPublisher() throws Exception {
    ChangeFeed a = feed("feed-a1");
    ChangeFeed b = feed("feed-b1");
    BlockingQueue<String> seenByA = new LinkedBlockingQueue<>();
    BlockingQueue<String> seenByB = new LinkedBlockingQueue<>();
    BlockingQueue<String> otherTopicAtB = new LinkedBlockingQueue<>();
    a.subscribe("partner", seenByA::add);
    b.subscribe("partner", seenByB::add);
    b.subscribe("user", otherTopicAtB::add);
    a.start();
    b.start();
    try {
      long t0 = System.nanoTime();
      a.publish("partner", "node2.test");
      assertThat(seenByB.poll(5, TimeUnit.SECONDS)).isEqualTo("node2.test");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
      b.publish("partner", "node3.test");
      assertThat(seenByA.poll(5, TimeUnit.SECONDS)).isEqualTo("node3.test");
      // Neither heard itself, and the other topic's subscriber heard nothing.
      assertThat(seenByA.poll(300, TimeUnit.MILLISECONDS)).isNull();
      assertThat(seenByB).isEmpty();
      assertThat(otherTopicAtB).isEmpty();
    } finally {
      a.stop();
      b.stop();
    }
  }

  @Test
  void aFeedThatLostItsConnectionComesBackAndDropsEverything() throws Exception {
    ChangeFeed a = feed("feed-a2");
    ChangeFeed b = feed("feed-b2");
    BlockingQueue<String> seenByB = new LinkedBlockingQueue<>();
    b.subscribe("api-tokens", seenByB::add);
    a.start();
    b.start();
    try {
      assertThat(b.listening()).isTrue();
      assertThat(db.terminate("feed-b2")).isEqualTo(1);
      // Whatever was published while B was away is lost to it: it is told to drop everything.
      assertThat(seenByB.poll(15, TimeUnit.SECONDS)).isEqualTo(ChangeFeed.EVERYTHING);
      assertThat(b.listening()).isTrue();
      a.publish("api-tokens", "t-1");
      assertThat(seenByB.poll(5, TimeUnit.SECONDS)).isEqualTo("t-1");
    } finally {
      a.stop();
      b.stop();
    }
  }

  @Test
  void aLocalFeedPublishesNothingAndStartsNothing() throws Exception {
    ChangeFeed local = ChangeFeed.local();
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    local.subscribe("partner", seen::add);
    local.start();
    local.publish("partner", "x");
    local.stop();
    assertThat(seen).isEmpty();
    assertThat(local.listening()).isFalse();
  }
}
