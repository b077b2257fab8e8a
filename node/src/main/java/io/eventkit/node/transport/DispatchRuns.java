package io.eventkit.node.transport;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Dispatch runs: a vehicle and a driver over a period between stops, checked for conflicts (the
 * vehicle busy, in maintenance or retired; the driver busy or not qualified) and numbered
 * RUN-YYYY-NNNN per tenant and year. Create and update lock the vehicle's row, so two runs can't
 * book it at once; the exclusion constraints on dispatch_run back that up.
 */
final class DispatchRuns {
  static final Duration MAX_PERIOD = Duration.ofDays(14);
  static final int MAX_STOPS = 20;
  static final int MAX_NOTES = 2000;

  private final Jdbi jdbi;
  private final Clock clock;

  DispatchRuns(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  static Validation validate(Model.RunFields f, String prefix, Validation v) {
    v.check(f.vehicleId() != null, prefix + "vehicle_id", "is required")
        .check(f.period() != null, prefix + "period", "is required")
        .check(!f.stops().isEmpty(), prefix + "stops", "needs at least one stop")
        .check(
            f.stops().size() <= MAX_STOPS,
            prefix + "stops",
            "at most " + MAX_STOPS + " stops (was " + f.stops().size() + ")")
        .maxLength(f.notes(), MAX_NOTES, prefix + "notes");
    if (f.period() != null) {
      v.check(
          f.period().length().compareTo(MAX_PERIOD) <= 0,
          prefix + "period",
          "must be at most 14 days (was " + f.period().length().toDays() + " days)");
    }
    for (int i = 0; i < f.stops().size(); i++) {
      Model.Stop s = f.stops().get(i);
      String p = prefix + "stops[" + i + "].";
      v.check(s.kind() != null, p + "kind", "is required")
          .maxLength(s.name(), 200, p + "name")
          .maxLength(s.address(), 500, p + "address")
          .maxLength(s.notes(), 1000, p + "notes");
      if (s.kind() == Model.StopKind.WAREHOUSE) {
        v.check(s.locationId() != null, p + "location_id", "is required for a WAREHOUSE stop");
      }
      if (s.kind() == Model.StopKind.PARTNER_WAREHOUSE) {
        v.check(
            !s.partnerNodeId().isBlank(),
            p + "partner_node_id",
            "is required for a PARTNER_WAREHOUSE stop");
      }
      if (s.kind() == Model.StopKind.VENUE) {
        v.check(
            f.eventId() != null,
            p + "kind",
            "a VENUE stop is the run's event's venue: set the run's event_id");
      }
      if (s.kind() == Model.StopKind.OTHER) {
        v.check(
            !s.name().isBlank() || !s.address().isBlank(),
            p + "name",
            "an OTHER stop needs a name or an address");
      }
      if (s.arriveAt() != null && f.period() != null) {
        v.check(
            !s.arriveAt().isBefore(f.period().start()) && !s.arriveAt().isAfter(f.period().end()),
            p + "arrive_at",
            "must be within the run's period " + f.period());
      }
    }
    return v;
  }

  // ---- reads ----

  Model.Run get(UUID id) {
    return Daos.with(jdbi, DispatchDao.class, d -> d.find(id)).orElseThrow(() -> notFound(id));
  }

  private static DomainException notFound(UUID id) {
    return DomainException.notFound("id: dispatch run " + id + " not found");
  }

  PageSpec.Page<Model.Run> list(
      Interval window,
      UUID vehicleId,
      UUID driverId,
      UUID eventId,
      Set<Model.Status> statuses,
      PageSpec page) {
    List<Model.Run> rows =
        Daos.with(
            jdbi,
            DispatchDao.class,
            d ->
                d.list(
                    window == null ? null : window.start(),
                    window == null ? null : window.end(),
                    vehicleId,
                    driverId,
                    eventId,
                    statuses.stream().map(Enum::name).sorted().toArray(String[]::new),
                    page.isFirst() ? null : Instant.parse(page.after(0)),
                    page.isFirst() ? null : UUID.fromString(page.after(1)),
                    page.fetch()));
    return page.page(rows, r -> List.of(r.period().start().toString(), r.id().toString()));
  }

  // ---- checks ----

  /** The conflicts the run would have (nothing is written); {@code runId}: the run it changes. */
  List<Model.Conflict> check(Model.RunFields f, UUID runId) {
    validate(f, "run.", new Validation()).throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          if (runId != null && Daos.of(h, DispatchDao.class).find(runId).isEmpty()) {
            throw notFound(runId);
          }
          Model.Vehicle v =
              Daos.of(h, VehicleDao.class)
                  .find(f.vehicleId())
                  .orElseThrow(() -> Vehicles.notFound(f.vehicleId(), "run.vehicle_id"));
          resolveStops(h, f);
          return conflicts(h, v, f, runId, false);
        });
  }

  /** {@code lock}: lock the driver's crew_member row (create and update, not the dry check). */
  private static List<Model.Conflict> conflicts(
      Handle h, Model.Vehicle v, Model.RunFields f, UUID self, boolean lock) {
    List<Model.Conflict> out = new ArrayList<>();
    if (v.fields().retired()) {
      out.add(
          new Model.Conflict(
              Model.ConflictKind.VEHICLE_RETIRED, "vehicle '" + v.name() + "' is retired", v.id()));
    }
    Interval p = f.period();
    for (Model.BusyBlock b :
        Daos.of(h, VehicleDao.class).busy(new UUID[] {v.id()}, p.start(), p.end(), self)) {
      out.add(
          b.kind() == Model.BusyKind.DISPATCH
              ? new Model.Conflict(
                  Model.ConflictKind.VEHICLE_BUSY,
                  "vehicle '" + v.name() + "' is on run " + b.label() + " " + b.period(),
                  b.id())
              : new Model.Conflict(
                  Model.ConflictKind.VEHICLE_IN_MAINTENANCE,
                  "vehicle '" + v.name() + "' is in maintenance (" + b.label() + ") " + b.period(),
                  b.id()));
    }
    if (f.driverId() == null) {
      return out;
    }
    DispatchDao dao = Daos.of(h, DispatchDao.class);
    DispatchDao.Member m =
        (lock ? dao.lockMember(f.driverId()) : dao.member(f.driverId()))
            .orElseThrow(
                () ->
                    DomainException.notFound(
                        "run.driver_crew_member_id: crew member " + f.driverId() + " not found"));
    if (m.archived()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "crew member '" + m.name() + "' is archived; choose another driver");
    }
    for (DispatchDao.Busy b : dao.driverRuns(m.id(), p.start(), p.end(), self)) {
      out.add(
          new Model.Conflict(
              Model.ConflictKind.DRIVER_BUSY,
              m.name() + " drives run " + b.label() + " " + period(b),
              b.id()));
    }
    for (DispatchDao.Busy b : dao.driverAssignments(m.id(), p.start(), p.end())) {
      out.add(
          new Model.Conflict(
              Model.ConflictKind.DRIVER_BUSY,
              m.name() + " is crew (" + b.label() + ") " + period(b),
              b.id()));
    }
    String skill = v.fields().requiredQualification();
    // The run's last day (UTC; the period is half-open).
    LocalDate lastDay = p.end().minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
    var q = dao.qualification(m.id(), skill);
    if (q.isEmpty()) {
      out.add(
          new Model.Conflict(
              Model.ConflictKind.DRIVER_NOT_QUALIFIED,
              m.name() + " does not hold " + skill + ", which '" + v.name() + "' needs",
              m.id()));
    } else if (q.get().expiresOn() != null && q.get().expiresOn().isBefore(lastDay)) {
      out.add(
          new Model.Conflict(
              Model.ConflictKind.DRIVER_NOT_QUALIFIED,
              m.name()
                  + "'s "
                  + skill
                  + " expires on "
                  + q.get().expiresOn()
                  + ", before the run ends on "
                  + lastDay,
              m.id()));
    }
    return out;
  }

  private static String period(DispatchDao.Busy b) {
    return "[" + b.startsAt() + ", " + b.endsAt() + ")";
  }

  /** The stops with names and addresses filled in; checks what they refer to exists. */
  private static List<Model.Stop> resolveStops(Handle h, Model.RunFields f) {
    DispatchDao dao = Daos.of(h, DispatchDao.class);
    DispatchDao.EventRow event =
        f.eventId() == null
            ? null
            : dao.event(f.eventId())
                .orElseThrow(
                    () ->
                        DomainException.notFound(
                            "run.event_id: event " + f.eventId() + " not found"));
    List<Model.Stop> out = new ArrayList<>();
    for (int i = 0; i < f.stops().size(); i++) {
      Model.Stop s = f.stops().get(i);
      String p = "run.stops[" + i + "].";
      String name = s.name().strip();
      String address = s.address().strip();
      UUID locationId = null;
      String partner = "";
      UUID subhire = null;
      switch (s.kind()) {
        case WAREHOUSE -> {
          DispatchDao.LocationRow l =
              dao.location(s.locationId())
                  .orElseThrow(
                      () ->
                          DomainException.notFound(
                              p + "location_id: location " + s.locationId() + " not found"));
          locationId = l.id();
          name = name.isEmpty() ? l.name() : name;
          address = address.isEmpty() ? l.address() : address;
        }
        case VENUE -> {
          name = name.isEmpty() ? (event.venue().isBlank() ? event.name() : event.venue()) : name;
          address = address.isEmpty() ? event.venue() : address;
        }
        case PARTNER_WAREHOUSE -> {
          partner = s.partnerNodeId().strip().toLowerCase(Locale.ROOT);
          String pn = partner;
          String partnerName =
              dao.partnerName(pn)
                  .orElseThrow(
                      () ->
                          DomainException.notFound(
                              p + "partner_node_id: partner " + pn + " not found"));
          if (s.subhireId() != null) {
            String of =
                dao.subhirePartner(s.subhireId())
                    .orElseThrow(
                        () ->
                            DomainException.notFound(
                                p + "subhire_id: sub-hire " + s.subhireId() + " not found"));
            if (!of.equalsIgnoreCase(pn)) {
              throw DomainException.invalid(
                  p + "subhire_id: sub-hire " + s.subhireId() + " is with " + of + ", not " + pn);
            }
            subhire = s.subhireId();
          }
          name = name.isEmpty() ? partnerName : name;
        }
        case OTHER -> {}
      }
      out.add(
          new Model.Stop(
              s.kind(), locationId, partner, subhire, name, address, s.arriveAt(), s.notes()));
    }
    return out;
  }

  // ---- writes ----

  Model.Run create(Model.RunFields f) {
    validate(f, "run.", new Validation()).throwIfInvalid();
    UUID id = UUID.randomUUID();
    write(
        h -> {
          Model.Vehicle v = lockVehicle(h, f.vehicleId());
          List<Model.Stop> stops = resolveStops(h, f);
          refuseConflicts(conflicts(h, v, f, null, true));
          DispatchDao dao = Daos.of(h, DispatchDao.class);
          Instant now = clock.instant();
          int year = now.atZone(ZoneOffset.UTC).getYear();
          String reference = String.format(Locale.ROOT, "RUN-%d-%04d", year, dao.nextNumber(year));
          dao.insert(
              id,
              reference,
              v.id(),
              f.driverId(),
              f.period().start(),
              f.period().end(),
              Stops.json(stops),
              f.eventId(),
              f.notes(),
              now);
        });
    return get(id);
  }

  Model.Run update(UUID id, Model.RunFields f) {
    validate(f, "run.", new Validation()).throwIfInvalid();
    write(
        h -> {
          DispatchDao dao = Daos.of(h, DispatchDao.class);
          Model.Status status =
              Model.Status.valueOf(dao.lockStatus(id).orElseThrow(() -> notFound(id)));
          if (status == Model.Status.COMPLETED || status == Model.Status.CANCELLED) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the run is " + status + "; a completed or cancelled run can't change");
          }
          if (status == Model.Status.DISPATCHED && f.driverId() == null) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION, "a dispatched run keeps a driver");
          }
          Model.Vehicle v = lockVehicle(h, f.vehicleId());
          List<Model.Stop> stops = resolveStops(h, f);
          refuseConflicts(conflicts(h, v, f, id, true));
          dao.update(
              id,
              v.id(),
              f.driverId(),
              f.period().start(),
              f.period().end(),
              Stops.json(stops),
              f.eventId(),
              f.notes(),
              clock.instant());
        });
    return get(id);
  }

  /** PLANNED → DISPATCHED → COMPLETED; PLANNED or DISPATCHED → CANCELLED; same status: no-op. */
  Model.Run setStatus(UUID id, Model.Status to) {
    if (to == null) {
      throw DomainException.invalid("status is required");
    }
    jdbi.useTransaction(
        h -> {
          DispatchDao dao = Daos.of(h, DispatchDao.class);
          Model.Status from =
              Model.Status.valueOf(dao.lockStatus(id).orElseThrow(() -> notFound(id)));
          if (from == to) {
            return;
          }
          boolean ok =
              switch (to) {
                case DISPATCHED -> from == Model.Status.PLANNED;
                case COMPLETED -> from == Model.Status.DISPATCHED;
                case CANCELLED -> from == Model.Status.PLANNED || from == Model.Status.DISPATCHED;
                case PLANNED -> false;
              };
          if (!ok) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "a "
                    + from
                    + " run can't become "
                    + to
                    + " (PLANNED → DISPATCHED → COMPLETED; PLANNED or DISPATCHED → CANCELLED)");
          }
          if (to == Model.Status.DISPATCHED
              && dao.find(id).orElseThrow(() -> notFound(id)).driverId() == null) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the run has no driver: set driver_crew_member_id before dispatching it");
          }
          dao.setStatus(id, to.name(), clock.instant());
        });
    return get(id);
  }

  private static Model.Vehicle lockVehicle(Handle h, UUID id) {
    return Daos.of(h, VehicleDao.class)
        .lock(id)
        .orElseThrow(() -> Vehicles.notFound(id, "run.vehicle_id"));
  }

  private static void refuseConflicts(List<Model.Conflict> conflicts) {
    if (!conflicts.isEmpty()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "the run conflicts: "
              + conflicts.stream().map(Model.Conflict::message).collect(Collectors.joining("; ")));
    }
  }

  private void write(org.jdbi.v3.core.HandleConsumer<RuntimeException> work) {
    try {
      jdbi.useTransaction(work);
    } catch (UnableToExecuteStatementException e) {
      if (Pg.is(e, Pg.EXCLUSION_VIOLATION, null)) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION,
            Pg.constraint(e).contains("driver")
                ? "the driver was just booked on another run over this period; check again"
                : "the vehicle was just booked on another run over this period; check again");
      }
      throw e;
    }
  }
}
