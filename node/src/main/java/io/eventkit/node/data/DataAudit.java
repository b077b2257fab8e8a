package io.eventkit.node.data;

import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The log of exports and imports: who, when, what (docs/data.md, "Audit"). */
final class DataAudit {
  enum Action {
    EXPORT,
    IMPORT_DRY_RUN,
    IMPORT_APPLY,
    PURGE
  }

  private final Jdbi jdbi;
  private final Clock clock;

  DataAudit(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  void record(String actor, Action action, String detail) {
    Daos.use(
        jdbi,
        DataDao.class,
        d -> d.audit(java.util.UUID.randomUUID(), clock.instant(), actor, action.name(), detail));
  }

  List<DataDao.AuditEntry> latest(int limit) {
    return Daos.with(jdbi, DataDao.class, d -> d.auditLog(limit));
  }
}
