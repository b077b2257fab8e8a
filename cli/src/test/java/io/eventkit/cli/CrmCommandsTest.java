package io.eventkit.cli;

import static io.eventkit.cli.TrustCommandsTest.parseJson;
import static io.eventkit.cli.TrustCommandsTest.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.proto.v1.ActivityKind;
import io.eventkit.proto.v1.AddActivityRequest;
import io.eventkit.proto.v1.Company;
import io.eventkit.proto.v1.Contact;
import io.eventkit.proto.v1.CreateCompanyRequest;
import io.eventkit.proto.v1.CreateContactRequest;
import io.eventkit.proto.v1.CreateDealRequest;
import io.eventkit.proto.v1.Deal;
import io.eventkit.proto.v1.DealStage;
import io.eventkit.proto.v1.GetCompanyResponse;
import io.eventkit.proto.v1.ListCompaniesRequest;
import io.eventkit.proto.v1.ListCompaniesResponse;
import io.eventkit.proto.v1.ListDealStagesResponse;
import io.eventkit.proto.v1.ListDealsRequest;
import io.eventkit.proto.v1.ListDealsResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.SetDealStagesRequest;
import io.eventkit.proto.v1.UpdateCompanyRequest;
import io.eventkit.proto.v1.UpdateDealRequest;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code crm} commands against a scripted CrmService on a real gRPC server. */
class CrmCommandsTest {
  static final String CO = "3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b";
  static final String DEAL = "7c1e0b2a-1111-4e2f-9b1c-000000000001";
  static final String LEAD = "6b1f0a52-0000-4000-8000-000000000001";
  static final String LOST = "6b1f0a52-0000-4000-8000-000000000006";

  private FakeCrmService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeCrmService();
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

  static Company acme() {
    return Company.newBuilder()
        .setId(CO)
        .setName("Acme Events Ltd")
        .setEmail("events@acme.example")
        .addTags("festival")
        .build();
  }

  static ListDealStagesResponse stages() {
    return ListDealStagesResponse.newBuilder()
        .addStages(
            DealStage.newBuilder()
                .setId(LEAD)
                .setName("Lead")
                .setKind(DealStage.Kind.KIND_OPEN)
                .setProbability(10)
                .setDealCount(2)
                .setTotalValue(Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(150000)))
        .addStages(
            DealStage.newBuilder().setId(LOST).setName("Lost").setKind(DealStage.Kind.KIND_LOST))
        .build();
  }

  @Test
  void companiesCreateMapsEveryOptionAndPrintsTheId() {
    fake.expect("CreateCompany", acme());
    Cli.Result r =
        cli.run(
            "crm",
            "companies",
            "create",
            "Acme Events Ltd",
            "--email",
            "events@acme.example",
            "--website",
            "https://acme.example",
            "--currency",
            "gbp",
            "--language",
            "en-GB",
            "--city",
            "London",
            "--country",
            "gb",
            "--tag",
            "festival",
            "--tag",
            "vip",
            "--allow-duplicate");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo(CO);
    CreateCompanyRequest q = fake.only("CreateCompany");
    assertThat(q.getName()).isEqualTo("Acme Events Ltd");
    assertThat(q.getDefaultCurrency()).isEqualTo("GBP");
    assertThat(q.getBillingAddress().getCountryCode()).isEqualTo("GB");
    assertThat(q.getBillingAddress().getCity()).isEqualTo("London");
    assertThat(q.getTagsList()).containsExactly("festival", "vip");
    assertThat(q.getAllowDuplicate()).isTrue();
    assertThat(fake.calls.get(0).authorization()).isEqualTo("Bearer " + Cli.TOKEN);
  }

  @Test
  void aDuplicateIsReportedWithTheNodesMessageAndExit1() {
    fake.expect(
        "CreateCompany",
        Status.ALREADY_EXISTS.withDescription(
            "A company named 'Acme Events Ltd' already exists (same name, id "
                + CO
                + "); set allow_duplicate to create it anyway"));
    Cli.Result r = cli.run("crm", "companies", "create", "ACME events");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("already exists (same name");
  }

