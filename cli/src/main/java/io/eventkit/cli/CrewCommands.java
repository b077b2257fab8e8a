package io.eventkit.cli;

import io.eventkit.proto.v1.AddUnavailabilityRequest;
import io.eventkit.proto.v1.Assignment;
import io.eventkit.proto.v1.AssignmentFields;
import io.eventkit.proto.v1.AssignmentStatus;
import io.eventkit.proto.v1.AvailabilityRow;
import io.eventkit.proto.v1.BusyBlock;
import io.eventkit.proto.v1.BusyKind;
import io.eventkit.proto.v1.CalendarFeed;
import io.eventkit.proto.v1.CancelAssignmentRequest;
import io.eventkit.proto.v1.CheckAssignmentRequest;
import io.eventkit.proto.v1.CheckAssignmentResponse;
import io.eventkit.proto.v1.ConflictSeverity;
import io.eventkit.proto.v1.CreateCrewMemberRequest;
import io.eventkit.proto.v1.CrewConflict;
import io.eventkit.proto.v1.CrewMember;
import io.eventkit.proto.v1.CrewMemberFields;
import io.eventkit.proto.v1.CrewPolicy;
import io.eventkit.proto.v1.CrewServiceGrpc;
import io.eventkit.proto.v1.EmploymentKind;
import io.eventkit.proto.v1.ExportPayrollRequest;
import io.eventkit.proto.v1.ExportPayrollResponse;
import io.eventkit.proto.v1.GetAssignmentRequest;
import io.eventkit.proto.v1.GetAvailabilityGridRequest;
import io.eventkit.proto.v1.GetAvailabilityGridResponse;
import io.eventkit.proto.v1.GetCalendarFeedRequest;
import io.eventkit.proto.v1.GetCrewMemberRequest;
import io.eventkit.proto.v1.GetCrewPolicyRequest;
import io.eventkit.proto.v1.GetEventRequest;
import io.eventkit.proto.v1.GetMyCrewMemberRequest;
import io.eventkit.proto.v1.GetTimesheetRequest;
import io.eventkit.proto.v1.ListAssignmentsRequest;
import io.eventkit.proto.v1.ListAssignmentsResponse;
import io.eventkit.proto.v1.ListCrewMembersRequest;
import io.eventkit.proto.v1.ListCrewMembersResponse;
import io.eventkit.proto.v1.ListTimesheetsRequest;
import io.eventkit.proto.v1.ListTimesheetsResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.OfferAssignmentRequest;
import io.eventkit.proto.v1.OfferAssignmentResponse;
import io.eventkit.proto.v1.PayrollTotal;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.PlanningServiceGrpc;
import io.eventkit.proto.v1.Qualification;
import io.eventkit.proto.v1.RateUnit;
import io.eventkit.proto.v1.RecordTimesheetRequest;
import io.eventkit.proto.v1.RemoveUnavailabilityRequest;
import io.eventkit.proto.v1.ResetCalendarFeedRequest;
import io.eventkit.proto.v1.RespondToAssignmentRequest;
import io.eventkit.proto.v1.ReviewTimesheetRequest;
import io.eventkit.proto.v1.RevokeCalendarFeedRequest;
import io.eventkit.proto.v1.SubmitTimesheetRequest;
import io.eventkit.proto.v1.Timesheet;
import io.eventkit.proto.v1.TimesheetEntry;
import io.eventkit.proto.v1.TimesheetStatus;
import io.eventkit.proto.v1.Unavailability;
import io.eventkit.proto.v1.UpdateAssignmentRequest;
import io.eventkit.proto.v1.UpdateCrewMemberRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eventkit crew}: crew profiles, availability, assignments with conflict checks, timesheets,
 * payroll, the conflict policy and calendar feeds (CrewService, docs/crew.md).
 */
@Command(
    name = "crew",
    description =
        "Crew: people and their skills, availability, assignments to events, timesheets and"
            + " payroll.",
    subcommands = {
      CrewCommands.Members.class,
      CrewCommands.Me.class,
      CrewCommands.Unavailable.class,
      CrewCommands.Grid.class,
      CrewCommands.Check.class,
      CrewCommands.Assign.class,
      CrewCommands.Assignments.class,
      CrewCommands.Accept.class,
      CrewCommands.Decline.class,
      CrewCommands.Timesheets.class,
      CrewCommands.Payroll.class,
      CrewCommands.Policy.class,
      CrewCommands.Calendar.class
    })
final class CrewCommands {
  private CrewCommands() {}

  @Mixin HelpOption help;

  static final Pattern SKILL = Pattern.compile("[a-z0-9-]{1,64}");

  // ---- argument helpers -----------------------------------------------------------------------

