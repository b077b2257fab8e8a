package io.eventkit.cli;

import static io.eventkit.cli.TrustCommandsTest.ts;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventkit.proto.v1.AddUnavailabilityRequest;
import io.eventkit.proto.v1.Assignment;
import io.eventkit.proto.v1.AssignmentStatus;
import io.eventkit.proto.v1.AvailabilityRow;
import io.eventkit.proto.v1.BusyBlock;
import io.eventkit.proto.v1.BusyKind;
import io.eventkit.proto.v1.CalendarFeed;
import io.eventkit.proto.v1.CheckAssignmentResponse;
import io.eventkit.proto.v1.ConflictSeverity;
import io.eventkit.proto.v1.CreateCrewMemberRequest;
import io.eventkit.proto.v1.CrewConflict;
import io.eventkit.proto.v1.CrewConflictKind;
import io.eventkit.proto.v1.CrewMember;
import io.eventkit.proto.v1.CrewPolicy;
import io.eventkit.proto.v1.EmploymentKind;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.ExportPayrollRequest;
import io.eventkit.proto.v1.ExportPayrollResponse;
import io.eventkit.proto.v1.GetAvailabilityGridResponse;
import io.eventkit.proto.v1.GetEventResponse;
import io.eventkit.proto.v1.ListAssignmentsRequest;
import io.eventkit.proto.v1.ListAssignmentsResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.OfferAssignmentRequest;
import io.eventkit.proto.v1.OfferAssignmentResponse;
import io.eventkit.proto.v1.PayrollTotal;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Qualification;
import io.eventkit.proto.v1.RateUnit;
import io.eventkit.proto.v1.RecordTimesheetRequest;
import io.eventkit.proto.v1.RespondToAssignmentRequest;
import io.eventkit.proto.v1.ReviewTimesheetRequest;
import io.eventkit.proto.v1.Timesheet;
import io.eventkit.proto.v1.TimesheetStatus;
import io.eventkit.proto.v1.UpdateCrewMemberRequest;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code crew} commands against a scripted CrewService on a real gRPC server. */
class CrewCommandsTest {
  static final String MEMBER = "5a1c0e2b-0000-4000-8000-000000000001";
  static final String EVENT = "7c1e0b2a-1111-4e2f-9b1c-000000000001";
  static final String ASSIGNMENT = "9d0f1e2a-2222-4e2f-9b1c-000000000001";
  static final String TIMESHEET = "8b0f1e2a-3333-4e2f-9b1c-000000000001";

