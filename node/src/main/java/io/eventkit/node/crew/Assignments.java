package io.eventkit.node.crew;

import io.eventkit.node.crew.CrewModel.Assignment;
import io.eventkit.node.crew.CrewModel.AssignmentFields;
import io.eventkit.node.crew.CrewModel.AssignmentStatus;
import io.eventkit.node.crew.CrewModel.BusyBlock;
import io.eventkit.node.crew.CrewModel.BusyKind;
import io.eventkit.node.crew.CrewModel.Caller;
import io.eventkit.node.crew.CrewModel.Conflict;
import io.eventkit.node.crew.CrewModel.ConflictKind;
import io.eventkit.node.crew.CrewModel.Member;
import io.eventkit.node.crew.CrewModel.OfferResult;
import io.eventkit.node.crew.CrewModel.Policy;
import io.eventkit.node.crew.CrewModel.Qualification;
import io.eventkit.node.crew.CrewModel.RateUnit;
import io.eventkit.node.crew.CrewModel.Severity;
import io.eventkit.node.crew.CrewModel.TimesheetStatus;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Assignments and their conflict checks (docs/crew.md, "Conflicts"). Offering or changing one locks
 * the crew member's row first, so two offers for the same person run one after the other and the
 * second sees the first: no double booking slips through between check and insert.
 */
final class Assignments {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

  private final Jdbi jdbi;
  private final Crew crew;
  private final DomainEvents events;

  Assignments(Jdbi jdbi, Crew crew, DomainEvents events) {
    this.jdbi = jdbi;
    this.crew = crew;
    this.events = events;
  }

  private static Map<String, Object> payload(Assignment a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("assignmentId", a.id().toString());
    m.put("eventId", a.eventId().toString());
    m.put("eventName", a.eventName());
    m.put("crewMemberId", a.crewMemberId().toString());
    m.put("crewMemberName", a.crewMemberName());
    m.put("function", a.function());
    m.put("callStart", a.call().start().toString());
    m.put("callEnd", a.call().end().toString());
    m.put("status", a.status().name());
    return m;
  }

  /** crew.assignment_offered, to the member's linked user only; nothing without a link. */
  private void recordOffered(Handle h, Member m, Assignment a) {
    if (m.userId() == null) {
      return;
    }
    events.record(
        h,
        DomainEvent.of(EventType.CREW_ASSIGNMENT_OFFERED, "crew_assignment", a.id(), payload(a))
            .to(m.userId()));
  }

  static DomainException notFound(UUID id) {
    return DomainException.notFound("assignment " + id + " not found");
  }

  // ---- conflict checks ----

  /** The conflicts of a prospective call, with the policy's severities; sorted refusals first. */
  List<Conflict> check(
      Handle h, Member m, Interval call, List<String> requiredSkills, UUID except, Policy p) {
    List<Conflict> out = new ArrayList<>();
    // Skills: held, and valid through the day the call ends (the node's zone; see today()).
    Map<String, Qualification> held = new HashMap<>();
    for (Qualification q : m.qualifications()) {
      held.put(q.skill(), q);
    }
    ZoneId zone = crew.clock().getZone();
    LocalDate lastDay = LocalDate.ofInstant(call.end().minusNanos(1000), zone);
    for (String skill : requiredSkills) {
      Qualification q = held.get(skill);
      if (q == null) {
        out.add(
            conflict(
                p,
                ConflictKind.MISSING_SKILL,
                m.name() + " does not hold the required skill '" + skill + "'",
                null,
                skill));
      } else if (q.expiresOn() != null && q.expiresOn().isBefore(lastDay)) {
        out.add(
            conflict(
                p,
                ConflictKind.QUALIFICATION_EXPIRED,
                m.name()
                    + "'s '"
                    + skill
                    + "' expires on "
                    + q.expiresOn()
                    + ", before the call ends on "
                    + lastDay,
                null,
                skill));
      }
    }
    Duration rest = Duration.ofMinutes(p.minRestMinutes());
    for (BusyBlock b :
        Daos.of(h, AssignmentDao.class)
            .neighbours(m.id(), call.start(), call.end(), p.minRestMinutes(), except)) {
      if (b.kind() == BusyKind.UNAVAILABLE) {
        out.add(
            conflict(
                p,
                ConflictKind.UNAVAILABLE,
                m.name()
                    + " is unavailable "
                    + span(b.period(), zone)
                    + (b.label().isBlank() ? "" : " (" + b.label() + ")"),
                b.id(),
                ""));
      } else if (b.period().overlaps(call)) {
        out.add(
            conflict(
                p,
                ConflictKind.DOUBLE_BOOKED,
                "Already on " + b.label() + " " + span(b.period(), zone),
                b.id(),
                ""));
      } else {
        Duration gap =
            b.period().end().isAfter(call.start())
                ? Duration.between(call.end(), b.period().start())
                : Duration.between(b.period().end(), call.start());
        if (gap.compareTo(rest) < 0) {
          out.add(
              conflict(
                  p,
                  ConflictKind.INSUFFICIENT_REST,
                  "Only "
                      + hm(gap)
                      + " rest next to "
                      + b.label()
                      + " "
                      + span(b.period(), zone)
                      + "; the policy asks for "
                      + hm(rest),
                  b.id(),
                  ""));
        }
      }
    }
    out.sort((a, b) -> b.severity().compareTo(a.severity()));
    return List.copyOf(out);
  }

