package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.GetEventRequest;
import io.eventkit.proto.v1.Period;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code eventkit crm} against a real node over Connect: a client from first contact to a won deal,
 * duplicates refused with the match named, search by a contact's email, and the event's client.
 */
class CrmCliConformanceTest {
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

  @Test
  void aClientGoesFromFirstCallToAWonDeal() {
    String x = UUID.randomUUID().toString().substring(0, 8);
    Cli.Result created =
        Cli.run(
            node,
            "crm",
            "companies",
            "create",
            "Acme " + x + " Events Ltd",
            "--website",
            "https://acme-" + x + ".example",
            "--currency",
            "GBP",
            "--country",
            "GB",
            "--tag",
            "festival");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    String company = created.json().get("id").getAsString();
    assertThat(created.json().get("domain").getAsString()).isEqualTo("acme-" + x + ".example");

    Cli.Result dup = Cli.run(node, "crm", "companies", "create", "ACME " + x + " events GmbH");
    assertThat(dup.exitCode()).isEqualTo(1);
    assertThat(dup.err()).contains("already exists (same name").contains("allow_duplicate");

    Cli.Result contact =
        Cli.run(
            node,
            "crm",
            "contacts",
            "add",
            company,
            "--first-name",
            "Jane",
            "--last-name",
            "Doe",
            "--email",
            "jane" + x + "@mail.example",
            "--primary");
    assertThat(contact.exitCode()).as(contact.toString()).isZero();
    String jane = contact.json().get("id").getAsString();

    Cli.Result found = Cli.run(node, "crm", "companies", "list", "--query", "jane" + x);
    assertThat(found.json().getAsJsonArray("companies")).hasSize(1);

    Cli.Result call =
        Cli.run(
            node,
            "crm",
            "activities",
            "add",
            company,
            "--kind",
            "call",
            "--contact",
            jane,
            "--subject",
            "Asked for a festival quote");
    assertThat(call.exitCode()).as(call.toString()).isZero();

    Cli.Result deal =
        Cli.run(
            node,
            "crm",
            "deals",
            "create",
            company,
            "--title",
            "Festival " + x,
            "--value",
            "12500.00GBP",
            "--contact",
            jane);
    assertThat(deal.exitCode()).as(deal.toString()).isZero();
    String dealId = deal.json().get("id").getAsString();
    assertThat(deal.json().get("stageName").getAsString()).isEqualTo("Lead");

    Cli.Result lost = Cli.run(node, "crm", "deals", "move", dealId, "Lost");
    assertThat(lost.exitCode()).as("INVALID_ARGUMENT is invalid input: exit 2").isEqualTo(2);
    assertThat(lost.err()).contains("lost_reason is required");

    Cli.Result won = Cli.run(node, "crm", "deals", "move", dealId, "won");
    assertThat(won.exitCode()).as(won.toString()).isZero();
    assertThat(won.json().get("stageKind").getAsString()).isEqualTo("KIND_WON");
    assertThat(won.json().has("closedAt")).isTrue();

    Cli.Result board = Cli.run(node, "crm", "deals", "list", "--company", company);
    assertThat(board.json().getAsJsonArray("deals")).hasSize(1);
    Cli.Result acts = Cli.run(node, "crm", "activities", "list", "--company", company);
    JsonObject first = acts.json().getAsJsonArray("activities").get(0).getAsJsonObject();
    assertThat(first.get("contactName").getAsString()).isEqualTo("Jane Doe");

    // The event's client, as planning shows it.
    try (Api a = new Api(node)) {
      Event e =
          a.planning()
              .createEvent(
                  CreateEventRequest.newBuilder()
                      .setName("Festival " + x)
                      .setPeriod(
                          Period.newBuilder()
                              .setStart(
                                  com.google.protobuf.Timestamp.newBuilder()
                                      .setSeconds(2_000_000_000L))
                              .setEnd(
                                  com.google.protobuf.Timestamp.newBuilder()
                                      .setSeconds(2_000_086_400L)))
                      .setClientCompanyId(company)
                      .setClientContactId(jane)
                      .build());
      Event read =
          a.planning().getEvent(GetEventRequest.newBuilder().setId(e.getId()).build()).getEvent();
      assertThat(read.getClientName()).isEqualTo("Acme " + x + " Events Ltd");
      assertThat(read.getClient().getContactEmail()).isEqualTo("jane" + x + "@mail.example");
    }

    Cli.Result archived = Cli.run(node, "crm", "companies", "archive", company);
    assertThat(archived.json().get("archived").getAsBoolean()).isTrue();
    Cli.Result hidden = Cli.run(node, "crm", "companies", "list", "--query", "acme " + x);
    assertThat(hidden.json().has("companies")).isFalse();
  }
}
