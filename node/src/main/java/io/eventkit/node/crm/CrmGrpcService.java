package io.eventkit.node.crm;

import static io.eventkit.node.platform.api.grpc.ProtoTime.instant;
import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.proto.v1.ActivityKind;
import io.eventkit.proto.v1.AddActivityRequest;
import io.eventkit.proto.v1.CreateCompanyRequest;
import io.eventkit.proto.v1.CreateContactRequest;
import io.eventkit.proto.v1.CreateDealRequest;
import io.eventkit.proto.v1.CrmServiceGrpc;
import io.eventkit.proto.v1.DuplicateMatch;
import io.eventkit.proto.v1.FindDuplicatesRequest;
import io.eventkit.proto.v1.FindDuplicatesResponse;
import io.eventkit.proto.v1.GetCompanyRequest;
import io.eventkit.proto.v1.GetCompanyResponse;
import io.eventkit.proto.v1.GetContactRequest;
import io.eventkit.proto.v1.GetDealRequest;
import io.eventkit.proto.v1.ListActivitiesRequest;
import io.eventkit.proto.v1.ListActivitiesResponse;
import io.eventkit.proto.v1.ListCompaniesRequest;
import io.eventkit.proto.v1.ListCompaniesResponse;
import io.eventkit.proto.v1.ListContactsRequest;
import io.eventkit.proto.v1.ListContactsResponse;
import io.eventkit.proto.v1.ListDealStagesRequest;
import io.eventkit.proto.v1.ListDealStagesResponse;
import io.eventkit.proto.v1.ListDealsRequest;
import io.eventkit.proto.v1.ListDealsResponse;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.PostalAddress;
import io.eventkit.proto.v1.SetDealStagesRequest;
import io.eventkit.proto.v1.UpdateCompanyRequest;
import io.eventkit.proto.v1.UpdateContactRequest;
import io.eventkit.proto.v1.UpdateDealRequest;
import io.grpc.stub.StreamObserver;
import java.time.DateTimeException;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** gRPC adapter for {@code eventkit.v1.CrmService}: proto in, domain calls, proto out. */
final class CrmGrpcService extends CrmServiceGrpc.CrmServiceImplBase {
  private final Crm crm;
  private final Pipeline pipeline;

