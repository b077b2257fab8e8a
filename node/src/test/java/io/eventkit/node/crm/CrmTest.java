package io.eventkit.node.crm;

import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.planningApi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Timestamp;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.proto.v1.ActivityKind;
import io.eventkit.proto.v1.AddActivityRequest;
import io.eventkit.proto.v1.Company;
import io.eventkit.proto.v1.Contact;
import io.eventkit.proto.v1.CreateCompanyRequest;
import io.eventkit.proto.v1.CreateContactRequest;
import io.eventkit.proto.v1.CreateDealRequest;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.CrmServiceGrpc;
import io.eventkit.proto.v1.Deal;
import io.eventkit.proto.v1.DealStage;
import io.eventkit.proto.v1.DuplicateMatch;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.FindDuplicatesRequest;
import io.eventkit.proto.v1.GetCompanyRequest;
import io.eventkit.proto.v1.GetContactRequest;
import io.eventkit.proto.v1.GetDealRequest;
import io.eventkit.proto.v1.GetEventRequest;
import io.eventkit.proto.v1.ListActivitiesRequest;
import io.eventkit.proto.v1.ListCompaniesRequest;
import io.eventkit.proto.v1.ListCompaniesResponse;
import io.eventkit.proto.v1.ListContactsRequest;
import io.eventkit.proto.v1.ListDealStagesRequest;
import io.eventkit.proto.v1.ListDealsRequest;
import io.eventkit.proto.v1.ListDealsResponse;
import io.eventkit.proto.v1.ListEventsRequest;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.PostalAddress;
import io.eventkit.proto.v1.SetDealStagesRequest;
import io.eventkit.proto.v1.UpdateCompanyRequest;
import io.eventkit.proto.v1.UpdateContactRequest;
import io.eventkit.proto.v1.UpdateDealRequest;
import io.eventkit.proto.v1.UpdateEventRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** CrmService and the event's client over gRPC against a real node (embedded PostgreSQL). */
class CrmTest {
  private static final String UNKNOWN = "00000000-0000-4000-8000-00000000dead";

  private static CrmServiceGrpc.CrmServiceBlockingStub api() {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node().adminToken());
    return CrmServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static String u() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static Status.Code code(Supplier<?> call) {
    return assertThrows(StatusRuntimeException.class, call::get).getStatus().getCode();
  }

  private static StatusRuntimeException error(Supplier<?> call) {
    return assertThrows(StatusRuntimeException.class, call::get);
  }

