package io.eventkit.node.platform.cluster;

import io.dropwizard.lifecycle.Managed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other replicas on this database that something they may hold in memory has changed (a
 * partner's state, a revoked token, a user's roles), through PostgreSQL's LISTEN/NOTIFY.
 *
 * <p>The contract: {@link #publish} is called after the change committed; every <em>other</em>
 * replica's subscribers of that topic are called with the key, usually well within a second. The
 * publishing replica is not called back: it updates its own memory where it makes the change.
 * Notices sent while a replica's feed connection was down are lost, so when the feed reconnects
 * every subscriber is called with {@link #EVERYTHING} (drop all you hold of this topic). Caches
 * that subscribe still keep a short TTL as the last safety net (a replica that dies between commit
 * and publish).
 *
 * <p>The feed listens on a connection of its own, outside the pool (a LISTEN lives as long as its
 * session), and checks it every {@link #PROBE} so that a silently dead connection is noticed.
 */
public final class ChangeFeed implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

  /** The NOTIFY channel (one for every topic: a notice names its topic). */
  static final String CHANNEL = "eventkit_changes";

  /** The key subscribers get after a reconnect: anything of the topic may have changed. */
  public static final String EVERYTHING = "*";

  static final Duration PROBE = Duration.ofSeconds(5);

  /** Opens a connection to the node's database outside the pool. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  /** A feed for a node alone (tests, tools): publishing does nothing, nobody is called. */
  public static ChangeFeed local() {
    return new ChangeFeed(null, null);
  }

  private final String instance = UUID.randomUUID().toString();
  private final Jdbi jdbi;
  private final Connections connections;
  private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean running;
  private volatile boolean listening;
  private Thread listener; // guarded by this

  public ChangeFeed(Jdbi jdbi, Connections connections) {
    this.jdbi = jdbi;
    this.connections = connections;
  }

  /** Calls {@code onChange} with the key of each change another replica publishes on the topic. */
  public void subscribe(String topic, Consumer<String> onChange) {
    subscribers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(onChange);
  }

  /**
   * Tells the other replicas that {@code key} of {@code topic} changed. Call it after the commit. A
   * failure is logged, not thrown: the change itself is done, and the others' caches expire.
   */
  public void publish(String topic, String key) {
    if (jdbi == null) {
      return;
    }
    String payload = instance + '\t' + topic + '\t' + key;
    try {
      jdbi.useHandle(
          h ->
              h.createQuery("SELECT pg_notify(:channel, :payload)")
                  .bind("channel", CHANNEL)
                  .bind("payload", payload)
                  .mapTo(String.class)
                  .findOne());
    } catch (RuntimeException e) {
      LOG.warn(
          "could not tell the other replicas that {} {} changed (their caches catch up when they"
              + " expire): {}",
          topic,
          key,
          e.toString());
    }
  }

  /** Whether the feed is listening now (false while its connection is being re-established). */
  public boolean listening() {
    return listening;
  }

  @Override
  public synchronized void start() {
    if (connections == null || running) {
      return;
    }
    running = true;
    // The first LISTEN happens before start() returns, so nothing published after the node has
    // started can be missed; later ones (reconnects) on the thread.
    Connection first = null;
    try {
      first = connect();
    } catch (SQLException e) {
      LOG.warn("change feed: cannot listen yet ({}); retrying", e.getMessage());
    }
    Connection c = first;
    listener = new Thread(() -> run(c), "change-feed");
    listener.setDaemon(true);
    listener.start();
  }

  private Connection connect() throws SQLException {
    Connection c = connections.open();
    try (Statement st = c.createStatement()) {
      st.execute("LISTEN " + CHANNEL);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    listening = true;
    return c;
  }

  private void run(Connection first) {
    Connection c = first;
    boolean missed = false;
    long wait = 200;
    while (running) {
      try {
        if (c == null) {
          c = connect();
          missed = true;
        }
        if (missed) {
          LOG.info("change feed: listening again; dropping what was cached meanwhile");
          everythingChanged();
          missed = false;
        }
        wait = 200;
        listen(c);
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          break;
        }
        if (listening) {
          LOG.warn(
              "change feed: lost its connection ({}); caches fall back to their expiry until it"
                  + " is back",
              e.toString());
        }
        listening = false;
        missed = true;
        close(c);
        c = null;
        sleep(wait);
        wait = Math.min(wait * 2, 5_000);
      }
    }
    listening = false;
    close(c);
  }

  /** Dispatches notices until the connection fails or the feed stops. */
  private void listen(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long probeAt = System.nanoTime() + PROBE.toNanos();
    while (running) {
      PGNotification[] notices = pg.getNotifications(500);
      if (notices != null) {
        for (PGNotification n : notices) {
          dispatch(n.getParameter());
        }
      }
      if (System.nanoTime() - probeAt > 0) {
        try (Statement st = c.createStatement()) {
          st.execute("SELECT 1"); // a dead connection fails here
        }
        probeAt = System.nanoTime() + PROBE.toNanos();
      }
    }
  }

  void dispatch(String payload) {
    String[] parts = payload.split("\t", 3);
    if (parts.length != 3 || parts[0].equals(instance)) {
      return;
    }
    for (Consumer<String> s : subscribers.getOrDefault(parts[1], List.of())) {
      call(parts[1], s, parts[2]);
    }
  }

  private void everythingChanged() {
    subscribers.forEach((topic, list) -> list.forEach(s -> call(topic, s, EVERYTHING)));
  }

  private static void call(String topic, Consumer<String> s, String key) {
    try {
      s.accept(key);
    } catch (RuntimeException e) {
      LOG.warn("change feed: a subscriber of {} failed on {}: {}", topic, key, e.toString());
    }
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already broken
      }
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void stop() throws InterruptedException {
    Thread t;
    synchronized (this) {
      running = false;
      t = listener;
      listener = null;
    }
    if (t != null) {
      t.interrupt();
      t.join(5_000);
    }
  }
}
