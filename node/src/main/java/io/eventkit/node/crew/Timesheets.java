package io.eventkit.node.crew;

import io.eventkit.node.crew.CrewModel.Assignment;
import io.eventkit.node.crew.CrewModel.AssignmentStatus;
import io.eventkit.node.crew.CrewModel.Caller;
import io.eventkit.node.crew.CrewModel.Entry;
import io.eventkit.node.crew.CrewModel.Payroll;
import io.eventkit.node.crew.CrewModel.PayrollTotal;
import io.eventkit.node.crew.CrewModel.Timesheet;
import io.eventkit.node.crew.CrewModel.TimesheetStatus;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.platform.db.Daos;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Timesheets (DRAFT → SUBMITTED → APPROVED, or REJECTED back to the crew member) and the payroll
 * export (docs/crew.md). Totals and the amount are computed here and stored with the row, so
 * payroll sums in SQL.
 */
final class Timesheets {
  static final String[] CSV_HEADER = {
    "row",
    "crew_member_id",
    "crew_member",
    "employment",
    "timesheet_id",
    "event",
    "function",
    "work_start",
    "timesheets",
    "minutes",
    "hours",
    "amount",
    "currency"
  };

  private final Jdbi jdbi;
  private final Crew crew;

  Timesheets(Jdbi jdbi, Crew crew) {
    this.jdbi = jdbi;
    this.crew = crew;
  }

  static DomainException notFound(UUID id) {
    return DomainException.notFound("timesheet " + id + " not found");
  }

  /**
   * The amount of work on an assignment: DAY — the rate per started 24 hours of the call; HOUR —
   * the rate pro rata per minute worked, rounded half up to the minor unit; FIXED — the rate.
   */
  static long amount(Assignment a, int totalMinutes) {
    long rate = a.rate().minorUnits();
    return switch (a.rateUnit()) {
      case DAY -> {
        long minutes = Duration.between(a.call().start(), a.call().end()).toMinutes();
        long days = Math.max(1, (minutes + 1439) / 1440);
        yield Math.multiplyExact(rate, days);
      }
      case HOUR ->
          BigDecimal.valueOf(rate)
              .multiply(BigDecimal.valueOf(totalMinutes))
              .divide(BigDecimal.valueOf(60), 0, RoundingMode.HALF_UP)
              .longValueExact();
      case FIXED -> rate;
    };
  }

