package io.eventkit.node.crew;

import static io.eventkit.node.platform.api.grpc.ProtoTime.instant;
import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import io.eventkit.node.crew.CrewModel.AssignmentStatus;
import io.eventkit.node.crew.CrewModel.Caller;
import io.eventkit.node.crew.CrewModel.Employment;
import io.eventkit.node.crew.CrewModel.RateUnit;
import io.eventkit.node.crew.CrewModel.Severity;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.RecordScope;
import io.eventkit.proto.v1.AddUnavailabilityRequest;
import io.eventkit.proto.v1.Assignment;
import io.eventkit.proto.v1.AssignmentFields;
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
import io.eventkit.proto.v1.CrewConflictKind;
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
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.PayrollTotal;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Qualification;
import io.eventkit.proto.v1.RecordTimesheetRequest;
import io.eventkit.proto.v1.RemoveUnavailabilityRequest;
import io.eventkit.proto.v1.RemoveUnavailabilityResponse;
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
import io.grpc.stub.StreamObserver;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** gRPC adapter for {@code eventkit.v1.CrewService}: proto in, domain calls, proto out. */
final class CrewGrpcService extends CrewServiceGrpc.CrewServiceImplBase {
  private final Crew crew;
  private final Assignments assignments;
  private final Timesheets timesheets;

