package io.eventkit.node.crew;

import static io.eventkit.node.crew.CrewFixture.api;
import static io.eventkit.node.crew.CrewFixture.as;
import static io.eventkit.node.crew.CrewFixture.code;
import static io.eventkit.node.crew.CrewFixture.event;
import static io.eventkit.node.crew.CrewFixture.fields;
import static io.eventkit.node.crew.CrewFixture.gbp;
import static io.eventkit.node.crew.CrewFixture.job;
import static io.eventkit.node.crew.CrewFixture.period;
import static io.eventkit.node.crew.CrewFixture.u;
import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.roleToken;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.proto.v1.AddUnavailabilityRequest;
import io.eventkit.proto.v1.Assignment;
import io.eventkit.proto.v1.CalendarFeed;
import io.eventkit.proto.v1.CancelAssignmentRequest;
import io.eventkit.proto.v1.CheckAssignmentRequest;
import io.eventkit.proto.v1.CreateCrewMemberRequest;
import io.eventkit.proto.v1.CrewMember;
import io.eventkit.proto.v1.CrewPolicy;
import io.eventkit.proto.v1.CrewServiceGrpc;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.ExportPayrollRequest;
import io.eventkit.proto.v1.ExportPayrollResponse;
import io.eventkit.proto.v1.GetAssignmentRequest;
import io.eventkit.proto.v1.GetAvailabilityGridRequest;
import io.eventkit.proto.v1.GetCalendarFeedRequest;
import io.eventkit.proto.v1.GetCrewMemberRequest;
import io.eventkit.proto.v1.GetCrewPolicyRequest;
import io.eventkit.proto.v1.GetMyCrewMemberRequest;
import io.eventkit.proto.v1.GetTimesheetRequest;
import io.eventkit.proto.v1.ListAssignmentsRequest;
import io.eventkit.proto.v1.ListCrewMembersRequest;
import io.eventkit.proto.v1.ListTimesheetsRequest;
import io.eventkit.proto.v1.OfferAssignmentRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.RateUnit;
import io.eventkit.proto.v1.RecordTimesheetRequest;
import io.eventkit.proto.v1.RemoveUnavailabilityRequest;
import io.eventkit.proto.v1.ResetCalendarFeedRequest;
import io.eventkit.proto.v1.RespondToAssignmentRequest;
import io.eventkit.proto.v1.ReviewTimesheetRequest;
import io.eventkit.proto.v1.RevokeCalendarFeedRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.SubmitTimesheetRequest;
import io.eventkit.proto.v1.Timesheet;
import io.eventkit.proto.v1.TimesheetEntry;
import io.eventkit.proto.v1.TimesheetStatus;
import io.eventkit.proto.v1.Unavailability;
import io.eventkit.proto.v1.UpdateAssignmentRequest;
import io.eventkit.proto.v1.UpdateCrewMemberRequest;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The Crew role's self-service and the record-level rule, timesheets and payroll, and the calendar
 * feed, over the real API.
 */
class CrewSelfServiceTest {

  /** A Crew user linked to a new crew member. */
  record Person(CrewFixture.LoggedIn login, CrewMember member) {
    CrewServiceGrpc.CrewServiceBlockingStub api() {
      return as(login.token());
    }
  }

  private static Person person(String name) {
    CrewFixture.LoggedIn login = CrewFixture.user(Role.ROLE_CREW);
    CrewMember m =
        api()
            .createCrewMember(
                CreateCrewMemberRequest.newBuilder()
                    .setMember(fields(name + " " + u()).setUserId(login.user().getId()))
                    .build());
    return new Person(login, m);
  }

  private static Assignment offered(Event e, CrewMember m, Period call) {
    return api()
        .offerAssignment(OfferAssignmentRequest.newBuilder().setAssignment(job(e, m, call)).build())
        .getAssignment();
  }

  private static Assignment accept(Person p, Assignment a) {
    return p.api()
        .respondToAssignment(
            RespondToAssignmentRequest.newBuilder().setId(a.getId()).setAccept(true).build());
  }

  private static TimesheetEntry entry(String start, String end, int breakMinutes) {
    return TimesheetEntry.newBuilder()
        .setWorked(period(start, end))
        .setBreakMinutes(breakMinutes)
        .build();
  }

