package io.eventkit.node.quotes;

import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.refuse;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.SettableClock;
import io.eventkit.proto.v1.AcceptQuoteRequest;
import io.eventkit.proto.v1.AcceptQuoteResponse;
import io.eventkit.proto.v1.AddQuoteLineRequest;
import io.eventkit.proto.v1.ApproveQuoteRequest;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateQuoteRequest;
import io.eventkit.proto.v1.CreateRoleRequest;
import io.eventkit.proto.v1.DeclineQuoteRequest;
import io.eventkit.proto.v1.DiffQuoteVersionsRequest;
import io.eventkit.proto.v1.GetQuoteRequest;
import io.eventkit.proto.v1.GetQuoteVersionRequest;
import io.eventkit.proto.v1.ListQuotesRequest;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.Permission;
import io.eventkit.proto.v1.Quote;
import io.eventkit.proto.v1.QuoteDiff;
import io.eventkit.proto.v1.QuoteLineChange;
import io.eventkit.proto.v1.QuoteLineKind;
import io.eventkit.proto.v1.QuoteServiceGrpc;
import io.eventkit.proto.v1.QuoteState;
import io.eventkit.proto.v1.QuoteVersion;
import io.eventkit.proto.v1.RemoveQuoteLineRequest;
import io.eventkit.proto.v1.SendQuoteRequest;
import io.eventkit.proto.v1.SetExchangeRateRequest;
import io.eventkit.proto.v1.SetRateCardRequest;
import io.eventkit.proto.v1.SetTaxRateRequest;
import io.eventkit.proto.v1.SyncQuoteFromEventRequest;
import io.eventkit.proto.v1.TaxRate;
import io.eventkit.proto.v1.UpdateQuoteLineRequest;
import io.eventkit.proto.v1.UpdateQuoteRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** QuoteService against a real node: from an event to an accepted quote and a confirmed event. */
class QuotesTest {
  private final Domain m = warn();

  static QuoteServiceGrpc.QuoteServiceBlockingStub api() {
    return api(node().adminToken());
  }

  static QuoteServiceGrpc.QuoteServiceBlockingStub api(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return QuoteServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  static Status.Code code(Executable e) {
    Throwable t = assertThrows(Throwable.class, e);
    if (t instanceof StatusRuntimeException s) {
      assertThat(s.getStatus().getDescription()).isNotBlank();
      return s.getStatus().getCode();
    }
    if (t instanceof DomainException d) {
      return Status.Code.valueOf(d.code().name());
    }
    throw new AssertionError("unexpected", t);
  }

  /** A CRM company (and contact) written straight to the tables the CRM feature owns. */
  static UUID[] company(String currency, String language) {
    UUID company = UUID.randomUUID();
    UUID contact = UUID.randomUUID();
    String name = unique("Client ");
    jdbi()
        .useHandle(
            h -> {
              h.execute(
                  "INSERT INTO crm_company (id, name, name_key, default_currency, language,"
                      + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, now(), now())",
                  company,
                  name,
                  name.toLowerCase(java.util.Locale.ROOT),
                  currency,
                  language);
              h.execute(
                  "INSERT INTO crm_contact (id, company_id, first_name, last_name, email,"
                      + " created_at, updated_at) VALUES (?, ?, 'Jo', 'Smith', 'jo@example.com',"
                      + " now(), now())",
                  contact,
                  company);
            });
    return new UUID[] {company, contact};
  }