  CrewGrpcService(Crew crew, Assignments assignments, Timesheets timesheets) {
    this.crew = crew;
    this.assignments = assignments;
    this.timesheets = timesheets;
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  /** The caller's record scope (kernel.RecordScope) and user ID, from the verified principal. */
  static Caller caller() {
    Principal p = Principal.current();
    UUID user = null;
    if (p != null && p.kind() == Principal.Kind.USER) {
      try {
        user = UUID.fromString(p.id());
      } catch (IllegalArgumentException e) {
        user = null;
      }
    }
    return new Caller(RecordScope.of(p), user, p == null ? "system" : p.label());
  }

  // ---- mapping ----

  static io.eventkit.node.kernel.Money money(Money m) {
    return new io.eventkit.node.kernel.Money(m.getCurrencyCode(), m.getMinorUnits());
  }

  static Money money(io.eventkit.node.kernel.Money m) {
    return Money.newBuilder()
        .setCurrencyCode(m.currencyCode())
        .setMinorUnits(m.minorUnits())
        .build();
  }

  static Interval interval(Period p, String field) {
    if (!p.hasStart() || !p.hasEnd()) {
      throw DomainException.invalid(field + ".start and " + field + ".end are required");
    }
    var s = instant(p.getStart()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    var e = instant(p.getEnd()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    if (!e.isAfter(s)) {
      throw DomainException.invalid(
          field + ".end (" + e + ") must be after " + field + ".start (" + s + ")");
    }
    return new Interval(s, e);
  }

  static Period period(Interval i) {
    return Period.newBuilder().setStart(timestamp(i.start())).setEnd(timestamp(i.end())).build();
  }

  static PageSpec page(PageRequest p, int parts) {
    return PageSpec.of(p.getPageSize(), p.getPageToken(), parts);
  }

  static UUID optionalId(String s, String field) {
    return Ids.optional(s, field);
  }

  static CrewModel.MemberFields fields(CrewMemberFields f) {
    List<CrewModel.Qualification> q = new ArrayList<>();
    for (Qualification x : f.getQualificationsList()) {
      q.add(
          new CrewModel.Qualification(
              x.getSkill(),
              x.getExpiresOn().isEmpty() ? null : LocalDate.parse(x.getExpiresOn()),
              x.getReference().strip()));
    }
    return new CrewModel.MemberFields(
        f.getName(),
        f.getEmail(),
        f.getPhone(),
        f.getEmployment() == EmploymentKind.EMPLOYMENT_KIND_FREELANCER
            ? Employment.FREELANCER
            : Employment.EMPLOYEE,
        f.hasDayRate() ? money(f.getDayRate()) : null,
        f.hasHourRate() ? money(f.getHourRate()) : null,
        q,
        optionalId(f.getUserId(), "member.user_id"),
        f.getNotes(),
        f.getArchived());
  }

  static CrewMember member(CrewModel.Member m) {
    CrewMember.Builder b =
        CrewMember.newBuilder()
            .setId(m.id().toString())
            .setName(m.name())
            .setEmail(m.email())
            .setPhone(m.phone())
            .setEmployment(EmploymentKind.valueOf("EMPLOYMENT_KIND_" + m.employment().name()))
            .setDayRate(money(m.dayRate()))
            .setHourRate(money(m.hourRate()))
            .setUserId(Ids.str(m.userId()))
            .setNotes(m.notes())
            .setArchived(m.archived())
            .setCreatedAt(timestamp(m.createdAt()))
            .setUpdatedAt(timestamp(m.updatedAt()));
    for (CrewModel.Qualification q : m.qualifications()) {
      b.addQualifications(
          Qualification.newBuilder()
              .setSkill(q.skill())
              .setExpiresOn(q.expiresOn() == null ? "" : q.expiresOn().toString())
              .setReference(q.reference()));
    }
    return b.build();
  }

  static CrewConflict conflict(CrewModel.Conflict c) {
    return CrewConflict.newBuilder()
        .setKind(CrewConflictKind.valueOf("CREW_CONFLICT_KIND_" + c.kind().name()))
        .setSeverity(ConflictSeverity.valueOf("CONFLICT_SEVERITY_" + c.severity().name()))
        .setMessage(c.message())
        .setRelatedId(Ids.str(c.relatedId()))
        .setSkill(c.skill() == null ? "" : c.skill())
        .build();
  }

  static Assignment assignment(CrewModel.Assignment a) {
    Assignment.Builder b =
        Assignment.newBuilder()
            .setId(a.id().toString())
            .setEventId(a.eventId().toString())
            .setEventName(a.eventName())
            .setCrewMemberId(a.crewMemberId().toString())
            .setCrewMemberName(a.crewMemberName())
            .setFunction(a.function())
            .setCall(period(a.call()))
            .setRate(money(a.rate()))
            .setRateUnit(io.eventkit.proto.v1.RateUnit.valueOf("RATE_UNIT_" + a.rateUnit().name()))
            .addAllRequiredSkills(a.requiredSkills())
            .setStatus(
                io.eventkit.proto.v1.AssignmentStatus.valueOf(
                    "ASSIGNMENT_STATUS_" + a.status().name()))
            .setOverrideReason(a.overrideReason())
            .setDeclineReason(a.declineReason())
            .setNotes(a.notes())
            .setVenue(a.venue())
            .setTimeZone(a.timeZone())
            .setCreatedAt(timestamp(a.createdAt()))
            .setUpdatedAt(timestamp(a.updatedAt()));
    a.overriddenConflicts().forEach(c -> b.addOverriddenConflicts(conflict(c)));
    if (a.respondedAt() != null) {
      b.setRespondedAt(timestamp(a.respondedAt()));
    }
    if (a.timesheetStatus() != null) {
      b.setTimesheetStatus(TimesheetStatus.valueOf("TIMESHEET_STATUS_" + a.timesheetStatus()));
    }
    return b.build();
  }

  static CrewModel.AssignmentFields fields(AssignmentFields f) {
    return new CrewModel.AssignmentFields(
        Ids.parse(f.getEventId(), "assignment.event_id"),
        Ids.parse(f.getCrewMemberId(), "assignment.crew_member_id"),
        f.getFunction(),
        interval(f.getCall(), "assignment.call"),
        f.hasRate() ? money(f.getRate()) : null,
        f.getRateUnit() == io.eventkit.proto.v1.RateUnit.RATE_UNIT_UNSPECIFIED
            ? null
            : RateUnit.valueOf(f.getRateUnit().name().substring("RATE_UNIT_".length())),
        f.getRequiredSkillsList().stream().distinct().toList(),
        f.getNotes());
  }

  static Timesheet timesheet(CrewModel.Timesheet t) {
    Timesheet.Builder b =
        Timesheet.newBuilder()
            .setId(t.id().toString())
            .setAssignmentId(t.assignmentId().toString())
            .setCrewMemberId(t.crewMemberId().toString())
            .setCrewMemberName(t.crewMemberName())
            .setEventId(t.eventId().toString())
            .setEventName(t.eventName())
            .setFunction(t.function())
            .setNotes(t.notes())
            .setStatus(TimesheetStatus.valueOf("TIMESHEET_STATUS_" + t.status().name()))
            .setTotalMinutes(t.totalMinutes())
            .setAmount(money(t.amount()))
            .setReviewedBy(t.reviewedBy())
            .setRejectReason(t.rejectReason())
            .setUpdatedAt(timestamp(t.updatedAt()));
    for (CrewModel.Entry e : t.entries()) {
      b.addEntries(
          TimesheetEntry.newBuilder()
              .setWorked(period(e.worked()))
              .setBreakMinutes(e.breakMinutes()));
    }
    if (t.submittedAt() != null) {
      b.setSubmittedAt(timestamp(t.submittedAt()));
    }
    if (t.reviewedAt() != null) {
      b.setReviewedAt(timestamp(t.reviewedAt()));
    }
    return b.build();
  }

  static Severity severity(ConflictSeverity s, Severity dflt) {
    return switch (s) {
      case CONFLICT_SEVERITY_WARNING -> Severity.WARNING;
      case CONFLICT_SEVERITY_REFUSAL -> Severity.REFUSAL;
      default -> dflt;
    };
  }

  static ConflictSeverity severity(Severity s) {
    return ConflictSeverity.valueOf("CONFLICT_SEVERITY_" + s.name());
  }

  static CrewPolicy policy(CrewModel.Policy p) {
    return CrewPolicy.newBuilder()
        .setMinRestMinutes(p.minRestMinutes())
        .setDoubleBooked(severity(p.doubleBooked()))
        .setMissingSkill(severity(p.missingSkill()))
        .setQualificationExpired(severity(p.qualificationExpired()))
        .setInsufficientRest(severity(p.insufficientRest()))
        .setUnavailable(severity(p.unavailable()))
        .build();
  }

  static CalendarFeed feed(CrewModel.Feed f) {
    CalendarFeed.Builder b =
        CalendarFeed.newBuilder()
            .setCrewMemberId(f.crewMemberId().toString())
            .setActive(f.active())
            .setUrl(f.url());
    if (f.createdAt() != null) {
      b.setCreatedAt(timestamp(f.createdAt()));
    }
    return b.build();
  }

  static OfferAssignmentResponse offer(CrewModel.OfferResult r) {
    OfferAssignmentResponse.Builder b = OfferAssignmentResponse.newBuilder();
    if (r.assignment() != null) {
      b.setAssignment(assignment(r.assignment()));
    }
    r.conflicts().forEach(c -> b.addConflicts(conflict(c)));
    return b.build();
  }

  // ---- profiles ----

  @Override
  public void createCrewMember(CreateCrewMemberRequest r, StreamObserver<CrewMember> out) {
    reply(out, member(crew.create(fields(r.getMember()))));
  }

  @Override
  public void updateCrewMember(UpdateCrewMemberRequest r, StreamObserver<CrewMember> out) {
    reply(out, member(crew.update(Ids.parse(r.getId(), "id"), fields(r.getMember()))));
  }

  @Override
  public void getCrewMember(GetCrewMemberRequest r, StreamObserver<CrewMember> out) {
    reply(out, member(crew.get(caller(), Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void getMyCrewMember(GetMyCrewMemberRequest r, StreamObserver<CrewMember> out) {
    reply(out, member(crew.mine(caller())));
  }

  private static Crew.ListQuery memberQuery(
      String query, String skill, String validOn, boolean archived, PageRequest page) {
    return new Crew.ListQuery(
        query, skill, validOn.isEmpty() ? null : LocalDate.parse(validOn), archived, page(page, 2));
  }

  @Override
  public void listCrewMembers(
      ListCrewMembersRequest r, StreamObserver<ListCrewMembersResponse> out) {
    PageSpec.Page<CrewModel.Member> p =
        crew.list(
            caller(),
            memberQuery(
                r.getQuery(),
                r.getSkill(),
                r.getSkillValidOn(),
                r.getIncludeArchived(),
                r.getPage()));
    ListCrewMembersResponse.Builder b =
        ListCrewMembersResponse.newBuilder()
            .setPage(PageResponse.newBuilder().setNextPageToken(p.nextToken()));
    p.items().forEach(m -> b.addMembers(member(m)));
    reply(out, b.build());
  }

  // ---- availability ----

  @Override
  public void addUnavailability(AddUnavailabilityRequest r, StreamObserver<Unavailability> out) {
    CrewModel.Unavailability u =
        crew.addUnavailability(
            caller(),
            optionalId(r.getCrewMemberId(), "crew_member_id"),
            interval(r.getPeriod(), "period"),
            r.getReason());
    reply(
        out,
        Unavailability.newBuilder()
            .setId(u.id().toString())
            .setCrewMemberId(u.crewMemberId().toString())
            .setPeriod(period(u.period()))
            .setReason(u.reason())
            .setCreatedAt(timestamp(u.createdAt()))
            .build());
  }

  @Override
  public void removeUnavailability(
      RemoveUnavailabilityRequest r, StreamObserver<RemoveUnavailabilityResponse> out) {
    crew.removeUnavailability(caller(), Ids.parse(r.getId(), "id"));
    reply(out, RemoveUnavailabilityResponse.getDefaultInstance());
  }

  @Override
  public void getAvailabilityGrid(
      GetAvailabilityGridRequest r, StreamObserver<GetAvailabilityGridResponse> out) {
    Interval window = interval(r.getWindow(), "window");
    PageSpec.Page<CrewModel.GridRow> p =
        crew.grid(
            caller(), window, memberQuery(r.getQuery(), r.getSkill(), "", false, r.getPage()));
    GetAvailabilityGridResponse.Builder b =
        GetAvailabilityGridResponse.newBuilder()
            .setPage(PageResponse.newBuilder().setNextPageToken(p.nextToken()));
    for (CrewModel.GridRow row : p.items()) {
      AvailabilityRow.Builder rb = AvailabilityRow.newBuilder().setMember(member(row.member()));
      for (CrewModel.BusyBlock x : row.busy()) {
        rb.addBusy(
            BusyBlock.newBuilder()
                .setKind(BusyKind.valueOf("BUSY_KIND_" + x.kind().name()))
                .setPeriod(period(x.period()))
                .setId(x.id().toString())
                .setLabel(x.label())
                .setEventId(Ids.str(x.eventId())));
      }
      b.addRows(rb);
    }
    reply(out, b.build());
  }

  // ---- assignments ----

  @Override
  public void checkAssignment(
      CheckAssignmentRequest r, StreamObserver<CheckAssignmentResponse> out) {
    List<CrewModel.Conflict> c =
        assignments.check(
            caller(), fields(r.getAssignment()), optionalId(r.getAssignmentId(), "assignment_id"));
    CheckAssignmentResponse.Builder b = CheckAssignmentResponse.newBuilder();
    c.forEach(x -> b.addConflicts(conflict(x)));
    reply(out, b.build());
  }

  @Override
  public void offerAssignment(
      OfferAssignmentRequest r, StreamObserver<OfferAssignmentResponse> out) {
    reply(
        out, offer(assignments.offer(caller(), fields(r.getAssignment()), r.getOverrideReason())));
  }

  @Override
  public void updateAssignment(
      UpdateAssignmentRequest r, StreamObserver<OfferAssignmentResponse> out) {
    reply(
        out,
        offer(
            assignments.update(
                caller(),
                Ids.parse(r.getId(), "id"),
                fields(r.getAssignment()),
                r.getOverrideReason())));
  }

  @Override
  public void cancelAssignment(CancelAssignmentRequest r, StreamObserver<Assignment> out) {
    reply(out, assignment(assignments.cancel(caller(), Ids.parse(r.getId(), "id"), r.getReason())));
  }

  @Override
  public void respondToAssignment(RespondToAssignmentRequest r, StreamObserver<Assignment> out) {
    reply(
        out,
        assignment(
            assignments.respond(
                caller(), Ids.parse(r.getId(), "id"), r.getAccept(), r.getReason())));
  }

  @Override
  public void getAssignment(GetAssignmentRequest r, StreamObserver<Assignment> out) {
    reply(out, assignment(assignments.get(caller(), Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void listAssignments(
      ListAssignmentsRequest r, StreamObserver<ListAssignmentsResponse> out) {
    Set<AssignmentStatus> statuses = EnumSet.noneOf(AssignmentStatus.class);
    for (io.eventkit.proto.v1.AssignmentStatus s : r.getStatusesList()) {
      statuses.add(AssignmentStatus.valueOf(s.name().substring("ASSIGNMENT_STATUS_".length())));
    }
    PageSpec.Page<CrewModel.Assignment> p =
        assignments.list(
            caller(),
            new Assignments.ListQuery(
                optionalId(r.getEventId(), "event_id"),
                optionalId(r.getCrewMemberId(), "crew_member_id"),
                r.hasWindow() ? interval(r.getWindow(), "window") : null,
                statuses,
                r.getMine(),
                page(r.getPage(), 2)));
    ListAssignmentsResponse.Builder b =
        ListAssignmentsResponse.newBuilder()
            .setPage(PageResponse.newBuilder().setNextPageToken(p.nextToken()));
    p.items().forEach(a -> b.addAssignments(assignment(a)));
    reply(out, b.build());
  }

  // ---- timesheets ----

  @Override
  public void recordTimesheet(RecordTimesheetRequest r, StreamObserver<Timesheet> out) {
    List<CrewModel.Entry> entries = new ArrayList<>();
    for (int i = 0; i < r.getEntriesCount(); i++) {
      TimesheetEntry e = r.getEntries(i);
      entries.add(
          new CrewModel.Entry(
              interval(e.getWorked(), "entries[" + i + "].worked"), e.getBreakMinutes()));
    }
    reply(
        out,
        timesheet(
            timesheets.record(
                caller(),
                Ids.parse(r.getAssignmentId(), "assignment_id"),
                entries,
                r.getNotes(),
                r.getSubmit())));
  }

  @Override
  public void submitTimesheet(SubmitTimesheetRequest r, StreamObserver<Timesheet> out) {
    reply(out, timesheet(timesheets.submit(caller(), Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void reviewTimesheet(ReviewTimesheetRequest r, StreamObserver<Timesheet> out) {
    reply(
        out,
        timesheet(
            timesheets.review(
                caller(), Ids.parse(r.getId(), "id"), r.getApprove(), r.getReason())));
  }

  @Override
  public void getTimesheet(GetTimesheetRequest r, StreamObserver<Timesheet> out) {
    reply(out, timesheet(timesheets.get(caller(), Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void listTimesheets(ListTimesheetsRequest r, StreamObserver<ListTimesheetsResponse> out) {
    Set<CrewModel.TimesheetStatus> statuses = EnumSet.noneOf(CrewModel.TimesheetStatus.class);
    for (TimesheetStatus s : r.getStatusesList()) {
      statuses.add(
          CrewModel.TimesheetStatus.valueOf(s.name().substring("TIMESHEET_STATUS_".length())));
    }
    PageSpec.Page<CrewModel.Timesheet> p =
        timesheets.list(
            caller(),
            new Timesheets.ListQuery(
                optionalId(r.getCrewMemberId(), "crew_member_id"),
                optionalId(r.getEventId(), "event_id"),
                statuses,
                r.hasWindow() ? interval(r.getWindow(), "window") : null,
                r.getMine(),
                page(r.getPage(), 2)));
    ListTimesheetsResponse.Builder b =
        ListTimesheetsResponse.newBuilder()
            .setPage(PageResponse.newBuilder().setNextPageToken(p.nextToken()));
    p.items().forEach(t -> b.addTimesheets(timesheet(t)));
    reply(out, b.build());
  }

  @Override
  public void exportPayroll(ExportPayrollRequest r, StreamObserver<ExportPayrollResponse> out) {
    CrewModel.Payroll p = timesheets.payroll(interval(r.getPeriod(), "period"));
    ExportPayrollResponse.Builder b =
        ExportPayrollResponse.newBuilder()
            .setFileName(p.fileName())
            .setCsv(com.google.protobuf.ByteString.copyFromUtf8(p.csv()));
    for (CrewModel.PayrollTotal t : p.totals()) {
      b.addTotals(
          PayrollTotal.newBuilder()
              .setCrewMemberId(t.crewMemberId().toString())
              .setCrewMemberName(t.crewMemberName())
              .setEmployment(EmploymentKind.valueOf("EMPLOYMENT_KIND_" + t.employment().name()))
              .setTimesheets(t.timesheets())
              .setTotalMinutes(t.totalMinutes())
              .setAmount(money(t.amount())));
    }
    reply(out, b.build());
  }

  // ---- policy ----

  @Override
  public void getCrewPolicy(GetCrewPolicyRequest r, StreamObserver<CrewPolicy> out) {
    reply(out, policy(crew.policy()));
  }

  @Override
  public void setCrewPolicy(CrewPolicy r, StreamObserver<CrewPolicy> out) {
    CrewModel.Policy d = CrewModel.Policy.DEFAULT;
    reply(
        out,
        policy(
            crew.setPolicy(
                new CrewModel.Policy(
                    r.getMinRestMinutes(),
                    severity(r.getDoubleBooked(), d.doubleBooked()),
                    severity(r.getMissingSkill(), d.missingSkill()),
                    severity(r.getQualificationExpired(), d.qualificationExpired()),
                    severity(r.getInsufficientRest(), d.insufficientRest()),
                    severity(r.getUnavailable(), d.unavailable())))));
  }

  // ---- calendar feed ----

  @Override
  public void getCalendarFeed(GetCalendarFeedRequest r, StreamObserver<CalendarFeed> out) {
    reply(out, feed(crew.feed(caller(), optionalId(r.getCrewMemberId(), "crew_member_id"))));
  }

  @Override
  public void resetCalendarFeed(ResetCalendarFeedRequest r, StreamObserver<CalendarFeed> out) {
    reply(out, feed(crew.resetFeed(caller(), optionalId(r.getCrewMemberId(), "crew_member_id"))));
  }

  @Override
  public void revokeCalendarFeed(RevokeCalendarFeedRequest r, StreamObserver<CalendarFeed> out) {
    reply(out, feed(crew.revokeFeed(caller(), optionalId(r.getCrewMemberId(), "crew_member_id"))));
  }
}