  @Test
  void aCrewUserReachesNoOtherMembersRecordsByAnyCrewRpc() {
    Person a = person("Ann");
    Person b = person("Bob");
    Event e =
        event("Crew rule " + u(), "Arena", period("2032-03-01T00:00:00Z", "2032-03-05T00:00:00Z"));
    Assignment mine =
        accept(a, offered(e, a.member(), period("2032-03-01T08:00:00Z", "2032-03-01T18:00:00Z")));
    Assignment theirs =
        accept(b, offered(e, b.member(), period("2032-03-01T08:00:00Z", "2032-03-01T18:00:00Z")));
    Timesheet theirSheet =
        b.api()
            .recordTimesheet(
                RecordTimesheetRequest.newBuilder()
                    .setAssignmentId(theirs.getId())
                    .addEntries(entry("2032-03-01T08:00:00Z", "2032-03-01T18:00:00Z", 30))
                    .build());
    Unavailability theirDay =
        b.api()
            .addUnavailability(
                AddUnavailabilityRequest.newBuilder()
                    .setPeriod(period("2032-03-10T00:00:00Z", "2032-03-11T00:00:00Z"))
                    .build());
    assertThat(theirDay.getCrewMemberId()).isEqualTo(b.member().getId());
    b.api().resetCalendarFeed(ResetCalendarFeedRequest.getDefaultInstance());

    String bid = b.member().getId();
    CrewServiceGrpc.CrewServiceBlockingStub as = a.api();
    Map<String, Supplier<Status.Code>> probes = new HashMap<>();
    probes.put(
        "CreateCrewMember",
        () ->
            code(
                () ->
                    as.createCrewMember(
                        CreateCrewMemberRequest.newBuilder().setMember(fields("X")).build())));
    probes.put(
        "UpdateCrewMember",
        () ->
            code(
                () ->
                    as.updateCrewMember(
                        UpdateCrewMemberRequest.newBuilder()
                            .setId(bid)
                            .setMember(fields("X"))
                            .build())));
    probes.put(
        "GetCrewMember",
        () -> code(() -> as.getCrewMember(GetCrewMemberRequest.newBuilder().setId(bid).build())));
    probes.put(
        "ListCrewMembers",
        () -> {
          assertThat(
                  as.listCrewMembers(ListCrewMembersRequest.getDefaultInstance()).getMembersList())
              .extracting(CrewMember::getId)
              .containsExactly(a.member().getId());
          return Status.Code.OK;
        });
    probes.put(
        "GetMyCrewMember",
        () -> {
          assertThat(as.getMyCrewMember(GetMyCrewMemberRequest.getDefaultInstance()).getId())
              .isEqualTo(a.member().getId());
          return Status.Code.OK;
        });
    probes.put(
        "AddUnavailability",
        () ->
            code(
                () ->
                    as.addUnavailability(
                        AddUnavailabilityRequest.newBuilder()
                            .setCrewMemberId(bid)
                            .setPeriod(period("2032-04-01T00:00:00Z", "2032-04-02T00:00:00Z"))
                            .build())));
    probes.put(
        "RemoveUnavailability",
        () ->
            code(
                () ->
                    as.removeUnavailability(
                        RemoveUnavailabilityRequest.newBuilder().setId(theirDay.getId()).build())));
    probes.put(
        "GetAvailabilityGrid",
        () -> {
          assertThat(
                  as.getAvailabilityGrid(
                          GetAvailabilityGridRequest.newBuilder()
                              .setWindow(period("2032-03-01T00:00:00Z", "2032-03-20T00:00:00Z"))
                              .build())
                      .getRowsList())
              .extracting(r -> r.getMember().getId())
              .containsExactly(a.member().getId());
          return Status.Code.OK;
        });
    probes.put(
        "CheckAssignment",
        () ->
            code(
                () ->
                    as.checkAssignment(
                        CheckAssignmentRequest.newBuilder()
                            .setAssignment(
                                job(
                                    e,
                                    b.member(),
                                    period("2032-03-02T08:00:00Z", "2032-03-02T10:00:00Z")))
                            .build())));
    probes.put(
        "OfferAssignment",
        () ->
            code(
                () ->
                    as.offerAssignment(
                        OfferAssignmentRequest.newBuilder()
                            .setAssignment(
                                job(
                                    e,
                                    b.member(),
                                    period("2032-03-02T08:00:00Z", "2032-03-02T10:00:00Z")))
                            .build())));
    probes.put(
        "UpdateAssignment",
        () ->
            code(
                () ->
                    as.updateAssignment(
                        UpdateAssignmentRequest.newBuilder()
                            .setId(theirs.getId())
                            .setAssignment(
                                job(
                                    e,
                                    b.member(),
                                    period("2032-03-02T08:00:00Z", "2032-03-02T10:00:00Z")))
                            .build())));
    probes.put(
        "CancelAssignment",
        () ->
            code(
                () ->
                    as.cancelAssignment(
                        CancelAssignmentRequest.newBuilder().setId(theirs.getId()).build())));
    probes.put(
        "RespondToAssignment",
        () ->
            code(
                () ->
                    as.respondToAssignment(
                        RespondToAssignmentRequest.newBuilder()
                            .setId(theirs.getId())
                            .setAccept(false)
                            .build())));
    probes.put(
        "GetAssignment",
        () ->
            code(
                () ->
                    as.getAssignment(
                        GetAssignmentRequest.newBuilder().setId(theirs.getId()).build())));
    probes.put(
        "ListAssignments",
        () -> {
          assertThat(
                  as.listAssignments(
                          ListAssignmentsRequest.newBuilder().setCrewMemberId(bid).build())
                      .getAssignmentsCount())
              .isZero();
          assertThat(
                  as.listAssignments(
                          ListAssignmentsRequest.newBuilder().setEventId(e.getId()).build())
                      .getAssignmentsList())
              .extracting(Assignment::getId)
              .containsExactly(mine.getId());
          return Status.Code.OK;
        });
    probes.put(
        "RecordTimesheet",
        () ->
            code(
                () ->
                    as.recordTimesheet(
                        RecordTimesheetRequest.newBuilder()
                            .setAssignmentId(theirs.getId())
                            .addEntries(entry("2032-03-01T08:00:00Z", "2032-03-01T09:00:00Z", 0))
                            .build())));
    probes.put(
        "SubmitTimesheet",
        () ->
            code(
                () ->
                    as.submitTimesheet(
                        SubmitTimesheetRequest.newBuilder().setId(theirSheet.getId()).build())));
    probes.put(
        "ReviewTimesheet",
        () ->
            code(
                () ->
                    as.reviewTimesheet(
                        ReviewTimesheetRequest.newBuilder()
                            .setId(theirSheet.getId())
                            .setApprove(true)
                            .build())));
    probes.put(
        "GetTimesheet",
        () ->
            code(
                () ->
                    as.getTimesheet(
                        GetTimesheetRequest.newBuilder().setId(theirSheet.getId()).build())));
    probes.put(
        "ListTimesheets",
        () -> {
          assertThat(
                  as.listTimesheets(ListTimesheetsRequest.newBuilder().setCrewMemberId(bid).build())
                      .getTimesheetsCount())
              .isZero();
          assertThat(
                  as.listTimesheets(
                          ListTimesheetsRequest.newBuilder().setEventId(e.getId()).build())
                      .getTimesheetsCount())
              .isZero();
          return Status.Code.OK;
        });
    probes.put(
        "ExportPayroll",
        () ->
            code(
                () ->
                    as.exportPayroll(
                        ExportPayrollRequest.newBuilder()
                            .setPeriod(period("2032-03-01T00:00:00Z", "2032-04-01T00:00:00Z"))
                            .build())));
    probes.put(
        "GetCrewPolicy",
        () -> {
          assertThat(
                  as.getCrewPolicy(GetCrewPolicyRequest.getDefaultInstance()).getMinRestMinutes())
              .isPositive();
          return Status.Code.OK;
        });
    probes.put(
        "SetCrewPolicy",
        () -> code(() -> as.setCrewPolicy(CrewPolicy.newBuilder().setMinRestMinutes(1).build())));
    probes.put(
        "GetCalendarFeed",
        () ->
            code(
                () ->
                    as.getCalendarFeed(
                        GetCalendarFeedRequest.newBuilder().setCrewMemberId(bid).build())));
    probes.put(
        "ResetCalendarFeed",
        () ->
            code(
                () ->
                    as.resetCalendarFeed(
                        ResetCalendarFeedRequest.newBuilder().setCrewMemberId(bid).build())));
    probes.put(
        "RevokeCalendarFeed",
        () ->
            code(
                () ->
                    as.revokeCalendarFeed(
                        RevokeCalendarFeedRequest.newBuilder().setCrewMemberId(bid).build())));

    // Every RPC of the service has a probe: a new RPC must say how the rule applies to it.
    TreeSet<String> rpcs = new TreeSet<>();
    for (MethodDescriptor<?, ?> m : CrewServiceGrpc.getServiceDescriptor().getMethods()) {
      rpcs.add(m.getBareMethodName());
    }
    assertThat(new TreeSet<>(probes.keySet())).isEqualTo(rpcs);

    Map<String, Status.Code> got = new java.util.TreeMap<>();
    probes.forEach((name, probe) -> got.put(name, probe.get()));
    Map<String, Status.Code> want = new java.util.TreeMap<>();
    for (String name : rpcs) {
      want.put(name, Status.Code.NOT_FOUND);
    }
    for (String denied :
        List.of(
            "CreateCrewMember",
            "UpdateCrewMember",
            "CheckAssignment",
            "OfferAssignment",
            "UpdateAssignment",
            "CancelAssignment",
            "ReviewTimesheet",
            "ExportPayroll",
            "SetCrewPolicy")) {
      want.put(denied, Status.Code.PERMISSION_DENIED);
    }
    for (String ok :
        List.of(
            "ListCrewMembers",
            "GetMyCrewMember",
            "GetAvailabilityGrid",
            "ListAssignments",
            "ListTimesheets",
            "GetCrewPolicy")) {
      want.put(ok, Status.Code.OK);
    }
    assertThat(got).isEqualTo(want);

    // Bob's records are untouched, and Bob still sees them.
    assertThat(
            b.api()
                .getAssignment(GetAssignmentRequest.newBuilder().setId(theirs.getId()).build())
                .getStatus())
        .isEqualTo(io.eventkit.proto.v1.AssignmentStatus.ASSIGNMENT_STATUS_ACCEPTED);
    assertThat(
            b.api()
                .getTimesheet(GetTimesheetRequest.newBuilder().setId(theirSheet.getId()).build())
                .getStatus())
        .isEqualTo(TimesheetStatus.TIMESHEET_STATUS_DRAFT);
    assertThat(b.api().getCalendarFeed(GetCalendarFeedRequest.getDefaultInstance()).getActive())
        .isTrue();
    // `mine` works for anyone linked; a planner sees everyone.
    assertThat(
            b.api()
                .listAssignments(ListAssignmentsRequest.newBuilder().setMine(true).build())
                .getAssignmentsList())
        .extracting(Assignment::getId)
        .containsExactly(theirs.getId());
    assertThat(
            as(roleToken(Role.ROLE_PLANNER))
                .listAssignments(ListAssignmentsRequest.newBuilder().setEventId(e.getId()).build())
                .getAssignmentsCount())
        .isEqualTo(2);
  }