  private static Timestamp ts(String instant) {
    Instant i = Instant.parse(instant);
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private static Company company(String name, String tag) {
    return api()
        .createCompany(CreateCompanyRequest.newBuilder().setName(name).addTags(tag).build());
  }

  private static Contact contact(Company c, String first, String email) {
    return api()
        .createContact(
            CreateContactRequest.newBuilder()
                .setCompanyId(c.getId())
                .setFirstName(first)
                .setLastName("Tester")
                .setEmail(email)
                .build());
  }

  private static List<Company> listByTag(String tag, boolean archived) {
    return api()
        .listCompanies(
            ListCompaniesRequest.newBuilder().setTag(tag).setIncludeArchived(archived).build())
        .getCompaniesList();
  }

  private static DealStage stage(String name) {
    return api().listDealStages(ListDealStagesRequest.getDefaultInstance()).getStagesList().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void duplicatesAreRefusedNamingTheMatchUnlessAllowed() {
    String x = u();
    Company acme =
        api()
            .createCompany(
                CreateCompanyRequest.newBuilder()
                    .setName("Acme " + x + " Events Ltd")
                    .setWebsite("https://www.acme-" + x + ".com/about")
                    .setEmail("acme" + x + "@gmail.com")
                    .setDefaultCurrency("GBP")
                    .setLanguage("en-GB")
                    .setBillingAddress(
                        PostalAddress.newBuilder().setCity("London").setCountryCode("GB"))
                    .build());
    assertThat(acme.getDomain()).isEqualTo("acme-" + x + ".com");

    StatusRuntimeException byName =
        error(
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder()
                            .setName("ACME " + x + " events, GmbH")
                            .build()));
    assertThat(byName.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(byName.getStatus().getDescription())
        .contains("A company named 'Acme " + x + " Events Ltd' already exists (same name")
        .contains("set allow_duplicate to create it anyway");

    StatusRuntimeException byDomain =
        error(
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder()
                            .setName("Other " + x)
                            .setEmail("sales@acme-" + x + ".com")
                            .build()));
    assertThat(byDomain.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(byDomain.getStatus().getDescription()).contains("same domain acme-" + x + ".com");

    StatusRuntimeException byEmail =
        error(
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder()
                            .setName("Third " + x)
                            .setEmail("ACME" + x + "@gmail.com")
                            .build()));
    assertThat(byEmail.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(byEmail.getStatus().getDescription()).contains("same email");

    // A free-mail address alone is no domain match.
    Company free =
        api()
            .createCompany(
                CreateCompanyRequest.newBuilder()
                    .setName("Fourth " + x)
                    .setEmail("someone" + x + "@gmail.com")
                    .build());
    assertThat(free.getDomain()).isEmpty();

    Company anyway =
        api()
            .createCompany(
                CreateCompanyRequest.newBuilder()
                    .setName("Acme " + x + " Events Limited")
                    .setAllowDuplicate(true)
                    .build());
    assertThat(anyway.getId()).isNotEqualTo(acme.getId());

    List<DuplicateMatch> matches =
        api()
            .findDuplicates(
                FindDuplicatesRequest.newBuilder()
                    .setName("acme " + x + " events inc.")
                    .setWebsite("acme-" + x + ".com")
                    .build())
            .getMatchesList();
    assertThat(matches)
        .extracting(m -> m.getCompany().getId())
        .contains(acme.getId(), anyway.getId());
    assertThat(matches).allMatch(m -> m.getReason() == DuplicateMatch.Reason.REASON_NAME);

    contact(free, "Dup", "dup" + x + "@example.org");
    StatusRuntimeException contactDup =
        error(() -> contact(acme, "Dup2", "DUP" + x + "@example.org"));
    assertThat(contactDup.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(contactDup.getStatus().getDescription()).contains("Fourth " + x);
    assertThat(
            api()
                .findDuplicates(
                    FindDuplicatesRequest.newBuilder().setEmail("dup" + x + "@example.org").build())
                .getMatchesList())
        .anyMatch(m -> m.hasContact() && m.getReason() == DuplicateMatch.Reason.REASON_EMAIL);
  }

  @Test
  void aStaleUpdateIsAbortedAndArchivingHidesFromTheList() {
    String tag = "t" + u();
    Company c = company("Stale " + u(), tag);
    Company renamed =
        api()
            .updateCompany(
                UpdateCompanyRequest.newBuilder()
                    .setId(c.getId())
                    .setName(c.getName() + " renamed")
                    .setExpectedUpdatedAt(c.getUpdatedAt())
                    .build());
    assertThat(renamed.getName()).endsWith("renamed");
    assertThat(renamed.getTagsList()).containsExactly(tag);
    StatusRuntimeException stale =
        error(
            () ->
                api()
                    .updateCompany(
                        UpdateCompanyRequest.newBuilder()
                            .setId(c.getId())
                            .setNotes("lost update")
                            .setExpectedUpdatedAt(c.getUpdatedAt())
                            .build()));
    assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(stale.getStatus().getDescription()).contains("reload it");
    assertThat(
            api()
                .getCompany(GetCompanyRequest.newBuilder().setId(c.getId()).build())
                .getCompany()
                .getNotes())
        .isEmpty();

    assertThat(listByTag(tag, false)).hasSize(1);
    api()
        .updateCompany(
            UpdateCompanyRequest.newBuilder().setId(c.getId()).setArchived(true).build());
    assertThat(listByTag(tag, false)).isEmpty();
    assertThat(listByTag(tag, true)).extracting(Company::getArchived).containsExactly(true);
    assertThat(code(() -> contact(c, "Late", ""))).isEqualTo(Status.Code.FAILED_PRECONDITION);

    // Tags are replaced only with replace_tags.
    Company retagged =
        api()
            .updateCompany(
                UpdateCompanyRequest.newBuilder()
                    .setId(c.getId())
                    .setArchived(false)
                    .setReplaceTags(true)
                    .addTags(tag)
                    .addTags("vip")
                    .build());
    assertThat(retagged.getTagsList()).containsExactly(tag, "vip");
  }

  @Test
  void pagesCoverEveryCompanyOnceInNameOrder() {
    String tag = "p" + u();
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(company("Page " + u() + " " + i, tag).getId());
    }
    List<Company> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListCompaniesResponse r =
          api()
              .listCompanies(
                  ListCompaniesRequest.newBuilder()
                      .setTag(tag)
                      .setPage(PageRequest.newBuilder().setPageSize(3).setPageToken(token))
                      .build());
      seen.addAll(r.getCompaniesList());
      token = r.getPage().getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(pages).isEqualTo(3);
    assertThat(seen).extracting(Company::getId).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen.stream().map(Company::getId).toList())).isEqualTo(created);
    List<String> names =
        seen.stream().map(c -> c.getName().toLowerCase(java.util.Locale.ROOT)).toList();
    assertThat(names).isSorted();
  }

