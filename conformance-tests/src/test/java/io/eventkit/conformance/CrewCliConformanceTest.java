package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.EventStatus;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.Period;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventkit crew} against a real node: a crew member with a qualification and a user account,
 * assigned to an event; a double booking refused (exit 1); the crew member, logged in with their
 * own password, sees themselves, accepts, records and submits a timesheet; a manager approves it
 * and exports payroll as a CSV file.
 */
class CrewCliConformanceTest {
  private static Deployer deployer;
  private static NodeHandle node;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    node = deployer.deploy(1).get(0);
  }

  @AfterAll
  static void teardown() {
    deployer.close();
  }

  private static Period period(String start, String end) {
    return Period.newBuilder()
        .setStart(
            com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(Instant.parse(start).getEpochSecond()))
        .setEnd(
            com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(Instant.parse(end).getEpochSecond()))
        .build();
  }

  private static Event event(String name) {
    try (Api a = new Api(node)) {
      return a.planning()
          .createEvent(
              CreateEventRequest.newBuilder()
                  .setName(name)
                  .setVenue("Conformance Hall")
                  .setTimeZone("Europe/London")
                  .setPeriod(period("2037-03-10T00:00:00Z", "2037-03-12T00:00:00Z"))
                  .setStatus(EventStatus.EVENT_STATUS_CONFIRMED)
                  .build());
    }
  }

  /** The user's access token from AuthService.Login (the CLI's own login stores it on disk). */
  private static String login(String email, String password) {
    ManagedChannel ch = ManagedChannelBuilder.forTarget(node.grpcTarget()).usePlaintext().build();
    try {
      return AuthServiceGrpc.newBlockingStub(ch)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build())
          .getAccessToken();
    } finally {
      ch.shutdownNow();
    }
  }

  private static String status(JsonObject o) {
    return o.get("status").getAsString();
  }

  @Test
  void aCrewMemberIsAssignedAcceptsAndIsPaid(@TempDir Path dir) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String email = "crew-" + suffix + "@example.com";
    String password = "crew-conformance-" + suffix;

    // A user with the Crew role, created through the CLI with a first password.
    Cli.Result user =
        Cli.runWithInput(
            node,
            password + "\n",
            "--output",
            "json",
            "users",
            "create",
            "--email",
            email,
            "--name",
            "Jo " + suffix,
            "--role",
            "crew",
            "--password-stdin");
    assertThat(user.exitCode()).as(user.toString()).isZero();
    String userId = user.json().get("id").getAsString();

    Cli.Result member =
        Cli.run(
            node,
            "crew",
            "members",
            "create",
            "Jo " + suffix,
            "--employment",
            "freelancer",
            "--email",
            email,
            "--day-rate",
            "250.00EUR",
            "--hour-rate",
            "32.00EUR",
            "--skill",
            "foh-engineer",
            "--qualification",
            "rigging-cert:2038-12-31:RC-" + suffix,
            "--user",
            userId);
    assertThat(member.exitCode()).as(member.toString()).isZero();
    String memberId = member.json().get("id").getAsString();
    JsonArray quals = member.json().getAsJsonArray("qualifications");
    assertThat(quals).hasSize(2);
    assertThat(quals.toString()).contains("rigging-cert").contains("2038-12-31");

    Event gala = event("Crew CLI gala " + suffix);
    Cli.Result offered =
        Cli.run(
            node,
            "crew",
            "assign",
            "--event",
            gala.getId(),
            "--member",
            memberId,
            "--function",
            "FOH engineer",
            "--call",
            "2037-03-10T08:00Z/2037-03-10T20:00Z",
            "--rate",
            "250.00EUR",
            "--unit",
            "day",
            "--require",
            "foh-engineer");
    assertThat(offered.exitCode()).as(offered.toString()).isZero();
    JsonObject assignment = offered.json().getAsJsonObject("assignment");
    String assignmentId = assignment.get("id").getAsString();
    assertThat(status(assignment)).isEqualTo("ASSIGNMENT_STATUS_OFFERED");

    // The same person on another event at the same time: a double booking, refused by default.
    Event other = event("Crew CLI clash " + suffix);
    Cli.Result clash =
        Cli.run(
            node,
            "crew",
            "assign",
            "--event",
            other.getId(),
            "--member",
            memberId,
            "--function",
            "Stage hand",
            "--call",
            "2037-03-10T12:00Z/2037-03-10T22:00Z",
            "--override-reason",
            "trying anyway");
    assertThat(clash.exitCode()).as(clash.toString()).isEqualTo(1);
    assertThat(clash.json().get("error").getAsString()).isEqualTo("FAILED_PRECONDITION");
    Cli.Result check =
        Cli.run(
            node,
            "crew",
            "check",
            "--event",
            other.getId(),
            "--member",
            memberId,
            "--function",
            "Stage hand",
            "--call",
            "2037-03-10T12:00Z/2037-03-10T22:00Z");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.json().getAsJsonArray("conflicts").toString())
        .contains("CREW_CONFLICT_KIND_DOUBLE_BOOKED")
        .contains("CONFLICT_SEVERITY_REFUSAL");

    // The crew member, with their own login.
    String token = login(email, password);
    Cli.Result me = Cli.runAs(node, token, "crew", "me");
    assertThat(me.exitCode()).as(me.toString()).isZero();
    assertThat(me.json().get("id").getAsString()).isEqualTo(memberId);
    Cli.Result mine = Cli.runAs(node, token, "crew", "assignments", "list", "--mine");
    assertThat(mine.exitCode()).as(mine.toString()).isZero();
    assertThat(mine.json().getAsJsonArray("assignments").toString()).contains(assignmentId);
    Cli.Result accepted = Cli.runAs(node, token, "crew", "accept", assignmentId);
    assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
    assertThat(status(accepted.json())).isEqualTo("ASSIGNMENT_STATUS_ACCEPTED");

    Cli.Result recorded =
        Cli.runAs(
            node,
            token,
            "crew",
            "timesheets",
            "record",
            assignmentId,
            "--entry",
            "2037-03-10T08:00Z/2037-03-10T19:00Z/30",
            "--submit");
    assertThat(recorded.exitCode()).as(recorded.toString()).isZero();
    assertThat(status(recorded.json())).isEqualTo("TIMESHEET_STATUS_SUBMITTED");
    assertThat(recorded.json().get("totalMinutes").getAsInt()).isEqualTo(630);
    String timesheetId = recorded.json().get("id").getAsString();

    // A Crew user cannot approve their own timesheet.
    Cli.Result selfApproval = Cli.runAs(node, token, "crew", "timesheets", "approve", timesheetId);
    assertThat(selfApproval.exitCode()).as(selfApproval.toString()).isEqualTo(4);

    Cli.Result approved = Cli.run(node, "crew", "timesheets", "approve", timesheetId);
    assertThat(approved.exitCode()).as(approved.toString()).isZero();
    assertThat(status(approved.json())).isEqualTo("TIMESHEET_STATUS_APPROVED");

    Path csv = dir.resolve("payroll.csv");
    Cli.Result payroll =
        Cli.run(
            node,
            "crew",
            "payroll",
            "--from",
            "2037-03-01",
            "--to",
            "2037-03-31",
            "--out",
            csv.toString());
    assertThat(payroll.exitCode()).as(payroll.toString()).isZero();
    JsonObject total = null;
    for (JsonElement e : payroll.json().getAsJsonArray("totals")) {
      if (e.getAsJsonObject().get("crewMemberId").getAsString().equals(memberId)) {
        total = e.getAsJsonObject();
      }
    }
    assertThat(total).as(payroll.toString()).isNotNull();
    assertThat(total.get("totalMinutes").getAsInt()).isEqualTo(630);
    // One started day at the day rate.
    assertThat(total.getAsJsonObject("amount").get("minorUnits").getAsString()).isEqualTo("25000");
    String text = Files.readString(csv, StandardCharsets.UTF_8);
    assertThat(text).contains("Jo " + suffix);
    assertThat(text.lines().count()).isGreaterThanOrEqualTo(2);
  }
}
