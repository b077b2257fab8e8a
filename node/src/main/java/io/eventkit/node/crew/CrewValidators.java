package io.eventkit.node.crew;

import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.AddUnavailabilityRequest;
import io.eventkit.proto.v1.AssignmentFields;
import io.eventkit.proto.v1.AssignmentStatus;
import io.eventkit.proto.v1.CheckAssignmentRequest;
import io.eventkit.proto.v1.ConflictSeverity;
import io.eventkit.proto.v1.CreateCrewMemberRequest;
import io.eventkit.proto.v1.CrewMemberFields;
import io.eventkit.proto.v1.CrewPolicy;
import io.eventkit.proto.v1.ExportPayrollRequest;
import io.eventkit.proto.v1.GetAvailabilityGridRequest;
import io.eventkit.proto.v1.ListAssignmentsRequest;
import io.eventkit.proto.v1.ListCrewMembersRequest;
import io.eventkit.proto.v1.ListTimesheetsRequest;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.OfferAssignmentRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Qualification;
import io.eventkit.proto.v1.RateUnit;
import io.eventkit.proto.v1.RecordTimesheetRequest;
import io.eventkit.proto.v1.ReviewTimesheetRequest;
import io.eventkit.proto.v1.TimesheetEntry;
import io.eventkit.proto.v1.TimesheetStatus;
import io.eventkit.proto.v1.UpdateAssignmentRequest;
import io.eventkit.proto.v1.UpdateCrewMemberRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Shape checks of every CrewService request, run before the service sees it. */
final class CrewValidators {
  static final Pattern SKILL = Pattern.compile("[a-z0-9-]{1,64}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s<>(),;:\"\\[\\]]+@[^@\\s<>(),;:\"\\[\\]]+\\.[^@\\s<>(),;:\"\\[\\]]+");
  private static final Pattern PHONE =
      Pattern.compile("[+]?[0-9 ()./-]{3,40}( ?(x|ext\\.?) ?[0-9]{1,6})?");
  static final long MAX_MINOR = 1_000_000_000_000L;
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

  private CrewValidators() {}