  private FakeCrewService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeCrewService();
    cli = new Cli(fake.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(fake.unexpected).as("calls nobody scripted").isEmpty();
      assertThat(fake.pending()).as("scripted answers never asked for").isZero();
    } finally {
      fake.close();
    }
  }

  static Money gbp(long minor) {
    return Money.newBuilder().setCurrencyCode("GBP").setMinorUnits(minor).build();
  }

  static Period period(String start, String end) {
    return Period.newBuilder().setStart(ts(start)).setEnd(ts(end)).build();
  }

  static CrewMember jo() {
    return CrewMember.newBuilder()
        .setId(MEMBER)
        .setName("Jo Bloggs")
        .setEmail("jo@example.com")
        .setEmployment(EmploymentKind.EMPLOYMENT_KIND_FREELANCER)
        .setDayRate(gbp(25000))
        .addQualifications(Qualification.newBuilder().setSkill("foh-engineer"))
        .addQualifications(
            Qualification.newBuilder().setSkill("rigging-cert").setExpiresOn("2026-01-31"))
        .build();
  }

  static Assignment assignment() {
    return Assignment.newBuilder()
        .setId(ASSIGNMENT)
        .setEventId(EVENT)
        .setEventName("Summer Gala")
        .setCrewMemberId(MEMBER)
        .setCrewMemberName("Jo Bloggs")
        .setFunction("FOH engineer")
        .setCall(period("2026-12-10T08:00:00Z", "2026-12-10T18:30:00Z"))
        .setRate(gbp(25000))
        .setRateUnit(RateUnit.RATE_UNIT_DAY)
        .setStatus(AssignmentStatus.ASSIGNMENT_STATUS_OFFERED)
        .setTimeZone("Europe/London")
        .build();
  }

  static CrewConflict conflict(CrewConflictKind kind, ConflictSeverity severity, String message) {
    return CrewConflict.newBuilder()
        .setKind(kind)
        .setSeverity(severity)
        .setMessage(message)
        .build();
  }

  // ---- members --------------------------------------------------------------------------------

  @Test
  void membersCreateMapsSkillsQualificationsAndRates() {
    fake.expect("CreateCrewMember", jo());
    Cli.Result r =
        cli.run(
            "crew",
            "members",
            "create",
            "Jo Bloggs",
            "--employment",
            "freelancer",
            "--email",
            "jo@example.com",
            "--day-rate",
            "250.00 GBP",
            "--hour-rate",
            "32.50GBP",
            "--skill",
            "foh-engineer",
            "--qualification",
            "rigging-cert:2027-03-31:RC-1234");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo(MEMBER);
    CreateCrewMemberRequest q = fake.only("CreateCrewMember");
    assertThat(q.getMember().getName()).isEqualTo("Jo Bloggs");
    assertThat(q.getMember().getEmployment()).isEqualTo(EmploymentKind.EMPLOYMENT_KIND_FREELANCER);
    assertThat(q.getMember().getDayRate()).isEqualTo(gbp(25000));
    assertThat(q.getMember().getHourRate()).isEqualTo(gbp(3250));
    assertThat(q.getMember().getQualificationsList())
        .containsExactly(
            Qualification.newBuilder().setSkill("foh-engineer").build(),
            Qualification.newBuilder()
                .setSkill("rigging-cert")
                .setExpiresOn("2027-03-31")
                .setReference("RC-1234")
                .build());
  }

  @Test
  void membersCreateRefusesBadInputBeforeCallingTheNode() {
    Cli.Result date =
        cli.run(
            "crew",
            "members",
            "create",
            "Jo",
            "--employment",
            "employee",
            "--qualification",
            "rigging-cert:2027-02-30");
    assertThat(date.exitCode()).isEqualTo(2);
    assertThat(date.err()).contains("--qualification").contains("is not a date");
    Cli.Result money =
        cli.run("crew", "members", "create", "Jo", "--employment", "employee", "--day-rate", "250");
    assertThat(money.exitCode()).isEqualTo(2);
    assertThat(money.err()).contains("--day-rate").contains("250.00GBP");
    Cli.Result kind = cli.run("crew", "members", "create", "Jo", "--employment", "contractor");
    assertThat(kind.exitCode()).isEqualTo(2);
    assertThat(kind.err()).contains("--employment must be employee or freelancer");
    Cli.Result skill =
        cli.run("crew", "members", "create", "Jo", "--employment", "employee", "--skill", "FOH!");
    assertThat(skill.exitCode()).isEqualTo(2);
    assertThat(skill.err()).contains("is not a skill");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void membersUpdateKeepsWhatIsNotGivenAndShowMarksExpiredQualifications() {
    fake.expect("GetCrewMember", jo());
    fake.expect("UpdateCrewMember", jo());
    Cli.Result r = cli.run("crew", "members", "update", MEMBER, "--hour-rate", "30.00GBP");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    UpdateCrewMemberRequest q = fake.<UpdateCrewMemberRequest>requests("UpdateCrewMember").get(0);
    assertThat(q.getId()).isEqualTo(MEMBER);
    assertThat(q.getMember().getEmail()).isEqualTo("jo@example.com");
    assertThat(q.getMember().getHourRate()).isEqualTo(gbp(3000));
    assertThat(q.getMember().getQualificationsCount()).isEqualTo(2);
    // Today is 2026-11-24 (Cli.NOW): the rigging certificate ran out in January.
    assertThat(r.out()).contains("rigging-cert until 2026-01-31 EXPIRED").contains("250.00 GBP");
  }

  @Test
  void aServerErrorIsShownWithItsMessage() {
    fake.expect("GetCrewMember", Status.NOT_FOUND.withDescription("crew member not found"));
    Cli.Result r = cli.run("crew", "members", "show", MEMBER);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("crew member not found");
  }

  // ---- availability ---------------------------------------------------------------------------

  @Test
  void unavailableAddSendsWholeDaysInTheZone() {
    fake.expect(
        "AddUnavailability",
        io.eventkit.proto.v1.Unavailability.newBuilder()
            .setId("u1")
            .setPeriod(period("2026-12-24T00:00:00Z", "2026-12-27T00:00:00Z"))
            .build());
    Cli.Result r =
        cli.run(
            "crew",
            "unavailable",
            "add",
            "--from",
            "2026-12-24",
            "--to",
            "2026-12-26",
            "--reason",
            "Holiday");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    AddUnavailabilityRequest q = fake.only("AddUnavailability");
    assertThat(q.getCrewMemberId()).isEmpty();
    assertThat(q.getPeriod()).isEqualTo(period("2026-12-24T00:00:00Z", "2026-12-27T00:00:00Z"));
    assertThat(r.out()).contains("(3d)").contains("u1");

    Cli.Result bad = cli.run("crew", "unavailable", "add", "--from", "24/12", "--to", "2026-12-26");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--from").contains("is not a date and time");
  }

  @Test
  void gridShowsMembersByDaysWithMarkers() {
    fake.expect(
        "GetAvailabilityGrid",
        GetAvailabilityGridResponse.newBuilder()
            .addRows(
                AvailabilityRow.newBuilder()
                    .setMember(jo())
                    .addBusy(
                        BusyBlock.newBuilder()
                            .setKind(BusyKind.BUSY_KIND_ASSIGNMENT_ACCEPTED)
                            .setPeriod(period("2026-12-02T08:00:00Z", "2026-12-02T20:00:00Z")))
                    .addBusy(
                        BusyBlock.newBuilder()
                            .setKind(BusyKind.BUSY_KIND_UNAVAILABLE)
                            .setPeriod(period("2026-12-03T00:00:00Z", "2026-12-04T00:00:00Z"))))
            .addRows(
                AvailabilityRow.newBuilder()
                    .setMember(CrewMember.newBuilder().setId("m2").setName("Sam"))
                    .addBusy(
                        BusyBlock.newBuilder()
                            .setKind(BusyKind.BUSY_KIND_ASSIGNMENT_OFFERED)
                            .setPeriod(period("2026-12-01T08:00:00Z", "2026-12-01T20:00:00Z")))
                    .addBusy(
                        BusyBlock.newBuilder()
                            .setKind(BusyKind.BUSY_KIND_UNAVAILABLE)
                            .setPeriod(period("2026-12-01T18:00:00Z", "2026-12-02T06:00:00Z"))))
            .build());
    Cli.Result r =
        cli.run(
            "crew",
            "grid",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-04",
            "--skill",
            "foh-engineer");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("MEMBER     12-01  02  03  04")
        .contains("Jo Bloggs  .      A   x   .")
        .contains("Sam        !      x   .   .")
        .contains("A accepted assignment");
    var q = fake.<io.eventkit.proto.v1.GetAvailabilityGridRequest>only("GetAvailabilityGrid");
    assertThat(q.getSkill()).isEqualTo("foh-engineer");
    assertThat(q.getWindow()).isEqualTo(period("2026-12-01T00:00:00Z", "2026-12-05T00:00:00Z"));
  }

  // ---- assignments ----------------------------------------------------------------------------

  @Test
  void assignReadsLocalCallTimesInTheEventsZone() {
    fake.expect(
        "GetEvent",
        GetEventResponse.newBuilder()
            .setEvent(Event.newBuilder().setId(EVENT).setTimeZone("Europe/Berlin"))
            .build());
    fake.expect(
        "OfferAssignment",
        OfferAssignmentResponse.newBuilder().setAssignment(assignment()).build());
    Cli.Result r =
        cli.run(
            "crew",
            "assign",
            "--event",
            EVENT,
            "--member",
            MEMBER,
            "--function",
            "FOH engineer",
            "--call",
            "2026-12-10T09:00/2026-12-10T19:30",
            "--rate",
            "250.00GBP",
            "--unit",
            "day",
            "--require",
            "foh-engineer");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("offered: " + ASSIGNMENT).contains("OFFERED");
    OfferAssignmentRequest q = fake.<OfferAssignmentRequest>requests("OfferAssignment").get(0);
    assertThat(q.getAssignment().getCall())
        .isEqualTo(period("2026-12-10T08:00:00Z", "2026-12-10T18:30:00Z"));
    assertThat(q.getAssignment().getRate()).isEqualTo(gbp(25000));
    assertThat(q.getAssignment().getRateUnit()).isEqualTo(RateUnit.RATE_UNIT_DAY);
    assertThat(q.getAssignment().getRequiredSkillsList()).containsExactly("foh-engineer");
    assertThat(q.getOverrideReason()).isEmpty();
  }

  @Test
  void assignStoppedByWarningsListsThemAndExitsOne() {
    fake.expect(
        "OfferAssignment",
        OfferAssignmentResponse.newBuilder()
            .addConflicts(
                conflict(
                    CrewConflictKind.CREW_CONFLICT_KIND_INSUFFICIENT_REST,
                    ConflictSeverity.CONFLICT_SEVERITY_WARNING,
                    "Only 9h rest after Winter Ball"))
            .build());
    Cli.Result r =
        cli.run(
            "crew",
            "assign",
            "--event",
            EVENT,
            "--member",
            MEMBER,
            "--function",
            "FOH",
            "--call",
            "2026-12-10T08:00Z/2026-12-10T18:30Z");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("warning").contains("insufficient-rest").contains("Only 9h rest");
    assertThat(r.err()).contains("not offered").contains("--override-reason");

    fake.expect(
        "OfferAssignment",
        OfferAssignmentResponse.newBuilder()
            .setAssignment(assignment())
            .addConflicts(
                conflict(
                    CrewConflictKind.CREW_CONFLICT_KIND_INSUFFICIENT_REST,
                    ConflictSeverity.CONFLICT_SEVERITY_WARNING,
                    "Only 9h rest after Winter Ball"))
            .build());
    Cli.Result ok =
        cli.run(
            "crew",
            "assign",
            "--event",
            EVENT,
            "--member",
            MEMBER,
            "--function",
            "FOH",
            "--call",
            "2026-12-10T08:00Z/2026-12-10T18:30Z",
            "--override-reason",
            "agreed with Jo");
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("overridden warnings").contains("Only 9h rest");
    assertThat(fake.<OfferAssignmentRequest>requests("OfferAssignment").get(1).getOverrideReason())
        .isEqualTo("agreed with Jo");
  }

  @Test
  void assignRefusedListsTheConflictsAndExitsOne() {
    fake.expect(
        "OfferAssignment",
        Status.FAILED_PRECONDITION.withDescription("Jo Bloggs is already on Winter Ball"));
    fake.expect(
        "CheckAssignment",
        CheckAssignmentResponse.newBuilder()
            .addConflicts(
                conflict(
                    CrewConflictKind.CREW_CONFLICT_KIND_DOUBLE_BOOKED,
                    ConflictSeverity.CONFLICT_SEVERITY_REFUSAL,
                    "Already on Winter Ball (FOH engineer) 14:00–23:00"))
            .build());
    Cli.Result r =
        cli.run(
            "crew",
            "assign",
            "--event",
            EVENT,
            "--member",
            MEMBER,
            "--function",
            "FOH",
            "--call",
            "2026-12-10T08:00Z/2026-12-10T18:30Z",
            "--override-reason",
            "please");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("REFUSAL").contains("double-booked").contains("Winter Ball");
    assertThat(r.err()).contains("Jo Bloggs is already on Winter Ball");
  }

  @Test
  void assignRefusesMissingOptionsAndBadCallTimes() {
    Cli.Result missing = cli.run("crew", "assign", "--event", EVENT);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("missing --member, --function, --call");
    Cli.Result order =
        cli.run(
            "crew",
            "assign",
            "--event",
            EVENT,
            "--member",
            MEMBER,
            "--function",
            "FOH",
            "--call",
            "2026-12-10T18:00Z/2026-12-10T08:00Z");
    assertThat(order.exitCode()).isEqualTo(2);
    assertThat(order.err()).contains("--call").contains("must be after the start");
    Cli.Result unit =
        cli.run(
            "crew",
            "assign",
            "--event",
            EVENT,
            "--member",
            MEMBER,
            "--function",
            "FOH",
            "--call",
            "2026-12-10T08:00Z/2026-12-10T18:00Z",
            "--unit",
            "week");
    assertThat(unit.exitCode()).isEqualTo(2);
    assertThat(unit.err()).contains("--unit must be day, hour or fixed");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void acceptAndDeclineAnswerTheOffer() {
    fake.expect(
        "RespondToAssignment",
        assignment().toBuilder().setStatus(AssignmentStatus.ASSIGNMENT_STATUS_ACCEPTED).build());
    Cli.Result r = cli.run("crew", "accept", ASSIGNMENT);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    // Shown in the event's zone: 08:00Z is 08:00 in London in December.
    assertThat(r.out()).contains("ACCEPTED").contains("2026-12-10T08:00Z → 18:30Z (10h 30m)");
    fake.expect(
        "RespondToAssignment",
        assignment().toBuilder().setStatus(AssignmentStatus.ASSIGNMENT_STATUS_DECLINED).build());
    Cli.Result d = cli.run("crew", "decline", ASSIGNMENT, "--reason", "on holiday");
    assertThat(d.exitCode()).as(d.toString()).isZero();
    assertThat(d.out()).contains("DECLINED");
    var requests = fake.<RespondToAssignmentRequest>requests("RespondToAssignment");
    assertThat(requests.get(0).getAccept()).isTrue();
    assertThat(requests.get(1).getAccept()).isFalse();
    assertThat(requests.get(1).getReason()).isEqualTo("on holiday");
  }

  @Test
  void assignmentsListFiltersAndPrintsJson() throws Exception {
    fake.expect(
        "ListAssignments",
        ListAssignmentsResponse.newBuilder().addAssignments(assignment()).build());
    Cli.Result r =
        cli.run(
            "-o",
            "json",
            "crew",
            "assignments",
            "list",
            "--mine",
            "--status",
            "offered",
            "--status",
            "accepted");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    ListAssignmentsResponse back =
        TrustCommandsTest.parseJson(r.out(), ListAssignmentsResponse.getDefaultInstance());
    assertThat(back.getAssignments(0).getId()).isEqualTo(ASSIGNMENT);
    ListAssignmentsRequest q = fake.only("ListAssignments");
    assertThat(q.getMine()).isTrue();
    assertThat(q.getStatusesList())
        .containsExactly(
            AssignmentStatus.ASSIGNMENT_STATUS_OFFERED,
            AssignmentStatus.ASSIGNMENT_STATUS_ACCEPTED);

    Cli.Result bad = cli.run("crew", "assignments", "list", "--status", "maybe");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--status must be offered, accepted, declined or cancelled");
  }

  // ---- timesheets -----------------------------------------------------------------------------

  static Timesheet timesheet(TimesheetStatus status) {
    return Timesheet.newBuilder()
        .setId(TIMESHEET)
        .setAssignmentId(ASSIGNMENT)
        .setCrewMemberName("Jo Bloggs")
        .setStatus(status)
        .setTotalMinutes(600)
        .setAmount(gbp(25000))
        .build();
  }

  @Test
  void timesheetsRecordReadsLocalTimesInTheAssignmentsZone() {
    fake.expect("GetAssignment", assignment().toBuilder().setTimeZone("Europe/Berlin").build());
    fake.expect("RecordTimesheet", timesheet(TimesheetStatus.TIMESHEET_STATUS_SUBMITTED));
    Cli.Result r =
        cli.run(
            "crew",
            "timesheets",
            "record",
            ASSIGNMENT,
            "--entry",
            "2026-12-10T09:00/2026-12-10T19:30/30",
            "--entry",
            "2026-12-11T08:00Z/2026-12-11T10:00Z",
            "--submit");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("SUBMITTED").contains("10h").contains("250.00 GBP");
    RecordTimesheetRequest q = fake.<RecordTimesheetRequest>requests("RecordTimesheet").get(0);
    assertThat(q.getSubmit()).isTrue();
    assertThat(q.getEntries(0).getWorked())
        .isEqualTo(period("2026-12-10T08:00:00Z", "2026-12-10T18:30:00Z"));
    assertThat(q.getEntries(0).getBreakMinutes()).isEqualTo(30);
    assertThat(q.getEntries(1).getWorked())
        .isEqualTo(period("2026-12-11T08:00:00Z", "2026-12-11T10:00:00Z"));
  }

  @Test
  void timesheetsRefuseBadEntriesAndRejectNeedsAReason() {
    Cli.Result entry =
        cli.run("crew", "timesheets", "record", ASSIGNMENT, "--entry", "2026-12-10T08:00Z");
    assertThat(entry.exitCode()).isEqualTo(2);
    assertThat(entry.err()).contains("--entry").contains("START/END[/BREAK]");
    Cli.Result brk =
        cli.run(
            "crew",
            "timesheets",
            "record",
            ASSIGNMENT,
            "--entry",
            "2026-12-10T08:00Z/2026-12-10T18:00Z/lunch");
    assertThat(brk.exitCode()).isEqualTo(2);
    assertThat(brk.err()).contains("is not a break");
    Cli.Result reject = cli.run("crew", "timesheets", "reject", TIMESHEET);
    assertThat(reject.exitCode()).isEqualTo(2);
    assertThat(reject.err()).contains("--reason");
    assertThat(fake.calls).isEmpty();

    fake.expect("ReviewTimesheet", timesheet(TimesheetStatus.TIMESHEET_STATUS_APPROVED));
    Cli.Result ok = cli.run("crew", "timesheets", "approve", TIMESHEET);
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("APPROVED");
    assertThat(fake.<ReviewTimesheetRequest>only("ReviewTimesheet").getApprove()).isTrue();
  }

  @Test
  void payrollWritesTheCsvAndPrintsTotals(@TempDir Path dir) throws Exception {
    String csv = "member,minutes,amount\nJo Bloggs,600,250.00\n";
    fake.expect(
        "ExportPayroll",
        ExportPayrollResponse.newBuilder()
            .setFileName("payroll-2026-11-01-2026-12-01.csv")
            .setCsv(ByteString.copyFrom(csv, StandardCharsets.UTF_8))
            .addTotals(
                PayrollTotal.newBuilder()
                    .setCrewMemberName("Jo Bloggs")
                    .setEmployment(EmploymentKind.EMPLOYMENT_KIND_FREELANCER)
                    .setTimesheets(1)
                    .setTotalMinutes(630)
                    .setAmount(gbp(25000)))
            .build());
    Path out = dir.resolve("payroll.csv");
    Cli.Result r =
        cli.run(
            "crew",
            "payroll",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--out",
            out.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.readString(out)).isEqualTo(csv);
    assertThat(r.out()).contains("Jo Bloggs").contains("10h 30m").contains("250.00 GBP");
    ExportPayrollRequest q = fake.only("ExportPayroll");
    assertThat(q.getPeriod()).isEqualTo(period("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"));
  }

  // ---- policy and calendar --------------------------------------------------------------------

  @Test
  void policySetChangesOnlyWhatIsGiven() {
    CrewPolicy current =
        CrewPolicy.newBuilder()
            .setMinRestMinutes(660)
            .setDoubleBooked(ConflictSeverity.CONFLICT_SEVERITY_REFUSAL)
            .setMissingSkill(ConflictSeverity.CONFLICT_SEVERITY_WARNING)
            .build();
    fake.expect("GetCrewPolicy", current);
    fake.expect("SetCrewPolicy", current.toBuilder().setMinRestMinutes(600).build());
    Cli.Result r =
        cli.run("crew", "policy", "set", "--min-rest", "10h", "--missing-skill", "refusal");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    CrewPolicy sent = fake.<CrewPolicy>requests("SetCrewPolicy").get(0);
    assertThat(sent.getMinRestMinutes()).isEqualTo(600);
    assertThat(sent.getMissingSkill()).isEqualTo(ConflictSeverity.CONFLICT_SEVERITY_REFUSAL);
    assertThat(sent.getDoubleBooked()).isEqualTo(ConflictSeverity.CONFLICT_SEVERITY_REFUSAL);
    assertThat(r.out()).contains("minimum rest").contains("10h");

    Cli.Result bad = cli.run("crew", "policy", "set", "--unavailable", "never");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--unavailable must be warning or refusal");
  }

  @Test
  void calendarResetPrintsTheUrlOnce() {
    fake.expect(
        "ResetCalendarFeed",
        CalendarFeed.newBuilder()
            .setCrewMemberId(MEMBER)
            .setActive(true)
            .setUrl("https://node.example/calendar/crew/s3cret.ics")
            .build());
    Cli.Result r = cli.run("crew", "calendar", "reset");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo("https://node.example/calendar/crew/s3cret.ics");
    assertThat(r.err()).contains("shown only now");
  }

  @Test
  void unavailableListShowsOneMembersBlocksAndDays() {
    fake.expect("GetCrewMember", jo());
    fake.expect(
        "GetAvailabilityGrid",
        GetAvailabilityGridResponse.newBuilder()
            .addRows(
                AvailabilityRow.newBuilder()
                    .setMember(CrewMember.newBuilder().setId("other").setName("Jo Bloggs-Smith")))
            .addRows(
                AvailabilityRow.newBuilder()
                    .setMember(jo())
                    .addBusy(
                        BusyBlock.newBuilder()
                            .setKind(BusyKind.BUSY_KIND_UNAVAILABLE)
                            .setId("u1")
                            .setLabel("Holiday")
                            .setPeriod(period("2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z"))))
            .build());
    Cli.Result r =
        cli.run(
            "crew",
            "unavailable",
            "list",
            "--member",
            MEMBER,
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-03");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("unavailable  2026-12-02T00:00Z → 2026-12-03T00:00Z (1d)  Holiday  u1")
        .contains("Jo Bloggs  .      x   .")
        .doesNotContain("Bloggs-Smith");
    var q = fake.<io.eventkit.proto.v1.GetAvailabilityGridRequest>requests("GetAvailabilityGrid");
    assertThat(q.get(0).getQuery()).isEqualTo("jo@example.com");
  }

  @Test
  void membersArchiveKeepsTheProfile() {
    fake.expect("GetCrewMember", jo());
    fake.expect("UpdateCrewMember", jo().toBuilder().setArchived(true).build());
    Cli.Result r = cli.run("crew", "members", "archive", MEMBER);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Jo Bloggs: archived");
    UpdateCrewMemberRequest q = fake.<UpdateCrewMemberRequest>requests("UpdateCrewMember").get(0);
    assertThat(q.getMember().getArchived()).isTrue();
    assertThat(q.getMember().getQualificationsCount()).isEqualTo(2);
  }
}