  /** Runs a parser; its complaint becomes a usage error naming {@code option}. */
  static <T> T arg(ApiCommand c, String option, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw c.usage(option + ": " + e.getMessage());
    }
  }

  static Money money(ApiCommand c, String option, String value) {
    try {
      return Amounts.parse(value);
    } catch (CommandLine.TypeConversionException e) {
      throw c.usage(
          option + ": " + e.getMessage().replace("use e.g. 12.50EUR", "use e.g. 250.00GBP"));
    }
  }

  static ZoneId zoneOption(ApiCommand c, String zone) {
    return zone == null ? null : arg(c, "--zone", () -> Times.zone(zone));
  }

  static String skill(ApiCommand c, String option, String value) {
    String v = value.trim();
    if (!SKILL.matcher(v).matches()) {
      throw c.usage(
          option
              + ": '"
              + value
              + "' is not a skill: 1–64 lower-case letters, digits and '-', e.g. foh-engineer");
    }
    return v;
  }

  /** {@code SKILL:EXPIRES[:REFERENCE]}, e.g. {@code rigging-cert:2027-03-31:RC-1234}. */
  static Qualification qualification(ApiCommand c, String value) {
    String[] parts = value.split(":", 3);
    if (parts.length < 2) {
      throw c.usage(
          "--qualification: '"
              + value
              + "' is not SKILL:EXPIRES[:REFERENCE], e.g. rigging-cert:2027-03-31:RC-1234");
    }
    Qualification.Builder q =
        Qualification.newBuilder().setSkill(skill(c, "--qualification", parts[0]));
    if (!parts[1].isBlank()) {
      q.setExpiresOn(arg(c, "--qualification", () -> Times.date(parts[1])).toString());
    }
    if (parts.length == 3) {
      if (parts[2].length() > 200) {
        throw c.usage("--qualification: the reference is longer than 200 characters");
      }
      q.setReference(parts[2]);
    }
    return q.build();
  }

  static EmploymentKind employment(ApiCommand c, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "employee" -> EmploymentKind.EMPLOYMENT_KIND_EMPLOYEE;
      case "freelancer", "freelance" -> EmploymentKind.EMPLOYMENT_KIND_FREELANCER;
      default -> throw c.usage("--employment must be employee or freelancer (got '" + value + "')");
    };
  }

  static RateUnit unit(ApiCommand c, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "day" -> RateUnit.RATE_UNIT_DAY;
      case "hour" -> RateUnit.RATE_UNIT_HOUR;
      case "fixed" -> RateUnit.RATE_UNIT_FIXED;
      default -> throw c.usage("--unit must be day, hour or fixed (got '" + value + "')");
    };
  }

  static ConflictSeverity severity(ApiCommand c, String option, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "warning", "warn" -> ConflictSeverity.CONFLICT_SEVERITY_WARNING;
      case "refusal", "refuse" -> ConflictSeverity.CONFLICT_SEVERITY_REFUSAL;
      default -> throw c.usage(option + " must be warning or refusal (got '" + value + "')");
    };
  }

  static String lower(Enum<?> e, String prefix) {
    String n = e.name();
    if (n.endsWith("_UNSPECIFIED")) {
      return Text.NONE;
    }
    return n.replace(prefix, "").toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String employment(EmploymentKind k) {
    return lower(k, "EMPLOYMENT_KIND_");
  }

  static String status(AssignmentStatus s) {
    return lower(s, "ASSIGNMENT_STATUS_");
  }

  static String status(TimesheetStatus s) {
    return lower(s, "TIMESHEET_STATUS_");
  }

  static String unit(RateUnit u) {
    return lower(u, "RATE_UNIT_");
  }

  static String rate(Money rate, RateUnit u) {
    String unit =
        switch (u) {
          case RATE_UNIT_DAY -> " per day";
          case RATE_UNIT_HOUR -> " per hour";
          case RATE_UNIT_FIXED -> " fixed";
          default -> "";
        };
    return Amounts.format(rate) + unit;
  }

  /** {@code foh-engineer}, {@code rigging-cert until 2027-03-31 (RC-1234)}, EXPIRED when past. */
  static String qualification(Qualification q, LocalDate today) {
    StringBuilder s = new StringBuilder(q.getSkill());
    if (!q.getExpiresOn().isEmpty()) {
      s.append(" until ").append(q.getExpiresOn());
      try {
        if (LocalDate.parse(q.getExpiresOn()).isBefore(today)) {
          s.append(" EXPIRED");
        }
      } catch (java.time.format.DateTimeParseException e) {
        // shown as sent
      }
    }
    if (!q.getReference().isEmpty()) {
      s.append(" (").append(q.getReference()).append(')');
    }
    return s.toString();
  }

  /** The event's time zone, for call times typed without one. */
  static ZoneId eventZone(NodeClient client, String eventId) {
    String zone =
        client
            .call(
                PlanningServiceGrpc.getGetEventMethod(),
                GetEventRequest.newBuilder().setId(eventId).build())
            .getEvent()
            .getTimeZone();
    return Times.displayZone(zone);
  }

  // ---- printing -------------------------------------------------------------------------------

  static void printMember(ApiCommand c, CrewMember m) {
    LocalDate today = LocalDate.ofInstant(c.now(), ZoneOffset.UTC);
    Map<String, String> kv = new LinkedHashMap<>();
    kv.put("id", m.getId());
    kv.put("name", m.getName() + (m.getArchived() ? " (archived)" : ""));
    kv.put("employment", employment(m.getEmployment()));
    kv.put("email", Text.orNone(m.getEmail()));
    kv.put("phone", Text.orNone(m.getPhone()));
    kv.put("day rate", Amounts.format(m.getDayRate()));
    kv.put("hour rate", Amounts.format(m.getHourRate()));
    kv.put("user", Text.orNone(m.getUserId()));
    kv.put("notes", Text.orNone(m.getNotes()));
    Text.keyValues(c.out(), kv);
    if (m.getQualificationsCount() > 0) {
      c.out().println("qualifications:");
      for (Qualification q : m.getQualificationsList()) {
        c.out().println("  " + qualification(q, today));
      }
    }
  }

  static void memberTable(ApiCommand c, List<CrewMember> members) {
    LocalDate today = LocalDate.ofInstant(c.now(), ZoneOffset.UTC);
    Text.Table t = new Text.Table("ID", "NAME", "EMPLOYMENT", "DAY RATE", "SKILLS");
    for (CrewMember m : members) {
      t.row(
          m.getId(),
          m.getName() + (m.getArchived() ? " (archived)" : ""),
          employment(m.getEmployment()),
          Amounts.format(m.getDayRate()),
          String.join(
              ", ",
              m.getQualificationsList().stream()
                  .map(
                      q ->
                          q.getSkill()
                              + (qualification(q, today).contains(" EXPIRED") ? " (expired)" : ""))
                  .toList()));
    }
    t.print(c.out());
  }

  static void printConflicts(PrintWriter out, List<CrewConflict> conflicts) {
    if (conflicts.isEmpty()) {
      out.println("no conflicts");
      return;
    }
    Text.Table t = new Text.Table("SEVERITY", "CONFLICT", "DETAIL");
    for (CrewConflict x : conflicts) {
      t.row(
          x.getSeverity() == ConflictSeverity.CONFLICT_SEVERITY_REFUSAL ? "REFUSAL" : "warning",
          lower(x.getKind(), "CREW_CONFLICT_KIND_"),
          x.getMessage());
    }
    t.print(out);
  }

  static void printAssignment(ApiCommand c, Assignment a) {
    ZoneId zone = Times.displayZone(a.getTimeZone());
    c.out().println(a.getFunction() + " on " + a.getEventName() + " — " + a.getCrewMemberName());
    Map<String, String> kv = new LinkedHashMap<>();
    kv.put("id", a.getId());
    kv.put("status", status(a.getStatus()).toUpperCase(Locale.ROOT));
    kv.put("call", Times.period(a.getCall(), zone));
    kv.put("rate", rate(a.getRate(), a.getRateUnit()));
    kv.put("event", Text.named(a.getEventId(), a.getEventName()));
    kv.put("member", Text.named(a.getCrewMemberId(), a.getCrewMemberName()));
    kv.put("venue", Text.orNone(a.getVenue()));
    kv.put("time zone", Text.orNone(a.getTimeZone()));
    if (a.getRequiredSkillsCount() > 0) {
      kv.put("requires", String.join(", ", a.getRequiredSkillsList()));
    }
    if (a.getTimesheetStatus() != TimesheetStatus.TIMESHEET_STATUS_UNSPECIFIED) {
      kv.put("timesheet", status(a.getTimesheetStatus()));
    }
    if (!a.getDeclineReason().isEmpty()) {
      kv.put("declined", a.getDeclineReason());
    }
    if (!a.getOverrideReason().isEmpty()) {
      kv.put("overridden", a.getOverrideReason());
    }
    if (!a.getNotes().isEmpty()) {
      kv.put("notes", a.getNotes());
    }
    Text.keyValues(c.out(), kv);
    if (a.getOverriddenConflictsCount() > 0) {
      c.out().println("overridden warnings:");
      printConflicts(c.out(), a.getOverriddenConflictsList());
    }
  }

  static void assignmentTable(ApiCommand c, List<Assignment> list) {
    Text.Table t =
        new Text.Table("ID", "STATUS", "CALL", "EVENT", "MEMBER", "FUNCTION", "RATE", "TIMESHEET");
    for (Assignment a : list) {
      t.row(
          a.getId(),
          status(a.getStatus()),
          Times.period(a.getCall(), Times.displayZone(a.getTimeZone())),
          a.getEventName(),
          a.getCrewMemberName(),
          a.getFunction(),
          rate(a.getRate(), a.getRateUnit()),
          status(a.getTimesheetStatus()));
    }
    t.print(c.out());
  }

  static void printTimesheet(ApiCommand c, Timesheet s) {
    c.out().println(s.getCrewMemberName() + " — " + s.getFunction() + " on " + s.getEventName());
    Map<String, String> kv = new LinkedHashMap<>();
    kv.put("id", s.getId());
    kv.put("assignment", s.getAssignmentId());
    kv.put("status", status(s.getStatus()).toUpperCase(Locale.ROOT));
    kv.put("worked", Times.minutes(s.getTotalMinutes()));
    kv.put("amount", Amounts.format(s.getAmount()));
    if (Text.isSet(s.getSubmittedAt())) {
      kv.put("submitted", Text.instant(s.getSubmittedAt()));
    }
    if (!s.getReviewedBy().isEmpty()) {
      kv.put("reviewed", s.getReviewedBy() + " at " + Text.instant(s.getReviewedAt()));
    }
    if (!s.getRejectReason().isEmpty()) {
      kv.put("rejected", s.getRejectReason());
    }
    if (!s.getNotes().isEmpty()) {
      kv.put("notes", s.getNotes());
    }
    Text.keyValues(c.out(), kv);
    Text.Table t = new Text.Table("START", "END", "BREAK", "WORKED");
    for (TimesheetEntry e : s.getEntriesList()) {
      long minutes =
          Duration.between(
                      Text.toInstant(e.getWorked().getStart()),
                      Text.toInstant(e.getWorked().getEnd()))
                  .toMinutes()
              - e.getBreakMinutes();
      t.row(
          Times.format(e.getWorked().getStart(), ZoneOffset.UTC),
          Times.format(e.getWorked().getEnd(), ZoneOffset.UTC),
          Times.minutes(e.getBreakMinutes()),
          Times.minutes(minutes));
    }
    t.print(c.out());
  }

  static void timesheetTable(ApiCommand c, List<Timesheet> list) {
    Text.Table t =
        new Text.Table("ID", "STATUS", "MEMBER", "EVENT", "FUNCTION", "WORKED", "AMOUNT");
    for (Timesheet s : list) {
      t.row(
          s.getId(),
          status(s.getStatus()),
          s.getCrewMemberName(),
          s.getEventName(),
          s.getFunction(),
          Times.minutes(s.getTotalMinutes()),
          Amounts.format(s.getAmount()));
    }
    t.print(c.out());
  }

  /** The marker of a day cell: what occupies it. */
  static char marker(BusyKind kind) {
    return switch (kind) {
      case BUSY_KIND_ASSIGNMENT_ACCEPTED -> 'A';
      case BUSY_KIND_ASSIGNMENT_OFFERED -> 'o';
      case BUSY_KIND_UNAVAILABLE -> 'x';
      default -> '?';
    };
  }

  static final String GRID_LEGEND =
      "A accepted assignment  o offered  x unavailable  ! more than one  . free";

  /**
   * A table of rows × days in {@code zone}: each cell the marker of what overlaps that day, '!'
   * when more than one thing does, '.' when nothing.
   */
  static void dayGrid(
      PrintWriter out,
      String firstHeader,
      LocalDate first,
      LocalDate last,
      ZoneId zone,
      List<String> names,
      List<List<Map.Entry<Period, Character>>> busy) {
    List<String> headers = new ArrayList<>();
    headers.add(firstHeader);
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
      headers.add(
          d.getDayOfMonth() == 1 || d.equals(first)
              ? d.toString().substring(5)
              : String.format("%02d", d.getDayOfMonth()));
    }
    Text.Table t = new Text.Table(headers.toArray(String[]::new));
    for (int r = 0; r < names.size(); r++) {
      String[] cells = new String[days.size() + 1];
      cells[0] = names.get(r);
      for (int i = 0; i < days.size(); i++) {
        Instant dayStart = days.get(i).atStartOfDay(zone).toInstant();
        Instant dayEnd = days.get(i).plusDays(1).atStartOfDay(zone).toInstant();
        char cell = '.';
        for (Map.Entry<Period, Character> b : busy.get(r)) {
          Instant s = Text.toInstant(b.getKey().getStart());
          Instant e = Text.toInstant(b.getKey().getEnd());
          if (s.isBefore(dayEnd) && e.isAfter(dayStart)) {
            cell = cell == '.' ? b.getValue() : '!';
          }
        }
        cells[i + 1] = String.valueOf(cell);
      }
      t.row(cells);
    }
    t.print(out);
  }

  /** --from/--to/--zone of the commands that take a window of days. */
  static final class Window {
    @Option(
        names = "--from",
        required = true,
        paramLabel = "DATE|TIME",
        description = "First day (YYYY-MM-DD, in --zone) or an instant.")
    String from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "DATE|TIME",
        description = "Last day (included) or an instant.")
    String to;

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        description = "Time zone of the days, e.g. Europe/London. Default: UTC.")
    String zone;

    ZoneId zone(ApiCommand c) {
      ZoneId z = zoneOption(c, zone);
      return z == null ? ZoneOffset.UTC : z;
    }

    Period period(ApiCommand c) {
      ZoneId z = zone(c);
      Instant start = arg(c, "--from", () -> Times.from(from, z));
      Instant end = arg(c, "--to", () -> Times.to(to, z));
      return arg(c, "--to", () -> Times.period(start, end));
    }

    LocalDate firstDay(ApiCommand c, Period p) {
      return LocalDate.ofInstant(Text.toInstant(p.getStart()), zone(c));
    }

    LocalDate lastDay(ApiCommand c, Period p) {
      return LocalDate.ofInstant(Text.toInstant(p.getEnd()).minusNanos(1), zone(c));
    }
  }

  // ---- members --------------------------------------------------------------------------------

  @Command(
      name = "members",
      description = "Crew members: profiles, rates, skills and qualifications.",
      subcommands = {
        Members.ListMembers.class,
        Members.Show.class,
        Members.Create.class,
        Members.Update.class,
        Members.Archive.class
      })
  static final class Members {
    private Members() {}

    @Mixin HelpOption help;

    /** The profile options create and update share; left out keeps the value on update. */
    static final class Fields {
      @Option(names = "--name", description = "1–200 characters.")
      String name;

      @Option(names = "--employment", paramLabel = "KIND", description = "employee or freelancer.")
      String employment;

      @Option(names = "--email")
      String email;

      @Option(names = "--phone")
      String phone;

      @Option(names = "--day-rate", paramLabel = "AMOUNT", description = "E.g. 250.00GBP.")
      String dayRate;

      @Option(names = "--hour-rate", paramLabel = "AMOUNT", description = "E.g. 32.50GBP.")
      String hourRate;

      @Option(
          names = "--skill",
          paramLabel = "SKILL",
          description = "A skill without expiry, e.g. foh-engineer (repeatable).")
      List<String> skills = new ArrayList<>();

      @Option(
          names = "--qualification",
          paramLabel = "SKILL:EXPIRES[:REF]",
          description =
              "A qualification with its last valid day and an optional reference, e.g."
                  + " rigging-cert:2027-03-31:RC-1234 (repeatable).")
      List<String> qualifications = new ArrayList<>();

      @Option(
          names = "--user",
          paramLabel = "USER_ID",
          description = "The user who logs in as them.")
      String user;

      @Option(names = "--notes")
      String notes;

      boolean qualificationsGiven() {
        return !skills.isEmpty() || !qualifications.isEmpty();
      }

      List<Qualification> qualifications(ApiCommand c) {
        List<Qualification> out = new ArrayList<>();
        for (String s : skills) {
          out.add(Qualification.newBuilder().setSkill(skill(c, "--skill", s)).build());
        }
        for (String q : qualifications) {
          out.add(qualification(c, q));
        }
        return out;
      }

      /** Applies the options given onto {@code b}. */
      void apply(ApiCommand c, CrewMemberFields.Builder b) {
        if (name != null) {
          b.setName(name);
        }
        if (employment != null) {
          b.setEmployment(employment(c, employment));
        }
        if (email != null) {
          b.setEmail(email);
        }
        if (phone != null) {
          b.setPhone(phone);
        }
        if (dayRate != null) {
          b.setDayRate(money(c, "--day-rate", dayRate));
        }
        if (hourRate != null) {
          b.setHourRate(money(c, "--hour-rate", hourRate));
        }
        if (qualificationsGiven()) {
          b.clearQualifications().addAllQualifications(qualifications(c));
        }
        if (user != null) {
          b.setUserId(user);
        }
        if (notes != null) {
          b.setNotes(notes);
        }
      }
    }

    static CrewMemberFields.Builder fieldsOf(CrewMember m) {
      return CrewMemberFields.newBuilder()
          .setName(m.getName())
          .setEmail(m.getEmail())
          .setPhone(m.getPhone())
          .setEmployment(m.getEmployment())
          .setDayRate(m.getDayRate())
          .setHourRate(m.getHourRate())
          .addAllQualifications(m.getQualificationsList())
          .setUserId(m.getUserId())
          .setNotes(m.getNotes())
          .setArchived(m.getArchived());
    }

    static CrewMember get(NodeClient client, String id) {
      return client.call(
          CrewServiceGrpc.getGetCrewMemberMethod(),
          GetCrewMemberRequest.newBuilder().setId(id).build());
    }

    @Command(
        name = "list",
        description = "Crew members by name.",
        footerHeading = "%nExamples:%n",
        footer = {
          "  eventkit crew members list --skill foh-engineer",
          "  eventkit crew members list --query jo --archived"
        })
    static final class ListMembers extends ApiCommand {
      @Option(names = "--query", description = "Name or email contains this.")
      String query;

      @Option(names = "--skill", description = "Only members holding this skill, unexpired.")
      String skill;

      @Option(
          names = "--valid-on",
          paramLabel = "DATE",
          description = "With --skill: unexpired on this day (default today).")
      String validOn;

      @Option(names = "--archived", description = "Include archived members.")
      boolean archived;

      @ArgGroup(exclusive = false)
      CrmCommands.Paging paging = new CrmCommands.Paging();

      @Override
      int run(NodeClient client) {
        ListCrewMembersRequest.Builder b =
            ListCrewMembersRequest.newBuilder()
                .setPage(paging.request(this))
                .setIncludeArchived(archived);
        if (query != null) {
          b.setQuery(query);
        }
        if (skill != null) {
          b.setSkill(skill(this, "--skill", skill));
        }
        if (validOn != null) {
          b.setSkillValidOn(arg(this, "--valid-on", () -> Times.date(validOn)).toString());
        }
        ListCrewMembersResponse r =
            client.call(CrewServiceGrpc.getListCrewMembersMethod(), b.build());
        return emit(
            r,
            () -> {
              memberTable(this, r.getMembersList());
              CrmCommands.next(this, r.getPage().getNextPageToken());
            });
      }
    }

    @Command(name = "show", description = "A crew member's profile.")
    static final class Show extends ApiCommand {
      @Parameters(index = "0", paramLabel = "MEMBER_ID")
      String id;

      @Override
      int run(NodeClient client) {
        CrewMember m = get(client, id);
        return emit(m, () -> printMember(this, m));
      }
    }

    @Command(
        name = "create",
        description = "Add a crew member.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit crew members create \"Jo Bloggs\" --employment freelancer \\",
          "      --day-rate 250.00GBP --hour-rate 32.00GBP --skill foh-engineer \\",
          "      --qualification rigging-cert:2027-03-31:RC-1234"
        })
    static final class Create extends ApiCommand {
      @Parameters(index = "0", paramLabel = "NAME")
      String name;

      @ArgGroup(exclusive = false)
      Fields f = new Fields();

      private CrewMemberFields fields;

      @Override
      void validate() {
        if (f.name != null) {
          throw usage("give the name as the argument, not --name");
        }
        if (f.employment == null) {
          throw usage("--employment is required: employee or freelancer");
        }
        CrewMemberFields.Builder b = CrewMemberFields.newBuilder().setName(name);
        f.apply(this, b);
        fields = b.build();
      }

      @Override
      int run(NodeClient client) {
        CrewMember m =
            client.call(
                CrewServiceGrpc.getCreateCrewMemberMethod(),
                CreateCrewMemberRequest.newBuilder().setMember(fields).build());
        return emit(m, () -> out().println(m.getId()));
      }
    }

    @Command(
        name = "update",
        description = {
          "Change a crew member; options left out keep their value.",
          "--skill and --qualification together replace all their qualifications;"
              + " --clear-qualifications removes them all."
        },
        footerHeading = "%nExample:%n",
        footer = {"  eventkit crew members update MEMBER_ID --day-rate 275.00GBP --skill lx-tech"})
    static final class Update extends ApiCommand {
      @Parameters(index = "0", paramLabel = "MEMBER_ID")
      String id;

      @ArgGroup(exclusive = false)
      Fields f = new Fields();

      @Option(names = "--clear-qualifications", description = "Remove all qualifications.")
      boolean clear;

      @Override
      void validate() {
        if (clear && f.qualificationsGiven()) {
          throw usage("--clear-qualifications cannot be combined with --skill or --qualification");
        }
        f.apply(this, CrewMemberFields.newBuilder());
      }

      @Override
      int run(NodeClient client) {
        CrewMemberFields.Builder b = fieldsOf(get(client, id));
        f.apply(this, b);
        if (clear) {
          b.clearQualifications();
        }
        CrewMember m =
            client.call(
                CrewServiceGrpc.getUpdateCrewMemberMethod(),
                UpdateCrewMemberRequest.newBuilder().setId(id).setMember(b).build());
        return emit(m, () -> printMember(this, m));
      }
    }

    @Command(name = "archive", description = "Hide a crew member from lists and new assignments.")
    static final class Archive extends ApiCommand {
      @Parameters(index = "0", paramLabel = "MEMBER_ID")
      String id;

      @Option(names = "--restore", description = "Bring an archived member back.")
      boolean restore;

      @Override
      int run(NodeClient client) {
        CrewMemberFields.Builder b = fieldsOf(get(client, id)).setArchived(!restore);
        CrewMember m =
            client.call(
                CrewServiceGrpc.getUpdateCrewMemberMethod(),
                UpdateCrewMemberRequest.newBuilder().setId(id).setMember(b).build());
        return emit(
            m, () -> out().println(m.getName() + (m.getArchived() ? ": archived" : ": active")));
      }
    }
  }

  @Command(name = "me", description = "The crew member linked to your user account.")
  static final class Me extends ApiCommand {
    @Override
    int run(NodeClient client) {
      CrewMember m =
          client.call(
              CrewServiceGrpc.getGetMyCrewMemberMethod(),
              GetMyCrewMemberRequest.getDefaultInstance());
      return emit(m, () -> printMember(this, m));
    }
  }

  // ---- availability ---------------------------------------------------------------------------

  @Command(
      name = "unavailable",
      description = "Periods a crew member cannot work (holiday, another job).",
      subcommands = {Unavailable.Add.class, Unavailable.Remove.class, Unavailable.ListBusy.class})
  static final class Unavailable {
    private Unavailable() {}

    @Mixin HelpOption help;

    @Command(
        name = "add",
        description = "Mark a period unavailable (yours without --member).",
        footerHeading = "%nExamples:%n",
        footer = {
          "  eventkit crew unavailable add --from 2026-12-24 --to 2026-12-26 --reason Holiday",
          "  eventkit crew unavailable add --member MEMBER_ID \\",
          "      --from 2026-12-10T08:00Z --to 2026-12-10T13:00Z"
        })
    static final class Add extends ApiCommand {
      @Option(names = "--member", paramLabel = "MEMBER_ID", description = "Default: yourself.")
      String member = "";

      @ArgGroup(exclusive = false, multiplicity = "1")
      Window window = new Window();

      @Option(names = "--reason", description = "Shown to planners; up to 200 characters.")
      String reason = "";

      private Period period;

      @Override
      void validate() {
        period = window.period(this);
        if (reason.length() > 200) {
          throw usage("--reason is longer than 200 characters");
        }
      }

      @Override
      int run(NodeClient client) {
        Unavailability u =
            client.call(
                CrewServiceGrpc.getAddUnavailabilityMethod(),
                AddUnavailabilityRequest.newBuilder()
                    .setCrewMemberId(member)
                    .setPeriod(period)
                    .setReason(reason)
                    .build());
        return emit(
            u,
            () ->
                out()
                    .println(
                        "unavailable "
                            + Times.period(u.getPeriod(), window.zone(this))
                            + "  "
                            + u.getId()));
      }
    }

    @Command(name = "remove", description = "Remove an unavailable period.")
    static final class Remove extends ApiCommand {
      @Parameters(index = "0", paramLabel = "UNAVAILABILITY_ID")
      String id;

      @Override
      int run(NodeClient client) {
        var r =
            client.call(
                CrewServiceGrpc.getRemoveUnavailabilityMethod(),
                RemoveUnavailabilityRequest.newBuilder().setId(id).build());
        return emit(r, () -> out().println("removed " + id));
      }
    }

    @Command(
        name = "list",
        description =
            "What occupies one crew member (yours without --member) in a window: assignments and"
                + " unavailable periods, with a day grid.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit crew unavailable list --member MEMBER_ID --from 2026-12-01 --to 2026-12-14"
        })
    static final class ListBusy extends ApiCommand {
      @Option(names = "--member", paramLabel = "MEMBER_ID", description = "Default: yourself.")
      String member;

      @ArgGroup(exclusive = false, multiplicity = "1")
      Window window = new Window();

      private Period period;

      @Override
      void validate() {
        period = window.period(this);
        if (Duration.between(Text.toInstant(period.getStart()), Text.toInstant(period.getEnd()))
                .compareTo(Duration.ofDays(62))
            > 0) {
          throw usage("the window is at most 62 days");
        }
      }

      @Override
      int run(NodeClient client) {
        CrewMember m =
            member == null
                ? client.call(
                    CrewServiceGrpc.getGetMyCrewMemberMethod(),
                    GetMyCrewMemberRequest.getDefaultInstance())
                : Members.get(client, member);
        AvailabilityRow row = null;
        String token = "";
        do {
          GetAvailabilityGridRequest.Builder b =
              GetAvailabilityGridRequest.newBuilder()
                  .setWindow(period)
                  .setQuery(m.getEmail().isEmpty() ? m.getName() : m.getEmail());
          b.getPageBuilder().setPageSize(500).setPageToken(token);
          GetAvailabilityGridResponse r =
              client.call(CrewServiceGrpc.getGetAvailabilityGridMethod(), b.build());
          for (AvailabilityRow x : r.getRowsList()) {
            if (x.getMember().getId().equals(m.getId())) {
              row = x;
            }
          }
          token = r.getPage().getNextPageToken();
        } while (row == null && !token.isEmpty());
        AvailabilityRow found =
            row == null ? AvailabilityRow.newBuilder().setMember(m).build() : row;
        ZoneId zone = window.zone(this);
        return emit(
            found,
            () -> {
              out().println(m.getName());
              Text.Table t = new Text.Table("KIND", "PERIOD", "WHAT", "ID");
              for (BusyBlock b : found.getBusyList()) {
                t.row(
                    lower(b.getKind(), "BUSY_KIND_"),
                    Times.period(b.getPeriod(), zone),
                    b.getLabel(),
                    b.getId());
              }
              t.print(out());
              out().println();
              dayGrid(
                  out(),
                  "MEMBER",
                  window.firstDay(this, period),
                  window.lastDay(this, period),
                  zone,
                  List.of(m.getName()),
                  List.of(blocks(found)));
              out().println(GRID_LEGEND);
            });
      }
    }
  }

  static List<Map.Entry<Period, Character>> blocks(AvailabilityRow row) {
    List<Map.Entry<Period, Character>> out = new ArrayList<>();
    for (BusyBlock b : row.getBusyList()) {
      out.add(Map.entry(b.getPeriod(), marker(b.getKind())));
    }
    return out;
  }

  @Command(
      name = "grid",
      description = "Who is free: crew members × days, with what occupies each day.",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit crew grid --from 2026-12-07 --to 2026-12-20 --skill foh-engineer"})
  static final class Grid extends ApiCommand {
    @ArgGroup(exclusive = false, multiplicity = "1")
    Window window = new Window();

    @Option(names = "--skill", description = "Only members holding this skill.")
    String skill;

    @Option(names = "--query", description = "Name or email contains this.")
    String query;

    @ArgGroup(exclusive = false)
    CrmCommands.Paging paging = new CrmCommands.Paging();

    private Period period;

    @Override
    void validate() {
      period = window.period(this);
      if (Duration.between(Text.toInstant(period.getStart()), Text.toInstant(period.getEnd()))
              .compareTo(Duration.ofDays(62))
          > 0) {
        throw usage("the window is at most 62 days");
      }
      if (skill != null) {
        skill(this, "--skill", skill);
      }
    }

    @Override
    int run(NodeClient client) {
      GetAvailabilityGridRequest.Builder b =
          GetAvailabilityGridRequest.newBuilder().setWindow(period).setPage(paging.request(this));
      if (skill != null) {
        b.setSkill(skill.trim());
      }
      if (query != null) {
        b.setQuery(query);
      }
      GetAvailabilityGridResponse r =
          client.call(CrewServiceGrpc.getGetAvailabilityGridMethod(), b.build());
      return emit(
          r,
          () -> {
            List<String> names = new ArrayList<>();
            List<List<Map.Entry<Period, Character>>> busy = new ArrayList<>();
            for (AvailabilityRow row : r.getRowsList()) {
              names.add(row.getMember().getName());
              busy.add(blocks(row));
            }
            dayGrid(
                out(),
                "MEMBER",
                window.firstDay(this, period),
                window.lastDay(this, period),
                window.zone(this),
                names,
                busy);
            out().println(GRID_LEGEND);
            CrmCommands.next(this, r.getPage().getNextPageToken());
          });
    }
  }

  // ---- assignments ----------------------------------------------------------------------------

  /** The assignment options of check, assign and assignments update. */
  static final class AssignmentOptions {
    @Option(names = "--event", paramLabel = "EVENT_ID")
    String event;

    @Option(names = "--member", paramLabel = "MEMBER_ID")
    String member;

    @Option(names = "--function", description = "The job, e.g. \"FOH engineer\"; 1–100 characters.")
    String function;

    @Option(
        names = "--call",
        paramLabel = "START/END",
        description =
            "When they start and finish, e.g. 2026-12-10T08:00/2026-12-10T23:00 (in --zone or"
                + " the event's zone) or with Z or an offset.")
    String call;

    @Option(
        names = "--rate",
        paramLabel = "AMOUNT",
        description = "E.g. 250.00GBP. Default: the member's day rate.")
    String rate;

    @Option(
        names = "--unit",
        paramLabel = "UNIT",
        description = "day, hour or fixed. Default: day.")
    String unit;

    @Option(
        names = "--require",
        paramLabel = "SKILL",
        description = "A skill the job needs (repeatable).")
    List<String> required = new ArrayList<>();

    @Option(names = "--notes")
    String notes;

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        description = "The zone of --call times without one.")
    String zone;

    /** Checks what can be checked without the node. */
    void validate(ApiCommand c, boolean create) {
      if (create) {
        List<String> missing = new ArrayList<>();
        if (event == null) {
          missing.add("--event");
        }
        if (member == null) {
          missing.add("--member");
        }
        if (function == null) {
          missing.add("--function");
        }
        if (call == null) {
          missing.add("--call");
        }
        if (!missing.isEmpty()) {
          throw c.usage("missing " + String.join(", ", missing));
        }
      }
      if (function != null && (function.isBlank() || function.length() > 100)) {
        throw c.usage("--function must be 1–100 characters");
      }
      ZoneId z = zoneOption(c, zone);
      if (call != null) {
        // Parse with a placeholder zone: only the syntax and the order are checked here.
        arg(c, "--call", () -> Times.span(call, z == null ? ZoneOffset.UTC : z));
      }
      if (rate != null) {
        money(c, "--rate", rate);
      }
      if (unit != null) {
        unit(c, unit);
      }
      for (String s : required) {
        skill(c, "--require", s);
      }
    }

    /** Applies the options given onto {@code b}; {@code zone} resolves times without one. */
    void apply(ApiCommand c, AssignmentFields.Builder b, Supplier<ZoneId> eventZone) {
      if (event != null) {
        b.setEventId(event);
      }
      if (member != null) {
        b.setCrewMemberId(member);
      }
      if (function != null) {
        b.setFunction(function);
      }
      if (call != null) {
        ZoneId z = zoneOption(c, zone);
        if (z == null && !(bothZoned(call))) {
          z = eventZone.get();
        }
        ZoneId fz = z;
        b.setCall(arg(c, "--call", () -> Times.span(call, fz)));
      }
      if (rate != null) {
        b.setRate(money(c, "--rate", rate));
        if (unit == null && b.getRateUnit() == RateUnit.RATE_UNIT_UNSPECIFIED) {
          b.setRateUnit(RateUnit.RATE_UNIT_DAY);
        }
      }
      if (unit != null) {
        b.setRateUnit(unit(c, unit));
      }
      if (!required.isEmpty()) {
        b.clearRequiredSkills();
        for (String s : required) {
          b.addRequiredSkills(s.trim());
        }
      }
      if (notes != null) {
        b.setNotes(notes);
      }
    }

    static boolean bothZoned(String span) {
      String[] parts = span.split("/", -1);
      return parts.length == 2 && Times.hasZone(parts[0]) && Times.hasZone(parts[1]);
    }
  }

  static AssignmentFields.Builder fieldsOf(Assignment a) {
    return AssignmentFields.newBuilder()
        .setEventId(a.getEventId())
        .setCrewMemberId(a.getCrewMemberId())
        .setFunction(a.getFunction())
        .setCall(a.getCall())
        .setRate(a.getRate())
        .setRateUnit(a.getRateUnit())
        .addAllRequiredSkills(a.getRequiredSkillsList())
        .setNotes(a.getNotes());
  }

  static Assignment getAssignment(NodeClient client, String id) {
    return client.call(
        CrewServiceGrpc.getGetAssignmentMethod(),
        GetAssignmentRequest.newBuilder().setId(id).build());
  }

  /**
   * Prints the result of an offer or change: the assignment and its warnings, or the warnings that
   * stopped it (exit 1). A refusal (FAILED_PRECONDITION) re-runs the check to list the conflicts.
   */
  static int offerResult(ApiCommand c, OfferAssignmentResponse r, String verb) {
    if (c.json()) {
      c.printJson(r);
    } else if (r.hasAssignment()) {
      Assignment a = r.getAssignment();
      c.out()
          .println(
              verb
                  + ": "
                  + a.getId()
                  + "  "
                  + status(a.getStatus()).toUpperCase(Locale.ROOT)
                  + "  "
                  + Times.period(a.getCall(), Times.displayZone(a.getTimeZone())));
      if (r.getConflictsCount() > 0) {
        c.out().println("overridden warnings:");
        printConflicts(c.out(), r.getConflictsList());
      }
    } else {
      printConflicts(c.out(), r.getConflictsList());
    }
    if (!r.hasAssignment()) {
      c.spec
          .commandLine()
          .getErr()
          .println(
              "error: not "
                  + verb
                  + ": "
                  + r.getConflictsCount()
                  + " warning(s); give --override-reason to go ahead anyway");
      return CliException.FAILURE;
    }
    return 0;
  }

  static CliException refused(
      ApiCommand c, NodeClient client, CliException e, AssignmentFields fields, String id) {
    if ("FAILED_PRECONDITION".equals(e.code()) && !c.json()) {
      try {
        CheckAssignmentResponse check =
            client.call(
                CrewServiceGrpc.getCheckAssignmentMethod(),
                CheckAssignmentRequest.newBuilder()
                    .setAssignment(fields)
                    .setAssignmentId(id)
                    .build());
        if (check.getConflictsCount() > 0) {
          printConflicts(c.out(), check.getConflictsList());
        }
      } catch (CliException ignored) {
        // the refusal's own message says enough
      }
    }
    return e;
  }

  @Command(
      name = "check",
      description = "The conflicts an assignment would have, without creating it.",
      footerHeading = "%nExample:%n",
      footer = {
        "  eventkit crew check --event EVENT_ID --member MEMBER_ID --function \"FOH engineer\" \\",
        "      --call 2026-12-10T08:00/2026-12-10T23:00 --require foh-engineer"
      })
  static final class Check extends ApiCommand {
    @ArgGroup(exclusive = false)
    AssignmentOptions a = new AssignmentOptions();

    @Option(
        names = "--assignment",
        paramLabel = "ASSIGNMENT_ID",
        description = "Check a change to this assignment (it does not conflict with itself).")
    String assignment = "";

    @Override
    void validate() {
      a.validate(this, assignment.isEmpty());
    }

    @Override
    int run(NodeClient client) {
      AssignmentFields.Builder b;
      ZoneId[] zone = new ZoneId[1];
      if (assignment.isEmpty()) {
        b = AssignmentFields.newBuilder();
      } else {
        Assignment existing = getAssignment(client, assignment);
        b = fieldsOf(existing);
        zone[0] = Times.displayZone(existing.getTimeZone());
      }
      a.apply(this, b, () -> zone[0] != null ? zone[0] : eventZone(client, b.getEventId()));
      CheckAssignmentResponse r =
          client.call(
              CrewServiceGrpc.getCheckAssignmentMethod(),
              CheckAssignmentRequest.newBuilder()
                  .setAssignment(b)
                  .setAssignmentId(assignment)
                  .build());
      return emit(r, () -> printConflicts(out(), r.getConflictsList()));
    }
  }

  @Command(
      name = "assign",
      description = {
        "Offer a crew member a job on an event. Conflicts are checked first: a refusal stops it"
            + " (exit 1, the conflicts listed); warnings stop it unless --override-reason says why"
            + " to go ahead."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit crew assign --event EVENT_ID --member MEMBER_ID --function \"FOH engineer\" \\",
        "      --call 2026-12-10T08:00/2026-12-10T23:00 --rate 250.00GBP --unit day \\",
        "      --require foh-engineer",
        "  eventkit crew assign ... --override-reason \"only 10h rest, agreed with Jo\""
      })
  static final class Assign extends ApiCommand {
    @ArgGroup(exclusive = false)
    AssignmentOptions a = new AssignmentOptions();

    @Option(
        names = "--override-reason",
        paramLabel = "REASON",
        description = "Go ahead despite warnings, and why (kept on the assignment).")
    String overrideReason = "";

    @Override
    void validate() {
      a.validate(this, true);
      if (overrideReason.length() > 500) {
        throw usage("--override-reason is longer than 500 characters");
      }
    }

    @Override
    int run(NodeClient client) {
      AssignmentFields.Builder b = AssignmentFields.newBuilder();
      a.apply(this, b, () -> eventZone(client, a.event));
      OfferAssignmentResponse r;
      try {
        r =
            client.call(
                CrewServiceGrpc.getOfferAssignmentMethod(),
                OfferAssignmentRequest.newBuilder()
                    .setAssignment(b)
                    .setOverrideReason(overrideReason)
                    .build());
      } catch (CliException e) {
        throw refused(this, client, e, b.build(), "");
      }
      return offerResult(this, r, "offered");
    }
  }

  @Command(
      name = "assignments",
      description = "Assignments of crew to events.",
      subcommands = {
        Assignments.ListAssignments.class,
        Assignments.Show.class,
        Assignments.Update.class,
        Assignments.Cancel.class
      })
  static final class Assignments {
    private Assignments() {}

    @Mixin HelpOption help;

    @Command(
        name = "list",
        description = "Assignments by call time; cancelled ones only with --status cancelled.",
        footerHeading = "%nExamples:%n",
        footer = {
          "  eventkit crew assignments list --event EVENT_ID",
          "  eventkit crew assignments list --mine --status offered"
        })
    static final class ListAssignments extends ApiCommand {
      @Option(names = "--event", paramLabel = "EVENT_ID")
      String event = "";

      @Option(names = "--member", paramLabel = "MEMBER_ID")
      String member = "";

      @Option(names = "--mine", description = "Only your own.")
      boolean mine;

      @Option(
          names = "--status",
          paramLabel = "STATUS",
          description = "offered, accepted, declined or cancelled (repeatable).")
      List<String> statuses = new ArrayList<>();

      @Option(names = "--from", paramLabel = "DATE|TIME", description = "Calls ending after this.")
      String from;

      @Option(names = "--to", paramLabel = "DATE|TIME", description = "Calls starting before this.")
      String to;

      @ArgGroup(exclusive = false)
      CrmCommands.Paging paging = new CrmCommands.Paging();

      @Override
      int run(NodeClient client) {
        ListAssignmentsRequest.Builder b =
            ListAssignmentsRequest.newBuilder()
                .setPage(paging.request(this))
                .setEventId(event)
                .setCrewMemberId(member)
                .setMine(mine);
        for (String s : statuses) {
          try {
            b.addStatuses(
                AssignmentStatus.valueOf("ASSIGNMENT_STATUS_" + s.trim().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw usage("--status must be offered, accepted, declined or cancelled");
          }
        }
        if ((from == null) != (to == null)) {
          throw usage("give both --from and --to, or neither");
        }
        if (from != null) {
          Instant s = arg(this, "--from", () -> Times.from(from, ZoneOffset.UTC));
          Instant e = arg(this, "--to", () -> Times.to(to, ZoneOffset.UTC));
          b.setWindow(arg(this, "--to", () -> Times.period(s, e)));
        }
        ListAssignmentsResponse r =
            client.call(CrewServiceGrpc.getListAssignmentsMethod(), b.build());
        return emit(
            r,
            () -> {
              assignmentTable(this, r.getAssignmentsList());
              CrmCommands.next(this, r.getPage().getNextPageToken());
            });
      }
    }

    @Command(name = "show", description = "An assignment with its overridden warnings.")
    static final class Show extends ApiCommand {
      @Parameters(index = "0", paramLabel = "ASSIGNMENT_ID")
      String id;

      @Override
      int run(NodeClient client) {
        Assignment a = getAssignment(client, id);
        return emit(a, () -> printAssignment(this, a));
      }
    }

    @Command(
        name = "update",
        description = {
          "Change an assignment's function, call, rate, skills or notes; the conflicts are"
              + " checked again. An accepted assignment whose times change goes back to offered.",
          "The event and member cannot change: cancel and assign again."
        },
        footerHeading = "%nExample:%n",
        footer = {"  eventkit crew assignments update ID --call 2026-12-10T07:00/2026-12-10T23:00"})
    static final class Update extends ApiCommand {
      @Parameters(index = "0", paramLabel = "ASSIGNMENT_ID")
      String id;

      @ArgGroup(exclusive = false)
      AssignmentOptions a = new AssignmentOptions();

      @Option(names = "--override-reason", paramLabel = "REASON")
      String overrideReason = "";

      @Override
      void validate() {
        if (a.event != null || a.member != null) {
          throw usage(
              "the event and the member cannot change: cancel the assignment and assign again");
        }
        a.validate(this, false);
      }

      @Override
      int run(NodeClient client) {
        Assignment existing = getAssignment(client, id);
        AssignmentFields.Builder b = fieldsOf(existing);
        a.apply(this, b, () -> Times.displayZone(existing.getTimeZone()));
        OfferAssignmentResponse r;
        try {
          r =
              client.call(
                  CrewServiceGrpc.getUpdateAssignmentMethod(),
                  UpdateAssignmentRequest.newBuilder()
                      .setId(id)
                      .setAssignment(b)
                      .setOverrideReason(overrideReason)
                      .build());
        } catch (CliException e) {
          throw refused(this, client, e, b.build(), id);
        }
        return offerResult(this, r, "changed");
      }
    }

    @Command(
        name = "cancel",
        description = "Cancel an assignment (not once its timesheet is approved).")
    static final class Cancel extends ApiCommand {
      @Parameters(index = "0", paramLabel = "ASSIGNMENT_ID")
      String id;

      @Option(names = "--reason")
      String reason = "";

      @Override
      int run(NodeClient client) {
        Assignment a =
            client.call(
                CrewServiceGrpc.getCancelAssignmentMethod(),
                CancelAssignmentRequest.newBuilder().setId(id).setReason(reason).build());
        return emit(a, () -> out().println(a.getId() + ": CANCELLED"));
      }
    }
  }

  static Assignment respond(NodeClient client, String id, boolean accept, String reason) {
    return client.call(
        CrewServiceGrpc.getRespondToAssignmentMethod(),
        RespondToAssignmentRequest.newBuilder()
            .setId(id)
            .setAccept(accept)
            .setReason(reason)
            .build());
  }

  @Command(name = "accept", description = "Accept an offered assignment (as the crew member).")
  static final class Accept extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ASSIGNMENT_ID")
    String id;

    @Override
    int run(NodeClient client) {
      Assignment a = respond(client, id, true, "");
      return emit(
          a,
          () ->
              out()
                  .println(
                      a.getId()
                          + ": "
                          + status(a.getStatus()).toUpperCase(Locale.ROOT)
                          + "  "
                          + a.getFunction()
                          + " on "
                          + a.getEventName()
                          + "  "
                          + Times.period(a.getCall(), Times.displayZone(a.getTimeZone()))));
    }
  }

  @Command(name = "decline", description = "Decline an offered assignment (as the crew member).")
  static final class Decline extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ASSIGNMENT_ID")
    String id;

    @Option(names = "--reason", description = "Up to 500 characters.")
    String reason = "";

    @Override
    void validate() {
      if (reason.length() > 500) {
        throw usage("--reason is longer than 500 characters");
      }
    }

    @Override
    int run(NodeClient client) {
      Assignment a = respond(client, id, false, reason);
      return emit(
          a,
          () -> out().println(a.getId() + ": " + status(a.getStatus()).toUpperCase(Locale.ROOT)));
    }
  }

  // ---- timesheets -----------------------------------------------------------------------------

  /** {@code START/END[/BREAK]}: times as {@link Times#at}, the break in minutes (30, 30m, 1h). */
  static TimesheetEntry entry(String text, ZoneId zone) {
    String[] parts = text.split("/", -1);
    if (parts.length != 2 && parts.length != 3) {
      throw new IllegalArgumentException(
          "'" + text + "' is not START/END[/BREAK], e.g. 2026-12-10T08:00/2026-12-10T18:30/30");
    }
    Period worked = Times.period(Times.at(parts[0], zone), Times.at(parts[1], zone));
    int breakMinutes = 0;
    if (parts.length == 3) {
      String b = parts[2].trim().toLowerCase(Locale.ROOT);
      try {
        if (b.endsWith("h")) {
          breakMinutes = Math.multiplyExact(Integer.parseInt(b.substring(0, b.length() - 1)), 60);
        } else {
          breakMinutes = Integer.parseInt(b.endsWith("m") ? b.substring(0, b.length() - 1) : b);
        }
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException(
            "'" + parts[2] + "' is not a break: minutes such as 30, 30m or 1h");
      }
      if (breakMinutes < 0) {
        throw new IllegalArgumentException("the break cannot be negative");
      }
    }
    return TimesheetEntry.newBuilder().setWorked(worked).setBreakMinutes(breakMinutes).build();
  }

  @Command(
      name = "timesheets",
      description = "Hours worked on accepted assignments, submitted and approved.",
      subcommands = {
        Timesheets.RecordTimesheet.class,
        Timesheets.Submit.class,
        Timesheets.Approve.class,
        Timesheets.Reject.class,
        Timesheets.ListTimesheets.class,
        Timesheets.Show.class
      })
  static final class Timesheets {
    private Timesheets() {}

    @Mixin HelpOption help;

    @Command(
        name = "record",
        description = {
          "Record (or replace) the timesheet of an accepted assignment: one --entry per stretch"
              + " of work, START/END[/BREAK minutes].",
          "Times without a zone are in --zone, else the event's zone."
        },
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit crew timesheets record ASSIGNMENT_ID \\",
          "      --entry 2026-12-10T08:00/2026-12-10T18:30/30 \\",
          "      --entry 2026-12-11T09:00/2026-12-11T17:00 --submit"
        })
    static final class RecordTimesheet extends ApiCommand {
      @Parameters(index = "0", paramLabel = "ASSIGNMENT_ID")
      String assignment;

      @Option(
          names = "--entry",
          required = true,
          paramLabel = "START/END[/BREAK]",
          description = "A stretch of work and its unpaid break in minutes (repeatable, 1–31).")
      List<String> entries = new ArrayList<>();

      @Option(names = "--notes")
      String notes = "";

      @Option(names = "--submit", description = "Submit it for approval at once.")
      boolean submit;

      @Option(names = "--zone", paramLabel = "ZONE", description = "The zone of times without one.")
      String zone;

      @Override
      void validate() {
        if (entries.size() > 31) {
          throw usage("at most 31 --entry");
        }
        ZoneId z = zoneOption(this, zone);
        for (String e : entries) {
          arg(this, "--entry", () -> entry(e, z == null ? ZoneOffset.UTC : z));
        }
      }

      @Override
      int run(NodeClient client) {
        ZoneId z = zoneOption(this, zone);
        if (z == null
            && entries.stream().anyMatch(e -> !AssignmentOptions.bothZoned(stripBreak(e)))) {
          z = Times.displayZone(getAssignment(client, assignment).getTimeZone());
        }
        RecordTimesheetRequest.Builder b =
            RecordTimesheetRequest.newBuilder()
                .setAssignmentId(assignment)
                .setNotes(notes)
                .setSubmit(submit);
        for (String e : entries) {
          ZoneId fz = z;
          b.addEntries(arg(this, "--entry", () -> entry(e, fz)));
        }
        Timesheet s = client.call(CrewServiceGrpc.getRecordTimesheetMethod(), b.build());
        return emit(s, () -> summary(this, s));
      }

      static String stripBreak(String entry) {
        String[] parts = entry.split("/", -1);
        return parts.length >= 2 ? parts[0] + "/" + parts[1] : entry;
      }
    }

    static void summary(ApiCommand c, Timesheet s) {
      c.out()
          .println(
              s.getId()
                  + "  "
                  + status(s.getStatus()).toUpperCase(Locale.ROOT)
                  + "  "
                  + Times.minutes(s.getTotalMinutes())
                  + "  "
                  + Amounts.format(s.getAmount()));
      if (!s.getRejectReason().isEmpty()) {
        c.out().println("rejected: " + s.getRejectReason());
      }
    }

    @Command(name = "submit", description = "Submit a timesheet for approval.")
    static final class Submit extends ApiCommand {
      @Parameters(index = "0", paramLabel = "TIMESHEET_ID")
      String id;

      @Override
      int run(NodeClient client) {
        Timesheet s =
            client.call(
                CrewServiceGrpc.getSubmitTimesheetMethod(),
                SubmitTimesheetRequest.newBuilder().setId(id).build());
        return emit(s, () -> summary(this, s));
      }
    }

    @Command(name = "approve", description = "Approve a submitted timesheet (a Manager).")
    static final class Approve extends ApiCommand {
      @Parameters(index = "0", paramLabel = "TIMESHEET_ID")
      String id;

      @Override
      int run(NodeClient client) {
        Timesheet s =
            client.call(
                CrewServiceGrpc.getReviewTimesheetMethod(),
                ReviewTimesheetRequest.newBuilder().setId(id).setApprove(true).build());
        return emit(s, () -> summary(this, s));
      }
    }

    @Command(
        name = "reject",
        description = "Send a submitted timesheet back to the crew member to correct.")
    static final class Reject extends ApiCommand {
      @Parameters(index = "0", paramLabel = "TIMESHEET_ID")
      String id;

      @Option(names = "--reason", required = true, description = "What to correct.")
      String reason;

      @Override
      void validate() {
        if (reason.isBlank()) {
          throw usage("--reason must say what to correct");
        }
      }

      @Override
      int run(NodeClient client) {
        Timesheet s =
            client.call(
                CrewServiceGrpc.getReviewTimesheetMethod(),
                ReviewTimesheetRequest.newBuilder()
                    .setId(id)
                    .setApprove(false)
                    .setReason(reason)
                    .build());
        return emit(s, () -> summary(this, s));
      }
    }

    @Command(
        name = "list",
        description = "Timesheets.",
        footerHeading = "%nExamples:%n",
        footer = {
          "  eventkit crew timesheets list --status submitted",
          "  eventkit crew timesheets list --mine"
        })
    static final class ListTimesheets extends ApiCommand {
      @Option(names = "--event", paramLabel = "EVENT_ID")
      String event = "";

      @Option(names = "--member", paramLabel = "MEMBER_ID")
      String member = "";

      @Option(names = "--mine", description = "Only your own.")
      boolean mine;

      @Option(
          names = "--status",
          paramLabel = "STATUS",
          description = "draft, submitted, approved or rejected (repeatable).")
      List<String> statuses = new ArrayList<>();

      @ArgGroup(exclusive = false)
      CrmCommands.Paging paging = new CrmCommands.Paging();

      @Override
      int run(NodeClient client) {
        ListTimesheetsRequest.Builder b =
            ListTimesheetsRequest.newBuilder()
                .setPage(paging.request(this))
                .setEventId(event)
                .setCrewMemberId(member)
                .setMine(mine);
        for (String s : statuses) {
          try {
            b.addStatuses(
                TimesheetStatus.valueOf("TIMESHEET_STATUS_" + s.trim().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw usage("--status must be draft, submitted, approved or rejected");
          }
        }
        ListTimesheetsResponse r =
            client.call(CrewServiceGrpc.getListTimesheetsMethod(), b.build());
        return emit(
            r,
            () -> {
              timesheetTable(this, r.getTimesheetsList());
              CrmCommands.next(this, r.getPage().getNextPageToken());
            });
      }
    }

    @Command(name = "show", description = "A timesheet with its entries.")
    static final class Show extends ApiCommand {
      @Parameters(index = "0", paramLabel = "TIMESHEET_ID")
      String id;

      @Override
      int run(NodeClient client) {
        Timesheet s =
            client.call(
                CrewServiceGrpc.getGetTimesheetMethod(),
                GetTimesheetRequest.newBuilder().setId(id).build());
        return emit(s, () -> printTimesheet(this, s));
      }
    }
  }

  // ---- payroll --------------------------------------------------------------------------------

  @Command(
      name = "payroll",
      description = {
        "Export approved timesheets whose work starts in the period as CSV (one row per"
            + " timesheet, then a total per crew member), and print the totals.",
        "The CSV goes to --out, else to the node's file name in the current directory."
      },
      footerHeading = "%nExample:%n",
      footer = {"  eventkit crew payroll --from 2026-11-01 --to 2026-11-30 --out payroll.csv"})
  static final class Payroll extends ApiCommand {
    @ArgGroup(exclusive = false, multiplicity = "1")
    Window window = new Window();

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the CSV.")
    Path file;

    private Period period;

    @Override
    void validate() {
      period = window.period(this);
    }

    @Override
    int run(NodeClient client) {
      ExportPayrollResponse r =
          client.call(
              CrewServiceGrpc.getExportPayrollMethod(),
              ExportPayrollRequest.newBuilder().setPeriod(period).build());
      Path target = file != null ? file : Path.of(safeName(r.getFileName(), "payroll.csv"));
      try {
        Files.write(target, r.getCsv().toByteArray());
      } catch (IOException e) {
        throw new CliException(
            CliException.FAILURE, "cannot write " + target + ": " + e.getMessage());
      }
      if (json()) {
        printJson(r.toBuilder().clearCsv().build());
        return 0;
      }
      Text.Table t = new Text.Table("MEMBER", "EMPLOYMENT", "TIMESHEETS", "WORKED", "AMOUNT");
      for (PayrollTotal x : r.getTotalsList()) {
        t.row(
            x.getCrewMemberName(),
            employment(x.getEmployment()),
            String.valueOf(x.getTimesheets()),
            Times.minutes(x.getTotalMinutes()),
            Amounts.format(x.getAmount()));
      }
      t.print(out());
      out().println(target + " (" + r.getCsv().size() + " bytes)");
      return 0;
    }
  }

  /** A file name from the node, without any directory part. */
  static String safeName(String name, String fallback) {
    String n = name == null ? "" : name.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1);
    return n.isBlank() || n.startsWith(".") ? fallback : n;
  }

  // ---- policy ---------------------------------------------------------------------------------

  @Command(
      name = "policy",
      description = "Which conflicts warn and which refuse, and the minimum rest.",
      subcommands = {Policy.Show.class, Policy.Set.class})
  static final class Policy {
    private Policy() {}

    @Mixin HelpOption help;

    static String sev(ConflictSeverity s) {
      return lower(s, "CONFLICT_SEVERITY_");
    }

    static void print(ApiCommand c, CrewPolicy p) {
      Map<String, String> kv = new LinkedHashMap<>();
      kv.put("minimum rest", Times.minutes(p.getMinRestMinutes()));
      kv.put("double booked", sev(p.getDoubleBooked()));
      kv.put("missing skill", sev(p.getMissingSkill()));
      kv.put("qualification expired", sev(p.getQualificationExpired()));
      kv.put("insufficient rest", sev(p.getInsufficientRest()));
      kv.put("unavailable", sev(p.getUnavailable()));
      Text.keyValues(c.out(), kv);
    }

    @Command(name = "show", description = "The crew policy.")
    static final class Show extends ApiCommand {
      @Override
      int run(NodeClient client) {
        CrewPolicy p =
            client.call(
                CrewServiceGrpc.getGetCrewPolicyMethod(),
                GetCrewPolicyRequest.getDefaultInstance());
        return emit(p, () -> print(this, p));
      }
    }

    @Command(
        name = "set",
        description = "Change the crew policy; options left out keep their value (a Manager).",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit crew policy set --min-rest 10h --insufficient-rest refusal \\",
          "      --missing-skill warning"
        })
    static final class Set extends ApiCommand {
      @Option(
          names = "--min-rest",
          paramLabel = "DURATION",
          converter = EventKitCli.DurationConverter.class,
          description = "Minimum rest between calls, e.g. 11h or 90m.")
      Duration minRest;

      @Option(
          names = "--double-booked",
          paramLabel = "SEVERITY",
          description = "warning or refusal.")
      String doubleBooked;

      @Option(names = "--missing-skill", paramLabel = "SEVERITY")
      String missingSkill;

      @Option(names = "--qualification-expired", paramLabel = "SEVERITY")
      String qualificationExpired;

      @Option(names = "--insufficient-rest", paramLabel = "SEVERITY")
      String insufficientRest;

      @Option(names = "--unavailable", paramLabel = "SEVERITY")
      String unavailable;

      @Override
      void validate() {
        if (minRest == null
            && doubleBooked == null
            && missingSkill == null
            && qualificationExpired == null
            && insufficientRest == null
            && unavailable == null) {
          throw usage("nothing to change: give at least one option");
        }
        if (minRest != null && (minRest.isNegative() || minRest.toMinutes() > 7 * 24 * 60)) {
          throw usage("--min-rest must be between 0 and 7d");
        }
        apply(CrewPolicy.newBuilder());
      }

      void apply(CrewPolicy.Builder b) {
        if (minRest != null) {
          b.setMinRestMinutes((int) minRest.toMinutes());
        }
        if (doubleBooked != null) {
          b.setDoubleBooked(severity(this, "--double-booked", doubleBooked));
        }
        if (missingSkill != null) {
          b.setMissingSkill(severity(this, "--missing-skill", missingSkill));
        }
        if (qualificationExpired != null) {
          b.setQualificationExpired(
              severity(this, "--qualification-expired", qualificationExpired));
        }
        if (insufficientRest != null) {
          b.setInsufficientRest(severity(this, "--insufficient-rest", insufficientRest));
        }
        if (unavailable != null) {
          b.setUnavailable(severity(this, "--unavailable", unavailable));
        }
      }

      @Override
      int run(NodeClient client) {
        CrewPolicy.Builder b =
            client
                .call(
                    CrewServiceGrpc.getGetCrewPolicyMethod(),
                    GetCrewPolicyRequest.getDefaultInstance())
                .toBuilder();
        apply(b);
        CrewPolicy p = client.call(CrewServiceGrpc.getSetCrewPolicyMethod(), b.build());
        return emit(p, () -> print(this, p));
      }
    }
  }

  // ---- calendar -------------------------------------------------------------------------------

  @Command(
      name = "calendar",
      description =
          "A crew member's calendar feed (an .ics URL with a secret) of their assignments.",
      subcommands = {Calendar.Show.class, Calendar.Reset.class, Calendar.Revoke.class})
  static final class Calendar {
    private Calendar() {}

    @Mixin HelpOption help;

    static void print(ApiCommand c, CalendarFeed f) {
      Map<String, String> kv = new LinkedHashMap<>();
      kv.put("member", f.getCrewMemberId());
      kv.put("feed", f.getActive() ? "active since " + Text.instant(f.getCreatedAt()) : "none");
      Text.keyValues(c.out(), kv);
    }

    @Command(name = "show", description = "Whether there is a feed (never its URL).")
    static final class Show extends ApiCommand {
      @Option(names = "--member", paramLabel = "MEMBER_ID", description = "Default: yourself.")
      String member = "";

      @Override
      int run(NodeClient client) {
        CalendarFeed f =
            client.call(
                CrewServiceGrpc.getGetCalendarFeedMethod(),
                GetCalendarFeedRequest.newBuilder().setCrewMemberId(member).build());
        return emit(f, () -> print(this, f));
      }
    }

    @Command(
        name = "reset",
        description =
            "Create the feed, or replace its secret (the old URL stops working at once). Prints"
                + " the URL: this is the only time it is shown.")
    static final class Reset extends ApiCommand {
      @Option(names = "--member", paramLabel = "MEMBER_ID", description = "Default: yourself.")
      String member = "";

      @Override
      int run(NodeClient client) {
        CalendarFeed f =
            client.call(
                CrewServiceGrpc.getResetCalendarFeedMethod(),
                ResetCalendarFeedRequest.newBuilder().setCrewMemberId(member).build());
        return emit(
            f,
            () -> {
              out().println(f.getUrl());
              spec.commandLine()
                  .getErr()
                  .println(
                      "Subscribe to this URL in a calendar app. It is shown only now; anyone with"
                          + " it can read the feed ('eventkit crew calendar revoke' ends it).");
            });
      }
    }

    @Command(name = "revoke", description = "End the feed; its URL stops working.")
    static final class Revoke extends ApiCommand {
      @Option(names = "--member", paramLabel = "MEMBER_ID", description = "Default: yourself.")
      String member = "";

      @Override
      int run(NodeClient client) {
        CalendarFeed f =
            client.call(
                CrewServiceGrpc.getRevokeCalendarFeedMethod(),
                RevokeCalendarFeedRequest.newBuilder().setCrewMemberId(member).build());
        return emit(f, () -> print(this, f));
      }
    }
  }
}