  @Test
  void timesheetsAreRecordedSubmittedReviewedWithAmountsPerRateUnitAndPaidByPayrollCsv()
      throws Exception {
    Person a = person("Tess");
    Event e =
        event(
            "Timesheets " + u(), "Dock 5", period("2033-07-01T00:00:00Z", "2033-07-20T00:00:00Z"));
    Assignment hourly =
        api()
            .offerAssignment(
                OfferAssignmentRequest.newBuilder()
                    .setAssignment(
                        job(e, a.member(), period("2033-07-01T09:00:00Z", "2033-07-01T18:00:00Z"))
                            .setRate(gbp(1234))
                            .setRateUnit(RateUnit.RATE_UNIT_HOUR))
                    .build())
            .getAssignment();
    RecordTimesheetRequest.Builder hours =
        RecordTimesheetRequest.newBuilder()
            .setAssignmentId(hourly.getId())
            .addEntries(entry("2033-07-01T13:30:00Z", "2033-07-01T17:20:00Z", 0))
            .addEntries(entry("2033-07-01T09:00:00Z", "2033-07-01T13:00:00Z", 0));
    // Only an accepted assignment takes hours.
    assertThat(code(() -> a.api().recordTimesheet(hours.build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    accept(a, hourly);
    assertThat(
            code(
                () ->
                    a.api()
                        .recordTimesheet(
                            hours
                                .clone()
                                .addEntries(
                                    entry("2033-07-01T12:00:00Z", "2033-07-01T14:00:00Z", 0))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    a.api()
                        .recordTimesheet(
                            RecordTimesheetRequest.newBuilder()
                                .setAssignmentId(hourly.getId())
                                .addEntries(
                                    entry("2033-07-01T09:00:00Z", "2033-07-01T10:00:00Z", 60))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);

    Timesheet draft = a.api().recordTimesheet(hours.build());
    assertThat(draft.getStatus()).isEqualTo(TimesheetStatus.TIMESHEET_STATUS_DRAFT);
    assertThat(draft.getTotalMinutes()).isEqualTo(470);
    // 12.34 an hour × 470 min = 96.663… → 96.66 (half up, minor units).
    assertThat(draft.getAmount()).isEqualTo(gbp(9666));
    assertThat(draft.getEntries(0).getWorked().getStart().getSeconds())
        .isLessThan(draft.getEntries(1).getWorked().getStart().getSeconds());

    Timesheet submitted =
        a.api().submitTimesheet(SubmitTimesheetRequest.newBuilder().setId(draft.getId()).build());
    assertThat(submitted.getStatus()).isEqualTo(TimesheetStatus.TIMESHEET_STATUS_SUBMITTED);
    assertThat(code(() -> a.api().recordTimesheet(hours.build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);

    CrewServiceGrpc.CrewServiceBlockingStub manager = as(roleToken(Role.ROLE_MANAGER));
    assertThat(
            code(
                () ->
                    manager.reviewTimesheet(
                        ReviewTimesheetRequest.newBuilder()
                            .setId(draft.getId())
                            .setApprove(false)
                            .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    Timesheet rejected =
        manager.reviewTimesheet(
            ReviewTimesheetRequest.newBuilder()
                .setId(draft.getId())
                .setApprove(false)
                .setReason("lunch break missing")
                .build());
    assertThat(rejected.getStatus()).isEqualTo(TimesheetStatus.TIMESHEET_STATUS_REJECTED);
    assertThat(rejected.getRejectReason()).isEqualTo("lunch break missing");
    assertThat(rejected.getReviewedBy()).startsWith("token:");

    Timesheet again =
        a.api()
            .recordTimesheet(
                RecordTimesheetRequest.newBuilder()
                    .setAssignmentId(hourly.getId())
                    .addEntries(entry("2033-07-01T09:00:00Z", "2033-07-01T17:20:00Z", 30))
                    .setSubmit(true)
                    .build());
    assertThat(again.getId()).isEqualTo(draft.getId());
    assertThat(again.getStatus()).isEqualTo(TimesheetStatus.TIMESHEET_STATUS_SUBMITTED);
    assertThat(again.getRejectReason()).isEmpty();
    Timesheet approved =
        manager.reviewTimesheet(
            ReviewTimesheetRequest.newBuilder().setId(draft.getId()).setApprove(true).build());
    assertThat(approved.getStatus()).isEqualTo(TimesheetStatus.TIMESHEET_STATUS_APPROVED);
    assertThat(approved.hasReviewedAt()).isTrue();
    assertThat(
            code(
                () ->
                    api()
                        .cancelAssignment(
                            CancelAssignmentRequest.newBuilder().setId(hourly.getId()).build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            api()
                .getAssignment(GetAssignmentRequest.newBuilder().setId(hourly.getId()).build())
                .getTimesheetStatus())
        .isEqualTo(TimesheetStatus.TIMESHEET_STATUS_APPROVED);

    // DAY: started days of the call (26 h → 2 days); FIXED: the rate.
    Assignment daily =
        accept(a, offered(e, a.member(), period("2033-07-05T06:00:00Z", "2033-07-06T08:00:00Z")));
    Timesheet day =
        a.api()
            .recordTimesheet(
                RecordTimesheetRequest.newBuilder()
                    .setAssignmentId(daily.getId())
                    .addEntries(entry("2033-07-05T06:00:00Z", "2033-07-05T20:00:00Z", 60))
                    .setSubmit(true)
                    .build());
    assertThat(day.getAmount()).isEqualTo(gbp(60000));
    assertThat(day.getTotalMinutes()).isEqualTo(13 * 60);
    Assignment fixed =
        accept(
            a,
            api()
                .offerAssignment(
                    OfferAssignmentRequest.newBuilder()
                        .setAssignment(
                            job(
                                    e,
                                    a.member(),
                                    period("2033-07-10T08:00:00Z", "2033-07-10T12:00:00Z"))
                                .setRate(gbp(12345))
                                .setRateUnit(RateUnit.RATE_UNIT_FIXED))
                        .build())
                .getAssignment());
    Timesheet fix =
        a.api()
            .recordTimesheet(
                RecordTimesheetRequest.newBuilder()
                    .setAssignmentId(fixed.getId())
                    .addEntries(entry("2033-07-10T08:00:00Z", "2033-07-10T12:00:00Z", 0))
                    .setSubmit(true)
                    .build());
    assertThat(fix.getAmount()).isEqualTo(gbp(12345));
    manager.reviewTimesheet(
        ReviewTimesheetRequest.newBuilder().setId(day.getId()).setApprove(true).build());
    manager.reviewTimesheet(
        ReviewTimesheetRequest.newBuilder().setId(fix.getId()).setApprove(true).build());

    assertThat(
            a.api()
                .listTimesheets(
                    ListTimesheetsRequest.newBuilder()
                        .setMine(true)
                        .addStatuses(TimesheetStatus.TIMESHEET_STATUS_APPROVED)
                        .build())
                .getTimesheetsCount())
        .isEqualTo(3);

    ExportPayrollResponse payroll =
        manager.exportPayroll(
            ExportPayrollRequest.newBuilder()
                .setPeriod(period("2033-07-01T00:00:00Z", "2033-07-08T00:00:00Z"))
                .build());
    assertThat(payroll.getFileName()).isEqualTo("payroll-2033-07-01-2033-07-08.csv");
    var total =
        payroll.getTotalsList().stream()
            .filter(t -> t.getCrewMemberId().equals(a.member().getId()))
            .findFirst()
            .orElseThrow();
    assertThat(total.getTimesheets()).isEqualTo(2);
    assertThat(total.getTotalMinutes()).isEqualTo(470 + 780);
    assertThat(total.getAmount()).isEqualTo(gbp(9666 + 60000));

    List<CSVRecord> rows;
    try (CSVParser csv =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(payroll.getCsv().toString(StandardCharsets.UTF_8)))) {
      assertThat(csv.getHeaderNames())
          .containsExactly(
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
              "currency");
      rows =
          csv.getRecords().stream()
              .filter(r -> r.get("crew_member_id").equals(a.member().getId()))
              .toList();
    }
    assertThat(rows)
        .extracting(r -> r.get("row"))
        .containsExactly("TIMESHEET", "TIMESHEET", "TOTAL");
    assertThat(rows.get(0).get("amount")).isEqualTo("96.66");
    assertThat(rows.get(0).get("hours")).isEqualTo("7.83");
    assertThat(rows.get(0).get("event")).isEqualTo(e.getName());
    assertThat(rows.get(1).get("amount")).isEqualTo("600.00");
    assertThat(rows.get(2).get("amount")).isEqualTo("696.66");
    assertThat(rows.get(2).get("currency")).isEqualTo("GBP");
    assertThat(rows.get(2).get("minutes")).isEqualTo("1250");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(node().baseUrl() + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String path(CalendarFeed f) {
    return URI.create(f.getUrl()).getPath();
  }

  @Test
  void theCalendarFeedIsValidICalendarWithoutLoginAndDiesWhenResetOrRevoked() throws Exception {
    Person a = person("Cal");
    Event e =
        event(
            "Gala, Day 2; \\ \"Main\" – Ünïcode",
            "The Very Long Venue Name Hall, Ströme Straße 12, 10115 Berlin; entrance via the loading dock",
            period("2034-02-01T00:00:00Z", "2034-02-05T00:00:00Z"));
    Assignment accepted =
        accept(
            a,
            api()
                .offerAssignment(
                    OfferAssignmentRequest.newBuilder()
                        .setAssignment(
                            job(
                                    e,
                                    a.member(),
                                    period("2034-02-01T08:00:00Z", "2034-02-01T18:00:00Z"))
                                .setNotes("Line one\nLine two, with comma"))
                        .build())
                .getAssignment());
    Assignment offered =
        offered(e, a.member(), period("2034-02-03T08:00:00Z", "2034-02-03T18:00:00Z"));

    assertThat(a.api().getCalendarFeed(GetCalendarFeedRequest.getDefaultInstance()).getActive())
        .isFalse();
    CalendarFeed feed = a.api().resetCalendarFeed(ResetCalendarFeedRequest.getDefaultInstance());
    assertThat(feed.getUrl()).matches("https?://.+/calendar/crew/[A-Za-z0-9_-]{43}\\.ics");
    CalendarFeed shown = a.api().getCalendarFeed(GetCalendarFeedRequest.getDefaultInstance());
    assertThat(shown.getActive()).isTrue();
    assertThat(shown.getUrl()).isEmpty();
    assertThat(shown.hasCreatedAt()).isTrue();

    HttpResponse<String> r = get(path(feed));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/calendar");
    for (String line : r.body().split("\r\n")) {
      assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
    }
    assertThat(r.body()).doesNotContain("\n\n").endsWith("END:VCALENDAR\r\n");

    Calendar cal = new CalendarBuilder().build(new StringReader(r.body()));
    List<VEvent> events = cal.getComponents(Component.VEVENT);
    assertThat(events).hasSize(2);
    Map<String, VEvent> byUid = new HashMap<>();
    for (VEvent v : events) {
      byUid.put(v.getProperty(Property.UID).orElseThrow().getValue(), v);
    }
    VEvent first = byUid.get(accepted.getId() + "@eventkit");
    assertThat(first.getProperty(Property.SUMMARY).orElseThrow().getValue())
        .isEqualTo("FOH engineer – " + e.getName());
    assertThat(first.getProperty(Property.LOCATION).orElseThrow().getValue())
        .isEqualTo(e.getVenue());
    assertThat(first.getProperty(Property.DESCRIPTION).orElseThrow().getValue())
        .isEqualTo("Line one\nLine two, with comma");
    assertThat(first.getProperty(Property.STATUS).orElseThrow().getValue()).isEqualTo("CONFIRMED");
    assertThat(first.getProperty(Property.DTSTART).orElseThrow().getValue())
        .isEqualTo("20340201T080000Z");
    assertThat(first.getProperty(Property.DTEND).orElseThrow().getValue())
        .isEqualTo("20340201T180000Z");
    assertThat(
            byUid
                .get(offered.getId() + "@eventkit")
                .getProperty(Property.STATUS)
                .orElseThrow()
                .getValue())
        .isEqualTo("TENTATIVE");

    // A reset kills the old URL at once; a revoke kills the new one.
    CalendarFeed fresh = a.api().resetCalendarFeed(ResetCalendarFeedRequest.getDefaultInstance());
    assertThat(get(path(feed)).statusCode()).isEqualTo(404);
    assertThat(get(path(fresh)).statusCode()).isEqualTo(200);
    assertThat(
            a.api().revokeCalendarFeed(RevokeCalendarFeedRequest.getDefaultInstance()).getActive())
        .isFalse();
    assertThat(get(path(fresh)).statusCode()).isEqualTo(404);
    assertThat(get("/calendar/crew/not-a-secret.ics").statusCode()).isEqualTo(404);
    assertThat(a.api().getCalendarFeed(GetCalendarFeedRequest.getDefaultInstance()).getActive())
        .isFalse();
  }
}
