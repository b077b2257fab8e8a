package io.eventkit.node.crew;

import static io.eventkit.node.crew.CrewFixture.api;
import static io.eventkit.node.crew.CrewFixture.as;
import static io.eventkit.node.crew.CrewFixture.event;
import static io.eventkit.node.crew.CrewFixture.fields;
import static io.eventkit.node.crew.CrewFixture.job;
import static io.eventkit.node.crew.CrewFixture.member;
import static io.eventkit.node.crew.CrewFixture.period;
import static io.eventkit.node.crew.CrewFixture.u;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.EventRows;
import io.eventkit.proto.v1.Assignment;
import io.eventkit.proto.v1.CreateCrewMemberRequest;
import io.eventkit.proto.v1.CrewMember;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.OfferAssignmentRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.RespondToAssignmentRequest;
import io.eventkit.proto.v1.Role;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** crew.assignment_offered (to the linked user only) and crew.assignment_responded. */
class CrewEventsTest {

  private static Assignment offer(Event e, CrewMember m, Period call) {
    return api()
        .offerAssignment(OfferAssignmentRequest.newBuilder().setAssignment(job(e, m, call)).build())
        .getAssignment();
  }

  @Test
  void anOfferGoesToTheLinkedUserOnlyAndTheAnswerToEveryone() {
    CrewFixture.LoggedIn login = CrewFixture.user(Role.ROLE_CREW);
    String name = "Ann " + u();
    CrewMember linked =
        api()
            .createCrewMember(
                CreateCrewMemberRequest.newBuilder()
                    .setMember(fields(name).setUserId(login.user().getId()))
                    .build());
    Period call = period("2037-04-02T14:00:00Z", "2037-04-03T02:00:00Z");
    Event e =
        event("Launch " + u(), "Arena", period("2037-04-02T18:00:00Z", "2037-04-02T23:00:00Z"));
    Assignment a = offer(e, linked, call);

    List<EventRows.Row> offered = EventRows.of(jdbi(), "crew.assignment_offered", a.getId());
    assertThat(offered).hasSize(1);
    EventRows.Row o = offered.get(0);
    assertThat(o.subjectKind()).isEqualTo("crew_assignment");
    assertThat(o.recipient()).isEqualTo(UUID.fromString(login.user().getId()));
    assertThat(o.payload())
        .containsEntry("assignmentId", a.getId())
        .containsEntry("eventId", e.getId())
        .containsEntry("crewMemberId", linked.getId())
        .containsEntry("crewMemberName", name)
        .containsEntry("function", "FOH engineer")
        .containsEntry("callStart", "2037-04-02T14:00:00Z")
        .containsEntry("callEnd", "2037-04-03T02:00:00Z")
        .containsEntry("status", "OFFERED");

    // The crew member answers with their own login.
    as(login.token())
        .respondToAssignment(
            RespondToAssignmentRequest.newBuilder()
                .setId(a.getId())
                .setAccept(false)
                .setReason("another job that week")
                .build());
    List<EventRows.Row> responded = EventRows.of(jdbi(), "crew.assignment_responded", a.getId());
    assertThat(responded).hasSize(1);
    assertThat(responded.get(0).recipient()).isNull();
    assertThat(responded.get(0).actor()).startsWith("user:");
    assertThat(responded.get(0).payload())
        .containsEntry("accepted", false)
        .containsEntry("status", "DECLINED")
        .doesNotContainValue("another job that week");
  }

  @Test
  void aMemberWithoutAUserIsOfferedNothingToNotify() {
    CrewMember unlinked = member("Ben " + u());
    Event e = event("Fair " + u(), "Hall", period("2037-05-02T18:00:00Z", "2037-05-02T23:00:00Z"));
    Assignment a = offer(e, unlinked, period("2037-05-02T14:00:00Z", "2037-05-03T01:00:00Z"));
    assertThat(EventRows.of(jdbi(), "crew.assignment_offered", a.getId())).isEmpty();
    api()
        .respondToAssignment(
            RespondToAssignmentRequest.newBuilder().setId(a.getId()).setAccept(true).build());
    assertThat(EventRows.of(jdbi(), "crew.assignment_responded", a.getId()))
        .singleElement()
        .satisfies(r -> assertThat(r.payload()).containsEntry("accepted", true));
  }
}
