package io.eventkit.node.reports;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import io.eventkit.node.reports.Model.Kind;
import io.eventkit.node.reports.Model.Owner;
import io.eventkit.node.reports.Model.Saved;
import io.eventkit.node.reports.Model.SavedFields;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Saved reports: private to their owner unless shared (then read-only to everyone with
 * REPORTS_READ). Only the owner changes or deletes one: to anyone else a shared one is
 * PERMISSION_DENIED and a private one NOT_FOUND. Updates carry the revision they read (ABORTED when
 * it moved on). Names are unique per owner, without regard to case (ALREADY_EXISTS).
 */
final class SavedReports {
  private final Jdbi jdbi;
  private final Clock clock;

  SavedReports(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  Saved create(Owner owner, SavedFields f) {
    try {
      return insert(owner, f);
    } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
      // Two creates of one name racing: the unique index decides.
      if (Pg.is(e, Pg.UNIQUE_VIOLATION, "saved_report_owner_name")) {
        throw taken(f.name());
      }
      throw e;
    }
  }

  private Saved insert(Owner owner, SavedFields f) {
    return jdbi.inTransaction(
        h -> {
          SavedReportDao dao = Daos.of(h, SavedReportDao.class);
          UUID id = UUID.randomUUID();
          if (dao.nameTaken(owner.id(), f.name(), id)) {
            throw taken(f.name());
          }
          Instant now = now();
          dao.insert(
              new SavedReportDao.Row(
                  id,
                  owner.id(),
                  owner.name(),
                  f.name(),
                  f.description(),
                  f.kind().name(),
                  f.specJson(),
                  f.display(),
                  f.shared(),
                  f.pinned(),
                  1,
                  now,
                  now));
          return view(owner, dao.find(id, owner.id()).orElseThrow());
        });
  }

  Saved update(Owner owner, UUID id, long revision, SavedFields f) {
    return jdbi.inTransaction(
        h -> {
          SavedReportDao dao = Daos.of(h, SavedReportDao.class);
          SavedReportDao.Row r = ownedForChange(dao, owner, id);
          if (r.revision() != revision) {
            throw new DomainException(
                ErrorCode.ABORTED,
                "saved report "
                    + id
                    + " changed since you read it (revision "
                    + r.revision()
                    + ", you sent "
                    + revision
                    + "); read it again and reapply your change");
          }
          if (dao.nameTaken(owner.id(), f.name(), id)) {
            throw taken(f.name());
          }
          dao.update(
              new SavedReportDao.Row(
                  id,
                  r.ownerId(),
                  r.ownerName(),
                  f.name(),
                  f.description(),
                  f.kind().name(),
                  f.specJson(),
                  f.display(),
                  f.shared(),
                  f.pinned(),
                  r.revision(),
                  r.createdAt(),
                  now()));
          return view(owner, dao.find(id, owner.id()).orElseThrow());
        });
  }

  void delete(Owner owner, UUID id) {
    jdbi.useTransaction(
        h -> {
          SavedReportDao dao = Daos.of(h, SavedReportDao.class);
          ownedForChange(dao, owner, id);
          dao.delete(id);
        });
  }

  Saved get(Owner owner, UUID id) {
    return Daos.with(
        jdbi,
        SavedReportDao.class,
        dao -> view(owner, dao.find(id, owner.id()).orElseThrow(() -> notFound(id))));
  }

  Model.Paged<Saved> list(Owner owner, int pageSize, String token) {
    PageSpec p = PageSpec.of(pageSize, token, 2);
    UUID afterId;
    try {
      afterId = p.isFirst() ? null : UUID.fromString(p.after(1));
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(
          "invalid request: page.page_token is not valid for this list; start again with an"
              + " empty token");
    }
    List<SavedReportDao.Row> rows =
        Daos.with(
            jdbi,
            SavedReportDao.class,
            dao -> dao.list(owner.id(), p.after(0), afterId, p.fetch()));
    PageSpec.Page<SavedReportDao.Row> page =
        p.page(rows, r -> List.of(r.name().toLowerCase(java.util.Locale.ROOT), r.id().toString()));
    return new Model.Paged<>(
        page.items().stream().map(r -> view(owner, r)).toList(), page.nextToken());
  }

  List<Saved> pinned(Owner owner) {
    return Daos.with(jdbi, SavedReportDao.class, dao -> dao.pinned(owner.id())).stream()
        .map(r -> view(owner, r))
        .toList();
  }

  private static SavedReportDao.Row ownedForChange(SavedReportDao dao, Owner owner, UUID id) {
    SavedReportDao.Row r = dao.lock(id, owner.id()).orElseThrow(() -> notFound(id));
    if (!r.ownerId().equals(owner.id())) {
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED,
          "saved report '"
              + r.name()
              + "' belongs to "
              + r.ownerName()
              + "; only its owner changes or deletes it (save a copy of your own instead)");
    }
    return r;
  }

  private static Saved view(Owner owner, SavedReportDao.Row r) {
    return new Saved(
        r.id(),
        r.name(),
        r.description(),
        Kind.valueOf(r.report()),
        r.spec(),
        r.display(),
        r.shared(),
        r.pinned(),
        r.ownerName(),
        r.ownerId().equals(owner.id()),
        r.revision(),
        r.createdAt(),
        r.updatedAt());
  }

  private static DomainException notFound(UUID id) {
    return DomainException.notFound("saved report " + id + " does not exist");
  }

  private static DomainException taken(String name) {
    return new DomainException(
        ErrorCode.ALREADY_EXISTS,
        "you already have a saved report named '" + name + "'; choose another name");
  }
}
