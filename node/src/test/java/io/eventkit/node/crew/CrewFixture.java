package io.eventkit.node.crew;

import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.planningApi;

import com.google.protobuf.Timestamp;
import io.eventkit.proto.v1.AssignmentFields;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateCrewMemberRequest;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.CrewMember;
import io.eventkit.proto.v1.CrewMemberFields;
import io.eventkit.proto.v1.CrewPolicy;
import io.eventkit.proto.v1.CrewServiceGrpc;
import io.eventkit.proto.v1.EmploymentKind;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Qualification;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.User;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/** Helpers of the crew tests: stubs by token, events, members, users that log in. */
final class CrewFixture {
  private CrewFixture() {}

  static CrewServiceGrpc.CrewServiceBlockingStub api() {
    return as(node().adminToken());
  }

  static CrewServiceGrpc.CrewServiceBlockingStub as(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return CrewServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  static String u() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static Status.Code code(Supplier<?> call) {
    return Assertions.assertThrows(StatusRuntimeException.class, call::get).getStatus().getCode();
  }

  static StatusRuntimeException error(Supplier<?> call) {
    return Assertions.assertThrows(StatusRuntimeException.class, call::get);
  }

  static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static Period period(Instant start, Instant end) {
    return Period.newBuilder().setStart(ts(start)).setEnd(ts(end)).build();
  }

  static Period period(String start, String end) {
    return period(Instant.parse(start), Instant.parse(end));
  }

  static Money gbp(long minor) {
    return Money.newBuilder().setCurrencyCode("GBP").setMinorUnits(minor).build();
  }

  static Event event(String name, String venue, Period p) {
    return planningApi()
        .createEvent(
            CreateEventRequest.newBuilder()
                .setName(name)
                .setVenue(venue)
                .setTimeZone("Europe/London")
                .setPeriod(p)
                .build());
  }

  static Qualification skill(String skill, String expiresOn) {
    return Qualification.newBuilder().setSkill(skill).setExpiresOn(expiresOn).build();
  }

  static CrewMemberFields.Builder fields(String name, Qualification... q) {
    return CrewMemberFields.newBuilder()
        .setName(name)
        .setEmployment(EmploymentKind.EMPLOYMENT_KIND_FREELANCER)
        .setDayRate(gbp(30000))
        .setHourRate(gbp(4000))
        .addAllQualifications(List.of(q));
  }

  static CrewMember member(String name, Qualification... q) {
    return api()
        .createCrewMember(CreateCrewMemberRequest.newBuilder().setMember(fields(name, q)).build());
  }

  static AssignmentFields.Builder job(Event e, CrewMember m, Period call) {
    return AssignmentFields.newBuilder()
        .setEventId(e.getId())
        .setCrewMemberId(m.getId())
        .setFunction("FOH engineer")
        .setCall(call);
  }

  /** A user with the given roles, logged in: its user and access token. */
  record LoggedIn(User user, String token) {}

  static LoggedIn user(Role... roles) {
    String email = "crew-" + u() + "@example.com";
    String password = "a long enough passphrase " + u();
    User user =
        node()
            .authService(node().adminToken())
            .createUser(
                CreateUserRequest.newBuilder()
                    .setEmail(email)
                    .setDisplayName(email)
                    .addAllRoles(List.of(roles))
                    .setPassword(password)
                    .build());
    String token =
        AuthServiceGrpc.newBlockingStub(node().channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build())
            .getAccessToken();
    return new LoggedIn(user, token);
  }

  /** The default policy, restored after a test that changes it. */
  static void defaultPolicy() {
    api()
        .setCrewPolicy(
            CrewPolicy.newBuilder()
                .setMinRestMinutes(660)
                .setDoubleBooked(io.eventkit.proto.v1.ConflictSeverity.CONFLICT_SEVERITY_REFUSAL)
                .setMissingSkill(io.eventkit.proto.v1.ConflictSeverity.CONFLICT_SEVERITY_WARNING)
                .setQualificationExpired(
                    io.eventkit.proto.v1.ConflictSeverity.CONFLICT_SEVERITY_WARNING)
                .setInsufficientRest(
                    io.eventkit.proto.v1.ConflictSeverity.CONFLICT_SEVERITY_WARNING)
                .setUnavailable(io.eventkit.proto.v1.ConflictSeverity.CONFLICT_SEVERITY_WARNING)
                .build());
  }
}