  static boolean date(String s) {
    if (!DATE.matcher(s).matches()) {
      return false;
    }
    try {
      LocalDate d = LocalDate.parse(s);
      return d.getYear() >= 1900 && d.getYear() <= 9998;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static Validation skill(Validation v, String s, String field) {
    return v.check(
        SKILL.matcher(s).matches(),
        field,
        "'" + s + "' is not a skill: lower-case letters, digits and '-', 1–64 characters");
  }

  private static Validation money(Validation v, boolean has, Money m, String field) {
    if (!has) {
      return v;
    }
    boolean currency;
    try {
      currency =
          m.getCurrencyCode().length() == 3
              && Currency.getInstance(m.getCurrencyCode())
                  .getCurrencyCode()
                  .equals(m.getCurrencyCode());
    } catch (IllegalArgumentException e) {
      currency = false;
    }
    return v.check(
            currency,
            field + ".currency_code",
            "'" + m.getCurrencyCode() + "' is not an ISO 4217 code such as EUR or GBP")
        .check(
            m.getMinorUnits() >= 0 && m.getMinorUnits() <= MAX_MINOR,
            field + ".minor_units",
            "must be between 0 and " + MAX_MINOR);
  }

  /** A period present (if required), ordered, within 1970–9999 and at most {@code maxDays}. */
  static Validation period(
      Validation v, boolean has, Period p, String field, boolean required, int maxDays) {
    if (!has) {
      return v.check(!required, field, "is required");
    }
    v.check(p.hasStart(), field + ".start", "is required")
        .check(p.hasEnd(), field + ".end", "is required");
    if (p.hasStart() && p.hasEnd()) {
      Instant s = ProtoTime.instant(p.getStart());
      Instant e = ProtoTime.instant(p.getEnd());
      boolean inRange =
          !s.isBefore(EARLIEST)
              && !e.isAfter(LATEST)
              && !s.isAfter(LATEST)
              && !e.isBefore(EARLIEST);
      v.check(inRange, field, "must lie between 1970 and 9999");
      v.check(e.isAfter(s), field + ".end", "must be after " + field + ".start");
      if (inRange && e.isAfter(s)) {
        v.check(
            Duration.between(s, e).compareTo(Duration.ofDays(maxDays)) <= 0,
            field,
            "must be at most " + maxDays + " days long");
      }
    }
    return v;
  }

  /** A missing member is the rule's; its name, employment and lengths are rules too. */
  private static Validation member(Validation v, boolean has, CrewMemberFields m) {
    if (!has) {
      return v;
    }
    v.check(
            m.getEmail().isBlank()
                || (m.getEmail().strip().length() <= 254
                    && EMAIL.matcher(m.getEmail().strip()).matches()),
            "member.email",
            "'" + m.getEmail() + "' is not an email address such as name@example.com")
        .check(
            m.getPhone().isBlank() || PHONE.matcher(m.getPhone().strip()).matches(),
            "member.phone",
            "'" + m.getPhone() + "' is not a phone number (digits, spaces, + ( ) - . /)")
        .check(
            m.getQualificationsCount() <= 50, "member.qualifications", "at most 50 qualifications");
    money(v, m.hasDayRate(), m.getDayRate(), "member.day_rate");
    money(v, m.hasHourRate(), m.getHourRate(), "member.hour_rate");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < m.getQualificationsCount(); i++) {
      Qualification q = m.getQualifications(i);
      String f = "member.qualifications[" + i + "]";
      skill(v, q.getSkill(), f + ".skill");
      v.check(seen.add(q.getSkill()), f + ".skill", "'" + q.getSkill() + "' is listed twice")
          .check(
              q.getExpiresOn().isEmpty() || date(q.getExpiresOn()),
              f + ".expires_on",
              "'" + q.getExpiresOn() + "' is not a date YYYY-MM-DD");
    }
    return v;
  }

  /** A missing assignment is the rule's; its IDs, function and lengths are rules too. */
  private static Validation assignment(Validation v, boolean has, AssignmentFields a) {
    if (!has) {
      return v;
    }
    v.check(
            a.getRateUnit() == RateUnit.RATE_UNIT_UNSPECIFIED
                || a.getRateUnit() == RateUnit.RATE_UNIT_DAY
                || a.getRateUnit() == RateUnit.RATE_UNIT_HOUR
                || a.getRateUnit() == RateUnit.RATE_UNIT_FIXED,
            "assignment.rate_unit",
            "must be RATE_UNIT_DAY, RATE_UNIT_HOUR or RATE_UNIT_FIXED")
        .check(a.getRequiredSkillsCount() <= 20, "assignment.required_skills", "at most 20 skills");
    period(v, a.hasCall(), a.getCall(), "assignment.call", true, 31);
    money(v, a.hasRate(), a.getRate(), "assignment.rate");
    for (int i = 0; i < a.getRequiredSkillsCount(); i++) {
      skill(v, a.getRequiredSkills(i), "assignment.required_skills[" + i + "]");
    }
    return v;
  }

  private static Validation statuses(Validation v, List<AssignmentStatus> statuses) {
    for (AssignmentStatus s : statuses) {
      v.check(
          s != AssignmentStatus.ASSIGNMENT_STATUS_UNSPECIFIED && s != AssignmentStatus.UNRECOGNIZED,
          "statuses",
          "must be OFFERED, ACCEPTED, DECLINED or CANCELLED");
    }
    return v;
  }

  private static Validation severity(Validation v, ConflictSeverity s, String field) {
    return v.check(
        s != ConflictSeverity.UNRECOGNIZED,
        field,
        "must be CONFLICT_SEVERITY_WARNING or CONFLICT_SEVERITY_REFUSAL (unset: the default)");
  }

  private static Validation listFilters(Validation v, String skill) {
    if (!skill.isEmpty()) {
      skill(v, skill, "skill");
    }
    return v;
  }

  /**
   * Skills, dates, periods, money, contact formats, counts and cross-field checks; IDs, required
   * fields, lengths and the employment kind are rules in crew.proto (page bounds in common.proto).
   */
  static void register(RequestValidators validators) {
    validators
        .register(
            CreateCrewMemberRequest.getDefaultInstance(),
            r -> member(new Validation(), r.hasMember(), r.getMember()).throwIfInvalid())
        .register(
            UpdateCrewMemberRequest.getDefaultInstance(),
            r -> member(new Validation(), r.hasMember(), r.getMember()).throwIfInvalid())
        .register(
            ListCrewMembersRequest.getDefaultInstance(),
            r ->
                listFilters(new Validation(), r.getSkill())
                    .check(
                        r.getSkillValidOn().isEmpty() || date(r.getSkillValidOn()),
                        "skill_valid_on",
                        "'" + r.getSkillValidOn() + "' is not a date YYYY-MM-DD")
                    .throwIfInvalid())
        .register(
            AddUnavailabilityRequest.getDefaultInstance(),
            r ->
                period(new Validation(), r.hasPeriod(), r.getPeriod(), "period", true, 400)
                    .throwIfInvalid())
        .register(
            GetAvailabilityGridRequest.getDefaultInstance(),
            r ->
                listFilters(
                        period(new Validation(), r.hasWindow(), r.getWindow(), "window", true, 62),
                        r.getSkill())
                    .throwIfInvalid())
        .register(
            CheckAssignmentRequest.getDefaultInstance(),
            r ->
                assignment(new Validation(), r.hasAssignment(), r.getAssignment()).throwIfInvalid())
        .register(
            OfferAssignmentRequest.getDefaultInstance(),
            r ->
                assignment(new Validation(), r.hasAssignment(), r.getAssignment()).throwIfInvalid())
        .register(
            UpdateAssignmentRequest.getDefaultInstance(),
            r ->
                assignment(new Validation(), r.hasAssignment(), r.getAssignment()).throwIfInvalid())
        .register(
            ListAssignmentsRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              period(v, r.hasWindow(), r.getWindow(), "window", false, 3660);
              statuses(v, r.getStatusesList()).throwIfInvalid();
            })
        .register(
            RecordTimesheetRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              v.check(
                  r.getEntriesCount() >= 1 && r.getEntriesCount() <= 31,
                  "entries",
                  "must hold 1–31 entries");
              for (int i = 0; i < Math.min(r.getEntriesCount(), 31); i++) {
                TimesheetEntry e = r.getEntries(i);
                String f = "entries[" + i + "]";
                period(v, e.hasWorked(), e.getWorked(), f + ".worked", true, 1);
                v.check(
                    e.getBreakMinutes() >= 0 && e.getBreakMinutes() < 1440,
                    f + ".break_minutes",
                    "must be 0 or more and shorter than the entry");
              }
              v.throwIfInvalid();
            })
        .register(
            ReviewTimesheetRequest.getDefaultInstance(),
            r ->
                new Validation()
                    .check(
                        r.getApprove() || !r.getReason().isBlank(),
                        "reason",
                        "is required when rejecting (tell the crew member what to correct)")
                    .throwIfInvalid())
        .register(
            ListTimesheetsRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              period(v, r.hasWindow(), r.getWindow(), "window", false, 3660);
              for (TimesheetStatus s : r.getStatusesList()) {
                v.check(
                    s != TimesheetStatus.TIMESHEET_STATUS_UNSPECIFIED
                        && s != TimesheetStatus.UNRECOGNIZED,
                    "statuses",
                    "must be DRAFT, SUBMITTED, APPROVED or REJECTED");
              }
              v.throwIfInvalid();
            })
        .register(
            ExportPayrollRequest.getDefaultInstance(),
            r ->
                period(new Validation(), r.hasPeriod(), r.getPeriod(), "period", true, 400)
                    .throwIfInvalid())
        .register(
            CrewPolicy.getDefaultInstance(),
            r -> {
              Validation v =
                  new Validation()
                      .check(
                          r.getMinRestMinutes() >= 0 && r.getMinRestMinutes() <= 2880,
                          "min_rest_minutes",
                          "must be between 0 and 2880 (48 h)");
              severity(v, r.getDoubleBooked(), "double_booked");
              severity(v, r.getMissingSkill(), "missing_skill");
              severity(v, r.getQualificationExpired(), "qualification_expired");
              severity(v, r.getInsufficientRest(), "insufficient_rest");
              severity(v, r.getUnavailable(), "unavailable").throwIfInvalid();
            });
  }
}
