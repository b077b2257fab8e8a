package io.eventkit.node.crew;

import static io.eventkit.node.crew.CrewFixture.api;
import static io.eventkit.node.crew.CrewFixture.code;
import static io.eventkit.node.crew.CrewFixture.error;
import static io.eventkit.node.crew.CrewFixture.event;
import static io.eventkit.node.crew.CrewFixture.fields;
import static io.eventkit.node.crew.CrewFixture.gbp;
import static io.eventkit.node.crew.CrewFixture.job;
import static io.eventkit.node.crew.CrewFixture.member;
import static io.eventkit.node.crew.CrewFixture.period;
import static io.eventkit.node.crew.CrewFixture.skill;
import static io.eventkit.node.crew.CrewFixture.u;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.proto.v1.AddUnavailabilityRequest;
import io.eventkit.proto.v1.Assignment;
import io.eventkit.proto.v1.AssignmentStatus;
import io.eventkit.proto.v1.CheckAssignmentRequest;
import io.eventkit.proto.v1.ConflictSeverity;
import io.eventkit.proto.v1.CreateCrewMemberRequest;
import io.eventkit.proto.v1.CrewConflict;
import io.eventkit.proto.v1.CrewConflictKind;
import io.eventkit.proto.v1.CrewMember;
import io.eventkit.proto.v1.CrewPolicy;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.GetAvailabilityGridRequest;
import io.eventkit.proto.v1.GetAvailabilityGridResponse;
import io.eventkit.proto.v1.GetCrewMemberRequest;
import io.eventkit.proto.v1.GetCrewPolicyRequest;
import io.eventkit.proto.v1.ListAssignmentsRequest;
import io.eventkit.proto.v1.ListCrewMembersRequest;
import io.eventkit.proto.v1.ListCrewMembersResponse;
import io.eventkit.proto.v1.OfferAssignmentRequest;
import io.eventkit.proto.v1.OfferAssignmentResponse;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.RateUnit;
import io.eventkit.proto.v1.RespondToAssignmentRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.UpdateAssignmentRequest;
import io.eventkit.proto.v1.UpdateCrewMemberRequest;
import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Crew profiles, the availability grid, assignments and each conflict rule, over gRPC. */
class CrewAssignmentsTest {
  private static final Period JUNE_1 = period("2031-06-01T08:00:00Z", "2031-06-01T18:00:00Z");

  @AfterEach
  void restorePolicy() {
    CrewFixture.defaultPolicy();
  }

  private static Event gala() {
    return event(
        "Summer Gala " + u(), "Hall 1", period("2031-05-30T00:00:00Z", "2031-06-10T00:00:00Z"));
  }

  private static List<CrewConflictKind> kinds(List<CrewConflict> c) {
    return c.stream().map(CrewConflict::getKind).toList();
  }

  private static void policy(CrewPolicy.Builder p) {
    api().setCrewPolicy(p.build());
  }

  private static CrewPolicy.Builder defaults() {
    return api().getCrewPolicy(GetCrewPolicyRequest.getDefaultInstance()).toBuilder();
  }