  private static Conflict conflict(
      Policy p, ConflictKind k, String message, UUID related, String skill) {
    return new Conflict(k, p.of(k), message, related, skill);
  }

  private static String span(Interval i, ZoneId zone) {
    ZonedDateTime s = i.start().atZone(zone);
    ZonedDateTime e = i.end().atZone(zone);
    return s.format(WHEN)
        + "–"
        + (s.toLocalDate().equals(e.toLocalDate()) ? e.format(TIME) : e.format(WHEN))
        + (zone.getId().equals("Z") || zone.getId().equals("UTC") ? " UTC" : "");
  }

  private static String hm(Duration d) {
    long m = Math.max(0, d.toMinutes());
    return m / 60 + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
  }

  List<Conflict> check(Caller c, AssignmentFields f, UUID assignmentId) {
    return jdbi.withHandle(
        h -> {
          Member m = member(h, c, f.crewMemberId(), false);
          event(h, f.eventId());
          return check(h, m, f.call(), f.requiredSkills(), assignmentId, Crew.policy(h));
        });
  }

  private Member member(Handle h, Caller c, UUID id, boolean lock) {
    CrewDao dao = Daos.of(h, CrewDao.class);
    Member m =
        (lock ? dao.lock(id, c.all(), c.scopeUser()) : dao.find(id, c.all(), c.scopeUser()))
            .orElseThrow(() -> Crew.memberNotFound(id));
    return Crew.withQualifications(h, List.of(m)).get(0);
  }

  private static AssignmentDao.EventInfo event(Handle h, UUID id) {
    return Daos.of(h, AssignmentDao.class)
        .event(id)
        .orElseThrow(() -> DomainException.notFound("event " + id + " not found"));
  }