  /** Entries: 1–31, each at most 24 h, not overlapping, each break shorter than its entry. */
  static List<Entry> checked(List<Entry> entries) {
    if (entries.isEmpty() || entries.size() > 31) {
      throw DomainException.invalid("entries must hold 1–31 entries; got " + entries.size());
    }
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(e -> e.worked().start()));
    for (int i = 0; i < sorted.size(); i++) {
      Entry e = sorted.get(i);
      long minutes = Duration.between(e.worked().start(), e.worked().end()).toMinutes();
      if (minutes > 24 * 60) {
        throw DomainException.invalid(
            "an entry lasts at most 24 h; " + e.worked().start() + " lasts " + minutes + " min");
      }
      if (e.breakMinutes() < 0 || e.breakMinutes() >= Math.max(minutes, 1)) {
        throw DomainException.invalid(
            "the break of the entry starting "
                + e.worked().start()
                + " must be 0 or more and shorter than the entry ("
                + minutes
                + " min)");
      }
      if (i > 0 && sorted.get(i - 1).worked().overlaps(e.worked())) {
        throw DomainException.invalid(
            "entries overlap: "
                + sorted.get(i - 1).worked().start()
                + " and "
                + e.worked().start());
      }
    }
    return List.copyOf(sorted);
  }

  Timesheet record(Caller c, UUID assignmentId, List<Entry> entries, String notes, boolean submit) {
    List<Entry> sorted = checked(entries);
    int total = (int) sorted.stream().mapToLong(Entry::minutes).sum();
    return jdbi.inTransaction(
        h -> {
          AssignmentDao assignments = Daos.of(h, AssignmentDao.class);
          Assignment seen =
              assignments
                  .find(assignmentId, c.all(), c.scopeUser())
                  .orElseThrow(() -> Assignments.notFound(assignmentId));
          // The member's row lock first (as cancel, respond and update take it), then read again:
          // a concurrent cancel or change of the assignment can't slip in between check and write.
          lockMember(h, seen.crewMemberId());
          Assignment a =
              assignments
                  .find(assignmentId, c.all(), c.scopeUser())
                  .orElseThrow(() -> Assignments.notFound(assignmentId));
          if (a.status() != AssignmentStatus.ACCEPTED) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the assignment is "
                    + a.status().name().toLowerCase(Locale.ROOT)
                    + "; hours are recorded on accepted assignments only");
          }
          TimesheetDao dao = Daos.of(h, TimesheetDao.class);
          var existing = dao.lockByAssignment(assignmentId);
          if (existing.isPresent()
              && (existing.get().status() == TimesheetStatus.SUBMITTED
                  || existing.get().status() == TimesheetStatus.APPROVED)) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the timesheet is "
                    + existing.get().status().name().toLowerCase(Locale.ROOT)
                    + "; it can no longer change");
          }
          Instant now = crew.now();
          UUID id = existing.map(Timesheet::id).orElseGet(UUID::randomUUID);
          dao.upsert(
              new TimesheetDao.Row(
                  id,
                  assignmentId,
                  a.crewMemberId(),
                  TimesheetDao.entriesJson(sorted),
                  sorted.get(0).worked().start(),
                  total,
                  a.rate().currencyCode(),
                  amount(a, total),
                  notes,
                  submit ? TimesheetStatus.SUBMITTED.name() : TimesheetStatus.DRAFT.name(),
                  submit ? now : null,
                  now,
                  now));
          return dao.find(id, true, null).orElseThrow();
        });
  }

  /**
   * Locks the crew member's row, then the timesheet's: the order cancel, respond and update of the
   * assignment take them in, so a status change of the timesheet and of its assignment never
   * interleave (an approved timesheet on a cancelled assignment, a submitted one with a stale
   * rate).
   */
  private static Timesheet lockWithMember(Handle h, Caller c, UUID id) {
    TimesheetDao dao = Daos.of(h, TimesheetDao.class);
    Timesheet seen = dao.find(id, c.all(), c.scopeUser()).orElseThrow(() -> notFound(id));
    lockMember(h, seen.crewMemberId());
    return dao.lock(id, c.all(), c.scopeUser()).orElseThrow(() -> notFound(id));
  }

  private static void lockMember(Handle h, UUID memberId) {
    Daos.of(h, CrewDao.class).lock(memberId, true, null);
  }

  Timesheet submit(Caller c, UUID id) {
    return jdbi.inTransaction(
        h -> {
          TimesheetDao dao = Daos.of(h, TimesheetDao.class);
          Timesheet t = lockWithMember(h, c, id);
          switch (t.status()) {
            case SUBMITTED -> {
              return t;
            }
            case APPROVED ->
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION, "the timesheet is already approved");
            default -> {}
          }
          Instant now = crew.now();
          dao.setStatus(id, TimesheetStatus.SUBMITTED.name(), now, "", null, "", now);
          return dao.find(id, true, null).orElseThrow();
        });
  }

  Timesheet review(Caller c, UUID id, boolean approve, String reason) {
    return jdbi.inTransaction(
        h -> {
          TimesheetDao dao = Daos.of(h, TimesheetDao.class);
          Timesheet t = lockWithMember(h, c, id);
          if (t.status() != TimesheetStatus.SUBMITTED) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the timesheet is "
                    + t.status().name().toLowerCase(Locale.ROOT)
                    + "; only a submitted timesheet can be reviewed");
          }
          if (approve) {
            // Cancelling is refused once the timesheet is approved; the converse holds too: a
            // timesheet of an assignment cancelled (or declined) meanwhile is no payroll record.
            AssignmentStatus s =
                Daos.of(h, AssignmentDao.class)
                    .find(t.assignmentId(), true, null)
                    .map(Assignment::status)
                    .orElseThrow(() -> Assignments.notFound(t.assignmentId()));
            if (s != AssignmentStatus.ACCEPTED) {
              throw new DomainException(
                  ErrorCode.FAILED_PRECONDITION,
                  "the assignment is "
                      + s.name().toLowerCase(Locale.ROOT)
                      + "; only hours of an accepted assignment can be approved (reject it)");
            }
          }
          Instant now = crew.now();
          dao.setStatus(
              id,
              (approve ? TimesheetStatus.APPROVED : TimesheetStatus.REJECTED).name(),
              t.submittedAt(),
              c.label(),
              now,
              approve ? "" : reason.strip(),
              now);
          return dao.find(id, true, null).orElseThrow();
        });
  }

  Timesheet get(Caller c, UUID id) {
    return jdbi.withHandle(
        h ->
            Daos.of(h, TimesheetDao.class)
                .find(id, c.all(), c.scopeUser())
                .orElseThrow(() -> notFound(id)));
  }

  record ListQuery(
      UUID memberId,
      UUID eventId,
      Set<TimesheetStatus> statuses,
      Interval window,
      boolean mine,
      PageSpec page) {}

  PageSpec.Page<Timesheet> list(Caller c, ListQuery q) {
    if (q.mine() && c.userId() == null) {
      return new PageSpec.Page<>(List.of(), "");
    }
    PageSpec p = q.page();
    List<Timesheet> rows =
        jdbi.withHandle(
            h ->
                Daos.of(h, TimesheetDao.class)
                    .list(
                        q.memberId(),
                        q.eventId(),
                        q.statuses().isEmpty()
                            ? null
                            : q.statuses().stream().map(Enum::name).toArray(String[]::new),
                        q.window() == null ? null : q.window().start(),
                        q.window() == null ? null : q.window().end(),
                        q.mine() ? c.userId() : null,
                        p.isFirst() ? null : Crew.parseInstant(p.after(0)),
                        p.isFirst() ? null : Crew.parseId(p.after(1)),
                        p.fetch(),
                        c.all(),
                        c.scopeUser()));
    return p.page(
        rows, t -> List.of(t.entries().get(0).worked().start().toString(), t.id().toString()));
  }

  // ---- payroll ----

  Payroll payroll(Interval period) {
    return jdbi.withHandle(
        h -> {
          TimesheetDao dao = Daos.of(h, TimesheetDao.class);
          List<TimesheetDao.PayrollRow> rows = dao.payroll(period.start(), period.end());
          List<PayrollTotal> totals = dao.payrollTotals(period.start(), period.end());
          StringWriter out = new StringWriter();
          try (CSVPrinter csv =
              new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
            for (TimesheetDao.PayrollRow r : rows) {
              csv.printRecord(
                  "TIMESHEET",
                  r.crewMemberId(),
                  safe(r.crewMemberName()),
                  r.employment(),
                  r.timesheetId(),
                  safe(r.eventName()),
                  safe(r.function()),
                  r.workStart().toString(),
                  1,
                  r.totalMinutes(),
                  hours(r.totalMinutes()),
                  decimal(new Money(r.currency(), r.amountMinor())),
                  r.currency());
            }
            for (PayrollTotal t : totals) {
              csv.printRecord(
                  "TOTAL",
                  t.crewMemberId(),
                  safe(t.crewMemberName()),
                  t.employment().name(),
                  "",
                  "",
                  "",
                  "",
                  t.timesheets(),
                  t.totalMinutes(),
                  hours(t.totalMinutes()),
                  decimal(t.amount()),
                  t.amount().currencyCode());
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          String name =
              "payroll-"
                  + LocalDate.ofInstant(period.start(), ZoneOffset.UTC)
                  + "-"
                  + LocalDate.ofInstant(period.end(), ZoneOffset.UTC)
                  + ".csv";
          return new Payroll(totals, name, out.toString());
        });
  }

  /** Text a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading apostrophe. */
  static String safe(String s) {
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return s;
  }

  static String hours(int minutes) {
    return BigDecimal.valueOf(minutes)
        .divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP)
        .toPlainString();
  }

  static String decimal(Money m) {
    int digits;
    try {
      digits = Math.max(0, Currency.getInstance(m.currencyCode()).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      digits = 2;
    }
    return BigDecimal.valueOf(m.minorUnits())
        .movePointLeft(digits)
        .setScale(digits)
        .toPlainString();
  }
}