  @Test
  void profilesReplaceQualificationsLinkOneUserAndListByQueryAndSkillInPages() {
    String tag = u();
    CrewMember m = member("Zed " + tag, skill("rigger", ""), skill("rigging-cert", "2030-01-01"));
    assertThat(m.getQualificationsList())
        .extracting("skill")
        .containsExactly("rigger", "rigging-cert");
    assertThat(m.getDayRate()).isEqualTo(gbp(30000));

    CrewMember updated =
        api()
            .updateCrewMember(
                UpdateCrewMemberRequest.newBuilder()
                    .setId(m.getId())
                    .setMember(fields("Zed " + tag, skill("foh-engineer", "")))
                    .build());
    assertThat(updated.getQualificationsList()).extracting("skill").containsExactly("foh-engineer");
    assertThat(
            api()
                .getCrewMember(GetCrewMemberRequest.newBuilder().setId(m.getId()).build())
                .getQualificationsList())
        .hasSize(1);

    // The user link: must exist, and at most one member per user.
    assertThat(
            code(
                () ->
                    api()
                        .updateCrewMember(
                            UpdateCrewMemberRequest.newBuilder()
                                .setId(m.getId())
                                .setMember(
                                    fields("Zed " + tag).setUserId(UUID.randomUUID().toString()))
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    CrewFixture.LoggedIn user = CrewFixture.user(Role.ROLE_CREW);
    api()
        .updateCrewMember(
            UpdateCrewMemberRequest.newBuilder()
                .setId(m.getId())
                .setMember(fields("Zed " + tag).setUserId(user.user().getId()))
                .build());
    assertThat(
            code(
                () ->
                    api()
                        .createCrewMember(
                            CreateCrewMemberRequest.newBuilder()
                                .setMember(fields("Other " + tag).setUserId(user.user().getId()))
                                .build())))
        .isEqualTo(Status.Code.ALREADY_EXISTS);

    // Query and skill filters, paged by name.
    for (int i = 0; i < 5; i++) {
      member("Pager " + tag + " " + i, skill("stagehand", ""));
    }
    member("Pager " + tag + " expired", skill("stagehand", "2020-01-01"));
    List<String> names = new ArrayList<>();
    String token = "";
    do {
      ListCrewMembersResponse page =
          api()
              .listCrewMembers(
                  ListCrewMembersRequest.newBuilder()
                      .setQuery("pager " + tag)
                      .setSkill("stagehand")
                      .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(token))
                      .build());
      page.getMembersList().forEach(x -> names.add(x.getName()));
      token = page.getPage().getNextPageToken();
    } while (!token.isEmpty());
    assertThat(names)
        .containsExactly(
            "Pager " + tag + " 0",
            "Pager " + tag + " 1",
            "Pager " + tag + " 2",
            "Pager " + tag + " 3",
            "Pager " + tag + " 4");
    assertThat(
            api()
                .listCrewMembers(
                    ListCrewMembersRequest.newBuilder()
                        .setQuery("pager " + tag)
                        .setSkill("stagehand")
                        .setSkillValidOn("2019-12-31")
                        .build())
                .getMembersCount())
        .isEqualTo(6);

    // Archived members leave the default list.
    api()
        .updateCrewMember(
            UpdateCrewMemberRequest.newBuilder()
                .setId(m.getId())
                .setMember(fields("Zed " + tag).setArchived(true))
                .build());
    assertThat(
            api()
                .listCrewMembers(ListCrewMembersRequest.newBuilder().setQuery("zed " + tag).build())
                .getMembersCount())
        .isZero();
    assertThat(
            api()
                .listCrewMembers(
                    ListCrewMembersRequest.newBuilder()
                        .setQuery("zed " + tag)
                        .setIncludeArchived(true)
                        .build())
                .getMembersCount())
        .isEqualTo(1);
  }

  @Test
  void doubleBookingIsRefusedByDefaultAndAWarningWhenThePolicySaysSo() {
    Event e = gala();
    CrewMember m = member("Double " + u());
    OfferAssignmentResponse first =
        api()
            .offerAssignment(
                OfferAssignmentRequest.newBuilder().setAssignment(job(e, m, JUNE_1)).build());
    assertThat(first.getAssignment().getStatus())
        .isEqualTo(AssignmentStatus.ASSIGNMENT_STATUS_OFFERED);
    assertThat(first.getConflictsList()).isEmpty();

    Period overlapping = period("2031-06-01T17:00:00Z", "2031-06-01T23:00:00Z");
    var refused =
        error(
            () ->
                api()
                    .offerAssignment(
                        OfferAssignmentRequest.newBuilder()
                            .setAssignment(job(e, m, overlapping))
                            .setOverrideReason("please")
                            .build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refused.getStatus().getDescription())
        .contains("DOUBLE_BOOKED")
        .contains(e.getName());

    // Check says the same without creating anything.
    List<CrewConflict> check =
        api()
            .checkAssignment(
                CheckAssignmentRequest.newBuilder().setAssignment(job(e, m, overlapping)).build())
            .getConflictsList();
    assertThat(kinds(check)).contains(CrewConflictKind.CREW_CONFLICT_KIND_DOUBLE_BOOKED);
    assertThat(check.get(0).getSeverity()).isEqualTo(ConflictSeverity.CONFLICT_SEVERITY_REFUSAL);
    assertThat(check.get(0).getRelatedId()).isEqualTo(first.getAssignment().getId());

    policy(defaults().setDoubleBooked(ConflictSeverity.CONFLICT_SEVERITY_WARNING));
    OfferAssignmentResponse warned =
        api()
            .offerAssignment(
                OfferAssignmentRequest.newBuilder().setAssignment(job(e, m, overlapping)).build());
    assertThat(warned.hasAssignment()).isFalse();
    assertThat(kinds(warned.getConflictsList()))
        .contains(CrewConflictKind.CREW_CONFLICT_KIND_DOUBLE_BOOKED);

    OfferAssignmentResponse overridden =
        api()
            .offerAssignment(
                OfferAssignmentRequest.newBuilder()
                    .setAssignment(job(e, m, overlapping))
                    .setOverrideReason("two short slots, agreed with Ada")
                    .build());
    Assignment a = overridden.getAssignment();
    assertThat(a.getOverrideReason()).isEqualTo("two short slots, agreed with Ada");
    assertThat(kinds(a.getOverriddenConflictsList()))
        .contains(CrewConflictKind.CREW_CONFLICT_KIND_DOUBLE_BOOKED);

    // A declined assignment no longer occupies the member.
    api()
        .respondToAssignment(
            RespondToAssignmentRequest.newBuilder()
                .setId(a.getId())
                .setAccept(false)
                .setReason("ill")
                .build());
    CrewFixture.defaultPolicy();
    assertThat(
            api()
                .checkAssignment(
                    CheckAssignmentRequest.newBuilder()
                        .setAssignment(
                            job(e, m, period("2031-06-01T19:00:00Z", "2031-06-01T23:00:00Z")))
                        .build())
                .getConflictsList())
        .extracting(CrewConflict::getKind)
        .containsOnly(CrewConflictKind.CREW_CONFLICT_KIND_INSUFFICIENT_REST);
  }

  @Test
  void missingSkillAndExpiredQualificationWarnUnlessOverriddenOrRefuseByPolicy() {
    Event e = gala();
    CrewMember m =
        member("Rigger " + u(), skill("rigger", ""), skill("rigging-cert", "2031-06-01"));
    // Valid through 1 June (inclusive, node zone UTC): a call ending that day is fine.
    assertThat(
            api()
                .checkAssignment(
                    CheckAssignmentRequest.newBuilder()
                        .setAssignment(
                            job(e, m, JUNE_1)
                                .addRequiredSkills("rigging-cert")
                                .addRequiredSkills("rigger"))
                        .build())
                .getConflictsList())
        .isEmpty();

    Period june2 = period("2031-06-02T08:00:00Z", "2031-06-02T18:00:00Z");
    OfferAssignmentResponse r =
        api()
            .offerAssignment(
                OfferAssignmentRequest.newBuilder()
                    .setAssignment(
                        job(e, m, june2)
                            .addRequiredSkills("rigging-cert")
                            .addRequiredSkills("pyro"))
                    .build());
    assertThat(r.hasAssignment()).isFalse();
    assertThat(r.getConflictsList())
        .extracting(CrewConflict::getKind, CrewConflict::getSkill)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                CrewConflictKind.CREW_CONFLICT_KIND_QUALIFICATION_EXPIRED, "rigging-cert"),
            org.assertj.core.groups.Tuple.tuple(
                CrewConflictKind.CREW_CONFLICT_KIND_MISSING_SKILL, "pyro"));
    assertThat(r.getConflictsList())
        .allMatch(c -> c.getSeverity() == ConflictSeverity.CONFLICT_SEVERITY_WARNING);

    Assignment a =
        api()
            .offerAssignment(
                OfferAssignmentRequest.newBuilder()
                    .setAssignment(
                        job(e, m, june2)
                            .addRequiredSkills("rigging-cert")
                            .addRequiredSkills("pyro"))
                    .setOverrideReason("renewal booked; pyro supervised")
                    .build())
            .getAssignment();
    assertThat(a.getOverriddenConflictsCount()).isEqualTo(2);
    assertThat(a.getRequiredSkillsList()).containsExactly("rigging-cert", "pyro");

    policy(
        defaults()
            .setMissingSkill(ConflictSeverity.CONFLICT_SEVERITY_REFUSAL)
            .setQualificationExpired(ConflictSeverity.CONFLICT_SEVERITY_REFUSAL));
    Period june5 = period("2031-06-05T08:00:00Z", "2031-06-05T18:00:00Z");
    var refused =
        error(
            () ->
                api()
                    .offerAssignment(
                        OfferAssignmentRequest.newBuilder()
                            .setAssignment(job(e, m, june5).addRequiredSkills("pyro"))
                            .setOverrideReason("x")
                            .build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refused.getStatus().getDescription()).contains("MISSING_SKILL").contains("pyro");
    assertThat(
            error(
                    () ->
                        api()
                            .offerAssignment(
                                OfferAssignmentRequest.newBuilder()
                                    .setAssignment(
                                        job(e, m, june5).addRequiredSkills("rigging-cert"))
                                    .setOverrideReason("x")
                                    .build()))
                .getStatus()
                .getDescription())
        .contains("QUALIFICATION_EXPIRED");
  }

  @Test
  void restBetweenCallsAndUnavailabilityAreCheckedWithThePolicysMinimum() {
    Event e = gala();
    CrewMember m = member("Rest " + u());
    api()
        .offerAssignment(
            OfferAssignmentRequest.newBuilder().setAssignment(job(e, m, JUNE_1)).build());
    // 18:00 → 02:00 the next day: 8 h rest, less than the default 11 h.
    Period early = period("2031-06-02T02:00:00Z", "2031-06-02T10:00:00Z");
    List<CrewConflict> c =
        api()
            .checkAssignment(
                CheckAssignmentRequest.newBuilder().setAssignment(job(e, m, early)).build())
            .getConflictsList();
    assertThat(kinds(c)).containsExactly(CrewConflictKind.CREW_CONFLICT_KIND_INSUFFICIENT_REST);
    assertThat(c.get(0).getMessage()).contains("8 h").contains("11 h");

    policy(defaults().setMinRestMinutes(8 * 60));
    assertThat(
            api()
                .checkAssignment(
                    CheckAssignmentRequest.newBuilder().setAssignment(job(e, m, early)).build())
                .getConflictsList())
        .isEmpty();
    policy(
        defaults()
            .setMinRestMinutes(660)
            .setInsufficientRest(ConflictSeverity.CONFLICT_SEVERITY_REFUSAL));
    assertThat(
            code(
                () ->
                    api()
                        .offerAssignment(
                            OfferAssignmentRequest.newBuilder()
                                .setAssignment(job(e, m, early))
                                .setOverrideReason("x")
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    CrewFixture.defaultPolicy();

    var u =
        api()
            .addUnavailability(
                AddUnavailabilityRequest.newBuilder()
                    .setCrewMemberId(m.getId())
                    .setPeriod(period("2031-06-04T00:00:00Z", "2031-06-06T00:00:00Z"))
                    .setReason("wedding")
                    .build());
    Period june5 = period("2031-06-05T08:00:00Z", "2031-06-05T18:00:00Z");
    OfferAssignmentResponse r =
        api()
            .offerAssignment(
                OfferAssignmentRequest.newBuilder().setAssignment(job(e, m, june5)).build());
    assertThat(r.hasAssignment()).isFalse();
    assertThat(kinds(r.getConflictsList()))
        .containsExactly(CrewConflictKind.CREW_CONFLICT_KIND_UNAVAILABLE);
    assertThat(r.getConflictsList().get(0).getRelatedId()).isEqualTo(u.getId());
    assertThat(r.getConflictsList().get(0).getMessage()).contains("wedding");
    policy(defaults().setUnavailable(ConflictSeverity.CONFLICT_SEVERITY_REFUSAL));
    assertThat(
            code(
                () ->
                    api()
                        .offerAssignment(
                            OfferAssignmentRequest.newBuilder()
                                .setAssignment(job(e, m, june5))
                                .setOverrideReason("x")
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);

    // The grid shows both the assignment and the unavailable period, and nothing outside it.
    GetAvailabilityGridResponse grid =
        api()
            .getAvailabilityGrid(
                GetAvailabilityGridRequest.newBuilder()
                    .setWindow(period("2031-06-01T00:00:00Z", "2031-06-08T00:00:00Z"))
                    .setQuery(m.getName())
                    .build());
    assertThat(grid.getRowsCount()).isEqualTo(1);
    assertThat(grid.getRows(0).getBusyList())
        .extracting(b -> b.getKind().name())
        .containsExactly("BUSY_KIND_ASSIGNMENT_OFFERED", "BUSY_KIND_UNAVAILABLE");
    assertThat(grid.getRows(0).getBusy(0).getLabel())
        .contains(e.getName())
        .contains("FOH engineer");
  }

  @Test
  void offersShowTheEventDefaultTheRateAndAnAcceptedOneWhoseTimesChangeIsOfferedAgain() {
    Event e = gala();
    CrewMember m = member("Rate " + u());
    assertThat(
            code(
                () ->
                    api()
                        .offerAssignment(
                            OfferAssignmentRequest.newBuilder()
                                .setAssignment(
                                    job(e, m, JUNE_1).setEventId(UUID.randomUUID().toString()))
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    Assignment a =
        api()
            .offerAssignment(
                OfferAssignmentRequest.newBuilder().setAssignment(job(e, m, JUNE_1)).build())
            .getAssignment();
    assertThat(a.getRate()).isEqualTo(gbp(30000));
    assertThat(a.getRateUnit()).isEqualTo(RateUnit.RATE_UNIT_DAY);
    assertThat(a.getEventName()).isEqualTo(e.getName());
    assertThat(a.getVenue()).isEqualTo("Hall 1");
    assertThat(a.getTimeZone()).isEqualTo("Europe/London");

    Assignment accepted =
        api()
            .respondToAssignment(
                RespondToAssignmentRequest.newBuilder().setId(a.getId()).setAccept(true).build());
    assertThat(accepted.getStatus()).isEqualTo(AssignmentStatus.ASSIGNMENT_STATUS_ACCEPTED);
    assertThat(accepted.hasRespondedAt()).isTrue();
    // Same answer again: a no-op.
    assertThat(
            api()
                .respondToAssignment(
                    RespondToAssignmentRequest.newBuilder()
                        .setId(a.getId())
                        .setAccept(true)
                        .build())
                .getStatus())
        .isEqualTo(AssignmentStatus.ASSIGNMENT_STATUS_ACCEPTED);

    // Notes only: stays accepted (and does not conflict with itself).
    Assignment notes =
        api()
            .updateAssignment(
                UpdateAssignmentRequest.newBuilder()
                    .setId(a.getId())
                    .setAssignment(job(e, m, JUNE_1).setNotes("bring ear plugs"))
                    .build())
            .getAssignment();
    assertThat(notes.getStatus()).isEqualTo(AssignmentStatus.ASSIGNMENT_STATUS_ACCEPTED);
    Assignment moved =
        api()
            .updateAssignment(
                UpdateAssignmentRequest.newBuilder()
                    .setId(a.getId())
                    .setAssignment(
                        job(e, m, period("2031-06-01T09:00:00Z", "2031-06-01T19:00:00Z"))
                            .setRate(gbp(5000))
                            .setRateUnit(RateUnit.RATE_UNIT_HOUR))
                    .build())
            .getAssignment();
    assertThat(moved.getStatus()).isEqualTo(AssignmentStatus.ASSIGNMENT_STATUS_OFFERED);
    assertThat(moved.getRateUnit()).isEqualTo(RateUnit.RATE_UNIT_HOUR);
    assertThat(moved.hasRespondedAt()).isFalse();

    // Moving someone else onto it is refused; cancelling frees the member.
    CrewMember other = member("Other " + u());
    assertThat(
            code(
                () ->
                    api()
                        .updateAssignment(
                            UpdateAssignmentRequest.newBuilder()
                                .setId(a.getId())
                                .setAssignment(job(e, other, JUNE_1))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    Assignment cancelled =
        api()
            .cancelAssignment(
                io.eventkit.proto.v1.CancelAssignmentRequest.newBuilder()
                    .setId(a.getId())
                    .setReason("show cut")
                    .build());
    assertThat(cancelled.getStatus()).isEqualTo(AssignmentStatus.ASSIGNMENT_STATUS_CANCELLED);
    assertThat(
            code(
                () ->
                    api()
                        .respondToAssignment(
                            RespondToAssignmentRequest.newBuilder()
                                .setId(a.getId())
                                .setAccept(true)
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            api()
                .listAssignments(
                    ListAssignmentsRequest.newBuilder().setCrewMemberId(m.getId()).build())
                .getAssignmentsCount())
        .isZero();
    assertThat(
            api()
                .listAssignments(
                    ListAssignmentsRequest.newBuilder()
                        .setCrewMemberId(m.getId())
                        .addStatuses(AssignmentStatus.ASSIGNMENT_STATUS_CANCELLED)
                        .build())
                .getAssignmentsCount())
        .isEqualTo(1);
  }

  @Test
  void concurrentOffersForOnePersonNeverDoubleBook() throws Exception {
    Event e = gala();
    CrewMember m = member("Busy " + u());
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Status.Code>> results = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        int k = i;
        Callable<Status.Code> offer =
            () -> {
              go.await();
              try {
                api()
                    .offerAssignment(
                        OfferAssignmentRequest.newBuilder()
                            .setAssignment(
                                job(
                                    e,
                                    m,
                                    period(
                                        Instant.parse("2031-06-03T08:00:00Z").plusSeconds(60L * k),
                                        Instant.parse("2031-06-03T18:00:00Z"))))
                            .build());
                return Status.Code.OK;
              } catch (io.grpc.StatusRuntimeException ex) {
                return ex.getStatus().getCode();
              }
            };
        results.add(pool.submit(offer));
      }
      go.countDown();
      List<Status.Code> codes = new ArrayList<>();
      for (Future<Status.Code> f : results) {
        codes.add(f.get());
      }
      assertThat(codes).filteredOn(c -> c == Status.Code.OK).hasSize(1);
      assertThat(codes).filteredOn(c -> c == Status.Code.FAILED_PRECONDITION).hasSize(n - 1);
    } finally {
      pool.shutdownNow();
    }
    int live =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM crew_assignment WHERE crew_member_id = :m"
                                + " AND status IN ('OFFERED', 'ACCEPTED')")
                        .bind("m", UUID.fromString(m.getId()))
                        .mapTo(Integer.class)
                        .one());
    assertThat(live).isEqualTo(1);
  }

  @Test
  void badInputIsRefusedWithTheField() {
    Event e = gala();
    CrewMember m = member("Bad " + u());
    assertThat(
            error(
                    () ->
                        api()
                            .offerAssignment(
                                OfferAssignmentRequest.newBuilder()
                                    .setAssignment(
                                        job(e, m, JUNE_1).addRequiredSkills("Not A Skill"))
                                    .build()))
                .getStatus()
                .getDescription())
        .contains("assignment.required_skills[0]");
    assertThat(
            code(
                () ->
                    api()
                        .offerAssignment(
                            OfferAssignmentRequest.newBuilder()
                                .setAssignment(job(e, m, JUNE_1).setFunction("x".repeat(101)))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .getAvailabilityGrid(
                            GetAvailabilityGridRequest.newBuilder()
                                .setWindow(period("2031-01-01T00:00:00Z", "2031-04-01T00:00:00Z"))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .createCrewMember(
                            CreateCrewMemberRequest.newBuilder()
                                .setMember(
                                    fields("Dup")
                                        .addQualifications(skill("rigger", ""))
                                        .addQualifications(skill("rigger", "2030-02-30")))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(() -> api().setCrewPolicy(CrewPolicy.newBuilder().setMinRestMinutes(-1).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }
}