  CrmGrpcService(Crm crm, Pipeline pipeline) {
    this.crm = crm;
    this.pipeline = pipeline;
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  // ---- mapping ----

  static Company.Address address(PostalAddress a) {
    return new Company.Address(
        a.getLine1().strip(),
        a.getLine2().strip(),
        a.getPostalCode().strip(),
        a.getCity().strip(),
        a.getRegion().strip(),
        a.getCountryCode().strip());
  }

  static PostalAddress address(Company.Address a) {
    return PostalAddress.newBuilder()
        .setLine1(a.line1())
        .setLine2(a.line2())
        .setPostalCode(a.postalCode())
        .setCity(a.city())
        .setRegion(a.region())
        .setCountryCode(a.countryCode())
        .build();
  }

  static io.eventkit.proto.v1.Company company(Company c) {
    return io.eventkit.proto.v1.Company.newBuilder()
        .setId(c.id().toString())
        .setName(c.name())
        .setEmail(c.email())
        .setPhone(c.phone())
        .setWebsite(c.website())
        .setDomain(c.domain())
        .setTaxId(c.taxId())
        .setBillingAddress(address(c.address()))
        .setDefaultCurrency(c.defaultCurrency())
        .setLanguage(c.language())
        .setPriceListId(Ids.str(c.priceListId()))
        .addAllTags(c.tags())
        .setNotes(c.notes())
        .setArchived(c.archived())
        .setCreatedAt(timestamp(c.createdAt()))
        .setUpdatedAt(timestamp(c.updatedAt()))
        .build();
  }

  static io.eventkit.proto.v1.Contact contact(Contact c) {
    return io.eventkit.proto.v1.Contact.newBuilder()
        .setId(c.id().toString())
        .setCompanyId(c.companyId().toString())
        .setCompanyName(c.companyName())
        .setFirstName(c.firstName())
        .setLastName(c.lastName())
        .setRole(c.role())
        .setEmail(c.email())
        .setPhone(c.phone())
        .setMobile(c.mobile())
        .setLanguage(c.language())
        .setPrimary(c.primary())
        .setNotes(c.notes())
        .setArchived(c.archived())
        .setCreatedAt(timestamp(c.createdAt()))
        .setUpdatedAt(timestamp(c.updatedAt()))
        .build();
  }

  static io.eventkit.proto.v1.Activity activity(Activity a) {
    return io.eventkit.proto.v1.Activity.newBuilder()
        .setId(a.id().toString())
        .setKind(ActivityKind.valueOf("ACTIVITY_KIND_" + a.kind().name()))
        .setCompanyId(a.companyId().toString())
        .setContactId(Ids.str(a.contactId()))
        .setContactName(a.contactName())
        .setDealId(Ids.str(a.dealId()))
        .setSubject(a.subject())
        .setBody(a.body())
        .setOccurredAt(timestamp(a.occurredAt()))
        .setRecordedBy(a.recordedBy())
        .setCreatedAt(timestamp(a.createdAt()))
        .build();
  }

  static io.eventkit.proto.v1.Money money(Money m) {
    return io.eventkit.proto.v1.Money.newBuilder()
        .setCurrencyCode(m.currencyCode())
        .setMinorUnits(m.minorUnits())
        .build();
  }

  static io.eventkit.proto.v1.DealStage.Kind kind(DealStage.Kind k) {
    return io.eventkit.proto.v1.DealStage.Kind.valueOf("KIND_" + k.name());
  }

  static io.eventkit.proto.v1.DealStage stage(DealStage s) {
    return io.eventkit.proto.v1.DealStage.newBuilder()
        .setId(s.id().toString())
        .setName(s.name())
        .setKind(kind(s.kind()))
        .setProbability(s.probability())
        .setPosition(s.position())
        .setDealCount(s.dealCount())
        .setTotalValue(money(new Money(s.currency(), s.totalMinor())))
        .build();
  }

  static io.eventkit.proto.v1.Deal deal(Deal d) {
    io.eventkit.proto.v1.Deal.Builder b =
        io.eventkit.proto.v1.Deal.newBuilder()
            .setId(d.id().toString())
            .setTitle(d.title())
            .setCompanyId(d.companyId().toString())
            .setCompanyName(d.companyName())
            .setContactId(Ids.str(d.contactId()))
            .setContactName(d.contactName())
            .setStageId(d.stageId().toString())
            .setStageName(d.stageName())
            .setStageKind(kind(d.stageKind()))
            .setValue(money(d.value()))
            .setProbability(d.probability())
            .setOwnerUserId(Ids.str(d.ownerUserId()))
            .setOwnerName(d.ownerName())
            .addAllEventIds(d.eventIds().stream().map(UUID::toString).toList())
            .setLostReason(d.lostReason())
            .setNotes(d.notes())
            .setCreatedAt(timestamp(d.createdAt()))
            .setUpdatedAt(timestamp(d.updatedAt()));
    if (d.expectedClose() != null) {
      b.setExpectedClose(timestamp(d.expectedClose()));
    }
    if (d.closedAt() != null) {
      b.setClosedAt(timestamp(d.closedAt()));
    }
    return b.build();
  }

  private static PageSpec page(PageRequest p, int parts) {
    return PageSpec.of(p.getPageSize(), p.getPageToken(), parts);
  }

  /** A list call whose page token's parts don't parse is the client's error, not ours. */
  private static <T> PageSpec.Page<T> paged(Supplier<PageSpec.Page<T>> list) {
    try {
      return list.get();
    } catch (IllegalArgumentException | DateTimeException e) {
      throw DomainException.invalid(
          "page.page_token is not valid for this list; start again with an empty token");
    }
  }

  private static PageResponse pageResponse(String next) {
    return PageResponse.newBuilder().setNextPageToken(next).build();
  }

  private static UUID optionalId(String value, String field) {
    return Ids.optional(value, field);
  }

  // ---- companies ----

  @Override
  public void createCompany(
      CreateCompanyRequest r, StreamObserver<io.eventkit.proto.v1.Company> out) {
    Company c =
        crm.createCompany(
            new Crm.NewCompany(
                r.getName(),
                r.getEmail(),
                r.getPhone(),
                r.getWebsite(),
                r.getTaxId(),
                address(r.getBillingAddress()),
                r.getDefaultCurrency(),
                r.getLanguage(),
                optionalId(r.getPriceListId(), "price_list_id"),
                r.getTagsList(),
                r.getNotes(),
                r.getAllowDuplicate()));
    reply(out, company(c));
  }

  @Override
  public void updateCompany(
      UpdateCompanyRequest r, StreamObserver<io.eventkit.proto.v1.Company> out) {
    Company c =
        crm.updateCompany(
            Ids.parse(r.getId(), "id"),
            new Crm.CompanyChanges(
                r.hasName() ? r.getName() : null,
                r.hasEmail() ? r.getEmail() : null,
                r.hasPhone() ? r.getPhone() : null,
                r.hasWebsite() ? r.getWebsite() : null,
                r.hasTaxId() ? r.getTaxId() : null,
                r.hasBillingAddress() ? address(r.getBillingAddress()) : null,
                r.hasDefaultCurrency() ? r.getDefaultCurrency() : null,
                r.hasLanguage() ? r.getLanguage() : null,
                r.hasPriceListId() ? optionalId(r.getPriceListId(), "price_list_id") : null,
                r.hasPriceListId() && r.getPriceListId().isEmpty(),
                r.getReplaceTags() ? r.getTagsList() : null,
                r.hasNotes() ? r.getNotes() : null,
                r.hasArchived() ? r.getArchived() : null,
                r.hasExpectedUpdatedAt() ? instant(r.getExpectedUpdatedAt()) : null));
    reply(out, company(c));
  }

  @Override
  public void getCompany(GetCompanyRequest r, StreamObserver<GetCompanyResponse> out) {
    Crm.CompanyView v = crm.getCompany(Ids.parse(r.getId(), "id"), pipeline);
    reply(
        out,
        GetCompanyResponse.newBuilder()
            .setCompany(company(v.company()))
            .addAllContacts(v.contacts().stream().map(CrmGrpcService::contact).toList())
            .addAllOpenDeals(v.openDeals().stream().map(CrmGrpcService::deal).toList())
            .build());
  }

  @Override
  public void listCompanies(ListCompaniesRequest r, StreamObserver<ListCompaniesResponse> out) {
    PageSpec spec = page(r.getPage(), 2);
    var p = paged(() -> crm.listCompanies(r.getQuery(), r.getTag(), r.getIncludeArchived(), spec));
    reply(
        out,
        ListCompaniesResponse.newBuilder()
            .addAllCompanies(p.items().stream().map(CrmGrpcService::company).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
  }

  @Override
  public void findDuplicates(FindDuplicatesRequest r, StreamObserver<FindDuplicatesResponse> out) {
    FindDuplicatesResponse.Builder b = FindDuplicatesResponse.newBuilder();
    for (Crm.Match m : crm.findDuplicates(r.getName(), r.getEmail(), r.getWebsite())) {
      DuplicateMatch.Builder d =
          DuplicateMatch.newBuilder()
              .setReason(DuplicateMatch.Reason.valueOf("REASON_" + m.reason().name()));
      if (m.company() != null) {
        d.setCompany(company(m.company()));
      } else {
        d.setContact(contact(m.contact()));
      }
      b.addMatches(d);
    }
    reply(out, b.build());
  }

  // ---- contacts ----

  @Override
  public void createContact(
      CreateContactRequest r, StreamObserver<io.eventkit.proto.v1.Contact> out) {
    Contact c =
        crm.createContact(
            new Crm.NewContact(
                Ids.parse(r.getCompanyId(), "company_id"),
                r.getFirstName(),
                r.getLastName(),
                r.getRole(),
                r.getEmail(),
                r.getPhone(),
                r.getMobile(),
                r.getLanguage(),
                r.getPrimary(),
                r.getNotes(),
                r.getAllowDuplicate()));
    reply(out, contact(c));
  }

  @Override
  public void updateContact(
      UpdateContactRequest r, StreamObserver<io.eventkit.proto.v1.Contact> out) {
    Contact c =
        crm.updateContact(
            Ids.parse(r.getId(), "id"),
            new Crm.ContactChanges(
                r.hasFirstName() ? r.getFirstName() : null,
                r.hasLastName() ? r.getLastName() : null,
                r.hasRole() ? r.getRole() : null,
                r.hasEmail() ? r.getEmail() : null,
                r.hasPhone() ? r.getPhone() : null,
                r.hasMobile() ? r.getMobile() : null,
                r.hasLanguage() ? r.getLanguage() : null,
                r.hasPrimary() ? r.getPrimary() : null,
                r.hasNotes() ? r.getNotes() : null,
                r.hasArchived() ? r.getArchived() : null,
                r.hasExpectedUpdatedAt() ? instant(r.getExpectedUpdatedAt()) : null));
    reply(out, contact(c));
  }

  @Override
  public void getContact(GetContactRequest r, StreamObserver<io.eventkit.proto.v1.Contact> out) {
    reply(out, contact(crm.getContact(Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void listContacts(ListContactsRequest r, StreamObserver<ListContactsResponse> out) {
    PageSpec spec = page(r.getPage(), 3);
    UUID company = optionalId(r.getCompanyId(), "company_id");
    var p = paged(() -> crm.listContacts(company, r.getQuery(), r.getIncludeArchived(), spec));
    reply(
        out,
        ListContactsResponse.newBuilder()
            .addAllContacts(p.items().stream().map(CrmGrpcService::contact).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
  }

  // ---- activities ----

  @Override
  public void addActivity(AddActivityRequest r, StreamObserver<io.eventkit.proto.v1.Activity> out) {
    Activity a =
        crm.addActivity(
            new Crm.NewActivity(
                Activity.Kind.valueOf(r.getKind().name().substring("ACTIVITY_KIND_".length())),
                Ids.parse(r.getCompanyId(), "company_id"),
                optionalId(r.getContactId(), "contact_id"),
                optionalId(r.getDealId(), "deal_id"),
                r.getSubject(),
                r.getBody(),
                r.hasOccurredAt() ? instant(r.getOccurredAt()) : null),
            pipeline);
    reply(out, activity(a));
  }

  @Override
  public void listActivities(ListActivitiesRequest r, StreamObserver<ListActivitiesResponse> out) {
    PageSpec spec = page(r.getPage(), 2);
    UUID company = optionalId(r.getCompanyId(), "company_id");
    UUID contact = optionalId(r.getContactId(), "contact_id");
    UUID deal = optionalId(r.getDealId(), "deal_id");
    var p = paged(() -> crm.listActivities(company, contact, deal, spec));
    reply(
        out,
        ListActivitiesResponse.newBuilder()
            .addAllActivities(p.items().stream().map(CrmGrpcService::activity).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
  }

  // ---- pipeline ----

  @Override
  public void listDealStages(ListDealStagesRequest r, StreamObserver<ListDealStagesResponse> out) {
    reply(out, stages(pipeline.stages()));
  }

  private static ListDealStagesResponse stages(List<DealStage> stages) {
    return ListDealStagesResponse.newBuilder()
        .addAllStages(stages.stream().map(CrmGrpcService::stage).toList())
        .build();
  }

  @Override
  public void setDealStages(SetDealStagesRequest r, StreamObserver<ListDealStagesResponse> out) {
    List<Pipeline.StageSpec> specs =
        r.getStagesList().stream()
            .map(
                s ->
                    new Pipeline.StageSpec(
                        optionalId(s.getId(), "stages.id"),
                        s.getName(),
                        DealStage.Kind.valueOf(s.getKind().name().substring("KIND_".length())),
                        s.getProbability()))
            .toList();
    reply(out, stages(pipeline.setStages(specs)));
  }

  private static Money value(io.eventkit.proto.v1.Money m) {
    return new Money(m.getCurrencyCode(), m.getMinorUnits());
  }

  private static List<UUID> eventIds(List<String> ids) {
    return ids.stream().map(s -> Ids.parse(s, "event_ids")).toList();
  }

  @Override
  public void createDeal(CreateDealRequest r, StreamObserver<io.eventkit.proto.v1.Deal> out) {
    Deal d =
        pipeline.createDeal(
            new Pipeline.NewDeal(
                r.getTitle(),
                Ids.parse(r.getCompanyId(), "company_id"),
                optionalId(r.getContactId(), "contact_id"),
                optionalId(r.getStageId(), "stage_id"),
                r.hasValue() ? value(r.getValue()) : null,
                r.hasProbability() ? r.getProbability() : null,
                r.hasExpectedClose() ? instant(r.getExpectedClose()) : null,
                optionalId(r.getOwnerUserId(), "owner_user_id"),
                eventIds(r.getEventIdsList()),
                r.getNotes()));
    reply(out, deal(d));
  }

  @Override
  public void updateDeal(UpdateDealRequest r, StreamObserver<io.eventkit.proto.v1.Deal> out) {
    Deal d =
        pipeline.updateDeal(
            Ids.parse(r.getId(), "id"),
            new Pipeline.DealChanges(
                r.hasTitle() ? r.getTitle() : null,
                r.hasContactId() ? optionalId(r.getContactId(), "contact_id") : null,
                r.hasContactId() && r.getContactId().isEmpty(),
                r.hasStageId() ? optionalId(r.getStageId(), "stage_id") : null,
                r.hasValue() ? value(r.getValue()) : null,
                r.hasProbability() ? r.getProbability() : null,
                r.hasExpectedClose() ? instant(r.getExpectedClose()) : null,
                r.hasOwnerUserId() ? optionalId(r.getOwnerUserId(), "owner_user_id") : null,
                r.hasOwnerUserId() && r.getOwnerUserId().isEmpty(),
                r.getReplaceEventIds() ? eventIds(r.getEventIdsList()) : null,
                r.hasLostReason() ? r.getLostReason() : null,
                r.hasNotes() ? r.getNotes() : null,
                r.hasExpectedUpdatedAt() ? instant(r.getExpectedUpdatedAt()) : null));
    reply(out, deal(d));
  }

  @Override
  public void getDeal(GetDealRequest r, StreamObserver<io.eventkit.proto.v1.Deal> out) {
    reply(out, deal(pipeline.getDeal(Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void listDeals(ListDealsRequest r, StreamObserver<ListDealsResponse> out) {
    PageSpec spec = page(r.getPage(), 3);
    Pipeline.DealFilter f =
        new Pipeline.DealFilter(
            optionalId(r.getStageId(), "stage_id"),
            optionalId(r.getCompanyId(), "company_id"),
            optionalId(r.getOwnerUserId(), "owner_user_id"),
            r.getOpenOnly(),
            r.getQuery());
    var p = paged(() -> pipeline.listDeals(f, spec));
    reply(
        out,
        ListDealsResponse.newBuilder()
            .addAllDeals(p.items().stream().map(CrmGrpcService::deal).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
  }
}