  static void setClient(Event e, UUID[] client) {
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE event SET client_company_id = ?, client_contact_id = ? WHERE id = ?",
                    client[0],
                    client[1],
                    e.id()));
  }

  static void rate(Product p, long day, long week) {
    api()
        .setRateCard(
            SetRateCardRequest.newBuilder()
                .setProductId(p.id().toString())
                .setDayRate(eur(day))
                .setWeekRate(eur(week))
                .build());
  }

  static Money eur(long minor) {
    return Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(minor).build();
  }

  static String tax20() {
    api()
        .setTaxRate(
            SetTaxRateRequest.newBuilder()
                .setTaxRate(
                    TaxRate.newBuilder()
                        .setCode("TEST-20")
                        .setLabel("VAT 20 %")
                        .setJurisdiction("GB")
                        .setRateBp(2000))
                .build());
    return "TEST-20";
  }

  private Quote service(Quote q, String description, String qty, long unit, int discountBp) {
    return api()
        .addQuoteLine(
            AddQuoteLineRequest.newBuilder()
                .setQuoteId(q.getId())
                .setExpectedRevision(q.getRevision())
                .setKind(QuoteLineKind.QUOTE_LINE_KIND_SERVICE)
                .setDescription(description)
                .setQuantity(qty)
                .setUnit("hour")
                .setUnitPrice(eur(unit))
                .setDiscountBp(discountBp)
                .setTaxCode(tax20())
                .build());
  }

  private Quote standalone() {
    UUID[] client = company("EUR", "en");
    return api()
        .createQuote(
            CreateQuoteRequest.newBuilder()
                .setCompanyId(client[0].toString())
                .setContactId(client[1].toString())
                .build());
  }

  @Test
  void fromAnEventToVersionsDiffAndAConfirmedEvent() {
    Product p = bulk(m, 10);
    rate(p, 10000, 0);
    String tax = tax20();
    UUID[] client = company("", "de");
    Event e = event(m, EventStatus.ENQUIRY, iv("2035-05-01T08:00:00Z", "2035-05-04T08:00:00Z"));
    setClient(e, client);
    book(m, e, p, 3, null);
    book(m, e, p, 1, null);

    Quote q =
        api().createQuote(CreateQuoteRequest.newBuilder().setEventId(e.id().toString()).build());
    assertThat(q.getNumber()).matches("Q-\\d{4}-\\d{4}");
    assertThat(q.getState()).isEqualTo(QuoteState.QUOTE_STATE_DRAFT);
    assertThat(q.getCompanyId()).isEqualTo(client[0].toString());
    assertThat(q.getContactEmail()).isEqualTo("jo@example.com");
    assertThat(q.getLanguage()).isEqualTo("de");
    assertThat(q.getTitle()).isEqualTo(e.name());
    assertThat(q.getEventStatus().name()).isEqualTo("EVENT_STATUS_QUOTE");
    assertThat(m.planning.requireEvent(e.id()).status()).isEqualTo(EventStatus.QUOTE);
    // Both booking lines are one product over one period: one RENTAL line of 4.
    assertThat(q.getLinesList()).hasSize(1);
    var rental = q.getLines(0);
    assertThat(rental.getQuantity()).isEqualTo("4");
    assertThat(rental.getDays()).isEqualTo(3);
    assertThat(rental.getChargedDays()).isEqualTo("2");
    assertThat(rental.getRateDetail()).isEqualTo("3 days charged as 2");
    assertThat(rental.getGross().getMinorUnits()).isEqualTo(4 * 10000 * 2);

    // Tax on the rental line, then a service of 10.5 hours at 45.00.
    q =
        api()
            .updateQuoteLine(
                UpdateQuoteLineRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .setLineId(rental.getId())
                    .setTaxCode(tax)
                    .build());
    q = service(q, "Crew", "10.5", 4500, 0);
    assertThat(q.getTotals().getNet().getMinorUnits()).isEqualTo(80000 + 47250);
    assertThat(q.getTotals().getTax().getMinorUnits()).isEqualTo(16000 + 9450);
    assertThat(q.getTotals().getTotal().getMinorUnits()).isEqualTo(127250 + 25450);
    assertThat(q.getTotals().getTaxesList()).hasSize(1);
    assertThat(q.getTotals().getTaxes(0).getLabel()).isEqualTo("VAT 20 %");

    var sent =
        api()
            .sendQuote(
                SendQuoteRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .build());
    QuoteVersion v1 = sent.getVersion();
    assertThat(v1.getVersion()).isEqualTo(1);
    assertThat(v1.getTotals().getTotal().getMinorUnits()).isEqualTo(152700);
    q = sent.getQuote();
    assertThat(q.getState()).isEqualTo(QuoteState.QUOTE_STATE_SENT);
    assertThat(q.getHasUnsentChanges()).isFalse();
    byte[] v1Bytes = version(q, 1).toByteArray();

    // Edits of the draft, a new tax figure and a new rate card leave v1 as it was sent.
    String crewId = q.getLines(1).getId();
    q =
        api()
            .updateQuoteLine(
                UpdateQuoteLineRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .setLineId(crewId)
                    .setQuantity("12")
                    .build());
    q = service(q, "Transport", "1", 15000, 0);
    q =
        api()
            .removeQuoteLine(
                RemoveQuoteLineRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .setLineId(rental.getId())
                    .build());
    rate(p, 12000, 0);
    assertThat(q.getHasUnsentChanges()).isTrue();
    assertThat(version(q, 1).toByteArray()).isEqualTo(v1Bytes);
    Exception refused =
        assertThrows(
            Exception.class,
            () ->
                jdbi()
                    .useHandle(
                        h ->
                            h.execute(
                                "UPDATE quote_version SET total = 0 WHERE quote_id = ?",
                                UUID.fromString(v1.getQuoteId()))));
    assertThat(refused).hasMessageContaining("append-only");

    QuoteDiff d =
        api()
            .diffQuoteVersions(
                DiffQuoteVersionsRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setFromVersion(1)
                    .setToVersion(0)
                    .build());
    assertThat(d.getLinesList())
        .extracting(QuoteLineChange::getKind, QuoteLineChange::getDescription)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(QuoteLineChange.Kind.KIND_CHANGED, "Crew"),
            org.assertj.core.groups.Tuple.tuple(QuoteLineChange.Kind.KIND_ADDED, "Transport"),
            org.assertj.core.groups.Tuple.tuple(
                QuoteLineChange.Kind.KIND_REMOVED, rental.getDescription()));
    QuoteLineChange crew =
        d.getLinesList().stream()
            .filter(c -> c.getKind() == QuoteLineChange.Kind.KIND_CHANGED)
            .findFirst()
            .orElseThrow();
    assertThat(crew.getChangesList())
        .anySatisfy(
            f -> {
              assertThat(f.getField()).isEqualTo("quantity");
              assertThat(f.getBefore()).isEqualTo("10.5");
              assertThat(f.getAfter()).isEqualTo("12");
            });
    assertThat(d.getTotalsBefore().getTotal().getMinorUnits()).isEqualTo(152700);

    // Sync brings the rental line back from the event; send v2; v1 can no longer be accepted.
    q =
        api()
            .syncQuoteFromEvent(
                SyncQuoteFromEventRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .build());
    assertThat(q.getLinesList())
        .filteredOn(l -> l.getKind() == QuoteLineKind.QUOTE_LINE_KIND_RENTAL)
        .singleElement()
        .satisfies(l -> assertThat(l.getUnitPrice().getMinorUnits()).isEqualTo(12000));
    Quote draft = q;
    q =
        api()
            .sendQuote(
                SendQuoteRequest.newBuilder()
                    .setQuoteId(draft.getId())
                    .setExpectedRevision(draft.getRevision())
                    .build())
            .getQuote();
    assertThat(q.getVersionsList()).hasSize(2);
    assertThat(version(q, 1).toByteArray()).isEqualTo(v1Bytes);
    String id = q.getId();
    assertThat(
            code(
                () ->
                    api()
                        .acceptQuote(
                            AcceptQuoteRequest.newBuilder().setQuoteId(id).setVersion(1).build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    AcceptQuoteResponse a =
        api()
            .acceptQuote(
                AcceptQuoteRequest.newBuilder()
                    .setQuoteId(id)
                    .setVersion(2)
                    .setNote("signed PDF from J. Smith")
                    .build());
    assertThat(a.getEventConfirmed()).isTrue();
    assertThat(a.getShortagesList()).isEmpty();
    assertThat(a.getQuote().getState()).isEqualTo(QuoteState.QUOTE_STATE_ACCEPTED);
    assertThat(a.getQuote().getAcceptedVersion()).isEqualTo(2);
    assertThat(m.planning.requireEvent(e.id()).status()).isEqualTo(EventStatus.CONFIRMED);

    // Closed: no draft change, no second answer; the versions stay.
    Quote accepted = a.getQuote();
    assertThat(code(() -> service(accepted, "More", "1", 100, 0)))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            code(
                () ->
                    api()
                        .declineQuote(
                            DeclineQuoteRequest.newBuilder()
                                .setQuoteId(id)
                                .setReason("changed our mind")
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(version(q, 1).toByteArray()).isEqualTo(v1Bytes);
    // The event is kept while a quote refers to it.
    assertThat(code(() -> m.planning.deleteEvent(e.id())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  private static QuoteVersion version(Quote q, int v) {
    return api()
        .getQuoteVersion(
            GetQuoteVersionRequest.newBuilder().setQuoteId(q.getId()).setVersion(v).build());
  }

  @Test
  void aDiscountAboveTheThresholdNeedsApprovalAndAnEditWithdrawsIt() {
    Quote q = service(standalone(), "Design", "2", 50000, 2000);
    assertThat(q.getApproval().getRequired()).isTrue();
    assertThat(q.getApproval().getMaxDiscountBp()).isEqualTo(2000);
    Quote unapproved = q;
    assertThat(code(() -> send(unapproved))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    q =
        api()
            .approveQuote(
                ApproveQuoteRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .build());
    assertThat(q.getApproval().getApproved()).isTrue();
    q =
        api()
            .updateQuote(
                UpdateQuoteRequest.newBuilder()
                    .setId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .setNotes("with a note")
                    .build());
    assertThat(q.getApproval().getApproved()).isFalse();
    Quote edited = q;
    assertThat(code(() -> send(edited))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    q =
        api()
            .approveQuote(
                ApproveQuoteRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .build());
    assertThat(send(q).getState()).isEqualTo(QuoteState.QUOTE_STATE_SENT);
    // A Sales token cannot approve.
    String sales =
        node()
            .authService(node().adminToken())
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName(unique("sales "))
                    .setRole(io.eventkit.proto.v1.Role.ROLE_SALES)
                    .build())
            .getToken();
    Quote other = service(standalone(), "Design", "1", 100, 0);
    assertThat(
            code(
                () ->
                    api(sales)
                        .approveQuote(
                            ApproveQuoteRequest.newBuilder()
                                .setQuoteId(other.getId())
                                .setExpectedRevision(other.getRevision())
                                .build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(api(sales).getQuote(GetQuoteRequest.newBuilder().setId(other.getId()).build()))
        .isNotNull();
  }

  private static Quote send(Quote q) {
    return api()
        .sendQuote(
            SendQuoteRequest.newBuilder()
                .setQuoteId(q.getId())
                .setExpectedRevision(q.getRevision())
                .build())
        .getQuote();
  }

  @Test
  void aStaleRevisionIsAbortedAndBadInputChangesNothing() {
    Quote q = service(standalone(), "Crew", "1", 1000, 0);
    Quote stale = q;
    q = service(q, "Crew 2", "1", 1000, 0);
    assertThat(code(() -> service(stale, "Late", "1", 1, 0))).isEqualTo(Status.Code.ABORTED);
    Quote now = q;
    for (String bad : List.of("abc", "0", "-1", "1.2345", "1e3", "")) {
      assertThat(code(() -> service(now, "Bad", bad, 1, 0)))
          .as(bad)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    assertThat(code(() -> service(now, "Bad", "1", 1, 10001)))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> service(now, "", "1", 1, 0))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .addQuoteLine(
                            AddQuoteLineRequest.newBuilder()
                                .setQuoteId(now.getId())
                                .setExpectedRevision(now.getRevision())
                                .setKind(QuoteLineKind.QUOTE_LINE_KIND_RENTAL)
                                .setProductId(UUID.randomUUID().toString())
                                .setQuantity("1.5")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .updateQuote(
                            UpdateQuoteRequest.newBuilder()
                                .setId(now.getId())
                                .setExpectedRevision(now.getRevision())
                                .setCurrency("GBX")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    Quote after = api().getQuote(GetQuoteRequest.newBuilder().setId(q.getId()).build());
    assertThat(after.getRevision()).isEqualTo(q.getRevision());
    assertThat(after.getLinesList()).isEqualTo(q.getLinesList());
    // An empty draft is not sent; a decline needs a reason and a sent quote.
    Quote empty = standalone();
    assertThat(code(() -> send(empty))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            code(
                () ->
                    api()
                        .declineQuote(
                            DeclineQuoteRequest.newBuilder()
                                .setQuoteId(now.getId())
                                .setReason("too dear")
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    Quote sent = send(q);
    assertThat(
            code(
                () ->
                    api()
                        .declineQuote(
                            DeclineQuoteRequest.newBuilder().setQuoteId(sent.getId()).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    Quote declined =
        api()
            .declineQuote(
                DeclineQuoteRequest.newBuilder()
                    .setQuoteId(sent.getId())
                    .setReason("too dear")
                    .build());
    assertThat(declined.getState()).isEqualTo(QuoteState.QUOTE_STATE_DECLINED);
    assertThat(declined.getDeclineReason()).isEqualTo("too dear");
    assertThat(
            api()
                .listQuotes(
                    ListQuotesRequest.newBuilder()
                        .addStates(QuoteState.QUOTE_STATE_DECLINED)
                        .setQuery(sent.getNumber())
                        .build())
                .getQuotesList())
        .extracting(Quote::getId)
        .containsExactly(sent.getId());
  }

  @Test
  void aProductWithoutARateCardIsPricedAtItsRentalPriceInTheBaseCurrency() {
    // The fixture's products have a rental price of EUR 10.00 and no rate card.
    Product p = bulk(m, 5);
    Quote q = standalone();
    q =
        api()
            .addQuoteLine(
                AddQuoteLineRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .setKind(QuoteLineKind.QUOTE_LINE_KIND_RENTAL)
                    .setProductId(p.id().toString())
                    .setQuantity("2")
                    .setPeriod(
                        io.eventkit.node.testing.InventoryFixture.protoPeriod(
                            "2035-07-01T08:00:00Z", "2035-07-04T08:00:00Z"))
                    .setTaxCode("-")
                    .build());
    var line = q.getLines(0);
    assertThat(line.getPriceOverridden()).isFalse();
    assertThat(line.getUnitPrice().getMinorUnits()).isEqualTo(1000);
    // 3 days charged as 2 by the default factors, × 2.
    assertThat(line.getChargedDays()).isEqualTo("2");
    assertThat(line.getGross().getMinorUnits()).isEqualTo(2 * 1000 * 2);
    // A rate card, once set, wins over the rental price.
    rate(p, 1500, 0);
    q = api().getQuote(GetQuoteRequest.newBuilder().setId(q.getId()).build());
    assertThat(q.getLines(0).getUnitPrice().getMinorUnits()).isEqualTo(1500);
  }

  @Test
  void anotherCurrencyNeedsARecordedRateAndConvertsTheRateCard() {
    Product p = bulk(m, 5);
    rate(p, 12000, 0);
    UUID[] client = company("CHF", "fr");
    assertThat(
            code(
                () ->
                    api()
                        .createQuote(
                            CreateQuoteRequest.newBuilder()
                                .setCompanyId(client[0].toString())
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    api()
        .setExchangeRate(
            SetExchangeRateRequest.newBuilder().setCurrencyCode("CHF").setRate("0.9412").build());
    Quote q =
        api()
            .createQuote(
                CreateQuoteRequest.newBuilder().setCompanyId(client[0].toString()).build());
    assertThat(q.getCurrency()).isEqualTo("CHF");
    assertThat(q.getExchangeRate()).isEqualTo("0.9412");
    q =
        api()
            .addQuoteLine(
                AddQuoteLineRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .setKind(QuoteLineKind.QUOTE_LINE_KIND_RENTAL)
                    .setProductId(p.id().toString())
                    .setQuantity("2")
                    .setPeriod(
                        io.eventkit.node.testing.InventoryFixture.protoPeriod(
                            "2035-06-01T08:00:00Z", "2035-06-02T08:00:00Z"))
                    .setTaxCode("-")
                    .build());
    // 120.00 EUR × 0.9412 = 112.944 → CHF 112.94, × 2.
    assertThat(q.getLines(0).getUnitPrice().getMinorUnits()).isEqualTo(11294);
    assertThat(q.getLines(0).getUnitPrice().getCurrencyCode()).isEqualTo("CHF");
    assertThat(q.getTotals().getTotal().getMinorUnits()).isEqualTo(22588);
  }

  @Test
  void aCustomRoleWithoutQuotesReadIsRefused() {
    Quote q = standalone();
    String role = unique("no-quotes-").toLowerCase(java.util.Locale.ROOT);
    var auth = node().authService(node().adminToken());
    auth.createRole(
        CreateRoleRequest.newBuilder()
            .setName(role)
            .addPermissions(Permission.PERMISSION_INVENTORY_READ)
            .build());
    String token =
        auth.createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName(unique("custom "))
                    .setCustomRole(role)
                    .build())
            .getToken();
    assertThat(
            code(() -> api(token).getQuote(GetQuoteRequest.newBuilder().setId(q.getId()).build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(code(() -> api(token).listQuotes(ListQuotesRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void thePdfAndTheEmailOverTheApi() {
    Quote q = service(standalone(), "Crew", "2", 4500, 0);
    var pdf =
        api()
            .renderQuotePdf(
                io.eventkit.proto.v1.RenderQuotePdfRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .build());
    assertThat(pdf.getFileName()).isEqualTo(q.getNumber() + "-draft.pdf");
    assertThat(pdf.getPdf().toStringUtf8()).startsWith("%PDF");
    var sent =
        api()
            .sendQuote(
                SendQuoteRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .setEmail(true)
                    .build());
    // This node has no SMTP server configured: the email is recorded, its failure reported on
    // the version, and nothing else is lost.
    assertThat(sent.getVersion().getEmailsList())
        .singleElement()
        .satisfies(e -> assertThat(e.getToAddress()).isEqualTo("jo@example.com"));
    var again =
        api()
            .resendQuoteEmail(
                io.eventkit.proto.v1.ResendQuoteEmailRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setVersion(1)
                    .setEmailTo("boss@example.com")
                    .build());
    assertThat(again.getToAddress()).isEqualTo("boss@example.com");
    assertThat(version(sent.getQuote(), 1).getEmailsList()).hasSize(2);
    assertThat(
            code(
                () ->
                    api()
                        .renderQuotePdf(
                            io.eventkit.proto.v1.RenderQuotePdfRequest.newBuilder()
                                .setQuoteId(q.getId())
                                .setVersion(2)
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  // ---- domain level: the clock and the overbooking policy ----

  private static QuotesModule module(Domain d, java.time.Clock clock) {
    return QuotesModule.create(
        jdbi(),
        clock,
        new io.eventkit.node.platform.events.DomainEvents(clock),
        d.planning,
        false,
        node().runtime().mail(),
        node().runtime().documents());
  }

  private static QuoteModel.Quote serviceQuote(QuotesModule qm) {
    UUID[] client = company("EUR", "en");
    QuoteModel.Quote q =
        qm.quotes.create(new QuoteModel.NewQuote(client[0], client[1], null, "", "", ""));
    return qm.quotes.addLine(
        q.id(),
        q.revision(),
        new QuoteModel.NewLine(
            QuoteModel.LineKind.SERVICE, null, "Crew", "8", "hour", null, null, 4000L, 0, "-"));
  }

  @Test
  void aSentQuoteExpiresOnTheClockAndCannotBeAcceptedThen() {
    SettableClock clock = new SettableClock();
    QuotesModule qm = module(m, clock);
    QuoteModel.Quote q = serviceQuote(qm);
    q = qm.quotes.send(q.id(), q.revision(), false, "", "").quote();
    assertThat(q.state()).isEqualTo(QuoteModel.State.SENT);
    clock.advance(Duration.ofDays(31));
    QuoteModel.Quote expired = qm.quotes.get(q.id());
    assertThat(expired.state()).isEqualTo(QuoteModel.State.EXPIRED);
    assertThat(
            qm.quotes
                .list(
                    List.of(QuoteModel.State.EXPIRED),
                    null,
                    null,
                    expired.draft().number(),
                    io.eventkit.node.kernel.PageSpec.first(10))
                .items())
        .extracting(QuoteModel.Quote::id)
        .containsExactly(q.id());
    DomainException e =
        assertThrows(DomainException.class, () -> qm.quotes.accept(expired.id(), 1, ""));
    assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
    assertThat(e.getMessage()).contains("EXPIRED");
    // The draft's own valid-until has passed too: sending again needs a later date.
    DomainException late =
        assertThrows(
            DomainException.class,
            () -> qm.quotes.send(expired.id(), expired.revision(), false, "", ""));
    assertThat(late.getMessage()).contains("valid_until");
    QuoteModel.Quote moved =
        qm.quotes.update(
            q.id(),
            expired.revision(),
            new QuoteModel.QuoteChanges(
                null,
                null,
                false,
                null,
                null,
                null,
                null,
                clock.instant().plus(Duration.ofDays(14)),
                null,
                null));
    QuoteModel.Quote resent = qm.quotes.send(q.id(), moved.revision(), false, "", "").quote();
    assertThat(resent.state()).isEqualTo(QuoteModel.State.SENT);
    assertThat(qm.quotes.accept(q.id(), 2, "").quote().state())
        .isEqualTo(QuoteModel.State.ACCEPTED);
  }

  /** A quote for an event that books all of a product, then another event takes the stock. */
  private record Contested(QuotesModule qm, Event event, QuoteModel.Quote quote) {}

  private static Contested contested(Domain d) {
    Product p = bulk(d, 2);
    rate(p, 5000, 0);
    var period = iv("2036-02-01T08:00:00Z", "2036-02-02T08:00:00Z");
    Event e = event(d, EventStatus.ENQUIRY, period);
    setClient(e, company("EUR", "en"));
    book(d, e, p, 2, null);
    QuotesModule qm = module(d, java.time.Clock.systemUTC());
    QuoteModel.Quote q = qm.quotes.create(new QuoteModel.NewQuote(null, null, e.id(), "", "", ""));
    q = qm.quotes.send(q.id(), q.revision(), false, "", "").quote();
    // Between sending and the client's answer another event confirms the same two units.
    Event other = event(d, EventStatus.CONFIRMED, period);
    book(d, other, p, 2, null);
    return new Contested(qm, e, q);
  }

  @Test
  void acceptingRechecksAvailabilityUnderRefuseTheEventStaysAndTheShortageIsReported() {
    Domain d = refuse();
    Contested c = contested(d);
    QuoteModel.Accepted a = c.qm().quotes.accept(c.quote().id(), 1, "by phone");
    assertThat(a.quote().state()).isEqualTo(QuoteModel.State.ACCEPTED);
    assertThat(a.eventConfirmed()).isFalse();
    assertThat(a.shortages())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.requested()).isEqualTo(2);
              assertThat(s.available()).isEqualTo(0);
            });
    assertThat(d.planning.requireEvent(c.event().id()).status()).isEqualTo(EventStatus.QUOTE);
  }

  @Test
  void acceptingRechecksAvailabilityUnderWarnTheEventIsConfirmedWithAWarning() {
    Domain d = warn();
    Contested c = contested(d);
    QuoteModel.Accepted a = c.qm().quotes.accept(c.quote().id(), 1, "");
    assertThat(a.eventConfirmed()).isTrue();
    // This event booked first, so it ranks first: the other event is now the one short, and the
    // confirmation's warning says so.
    assertThat(a.warnings()).singleElement().asString().contains("short by 2");
    assertThat(d.planning.requireEvent(c.event().id()).status()).isEqualTo(EventStatus.CONFIRMED);
  }

  private static QuoteModel.SettingsChanges look(String logo, String color) {
    return new QuoteModel.SettingsChanges(
        null, null, null, null, null, null, null, null, logo, color, null, null);
  }

  @Test
  void quoteSettingsRefuseAColourOrLogoThatIsNotOneOfTheSafeForms() {
    Rates rates = new Rates(jdbi(), java.time.Clock.systemUTC());
    for (String color :
        List.of(
            "red", "blue;}body{display:none", "#12", "#1234", "#gggggg", "rgb(0,0,0)", " #fff")) {
      assertThat(code(() -> rates.updateSettings(look(null, color))))
          .as(color)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    String png = "data:image/png;base64,";
    byte[] tooBig = new byte[256 * 1024 + 1];
    for (String logo :
        List.of(
            "data:image/gif;base64,R0lGOD==",
            "data:text/html;base64,PHNjcmlwdD4=",
            "http://evil.test/x.png",
            png + "!!notbase64",
            png + "QUJD=QUJD",
            png + java.util.Base64.getEncoder().encodeToString(tooBig))) {
      assertThat(code(() -> rates.updateSettings(look(logo, null))))
          .as(logo.substring(0, Math.min(40, logo.length())))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    // The largest allowed logo and both colour forms pass validation (then restore the look).
    String ok = png + java.util.Base64.getEncoder().encodeToString(new byte[256 * 1024]);
    assertThat(rates.updateSettings(look(ok, "#1c7ed6")).primaryColor()).isEqualTo("#1c7ed6");
    assertThat(rates.updateSettings(look("", "#abc")).primaryColor()).isEqualTo("#abc");
    rates.updateSettings(look("", "#1c7ed6"));
  }

  @Test
  void twoSendsOfOneRevisionMakeOneVersion() throws Exception {
    Quote q = service(standalone(), "Crew", "1", 1000, 0);
    Quote at = q;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Status.Code>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 2; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    send(at);
                    return Status.Code.OK;
                  } catch (StatusRuntimeException e) {
                    return e.getStatus().getCode();
                  }
                }));
      }
      start.countDown();
      List<Status.Code> codes = new java.util.ArrayList<>();
      for (var f : results) {
        codes.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(codes).containsExactlyInAnyOrder(Status.Code.OK, Status.Code.FAILED_PRECONDITION);
    } finally {
      pool.shutdownNow();
    }
    Quote after = api().getQuote(GetQuoteRequest.newBuilder().setId(q.getId()).build());
    assertThat(after.getVersionsList()).hasSize(1);
    // A plain retry of the same revision is refused too; a change makes it sendable again.
    assertThat(code(() -> send(after))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    Quote changed = service(after, "Crew 2", "1", 1000, 0);
    assertThat(send(changed).getVersionsList()).hasSize(2);
  }

  @Test
  void noNewQuoteForAnArchivedCompanyOrAClosedEvent() {
    UUID[] archived = company("EUR", "en");
    jdbi()
        .useHandle(
            h -> h.execute("UPDATE crm_company SET archived = true WHERE id = ?", archived[0]));
    assertThat(
            code(
                () ->
                    api()
                        .createQuote(
                            CreateQuoteRequest.newBuilder()
                                .setCompanyId(archived[0].toString())
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);

    UUID[] client = company("EUR", "en");
    for (EventStatus closed : List.of(EventStatus.CANCELLED, EventStatus.LOST)) {
      Event e = event(m, EventStatus.ENQUIRY, iv("2036-05-01T08:00:00Z", "2036-05-02T08:00:00Z"));
      setClient(e, client);
      m.planning.setStatus(e.id(), closed);
      assertThat(
              code(
                  () ->
                      api()
                          .createQuote(
                              CreateQuoteRequest.newBuilder()
                                  .setEventId(e.id().toString())
                                  .build())))
          .as(closed.name())
          .isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(
              api()
                  .listQuotes(ListQuotesRequest.newBuilder().setEventId(e.id().toString()).build())
                  .getQuotesList())
          .isEmpty();
    }
  }

  /** Statements run on this thread while {@code r} runs. */
  private static int statements(Runnable r) {
    var config = jdbi().getConfig(org.jdbi.v3.core.statement.SqlStatements.class);
    org.jdbi.v3.core.statement.SqlLogger before = config.getSqlLogger();
    Thread me = Thread.currentThread();
    int[] n = new int[1];
    config.setSqlLogger(
        new org.jdbi.v3.core.statement.SqlLogger() {
          @Override
          public void logBeforeExecution(org.jdbi.v3.core.statement.StatementContext c) {
            if (Thread.currentThread() == me) {
              n[0]++;
            }
          }
        });
    try {
      r.run();
    } finally {
      config.setSqlLogger(before);
    }
    return n[0];
  }

  @Test
  void listingQuotesRunsTheSameStatementsForAPageOfTwoOrOfSix() {
    QuotesModule qm = module(m, java.time.Clock.systemUTC());
    UUID[] client = company("EUR", "en");
    java.util.function.IntSupplier listed =
        () -> {
          int[] size = new int[1];
          int n =
              statements(
                  () ->
                      size[0] =
                          qm.quotes
                              .list(
                                  List.of(),
                                  client[0],
                                  null,
                                  null,
                                  io.eventkit.node.kernel.PageSpec.first(50))
                              .items()
                              .size());
          return n * 100 + size[0];
        };
    for (int i = 0; i < 2; i++) {
      QuoteModel.Quote q =
          qm.quotes.create(new QuoteModel.NewQuote(client[0], client[1], null, "", "", ""));
      for (String d : List.of("Crew", "Truck")) {
        q =
            qm.quotes.addLine(
                q.id(),
                q.revision(),
                new QuoteModel.NewLine(
                    QuoteModel.LineKind.SERVICE, null, d, "2", "", null, null, 1000L, 0, "-"));
      }
    }
    int two = listed.getAsInt();
    assertThat(two % 100).isEqualTo(2);
    for (int i = 0; i < 4; i++) {
      QuoteModel.Quote q =
          qm.quotes.create(new QuoteModel.NewQuote(client[0], client[1], null, "", "", ""));
      qm.quotes.addLine(
          q.id(),
          q.revision(),
          new QuoteModel.NewLine(
              QuoteModel.LineKind.SERVICE, null, "Crew", "1", "", null, null, 500L, 0, "-"));
    }
    int six = listed.getAsInt();
    assertThat(six % 100).isEqualTo(6);
    assertThat(six / 100).as("statements for 6 quotes vs 2").isEqualTo(two / 100);
  }

  @Test
  void theSettingsTakeALogoAndMultiLineTermsAndAddressThroughTheApi() {
    String logo =
        "data:image/png;base64,"
            + java.util.Base64.getEncoder().encodeToString(new byte[64 * 1024]);
    String terms = "Payment within 30 days.\n" + "Prices exclude delivery. ".repeat(40);
    var s =
        api()
            .updateQuoteSettings(
                io.eventkit.proto.v1.UpdateQuoteSettingsRequest.newBuilder()
                    .setLogoDataUri(logo)
                    .setCompanyAddress("1 Dock Road\nLondon")
                    .setTerms(terms)
                    .build());
    assertThat(s.getLogoDataUri()).isEqualTo(logo);
    assertThat(s.getCompanyAddress()).isEqualTo("1 Dock Road\nLondon");
    assertThat(s.getTerms()).isEqualTo(terms.strip());
    // Still no control characters in a logo, and a send's note may be several lines.
    assertThat(
            code(
                () ->
                    api()
                        .updateQuoteSettings(
                            io.eventkit.proto.v1.UpdateQuoteSettingsRequest.newBuilder()
                                .setLogoDataUri("data:image/png;base64,QUJD\nQUJD")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    Quote q = service(standalone(), "Crew", "1", 1000, 0);
    var sent =
        api()
            .sendQuote(
                SendQuoteRequest.newBuilder()
                    .setQuoteId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .setMessage("Dear Jo,\n\n" + "Thank you for your enquiry. ".repeat(20))
                    .build());
    assertThat(sent.getVersion().getVersion()).isEqualTo(1);
    api()
        .updateQuoteSettings(
            io.eventkit.proto.v1.UpdateQuoteSettingsRequest.newBuilder()
                .setLogoDataUri("")
                .setCompanyAddress("")
                .setTerms("")
                .build());
  }

  @Test
  void aCurrencyWithoutARecordedRateTakesTheRateGivenWithIt() {
    Quote q = service(standalone(), "Crew", "1", 1000, 0);
    // No SEK rate is recorded: without a rate it is refused, with one it is taken.
    assertThat(
            code(
                () ->
                    api()
                        .updateQuote(
                            UpdateQuoteRequest.newBuilder()
                                .setId(q.getId())
                                .setExpectedRevision(q.getRevision())
                                .setCurrency("SEK")
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    Quote sek =
        api()
            .updateQuote(
                UpdateQuoteRequest.newBuilder()
                    .setId(q.getId())
                    .setExpectedRevision(q.getRevision())
                    .setCurrency("SEK")
                    .setExchangeRate("11.5")
                    .build());
    assertThat(sek.getCurrency()).isEqualTo("SEK");
    assertThat(sek.getExchangeRate()).isEqualTo("11.5");
    assertThat(sek.getLines(0).getUnitPrice().getMinorUnits()).isEqualTo(11500);
  }
}