  @Test
  void companiesListPrintsATableAndTheNextToken() throws Exception {
    ListCompaniesResponse page =
        ListCompaniesResponse.newBuilder()
            .addCompanies(acme())
            .setPage(PageResponse.newBuilder().setNextPageToken("NEXT"))
            .build();
    fake.expect("ListCompanies", page).expect("ListCompanies", page);
    Cli.Result r = cli.run("crm", "companies", "list", "--query", "acme", "--page-size", "1");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Acme Events Ltd")
        .contains("festival")
        .contains("--page-token NEXT");
    ListCompaniesRequest q = fake.<ListCompaniesRequest>requests("ListCompanies").get(0);
    assertThat(q.getQuery()).isEqualTo("acme");
    assertThat(q.getPage().getPageSize()).isEqualTo(1);

    Cli.Result json = cli.run("crm", "companies", "list", "-o", "json");
    assertThat(parseJson(json.out(), ListCompaniesResponse.getDefaultInstance())).isEqualTo(page);
  }

  @Test
  void archiveAndShow() {
    fake.expect("UpdateCompany", acme().toBuilder().setArchived(true).build());
    Cli.Result r = cli.run("crm", "companies", "archive", CO);
    assertThat(r.out()).contains("Acme Events Ltd: archived");
    UpdateCompanyRequest q = fake.only("UpdateCompany");
    assertThat(q.hasArchived()).isTrue();
    assertThat(q.getArchived()).isTrue();

    fake.expect(
        "GetCompany",
        GetCompanyResponse.newBuilder()
            .setCompany(acme())
            .addContacts(
                Contact.newBuilder()
                    .setId("c1")
                    .setFirstName("Jane")
                    .setLastName("Doe")
                    .setEmail("jane@acme.example")
                    .setPrimary(true))
            .addOpenDeals(
                Deal.newBuilder()
                    .setId(DEAL)
                    .setTitle("Summer festival")
                    .setStageName("Lead")
                    .setCompanyName("Acme Events Ltd")
                    .setValue(Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(1250000))
                    .setProbability(10)
                    .setExpectedClose(ts("2026-06-01T00:00:00Z")))
            .build());
    Cli.Result show = cli.run("crm", "companies", "show", CO);
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out())
        .contains("events@acme.example")
        .contains("Jane Doe")
        .contains("Summer festival")
        .contains("12500.00 EUR")
        .contains("2026-06-01");
  }

  @Test
  void contactsAndActivities() {
    fake.expect("CreateContact", Contact.newBuilder().setId("c1").build());
    Cli.Result add =
        cli.run(
            "crm",
            "contacts",
            "add",
            CO,
            "--first-name",
            "Jane",
            "--email",
            "jane@acme.example",
            "--primary");
    assertThat(add.out().strip()).isEqualTo("c1");
    CreateContactRequest c = fake.only("CreateContact");
    assertThat(c.getPrimary()).isTrue();
    assertThat(c.getCompanyId()).isEqualTo(CO);

    Cli.Result noName = cli.run("crm", "contacts", "add", CO, "--email", "x@y.example");
    assertThat(noName.exitCode()).isEqualTo(2);
    assertThat(noName.err()).contains("--first-name or --last-name");

    fake.expect("AddActivity", io.eventkit.proto.v1.Activity.newBuilder().setId("a1").build());
    Cli.Result act =
        cli.run(
            "crm",
            "activities",
            "add",
            CO,
            "--kind",
            "meeting",
            "--subject",
            "Site visit",
            "--at",
            "2026-12-05T10:00:00Z");
    assertThat(act.exitCode()).as(act.toString()).isZero();
    AddActivityRequest a = fake.<AddActivityRequest>requests("AddActivity").get(0);
    assertThat(a.getKind()).isEqualTo(ActivityKind.ACTIVITY_KIND_MEETING);
    assertThat(a.getOccurredAt()).isEqualTo(ts("2026-12-05T10:00:00Z"));

    Cli.Result badKind = cli.run("crm", "activities", "add", CO, "--kind", "fax", "--subject", "x");
    assertThat(badKind.exitCode()).isEqualTo(2);
    assertThat(badKind.err()).contains("call, email, meeting or note");
    Cli.Result noFilter = cli.run("crm", "activities", "list");
    assertThat(noFilter.exitCode()).isEqualTo(2);
    assertThat(noFilter.err()).contains("exactly one of --company, --contact and --deal");
  }

  @Test
  void dealsCreateMoveByStageNameAndList() {
    fake.expect("ListDealStages", stages());
    fake.expect("CreateDeal", Deal.newBuilder().setId(DEAL).build());
    Cli.Result r =
        cli.run(
            "crm",
            "deals",
            "create",
            CO,
            "--title",
            "Summer festival",
            "--value",
            "12500.00EUR",
            "--close",
            "2026-06-01T00:00:00Z",
            "--stage",
            "lead",
            "--event",
            "11111111-2222-4333-8444-555555555555");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    CreateDealRequest q = fake.<CreateDealRequest>requests("CreateDeal").get(0);
    assertThat(q.getStageId()).isEqualTo(LEAD);
    assertThat(q.getValue().getMinorUnits()).isEqualTo(1250000);
    assertThat(q.getEventIdsList()).hasSize(1);

    fake.expect("ListDealStages", stages());
    fake.expect(
        "UpdateDeal",
        Deal.newBuilder()
            .setId(DEAL)
            .setTitle("Summer festival")
            .setStageName("Lost")
            .setClosedAt(ts("2026-12-05T10:00:00Z"))
            .build());
    Cli.Result move = cli.run("crm", "deals", "move", DEAL, "Lost", "--reason", "Too dear");
    assertThat(move.out()).contains("Summer festival: Lost (closed)");
    UpdateDealRequest u = fake.<UpdateDealRequest>requests("UpdateDeal").get(0);
    assertThat(u.getStageId()).isEqualTo(LOST);
    assertThat(u.getLostReason()).isEqualTo("Too dear");

    fake.expect("ListDealStages", stages());
    Cli.Result unknown = cli.run("crm", "deals", "move", DEAL, "Nowhere");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no stage 'Nowhere'").contains("Lead, Lost");

    fake.expect("ListDeals", ListDealsResponse.getDefaultInstance());
    Cli.Result list = cli.run("crm", "deals", "list", "--open-only", "--company", CO);
    assertThat(list.exitCode()).isZero();
    ListDealsRequest l = fake.<ListDealsRequest>requests("ListDeals").get(0);
    assertThat(l.getOpenOnly()).isTrue();
    assertThat(l.getCompanyId()).isEqualTo(CO);

    Cli.Result badValue = cli.run("crm", "deals", "create", CO, "--title", "x", "--value", "12");
    assertThat(badValue.exitCode()).isEqualTo(2);
    assertThat(badValue.err()).contains("--value");
  }

  @Test
  void stagesSetKeepsIdsByNameAndRenames() {
    fake.expect("ListDealStages", stages());
    fake.expect("SetDealStages", stages());
    Cli.Result r =
        cli.run(
            "crm",
            "stages",
            "set",
            "--stage",
            "Lead=Enquiry:open:15",
            "--stage",
            "Site visit:open",
            "--stage",
            "Won:won",
            "--stage",
            "Lost:lost");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("1500.00 EUR");
    SetDealStagesRequest q = fake.<SetDealStagesRequest>requests("SetDealStages").get(0);
    assertThat(q.getStagesList())
        .extracting(DealStage::getName)
        .containsExactly("Enquiry", "Site visit", "Won", "Lost");
    assertThat(q.getStages(0).getId()).isEqualTo(LEAD);
    assertThat(q.getStages(0).getProbability()).isEqualTo(15);
    assertThat(q.getStages(1).getId()).isEmpty();
    assertThat(q.getStages(2).getProbability()).isEqualTo(100);
    assertThat(q.getStages(3).getId()).isEqualTo(LOST);

    Cli.Result bad = cli.run("crm", "stages", "set", "--stage", "Lead:maybe");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("KIND must be open, won or lost");
  }

  @Test
  void helpExamplesFitIn80Columns() {
    for (String[] cmd :
        new String[][] {
          {"crm", "companies", "create", "--help"},
          {"crm", "contacts", "add", "--help"},
          {"crm", "deals", "move", "--help"},
          {"crm", "stages", "set", "--help"},
          {"crm", "activities", "add", "--help"}
        }) {
      Cli.Result r = cli.run(cmd);
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).contains("eventkit crm");
      for (String line : r.out().split("\n", -1)) {
        assertThat(line.length()).as(line).isLessThanOrEqualTo(80);
      }
    }
  }
}