  @Test
  void searchFindsACompanyByItsContactsEmailAndContactsByText() {
    String x = u();
    Company c = company("Searchable " + x, "s" + x);
    Contact zed = contact(c, "Zed", "zed" + x + "@example.org");
    assertThat(
            api()
                .listCompanies(ListCompaniesRequest.newBuilder().setQuery("zed" + x).build())
                .getCompaniesList())
        .extracting(Company::getId)
        .containsExactly(c.getId());
    assertThat(
            api()
                .listCompanies(
                    ListCompaniesRequest.newBuilder().setQuery("SEARCHABLE " + x).build())
                .getCompaniesList())
        .extracting(Company::getId)
        .containsExactly(c.getId());
    assertThat(
            api()
                .listContacts(ListContactsRequest.newBuilder().setQuery("zed" + x).build())
                .getContactsList())
        .extracting(Contact::getId)
        .containsExactly(zed.getId());
    assertThat(
            api()
                .listContacts(ListContactsRequest.newBuilder().setCompanyId(c.getId()).build())
                .getContactsList())
        .extracting(Contact::getCompanyName)
        .containsExactly(c.getName());
  }

  /**
   * Both plans of a contact search (Crm.listContacts): few hits are found by trigrams and sorted,
   * many by walking the name index. Each pages in name order without gaps or repeats.
   */
  @Test
  void contactSearchPagesInNameOrderWhetherItsHitsAreFewOrMany() {
    String x = u();
    Company c = company("Paged contacts " + x, "p" + x);
    for (String last : List.of("Young", "Adams", "Miller", "baker", "Olsen")) {
      var unused =
          api()
              .createContact(
                  CreateContactRequest.newBuilder()
                      .setCompanyId(c.getId())
                      .setFirstName("Pat")
                      .setLastName(last)
                      .setEmail(
                          last.toLowerCase(java.util.Locale.ROOT) + ".few" + x + "@example.org")
                      .build());
    }
    assertThat(searchAll("few" + x, 2))
        .extracting(Contact::getLastName)
        .containsExactly("Adams", "baker", "Miller", "Olsen", "Young");
    // More hits than Crm.FEW_HITS: rows straight into the table, as an import would leave them.
    node()
        .runtime()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO crm_contact (id, company_id, first_name, last_name, email,"
                            + " is_primary, created_at, updated_at) SELECT gen_random_uuid(),"
                            + " CAST(:company AS uuid), 'Many', 'Many' || lpad(CAST(i AS text), 4,"
                            + " '0'), 'm' || i || '.many' || :x || '@example.org', false, now(),"
                            + " now() FROM generate_series(1, :n) i")
                    .bind("company", c.getId())
                    .bind("x", x)
                    .bind("n", Crm.FEW_HITS + 20)
                    .execute());
    List<Contact> many = searchAll("many" + x, 100);
    assertThat(many).hasSize(Crm.FEW_HITS + 20);
    assertThat(many.get(0).getLastName()).isEqualTo("Many0001");
    assertThat(many)
        .extracting(ct -> ct.getLastName().toLowerCase(java.util.Locale.ROOT))
        .isSorted()
        .doesNotHaveDuplicates();
  }

  /**
   * The rule that lets Crm.listContacts pick a plan: both return the same rows in the same order,
   * archived or not, with cursors inside a run of equal last names.
   */
  @Test
  void bothContactSearchPlansReturnTheSameRowsInTheSameOrder() {
    String x = u();
    Company a = company("Plans A " + x, "q" + x);
    Company b = company("Plans B " + x, "q" + x);
    List<String[]> people =
        List.of(
            new String[] {"Sam", "Tie"},
            new String[] {"ann", "Tie"},
            new String[] {"Bob", "tie"},
            new String[] {"Sam", "Tie"},
            new String[] {"Zoe", "Abel"},
            new String[] {"Max", "Zed"});
    int i = 0;
    for (String[] p : people) {
      Contact ct =
          api()
              .createContact(
                  CreateContactRequest.newBuilder()
                      .setCompanyId((i % 2 == 0 ? a : b).getId())
                      .setFirstName(p[0])
                      .setLastName(p[1])
                      .setEmail("p" + i++ + ".plans" + x + "@example.org")
                      .build());
      if (p[0].equals("Bob")) {
        var unused =
            api()
                .updateContact(
                    UpdateContactRequest.newBuilder().setId(ct.getId()).setArchived(true).build());
      }
    }
    String like = Crm.like("plans" + x);
    for (boolean archived : List.of(false, true)) {
      List<String> walked = everyPage(false, like, archived);
      assertThat(everyPage(true, like, archived)).as("archived %s", archived).isEqualTo(walked);
      assertThat(walked).hasSize(archived ? 6 : 5);
    }
  }

  /**
   * Every page of a search straight from ContactDao, by search.sql ({@code sorted}) or list.sql, in
   * pages of 2 so that a cursor lands inside a run of equal last names.
   */
  private static List<String> everyPage(boolean sorted, String like, boolean archived) {
    List<String> out = new ArrayList<>();
    String last = null;
    String first = null;
    UUID id = null;
    while (true) {
      String l = last;
      String f = first;
      UUID after = id;
      List<io.eventkit.node.crm.Contact> page =
          Daos.with(
              node().runtime().jdbi(),
              ContactDao.class,
              dao ->
                  sorted
                      ? dao.search(like, archived, l, f, after, 2)
                      : dao.list(null, like, archived, l, f, after, 2));
      page.forEach(ct -> out.add(ct.lastName() + " " + ct.firstName() + " " + ct.id()));
      if (page.size() < 2) {
        return out;
      }
      last = page.get(1).lastName();
      first = page.get(1).firstName();
      id = page.get(1).id();
    }
  }

  private static List<Contact> searchAll(String query, int pageSize) {
    List<Contact> all = new ArrayList<>();
    String token = "";
    do {
      var r =
          api()
              .listContacts(
                  ListContactsRequest.newBuilder()
                      .setQuery(query)
                      .setPage(
                          io.eventkit.proto.v1.PageRequest.newBuilder()
                              .setPageSize(pageSize)
                              .setPageToken(token))
                      .build());
      all.addAll(r.getContactsList());
      token = r.getPage().getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  @Test
  void oneContactIsPrimaryAtATime() {
    Company c = company("Primary " + u(), "x");
    Contact a =
        api()
            .createContact(
                CreateContactRequest.newBuilder()
                    .setCompanyId(c.getId())
                    .setFirstName("Ann")
                    .setPrimary(true)
                    .build());
    Contact b =
        api()
            .createContact(
                CreateContactRequest.newBuilder()
                    .setCompanyId(c.getId())
                    .setLastName("Bell")
                    .setPrimary(true)
                    .build());
    assertThat(
            api().getContact(GetContactRequest.newBuilder().setId(a.getId()).build()).getPrimary())
        .isFalse();
    assertThat(b.getPrimary()).isTrue();
    api()
        .updateContact(UpdateContactRequest.newBuilder().setId(a.getId()).setPrimary(true).build());
    List<Contact> contacts =
        api().getCompany(GetCompanyRequest.newBuilder().setId(c.getId()).build()).getContactsList();
    assertThat(contacts)
        .filteredOn(Contact::getPrimary)
        .extracting(Contact::getId)
        .containsExactly(a.getId());
    assertThat(
            code(
                () ->
                    api()
                        .updateContact(
                            UpdateContactRequest.newBuilder()
                                .setId(a.getId())
                                .setFirstName("")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void activitiesListNewestFirstByCompanyContactOrDeal() {
    Company c = company("Activities " + u(), "x");
    Company other = company("Elsewhere " + u(), "x");
    Contact ann = contact(c, "Ann", "");
    Contact stranger = contact(other, "Stranger", "");
    Deal deal =
        api()
            .createDeal(
                CreateDealRequest.newBuilder()
                    .setTitle("Summer show")
                    .setCompanyId(c.getId())
                    .build());
    AddActivityRequest base =
        AddActivityRequest.newBuilder()
            .setCompanyId(c.getId())
            .setKind(ActivityKind.ACTIVITY_KIND_CALL)
            .setSubject("First call")
            .setBody("line one\nline two")
            .setOccurredAt(ts("2030-01-01T10:00:00Z"))
            .build();
    api().addActivity(base);
    var second =
        api()
            .addActivity(
                base.toBuilder()
                    .setSubject("Meeting")
                    .setKind(ActivityKind.ACTIVITY_KIND_MEETING)
                    .setContactId(ann.getId())
                    .setOccurredAt(ts("2030-01-03T10:00:00Z"))
                    .build());
    assertThat(second.getContactName()).isEqualTo("Ann Tester");
    assertThat(second.getRecordedBy()).isNotEmpty();
    var third =
        api()
            .addActivity(
                base.toBuilder()
                    .setSubject("Quote emailed")
                    .setKind(ActivityKind.ACTIVITY_KIND_EMAIL)
                    .setDealId(deal.getId())
                    .clearOccurredAt()
                    .build());
    assertThat(third.getOccurredAt().getSeconds()).isGreaterThan(0);

    assertThat(
            api()
                .listActivities(ListActivitiesRequest.newBuilder().setCompanyId(c.getId()).build())
                .getActivitiesList())
        .as("newest first: 2030 before now")
        .extracting(a -> a.getSubject())
        .containsExactly("Meeting", "First call", "Quote emailed");
    assertThat(
            api()
                .listActivities(
                    ListActivitiesRequest.newBuilder().setContactId(ann.getId()).build())
                .getActivitiesList())
        .extracting(a -> a.getSubject())
        .containsExactly("Meeting");
    assertThat(
            api()
                .listActivities(ListActivitiesRequest.newBuilder().setDealId(deal.getId()).build())
                .getActivitiesList())
        .extracting(a -> a.getSubject())
        .containsExactly("Quote emailed");
    var page1 =
        api()
            .listActivities(
                ListActivitiesRequest.newBuilder()
                    .setCompanyId(c.getId())
                    .setPage(PageRequest.newBuilder().setPageSize(2))
                    .build());
    var page2 =
        api()
            .listActivities(
                ListActivitiesRequest.newBuilder()
                    .setCompanyId(c.getId())
                    .setPage(
                        PageRequest.newBuilder()
                            .setPageSize(2)
                            .setPageToken(page1.getPage().getNextPageToken()))
                    .build());
    assertThat(page2.getActivitiesList())
        .extracting(a -> a.getSubject())
        .containsExactly("Quote emailed");

    assertThat(
            code(() -> api().addActivity(base.toBuilder().setContactId(stranger.getId()).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .addActivity(
                            base.toBuilder()
                                .setCompanyId(other.getId())
                                .setDealId(deal.getId())
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> api().listActivities(ListActivitiesRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .listActivities(
                            ListActivitiesRequest.newBuilder()
                                .setCompanyId(c.getId())
                                .setDealId(deal.getId())
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void dealsCloseIntoWonAndLostAndReopen() {
    Company c = company("Deals " + u(), "x");
    Deal d =
        api()
            .createDeal(
                CreateDealRequest.newBuilder()
                    .setTitle("Festival")
                    .setCompanyId(c.getId())
                    .setValue(Money.newBuilder().setMinorUnits(500_000))
                    .build());
    assertThat(d.getStageName()).isEqualTo("Lead");
    assertThat(d.getProbability()).isEqualTo(10);
    assertThat(d.getValue().getCurrencyCode()).isEqualTo("EUR");
    assertThat(d.getOwnerUserId()).as("an API key owns nothing").isEmpty();
    assertThat(d.hasClosedAt()).isFalse();

    Deal won =
        api()
            .updateDeal(
                UpdateDealRequest.newBuilder()
                    .setId(d.getId())
                    .setStageId(stage("Won").getId())
                    .setExpectedUpdatedAt(d.getUpdatedAt())
                    .build());
    assertThat(won.getStageKind()).isEqualTo(DealStage.Kind.KIND_WON);
    assertThat(won.hasClosedAt()).isTrue();
    assertThat(won.getProbability()).isEqualTo(100);

    assertThat(
            code(
                () ->
                    api()
                        .updateDeal(
                            UpdateDealRequest.newBuilder()
                                .setId(d.getId())
                                .setTitle("stale")
                                .setExpectedUpdatedAt(d.getUpdatedAt())
                                .build())))
        .isEqualTo(Status.Code.ABORTED);

    StatusRuntimeException noReason =
        error(
            () ->
                api()
                    .updateDeal(
                        UpdateDealRequest.newBuilder()
                            .setId(d.getId())
                            .setStageId(stage("Lost").getId())
                            .build()));
    assertThat(noReason.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noReason.getStatus().getDescription()).contains("lost_reason");

    Deal lost =
        api()
            .updateDeal(
                UpdateDealRequest.newBuilder()
                    .setId(d.getId())
                    .setStageId(stage("Lost").getId())
                    .setLostReason("Went with a cheaper supplier")
                    .build());
    assertThat(lost.getStageKind()).isEqualTo(DealStage.Kind.KIND_LOST);
    assertThat(lost.getLostReason()).isEqualTo("Went with a cheaper supplier");
    assertThat(lost.hasClosedAt()).isTrue();

    Deal reopened =
        api()
            .updateDeal(
                UpdateDealRequest.newBuilder()
                    .setId(d.getId())
                    .setStageId(stage("Proposal").getId())
                    .build());
    assertThat(reopened.hasClosedAt()).isFalse();
    assertThat(reopened.getLostReason()).isEmpty();
    assertThat(reopened.getProbability()).isEqualTo(50);
    assertThat(api().getDeal(GetDealRequest.newBuilder().setId(d.getId()).build()))
        .isEqualTo(reopened);

    assertThat(
            code(
                () ->
                    api()
                        .createDeal(
                            CreateDealRequest.newBuilder()
                                .setTitle("Ghost events")
                                .setCompanyId(c.getId())
                                .addEventIds(UNKNOWN)
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void theBoardOrdersByStageThenExpectedClose() {
    Company c = company("Board " + u(), "x");
    String proposal = stage("Proposal").getId();
    List<String> expected = new ArrayList<>();
    expected.add(
        api()
            .createDeal(
                CreateDealRequest.newBuilder().setTitle("lead").setCompanyId(c.getId()).build())
            .getId());
    Deal late =
        api()
            .createDeal(
                CreateDealRequest.newBuilder()
                    .setTitle("late")
                    .setCompanyId(c.getId())
                    .setStageId(proposal)
                    .setExpectedClose(ts("2031-06-01T00:00:00Z"))
                    .build());
    Deal none =
        api()
            .createDeal(
                CreateDealRequest.newBuilder()
                    .setTitle("undated")
                    .setCompanyId(c.getId())
                    .setStageId(proposal)
                    .build());
    Deal early =
        api()
            .createDeal(
                CreateDealRequest.newBuilder()
                    .setTitle("early")
                    .setCompanyId(c.getId())
                    .setStageId(proposal)
                    .setExpectedClose(ts("2031-01-01T00:00:00Z"))
                    .build());
    expected.addAll(List.of(early.getId(), late.getId(), none.getId()));

    assertThat(
            api()
                .listDeals(ListDealsRequest.newBuilder().setCompanyId(c.getId()).build())
                .getDealsList())
        .extracting(Deal::getId)
        .containsExactlyElementsOf(expected);
    List<String> paged = new ArrayList<>();
    String token = "";
    do {
      ListDealsResponse r =
          api()
              .listDeals(
                  ListDealsRequest.newBuilder()
                      .setCompanyId(c.getId())
                      .setPage(PageRequest.newBuilder().setPageSize(1).setPageToken(token))
                      .build());
      r.getDealsList().forEach(d -> paged.add(d.getId()));
      token = r.getPage().getNextPageToken();
    } while (!token.isEmpty());
    assertThat(paged).containsExactlyElementsOf(expected);

    assertThat(
            api()
                .getCompany(GetCompanyRequest.newBuilder().setId(c.getId()).build())
                .getOpenDealsList())
        .hasSize(4);
    DealStage p = stage("Proposal");
    assertThat(p.getDealCount()).isGreaterThanOrEqualTo(3);
    assertThat(p.getTotalValue().getCurrencyCode()).isEqualTo("EUR");
  }

  @Test
  void thePipelineKeepsStagesThatHoldDealsAndNeedsOpenWonAndLost() {
    List<DealStage> before =
        api().listDealStages(ListDealStagesRequest.getDefaultInstance()).getStagesList();
    Company c = company("Stages " + u(), "x");
    api()
        .createDeal(
            CreateDealRequest.newBuilder()
                .setTitle("keeps lead")
                .setCompanyId(c.getId())
                .setValue(Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(1234))
                .build());
    List<DealStage> withoutLead = before.stream().filter(s -> !s.getName().equals("Lead")).toList();
    StatusRuntimeException held =
        error(
            () ->
                api()
                    .setDealStages(
                        SetDealStagesRequest.newBuilder().addAllStages(withoutLead).build()));
    assertThat(held.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(held.getStatus().getDescription()).contains("stage 'Lead' still holds");

    List<DealStage> noWon =
        before.stream().filter(s -> s.getKind() != DealStage.Kind.KIND_WON).toList();
    StatusRuntimeException won =
        error(
            () ->
                api().setDealStages(SetDealStagesRequest.newBuilder().addAllStages(noWon).build()));
    assertThat(won.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(won.getStatus().getDescription()).contains("at least one WON stage");

    // Rename, reorder and add in one go; names may swap places.
    List<DealStage> next = new ArrayList<>();
    next.add(before.get(1).toBuilder().setName(before.get(0).getName()).build());
    next.add(before.get(0).toBuilder().setName(before.get(1).getName()).build());
    next.add(
        DealStage.newBuilder()
            .setName("Site visit")
            .setKind(DealStage.Kind.KIND_OPEN)
            .setProbability(60)
            .build());
    next.addAll(before.subList(2, before.size()));
    List<DealStage> after =
        api()
            .setDealStages(SetDealStagesRequest.newBuilder().addAllStages(next).build())
            .getStagesList();
    assertThat(after).extracting(DealStage::getName).contains("Site visit");
    assertThat(after).extracting(DealStage::getPosition).containsExactly(0, 1, 2, 3, 4, 5, 6);
    DealStage lead =
        after.stream()
            .filter(s -> s.getId().equals(before.get(0).getId()))
            .findFirst()
            .orElseThrow();
    assertThat(lead.getDealCount()).isGreaterThanOrEqualTo(1);
    assertThat(lead.getTotalValue().getMinorUnits()).isGreaterThanOrEqualTo(1234);

    // Back to the default pipeline (other tests use its names).
    List<DealStage> restored =
        api()
            .setDealStages(SetDealStagesRequest.newBuilder().addAllStages(before).build())
            .getStagesList();
    assertThat(restored)
        .extracting(DealStage::getName)
        .containsExactlyElementsOf(before.stream().map(DealStage::getName).toList());
  }

  private static Period period() {
    return Period.newBuilder()
        .setStart(ts("2033-05-01T08:00:00Z"))
        .setEnd(ts("2033-05-02T08:00:00Z"))
        .build();
  }

  @Test
  void anEventShowsItsClientFromCrm() {
    Company c = company("Client " + u(), "x");
    Contact ann =
        api()
            .createContact(
                CreateContactRequest.newBuilder()
                    .setCompanyId(c.getId())
                    .setFirstName("Ann")
                    .setLastName("Lee")
                    .setEmail("ann" + u() + "@client.example")
                    .setPhone("+44 20 7946 0000")
                    .build());
    Company other = company("Other client " + u(), "x");
    Contact stranger = contact(other, "Stranger", "");

    Event e =
        planningApi()
            .createEvent(
                CreateEventRequest.newBuilder()
                    .setName("Gala " + u())
                    .setPeriod(period())
                    .setClientName("typed by hand")
                    .setClientCompanyId(c.getId())
                    .setClientContactId(ann.getId())
                    .build());
    assertThat(e.getClientName()).isEqualTo(c.getName());
    assertThat(e.getClient().getCompanyName()).isEqualTo(c.getName());
    assertThat(e.getClient().getContactName()).isEqualTo("Ann Lee");
    assertThat(e.getClient().getContactEmail()).isEqualTo(ann.getEmail());
    assertThat(e.getClient().getContactPhone()).isEqualTo("+44 20 7946 0000");

    api()
        .updateCompany(
            UpdateCompanyRequest.newBuilder()
                .setId(c.getId())
                .setName(c.getName() + " plc")
                .build());
    Event read =
        planningApi().getEvent(GetEventRequest.newBuilder().setId(e.getId()).build()).getEvent();
    assertThat(read.getClient().getCompanyName()).isEqualTo(c.getName() + " plc");
    assertThat(
            planningApi()
                .listEvents(ListEventsRequest.newBuilder().setClientCompanyId(c.getId()).build())
                .getEventsList())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.getId()).isEqualTo(e.getId());
              assertThat(x.getClient().getContactName()).isEqualTo("Ann Lee");
            });

    assertThat(
            code(
                () ->
                    planningApi()
                        .updateEvent(
                            UpdateEventRequest.newBuilder()
                                .setId(e.getId())
                                .setClientContactId(stranger.getId())
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    planningApi()
                        .updateEvent(
                            UpdateEventRequest.newBuilder()
                                .setId(e.getId())
                                .setClientCompanyId(UNKNOWN)
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    planningApi()
                        .createEvent(
                            CreateEventRequest.newBuilder()
                                .setName("Bad client")
                                .setPeriod(period())
                                .setClientCompanyId("not-an-id")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);

    // A new company takes the place of the old one, and its contact goes with it.
    var moved =
        planningApi()
            .updateEvent(
                UpdateEventRequest.newBuilder()
                    .setId(e.getId())
                    .setClientCompanyId(other.getId())
                    .build())
            .getEvent();
    assertThat(moved.getClient().getCompanyId()).isEqualTo(other.getId());
    assertThat(moved.getClient().getContactId()).isEmpty();
    assertThat(moved.getClientName()).isEqualTo(other.getName());

    var cleared =
        planningApi()
            .updateEvent(
                UpdateEventRequest.newBuilder().setId(e.getId()).setClientCompanyId("").build())
            .getEvent();
    assertThat(cleared.hasClient()).isFalse();
    assertThat(
            planningApi()
                .getEvent(GetEventRequest.newBuilder().setId(e.getId()).build())
                .getEvent()
                .hasClient())
        .isFalse();

    api()
        .updateCompany(
            UpdateCompanyRequest.newBuilder().setId(other.getId()).setArchived(true).build());
    assertThat(
            code(
                () ->
                    planningApi()
                        .updateEvent(
                            UpdateEventRequest.newBuilder()
                                .setId(e.getId())
                                .setClientCompanyId(other.getId())
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void malformedRequestsAreRefusedAndChangeNothing() {
    String tag = "bad" + u();
    Company c = company("Bad input " + u(), tag);
    String longName = "x".repeat(201);
    List<Supplier<?>> calls =
        List.of(
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder().setName("").addTags(tag).build()),
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder().setName(longName).addTags(tag).build()),
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder()
                            .setName("Bad email " + u())
                            .setEmail("not an email")
                            .addTags(tag)
                            .build()),
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder()
                            .setName("Bad currency " + u())
                            .setDefaultCurrency("EURO")
                            .addTags(tag)
                            .build()),
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder()
                            .setName("Bad language " + u())
                            .setLanguage("english!")
                            .addTags(tag)
                            .build()),
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder()
                            .setName("Bad country " + u())
                            .setBillingAddress(PostalAddress.newBuilder().setCountryCode("XX"))
                            .addTags(tag)
                            .build()),
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder()
                            .setName("Long tag " + u())
                            .addTags(tag)
                            .addTags("t".repeat(41))
                            .build()),
            () -> {
              CreateCompanyRequest.Builder b =
                  CreateCompanyRequest.newBuilder().setName("Many tags " + u()).addTags(tag);
              for (int i = 0; i < 20; i++) {
                b.addTags("tag" + i);
              }
              return api().createCompany(b.build());
            },
            () ->
                api()
                    .createCompany(
                        CreateCompanyRequest.newBuilder()
                            .setName("Bad price list " + u())
                            .setPriceListId("nope")
                            .addTags(tag)
                            .build()),
            () ->
                api()
                    .updateCompany(
                        UpdateCompanyRequest.newBuilder().setId("nope").setName("x").build()),
            () ->
                api()
                    .updateCompany(
                        UpdateCompanyRequest.newBuilder().setId(c.getId()).setName("").build()),
            () ->
                api()
                    .updateCompany(
                        UpdateCompanyRequest.newBuilder().setId(c.getId()).setEmail("@").build()),
            () -> api().getCompany(GetCompanyRequest.newBuilder().setId("1").build()),
            () ->
                api()
                    .listCompanies(
                        ListCompaniesRequest.newBuilder().setQuery("q".repeat(101)).build()),
            () ->
                api()
                    .listCompanies(
                        ListCompaniesRequest.newBuilder()
                            .setPage(PageRequest.newBuilder().setPageToken("garbage"))
                            .build()),
            () -> api().findDuplicates(FindDuplicatesRequest.getDefaultInstance()),
            () ->
                api()
                    .createContact(
                        CreateContactRequest.newBuilder().setCompanyId(c.getId()).build()),
            () ->
                api()
                    .createContact(
                        CreateContactRequest.newBuilder()
                            .setCompanyId("x")
                            .setFirstName("A")
                            .build()),
            () ->
                api()
                    .createContact(
                        CreateContactRequest.newBuilder()
                            .setCompanyId(c.getId())
                            .setFirstName("y".repeat(101))
                            .build()),
            () ->
                api()
                    .createContact(
                        CreateContactRequest.newBuilder()
                            .setCompanyId(c.getId())
                            .setFirstName("A")
                            .setPhone("call me maybe")
                            .build()),
            () -> api().updateContact(UpdateContactRequest.newBuilder().setId("x").build()),
            () -> api().getContact(GetContactRequest.newBuilder().setId("x").build()),
            () -> api().listContacts(ListContactsRequest.newBuilder().setCompanyId("x").build()),
            () ->
                api()
                    .addActivity(
                        AddActivityRequest.newBuilder()
                            .setCompanyId(c.getId())
                            .setSubject("no kind")
                            .build()),
            () ->
                api()
                    .addActivity(
                        AddActivityRequest.newBuilder()
                            .setCompanyId(c.getId())
                            .setKind(ActivityKind.ACTIVITY_KIND_NOTE)
                            .setSubject("")
                            .build()),
            () ->
                api()
                    .setDealStages(
                        SetDealStagesRequest.newBuilder()
                            .addStages(DealStage.newBuilder().setName("Only").build())
                            .build()),
            () ->
                api()
                    .setDealStages(
                        SetDealStagesRequest.newBuilder()
                            .addStages(
                                DealStage.newBuilder()
                                    .setName("P")
                                    .setKind(DealStage.Kind.KIND_OPEN)
                                    .setProbability(101))
                            .build()),
            () ->
                api()
                    .createDeal(
                        CreateDealRequest.newBuilder()
                            .setTitle("")
                            .setCompanyId(c.getId())
                            .build()),
            () ->
                api()
                    .createDeal(
                        CreateDealRequest.newBuilder()
                            .setTitle("neg")
                            .setCompanyId(c.getId())
                            .setValue(Money.newBuilder().setMinorUnits(-1))
                            .build()),
            () ->
                api()
                    .createDeal(
                        CreateDealRequest.newBuilder()
                            .setTitle("prob")
                            .setCompanyId(c.getId())
                            .setProbability(150)
                            .build()),
            () ->
                api()
                    .createDeal(
                        CreateDealRequest.newBuilder()
                            .setTitle("events")
                            .setCompanyId(c.getId())
                            .addEventIds("nope")
                            .build()),
            () -> api().updateDeal(UpdateDealRequest.newBuilder().setId("x").build()),
            () -> api().getDeal(GetDealRequest.newBuilder().setId("x").build()),
            () -> api().listDeals(ListDealsRequest.newBuilder().setStageId("x").build()),
            () ->
                api()
                    .listDeals(
                        ListDealsRequest.newBuilder()
                            .setPage(
                                PageRequest.newBuilder()
                                    .setPageToken(
                                        io.eventkit.node.kernel.PageSpec.token(
                                            List.of("zero", "then", UNKNOWN))))
                            .build()));
    for (int i = 0; i < calls.size(); i++) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, calls.get(i)::get);
      assertThat(e.getStatus().getCode())
          .as("call %d: %s", i, e.getStatus())
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).as("call %d", i).isNotBlank();
    }
    assertThat(listByTag(tag, true)).extracting(Company::getId).containsExactly(c.getId());
    assertThat(
            api().getCompany(GetCompanyRequest.newBuilder().setId(c.getId()).build()).getCompany())
        .isEqualTo(c);
    assertThat(
            api()
                .listDeals(ListDealsRequest.newBuilder().setCompanyId(c.getId()).build())
                .getDealsList())
        .isEmpty();

    assertThat(code(() -> api().getCompany(GetCompanyRequest.newBuilder().setId(UNKNOWN).build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    // Until quotes adds the price_list table (and its foreign key) any UUID is kept; after, an
    // unknown one is NOT_FOUND.
    try {
      Company priced =
          api()
              .createCompany(
                  CreateCompanyRequest.newBuilder()
                      .setName("Unknown price list " + u())
                      .setPriceListId(UNKNOWN)
                      .build());
      assertThat(priced.getPriceListId()).isEqualTo(UNKNOWN);
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(e.getStatus().getDescription()).contains("unknown price list");
    }
  }
}
