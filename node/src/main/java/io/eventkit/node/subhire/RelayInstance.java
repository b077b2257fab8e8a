package io.eventkit.node.subhire;

import io.eventkit.node.platform.db.Daos;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * This process's identity as an outbox sender (§17.5). It is registered at start, beats every
 * {@code timeout / 3}, and removed at a clean stop. Claims carry the instance ID; a claim whose
 * instance has not beaten for {@code timeout} (the process died) is free to re-claim at once, so
 * recovery after a crash takes seconds, not the claim lease. Replicas sharing one database each
 * have their own instance, so a live replica's claims are never taken while it beats.
 *
 * <p>Beats and the liveness test use the database's clock, never a process's: replicas whose clocks
 * differ by more than {@code timeout} must not see each other as dead.
 */
final class RelayInstance {
  private final UUID id = UUID.randomUUID();
  private final Jdbi jdbi;
  private final Duration timeout;

  RelayInstance(Jdbi jdbi, Duration timeout) {
    this.jdbi = jdbi;
    this.timeout = timeout;
  }

  UUID id() {
    return id;
  }

  Duration heartbeatInterval() {
    return timeout.dividedBy(3).compareTo(Duration.ofMillis(100)) < 0
        ? Duration.ofMillis(100)
        : timeout.dividedBy(3);
  }

  /** Instances whose last beat (database time) is older than this are dead. */
  Duration timeout() {
    return timeout;
  }

  /** Registers (or re-registers) and beats; drops instances dead for ten timeouts. */
  void beat() {
    jdbi.useTransaction(
        h -> {
          RelayInstanceDao dao = Daos.of(h, RelayInstanceDao.class);
          dao.beat(id);
          dao.forgetDead(timeout.multipliedBy(10).toMillis() / 1000.0);
        });
  }

  /** A clean stop: this instance's unfinished claims are released and it is forgotten. */
  void remove() {
    jdbi.useTransaction(
        h -> {
          RelayInstanceDao dao = Daos.of(h, RelayInstanceDao.class);
          dao.releaseClaims(id);
          dao.remove(id);
        });
  }
}