  /**
   * Refusals fail the call; warnings without a reason stop it (returned without an assignment);
   * with a reason they are kept on the assignment.
   */
  private static boolean proceed(List<Conflict> conflicts, String overrideReason) {
    List<Conflict> refusals =
        conflicts.stream().filter(x -> x.severity() == Severity.REFUSAL).toList();
    if (!refusals.isEmpty()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "refused by the crew policy: "
              + refusals.stream()
                  .map(x -> x.kind().name() + ": " + x.message())
                  .collect(Collectors.joining("; ")));
    }
    return conflicts.isEmpty() || !overrideReason.isBlank();
  }

  OfferResult offer(Caller c, AssignmentFields f, String overrideReason) {
    return jdbi.inTransaction(
        h -> {
          Member m = member(h, c, f.crewMemberId(), true);
          if (m.archived()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "crew member '" + m.name() + "' is archived; unarchive them to offer work");
          }
          AssignmentDao.EventInfo e = event(h, f.eventId());
          List<Conflict> conflicts =
              check(h, m, f.call(), f.requiredSkills(), null, Crew.policy(h));
          if (!proceed(conflicts, overrideReason)) {
            return new OfferResult(null, conflicts);
          }
          Money rate = f.rate() == null ? m.dayRate() : f.rate();
          RateUnit unit = f.rate() == null || f.rateUnit() == null ? RateUnit.DAY : f.rateUnit();
          Instant now = crew.now();
          Assignment a =
              new Assignment(
                  UUID.randomUUID(),
                  e.id(),
                  e.name(),
                  m.id(),
                  m.name(),
                  f.function().strip(),
                  f.call(),
                  rate,
                  unit,
                  f.requiredSkills(),
                  AssignmentStatus.OFFERED,
                  conflicts,
                  conflicts.isEmpty() ? "" : overrideReason.strip(),
                  "",
                  f.notes(),
                  e.venue(),
                  e.timeZone(),
                  null,
                  now,
                  now,
                  null);
          Daos.of(h, AssignmentDao.class).insert(AssignmentDao.Row.of(a));
          recordOffered(h, m, a);
          return new OfferResult(a, conflicts);
        });
  }

  OfferResult update(Caller c, UUID id, AssignmentFields f, String overrideReason) {
    return jdbi.inTransaction(
        h -> {
          AssignmentDao dao = Daos.of(h, AssignmentDao.class);
          Assignment old = dao.find(id, c.all(), c.scopeUser()).orElseThrow(() -> notFound(id));
          if (!old.eventId().equals(f.eventId()) || !old.crewMemberId().equals(f.crewMemberId())) {
            throw DomainException.invalid(
                "assignment.event_id and assignment.crew_member_id must be unchanged; cancel and"
                    + " offer again to move someone");
          }
          Member m = member(h, c, old.crewMemberId(), true);
          old = dao.find(id, c.all(), c.scopeUser()).orElseThrow(() -> notFound(id));
          if (!old.status().occupies()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "assignment is "
                    + old.status().name().toLowerCase(Locale.ROOT)
                    + "; offer again instead");
          }
          if (old.timesheetStatus() == TimesheetStatus.APPROVED
              || old.timesheetStatus() == TimesheetStatus.SUBMITTED) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the assignment's timesheet is "
                    + old.timesheetStatus().name().toLowerCase(Locale.ROOT)
                    + "; it can no longer change");
          }
          List<Conflict> conflicts = check(h, m, f.call(), f.requiredSkills(), id, Crew.policy(h));
          if (!proceed(conflicts, overrideReason)) {
            return new OfferResult(null, conflicts);
          }
          boolean timesChanged = !old.call().equals(f.call());
          AssignmentStatus status =
              timesChanged && old.status() == AssignmentStatus.ACCEPTED
                  ? AssignmentStatus.OFFERED
                  : old.status();
          Money rate = f.rate() == null ? old.rate() : f.rate();
          RateUnit unit =
              f.rate() == null
                  ? old.rateUnit()
                  : f.rateUnit() == null ? RateUnit.DAY : f.rateUnit();
          Assignment a =
              new Assignment(
                  old.id(),
                  old.eventId(),
                  old.eventName(),
                  old.crewMemberId(),
                  old.crewMemberName(),
                  f.function().strip(),
                  f.call(),
                  rate,
                  unit,
                  f.requiredSkills(),
                  status,
                  conflicts,
                  conflicts.isEmpty() ? "" : overrideReason.strip(),
                  old.declineReason(),
                  f.notes(),
                  old.venue(),
                  old.timeZone(),
                  status == old.status() ? old.respondedAt() : null,
                  old.createdAt(),
                  crew.now(),
                  old.timesheetStatus());
          dao.update(AssignmentDao.Row.of(a));
          if (a.status() == AssignmentStatus.OFFERED && old.status() != AssignmentStatus.OFFERED) {
            // New times on an accepted assignment: it is offered again and needs an answer.
            recordOffered(h, m, a);
          }
          return new OfferResult(a, conflicts);
        });
  }

  Assignment cancel(Caller c, UUID id, String reason) {
    return jdbi.inTransaction(
        h -> {
          AssignmentDao dao = Daos.of(h, AssignmentDao.class);
          Assignment a = dao.find(id, c.all(), c.scopeUser()).orElseThrow(() -> notFound(id));
          member(h, c, a.crewMemberId(), true);
          a = dao.find(id, c.all(), c.scopeUser()).orElseThrow(() -> notFound(id));
          if (a.timesheetStatus() == TimesheetStatus.APPROVED) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the assignment's timesheet is approved (a payroll record); it can't be cancelled");
          }
          if (a.status() == AssignmentStatus.CANCELLED) {
            return a;
          }
          Assignment next =
              withStatus(a, AssignmentStatus.CANCELLED, reason.strip(), a.respondedAt());
          dao.update(AssignmentDao.Row.of(next));
          return next;
        });
  }

  Assignment respond(Caller c, UUID id, boolean accept, String reason) {
    return jdbi.inTransaction(
        h -> {
          AssignmentDao dao = Daos.of(h, AssignmentDao.class);
          Assignment a = dao.find(id, c.all(), c.scopeUser()).orElseThrow(() -> notFound(id));
          member(h, c, a.crewMemberId(), true);
          a = dao.find(id, c.all(), c.scopeUser()).orElseThrow(() -> notFound(id));
          AssignmentStatus want = accept ? AssignmentStatus.ACCEPTED : AssignmentStatus.DECLINED;
          if (a.status() == want) {
            return a;
          }
          if (a.status() == AssignmentStatus.CANCELLED) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the assignment was cancelled; it can no longer be "
                    + (accept ? "accepted" : "declined"));
          }
          if (a.status() == AssignmentStatus.DECLINED) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the assignment was declined; ask the planner to offer it again");
          }
          if (!accept
              && a.timesheetStatus() != null
              && a.timesheetStatus() != TimesheetStatus.DRAFT) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the assignment's timesheet is "
                    + a.timesheetStatus().name().toLowerCase(Locale.ROOT)
                    + "; it can't be declined now");
          }
          Assignment next = withStatus(a, want, accept ? "" : reason.strip(), crew.now());
          dao.update(AssignmentDao.Row.of(next));
          Map<String, Object> payload = payload(next);
          payload.put("accepted", accept);
          events.record(
              h,
              DomainEvent.of(
                  EventType.CREW_ASSIGNMENT_RESPONDED, "crew_assignment", next.id(), payload));
          return next;
        });
  }

  private Assignment withStatus(
      Assignment a, AssignmentStatus s, String declineReason, Instant respondedAt) {
    return new Assignment(
        a.id(),
        a.eventId(),
        a.eventName(),
        a.crewMemberId(),
        a.crewMemberName(),
        a.function(),
        a.call(),
        a.rate(),
        a.rateUnit(),
        a.requiredSkills(),
        s,
        a.overriddenConflicts(),
        a.overrideReason(),
        declineReason,
        a.notes(),
        a.venue(),
        a.timeZone(),
        respondedAt,
        a.createdAt(),
        crew.now(),
        a.timesheetStatus());
  }

  Assignment get(Caller c, UUID id) {
    return jdbi.withHandle(
        h ->
            Daos.of(h, AssignmentDao.class)
                .find(id, c.all(), c.scopeUser())
                .orElseThrow(() -> notFound(id)));
  }

  record ListQuery(
      UUID eventId,
      UUID memberId,
      Interval window,
      Set<AssignmentStatus> statuses,
      boolean mine,
      PageSpec page) {}

  PageSpec.Page<Assignment> list(Caller c, ListQuery q) {
    if (q.mine() && c.userId() == null) {
      return new PageSpec.Page<>(List.of(), "");
    }
    Set<AssignmentStatus> statuses =
        q.statuses().isEmpty()
            ? EnumSet.complementOf(EnumSet.of(AssignmentStatus.CANCELLED))
            : q.statuses();
    PageSpec p = q.page();
    List<Assignment> rows =
        jdbi.withHandle(
            h ->
                Daos.of(h, AssignmentDao.class)
                    .list(
                        q.eventId(),
                        q.memberId(),
                        q.window() == null ? null : q.window().start(),
                        q.window() == null ? null : q.window().end(),
                        statuses.stream().map(Enum::name).toArray(String[]::new),
                        q.mine() ? c.userId() : null,
                        p.isFirst() ? null : Crew.parseInstant(p.after(0)),
                        p.isFirst() ? null : Crew.parseId(p.after(1)),
                        p.fetch(),
                        c.all(),
                        c.scopeUser()));
    return p.page(rows, a -> List.of(a.call().start().toString(), a.id().toString()));
  }

  /** A member's live assignments from 90 days back on (at most 2000), for the calendar feed. */
  List<Assignment> forFeed(UUID memberId) {
    Instant now = crew.now();
    return jdbi.withHandle(
        h -> Daos.of(h, AssignmentDao.class).live(memberId, now.minus(Duration.ofDays(90))));
  }
}
