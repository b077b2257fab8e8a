package io.eventkit.node.quotes;

import static io.eventkit.node.inventory.InventoryProtos.page;
import static io.eventkit.node.inventory.InventoryProtos.pageResponse;
import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import com.google.protobuf.ByteString;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.node.quotes.Pricing.DayFactor;
import io.eventkit.node.quotes.QuoteModel.Doc;
import io.eventkit.node.quotes.QuoteModel.LineKind;
import io.eventkit.node.quotes.QuoteModel.State;
import io.eventkit.proto.v1.AcceptQuoteRequest;
import io.eventkit.proto.v1.AcceptQuoteResponse;
import io.eventkit.proto.v1.AddQuoteLineRequest;
import io.eventkit.proto.v1.ApproveQuoteRequest;
import io.eventkit.proto.v1.CreateQuoteRequest;
import io.eventkit.proto.v1.DeclineQuoteRequest;
import io.eventkit.proto.v1.DiffQuoteVersionsRequest;
import io.eventkit.proto.v1.EventStatus;
import io.eventkit.proto.v1.ExchangeRate;
import io.eventkit.proto.v1.GetQuoteRequest;
import io.eventkit.proto.v1.GetQuoteSettingsRequest;
import io.eventkit.proto.v1.GetQuoteVersionRequest;
import io.eventkit.proto.v1.GetRateCardRequest;
import io.eventkit.proto.v1.ListExchangeRatesRequest;
import io.eventkit.proto.v1.ListExchangeRatesResponse;
import io.eventkit.proto.v1.ListPriceListsRequest;
import io.eventkit.proto.v1.ListPriceListsResponse;
import io.eventkit.proto.v1.ListQuotesRequest;
import io.eventkit.proto.v1.ListQuotesResponse;
import io.eventkit.proto.v1.ListRateCardsRequest;
import io.eventkit.proto.v1.ListRateCardsResponse;
import io.eventkit.proto.v1.ListTaxRatesRequest;
import io.eventkit.proto.v1.ListTaxRatesResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.PriceList;
import io.eventkit.proto.v1.PriceOverride;
import io.eventkit.proto.v1.Quote;
import io.eventkit.proto.v1.QuoteApproval;
import io.eventkit.proto.v1.QuoteDiff;
import io.eventkit.proto.v1.QuoteEmail;
import io.eventkit.proto.v1.QuoteFieldChange;
import io.eventkit.proto.v1.QuoteLine;
import io.eventkit.proto.v1.QuoteLineChange;
import io.eventkit.proto.v1.QuoteLineKind;
import io.eventkit.proto.v1.QuoteServiceGrpc;
import io.eventkit.proto.v1.QuoteSettings;
import io.eventkit.proto.v1.QuoteShortage;
import io.eventkit.proto.v1.QuoteState;
import io.eventkit.proto.v1.QuoteTotals;
import io.eventkit.proto.v1.QuoteVersion;
import io.eventkit.proto.v1.QuoteVersionSummary;
import io.eventkit.proto.v1.RateCard;
import io.eventkit.proto.v1.RemoveQuoteLineRequest;
import io.eventkit.proto.v1.RenderQuotePdfRequest;
import io.eventkit.proto.v1.RenderQuotePdfResponse;
import io.eventkit.proto.v1.ResendQuoteEmailRequest;
import io.eventkit.proto.v1.SendQuoteRequest;
import io.eventkit.proto.v1.SendQuoteResponse;
import io.eventkit.proto.v1.SetExchangeRateRequest;
import io.eventkit.proto.v1.SetPriceListRequest;
import io.eventkit.proto.v1.SetRateCardRequest;
import io.eventkit.proto.v1.SetTaxRateRequest;
import io.eventkit.proto.v1.SyncQuoteFromEventRequest;
import io.eventkit.proto.v1.TaxAmount;
import io.eventkit.proto.v1.TaxRate;
import io.eventkit.proto.v1.UpdateQuoteLineRequest;
import io.eventkit.proto.v1.UpdateQuoteRequest;
import io.eventkit.proto.v1.UpdateQuoteSettingsRequest;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** gRPC adapter for {@code eventkit.v1.QuoteService}: proto in, domain call, proto out. */
final class QuoteGrpcService extends QuoteServiceGrpc.QuoteServiceImplBase {
  private final Rates rates;
  private final Quotes quotes;
  private final QuoteDocuments documents;

  QuoteGrpcService(Rates rates, Quotes quotes, QuoteDocuments documents) {
    this.rates = rates;
    this.quotes = quotes;
    this.documents = documents;
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  // ---- settings and pricing ----

  @Override
  public void getQuoteSettings(GetQuoteSettingsRequest r, StreamObserver<QuoteSettings> out) {
    reply(out, settings(rates.settings()));
  }

  @Override
  public void updateQuoteSettings(UpdateQuoteSettingsRequest r, StreamObserver<QuoteSettings> out) {
    reply(
        out,
        settings(
            rates.updateSettings(
                new QuoteModel.SettingsChanges(
                    r.hasBaseCurrency() ? r.getBaseCurrency() : null,
                    r.hasApprovalThresholdBp() ? r.getApprovalThresholdBp() : null,
                    r.hasValidityDays() ? r.getValidityDays() : null,
                    r.hasDefaultTaxCode() ? r.getDefaultTaxCode() : null,
                    r.hasNumberPrefix() ? r.getNumberPrefix() : null,
                    r.getReplaceDefaultDayFactors() ? factors(r.getDefaultDayFactorsList()) : null,
                    r.hasCompanyName() ? r.getCompanyName() : null,
                    r.hasCompanyAddress() ? r.getCompanyAddress() : null,
                    r.hasLogoDataUri() ? r.getLogoDataUri() : null,
                    r.hasPrimaryColor() ? r.getPrimaryColor() : null,
                    r.hasTerms() ? r.getTerms() : null,
                    r.hasDefaultLanguage() ? r.getDefaultLanguage() : null))));
  }

  private static List<DayFactor> factors(List<io.eventkit.proto.v1.DayFactor> f) {
    return f.stream().map(d -> new DayFactor(d.getDays(), d.getChargedDaysMilli())).toList();
  }

  private static List<io.eventkit.proto.v1.DayFactor> factorsOut(List<DayFactor> f) {
    return f.stream()
        .map(
            d ->
                io.eventkit.proto.v1.DayFactor.newBuilder()
                    .setDays(d.days())
                    .setChargedDaysMilli(d.chargedMilli())
                    .build())
        .toList();
  }

  private static QuoteSettings settings(QuoteModel.Settings s) {
    return QuoteSettings.newBuilder()
        .setBaseCurrency(s.baseCurrency())
        .setApprovalThresholdBp(s.approvalThresholdBp())
        .setValidityDays(s.validityDays())
        .setDefaultTaxCode(s.defaultTaxCode())
        .setNumberPrefix(s.numberPrefix())
        .addAllDefaultDayFactors(factorsOut(s.defaultDayFactors()))
        .setCompanyName(s.companyName())
        .setCompanyAddress(s.companyAddress())
        .setLogoDataUri(s.logoDataUri())
        .setPrimaryColor(s.primaryColor())
        .setTerms(s.terms())
        .setDefaultLanguage(s.defaultLanguage())
        .build();
  }

  @Override
  public void setRateCard(SetRateCardRequest r, StreamObserver<RateCard> out) {
    if (!r.hasDayRate()) {
      throw DomainException.invalid("day_rate is required");
    }
    String currency = r.getDayRate().getCurrencyCode();
    if (r.hasWeekRate()
        && !r.getWeekRate().getCurrencyCode().isEmpty()
        && !r.getWeekRate().getCurrencyCode().equals(currency)) {
      throw DomainException.invalid("week_rate.currency_code must be that of day_rate");
    }
    reply(
        out,
        rateCard(
            rates.setRateCard(
                Ids.parse(r.getProductId(), "product_id"),
                currency,
                r.getDayRate().getMinorUnits(),
                r.getWeekRate().getMinorUnits(),
                factors(r.getDayFactorsList()))));
  }

  private static Money money(String currency, long minor) {
    return Money.newBuilder().setCurrencyCode(currency).setMinorUnits(minor).build();
  }

  private static RateCard rateCard(QuoteModel.RateCard c) {
    RateCard.Builder b =
        RateCard.newBuilder()
            .setProductId(c.productId().toString())
            .setProductName(c.productName())
            .setDayRate(money(c.currency(), c.dayMinor()))
            .setWeekRate(money(c.currency(), c.weekMinor()))
            .addAllDayFactors(factorsOut(c.dayFactors()));
    if (c.updatedAt() != null) {
      b.setUpdatedAt(timestamp(c.updatedAt()));
    }
    return b.build();
  }

  @Override
  public void getRateCard(GetRateCardRequest r, StreamObserver<RateCard> out) {
    reply(out, rateCard(rates.rateCard(Ids.parse(r.getProductId(), "product_id"))));
  }

  @Override
  public void listRateCards(ListRateCardsRequest r, StreamObserver<ListRateCardsResponse> out) {
    PageSpec.Page<QuoteModel.RateCard> p = rates.listRateCards(r.getQuery(), page(r.getPage(), 2));
    reply(
        out,
        ListRateCardsResponse.newBuilder()
            .addAllRateCards(p.items().stream().map(QuoteGrpcService::rateCard).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
  }

  @Override
  public void setPriceList(SetPriceListRequest r, StreamObserver<PriceList> out) {
    List<QuoteModel.PriceOverride> ovs = new ArrayList<>();
    String currency = "";
    for (int i = 0; i < r.getOverridesCount(); i++) {
      PriceOverride o = r.getOverrides(i);
      ovs.add(
          new QuoteModel.PriceOverride(
              Ids.parse(o.getProductId(), "overrides[" + i + "].product_id"),
              "",
              o.getDayRate().getMinorUnits(),
              o.getWeekRate().getMinorUnits()));
      if (!o.getDayRate().getCurrencyCode().isEmpty()) {
        currency = o.getDayRate().getCurrencyCode();
      }
    }
    reply(
        out,
        priceList(
            rates.setPriceList(
                Ids.optional(r.getId(), "id"), r.getName(), r.getDiscountBp(), currency, ovs),
            rates.settings().baseCurrency()));
  }

  private static PriceList priceList(QuoteModel.PriceList p, String base) {
    return PriceList.newBuilder()
        .setId(p.id().toString())
        .setName(p.name())
        .setDiscountBp(p.discountBp())
        .setCompanyCount(p.companyCount())
        .addAllOverrides(
            p.overrides().stream()
                .map(
                    o ->
                        PriceOverride.newBuilder()
                            .setProductId(o.productId().toString())
                            .setProductName(o.productName())
                            .setDayRate(money(base, o.dayMinor()))
                            .setWeekRate(money(base, o.weekMinor()))
                            .build())
                .toList())
        .build();
  }

  @Override
  public void listPriceLists(ListPriceListsRequest r, StreamObserver<ListPriceListsResponse> out) {
    String base = rates.settings().baseCurrency();
    reply(
        out,
        ListPriceListsResponse.newBuilder()
            .addAllPriceLists(rates.priceLists().stream().map(p -> priceList(p, base)).toList())
            .build());
  }

  private static TaxRate tax(QuoteModel.TaxRate t) {
    return TaxRate.newBuilder()
        .setCode(t.code())
        .setLabel(t.label())
        .setJurisdiction(t.jurisdiction())
        .setRateBp(t.rateBp())
        .build();
  }

  @Override
  public void setTaxRate(SetTaxRateRequest r, StreamObserver<TaxRate> out) {
    TaxRate t = r.getTaxRate();
    reply(
        out,
        tax(
            rates.setTaxRate(
                new QuoteModel.TaxRate(
                    t.getCode(), t.getLabel(), t.getJurisdiction(), t.getRateBp()))));
  }

  @Override
  public void listTaxRates(ListTaxRatesRequest r, StreamObserver<ListTaxRatesResponse> out) {
    reply(
        out,
        ListTaxRatesResponse.newBuilder()
            .addAllTaxRates(rates.taxRates().stream().map(QuoteGrpcService::tax).toList())
            .build());
  }

  private static ExchangeRate fx(QuoteModel.ExchangeRate e) {
    return ExchangeRate.newBuilder()
        .setCurrencyCode(e.currencyCode())
        .setRate(e.rate().toPlainString())
        .setRecordedAt(timestamp(e.recordedAt()))
        .build();
  }

  @Override
  public void setExchangeRate(SetExchangeRateRequest r, StreamObserver<ExchangeRate> out) {
    reply(out, fx(rates.setExchangeRate(r.getCurrencyCode(), r.getRate())));
  }

  @Override
  public void listExchangeRates(
      ListExchangeRatesRequest r, StreamObserver<ListExchangeRatesResponse> out) {
    reply(
        out,
        ListExchangeRatesResponse.newBuilder()
            .setBaseCurrency(rates.settings().baseCurrency())
            .addAllRates(rates.exchangeRates().stream().map(QuoteGrpcService::fx).toList())
            .build());
  }

  // ---- quotes ----

  private static UUID id(String v) {
    return Ids.parse(v, "id");
  }

  private static UUID quoteId(String v) {
    return Ids.parse(v, "quote_id");
  }

  @Override
  public void createQuote(CreateQuoteRequest r, StreamObserver<Quote> out) {
    reply(
        out,
        quote(
            quotes.create(
                new QuoteModel.NewQuote(
                    Ids.optional(r.getCompanyId(), "company_id"),
                    Ids.optional(r.getContactId(), "contact_id"),
                    Ids.optional(r.getEventId(), "event_id"),
                    r.getTitle(),
                    r.getCurrency(),
                    r.getNotes()))));
  }

  @Override
  public void getQuote(GetQuoteRequest r, StreamObserver<Quote> out) {
    reply(out, quote(quotes.get(id(r.getId()))));
  }

  @Override
  public void listQuotes(ListQuotesRequest r, StreamObserver<ListQuotesResponse> out) {
    List<State> states = new ArrayList<>();
    for (QuoteState s : r.getStatesList()) {
      states.add(state(s));
    }
    PageSpec.Page<QuoteModel.Quote> p =
        quotes.list(
            states,
            Ids.optional(r.getCompanyId(), "company_id"),
            Ids.optional(r.getEventId(), "event_id"),
            r.getQuery(),
            page(r.getPage(), 2));
    reply(
        out,
        ListQuotesResponse.newBuilder()
            .addAllQuotes(p.items().stream().map(QuoteGrpcService::quote).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
  }

  private static State state(QuoteState s) {
    return switch (s) {
      case QUOTE_STATE_DRAFT -> State.DRAFT;
      case QUOTE_STATE_SENT -> State.SENT;
      case QUOTE_STATE_ACCEPTED -> State.ACCEPTED;
      case QUOTE_STATE_DECLINED -> State.DECLINED;
      case QUOTE_STATE_EXPIRED -> State.EXPIRED;
      default -> throw DomainException.invalid("states: " + s + " is not a quote state");
    };
  }

  @Override
  public void updateQuote(UpdateQuoteRequest r, StreamObserver<Quote> out) {
    UUID contact = null;
    boolean clear = false;
    if (r.hasContactId()) {
      if (r.getContactId().isEmpty()) {
        clear = true;
      } else {
        contact = Ids.parse(r.getContactId(), "contact_id");
      }
    }
    reply(
        out,
        quote(
            quotes.update(
                id(r.getId()),
                r.getExpectedRevision(),
                new QuoteModel.QuoteChanges(
                    r.hasTitle() ? r.getTitle() : null,
                    contact,
                    clear,
                    r.hasCurrency() ? r.getCurrency() : null,
                    r.hasExchangeRate() ? r.getExchangeRate() : null,
                    r.hasPriceListId() ? r.getPriceListId() : null,
                    r.hasLanguage() ? r.getLanguage() : null,
                    r.hasValidUntil() ? ProtoTime.instant(r.getValidUntil()) : null,
                    r.hasDiscountBp() ? r.getDiscountBp() : null,
                    r.hasNotes() ? r.getNotes() : null))));
  }

  private static LineKind kind(QuoteLineKind k) {
    return switch (k) {
      case QUOTE_LINE_KIND_RENTAL -> LineKind.RENTAL;
      case QUOTE_LINE_KIND_SERVICE -> LineKind.SERVICE;
      case QUOTE_LINE_KIND_SALE -> LineKind.SALE;
      default -> null;
    };
  }

  private static Instant start(boolean has, Period p) {
    return has && p.hasStart() ? ProtoTime.instant(p.getStart()) : null;
  }

  private static Instant end(boolean has, Period p) {
    return has && p.hasEnd() ? ProtoTime.instant(p.getEnd()) : null;
  }

  /** A typed price must be in the quote's currency (checked against the quote). */
  private Long price(UUID quote, boolean has, Money m) {
    if (!has) {
      return null;
    }
    if (!m.getCurrencyCode().isEmpty()) {
      String currency = quotes.get(quote).draft().currency();
      if (!m.getCurrencyCode().equals(currency)) {
        throw DomainException.invalid(
            "unit_price.currency_code must be the quote's currency " + currency);
      }
    }
    return m.getMinorUnits();
  }

  @Override
  public void addQuoteLine(AddQuoteLineRequest r, StreamObserver<Quote> out) {
    UUID q = quoteId(r.getQuoteId());
    reply(
        out,
        quote(
            quotes.addLine(
                q,
                r.getExpectedRevision(),
                new QuoteModel.NewLine(
                    kind(r.getKind()),
                    Ids.optional(r.getProductId(), "product_id"),
                    r.getDescription(),
                    r.getQuantity(),
                    r.getUnit(),
                    start(r.hasPeriod(), r.getPeriod()),
                    end(r.hasPeriod(), r.getPeriod()),
                    price(q, r.hasUnitPrice(), r.getUnitPrice()),
                    r.getDiscountBp(),
                    r.getTaxCode()))));
  }

  @Override
  public void updateQuoteLine(UpdateQuoteLineRequest r, StreamObserver<Quote> out) {
    UUID q = quoteId(r.getQuoteId());
    reply(
        out,
        quote(
            quotes.updateLine(
                q,
                r.getExpectedRevision(),
                Ids.parse(r.getLineId(), "line_id"),
                new QuoteModel.LineChanges(
                    r.hasDescription() ? r.getDescription() : null,
                    r.hasQuantity() ? r.getQuantity() : null,
                    r.hasUnit() ? r.getUnit() : null,
                    start(r.hasPeriod(), r.getPeriod()),
                    end(r.hasPeriod(), r.getPeriod()),
                    price(q, r.hasUnitPrice(), r.getUnitPrice()),
                    r.getClearUnitPrice(),
                    r.hasDiscountBp() ? r.getDiscountBp() : null,
                    r.hasTaxCode() ? r.getTaxCode() : null,
                    r.hasPosition() ? r.getPosition() : null))));
  }

  @Override
  public void removeQuoteLine(RemoveQuoteLineRequest r, StreamObserver<Quote> out) {
    reply(
        out,
        quote(
            quotes.removeLine(
                quoteId(r.getQuoteId()),
                r.getExpectedRevision(),
                Ids.parse(r.getLineId(), "line_id"))));
  }

  @Override
  public void syncQuoteFromEvent(SyncQuoteFromEventRequest r, StreamObserver<Quote> out) {
    reply(out, quote(quotes.sync(quoteId(r.getQuoteId()), r.getExpectedRevision())));
  }

  @Override
  public void approveQuote(ApproveQuoteRequest r, StreamObserver<Quote> out) {
    reply(out, quote(quotes.approve(quoteId(r.getQuoteId()), r.getExpectedRevision())));
  }

  @Override
  public void sendQuote(SendQuoteRequest r, StreamObserver<SendQuoteResponse> out) {
    QuoteModel.Sent s =
        quotes.send(
            quoteId(r.getQuoteId()),
            r.getExpectedRevision(),
            r.getEmail(),
            r.getEmailTo(),
            r.getMessage());
    reply(
        out,
        SendQuoteResponse.newBuilder()
            .setQuote(quote(s.quote()))
            .setVersion(version(s.version()))
            .build());
  }

  @Override
  public void getQuoteVersion(GetQuoteVersionRequest r, StreamObserver<QuoteVersion> out) {
    if (r.getVersion() <= 0) {
      throw DomainException.invalid("version must be 1 or more (a sent version)");
    }
    reply(out, version(quotes.version(quoteId(r.getQuoteId()), r.getVersion())));
  }

  @Override
  public void diffQuoteVersions(DiffQuoteVersionsRequest r, StreamObserver<QuoteDiff> out) {
    QuoteModel.Diff d = quotes.diff(quoteId(r.getQuoteId()), r.getFromVersion(), r.getToVersion());
    QuoteDiff.Builder b =
        QuoteDiff.newBuilder()
            .setFromVersion(d.from())
            .setToVersion(d.to())
            .addAllHeader(d.header().stream().map(QuoteGrpcService::change).toList())
            .setTotalsBefore(totals(d.before(), currencyOf(d, true)))
            .setTotalsAfter(totals(d.after(), currencyOf(d, false)));
    for (QuoteModel.LineChange c : d.lines()) {
      b.addLines(
          QuoteLineChange.newBuilder()
              .setKind(
                  switch (c.kind()) {
                    case ADDED -> QuoteLineChange.Kind.KIND_ADDED;
                    case REMOVED -> QuoteLineChange.Kind.KIND_REMOVED;
                    case CHANGED -> QuoteLineChange.Kind.KIND_CHANGED;
                  })
              .setDescription(c.description())
              .setLine(line(c.line(), currencyOf(d, c.kind() == QuoteModel.ChangeKind.REMOVED)))
              .addAllChanges(c.changes().stream().map(QuoteGrpcService::change).toList()));
    }
    reply(out, b.build());
  }

  private static String currencyOf(QuoteModel.Diff d, boolean before) {
    return before ? d.currencyBefore() : d.currencyAfter();
  }

  private static QuoteFieldChange change(QuoteModel.FieldChange f) {
    return QuoteFieldChange.newBuilder()
        .setField(f.field())
        .setBefore(f.before())
        .setAfter(f.after())
        .build();
  }

  @Override
  public void renderQuotePdf(RenderQuotePdfRequest r, StreamObserver<RenderQuotePdfResponse> out) {
    if (r.getVersion() < 0) {
      throw DomainException.invalid("version must be 0 (the draft) or a sent version");
    }
    QuoteDocuments.Pdf pdf = documents.render(quoteId(r.getQuoteId()), r.getVersion());
    reply(
        out,
        RenderQuotePdfResponse.newBuilder()
            .setFileName(pdf.fileName())
            .setPdf(ByteString.copyFrom(pdf.bytes()))
            .build());
  }

  @Override
  public void resendQuoteEmail(ResendQuoteEmailRequest r, StreamObserver<QuoteEmail> out) {
    if (r.getVersion() <= 0) {
      throw DomainException.invalid("version must be 1 or more (a sent version)");
    }
    reply(out, email(documents.resend(quoteId(r.getQuoteId()), r.getVersion(), r.getEmailTo())));
  }

  @Override
  public void acceptQuote(AcceptQuoteRequest r, StreamObserver<AcceptQuoteResponse> out) {
    QuoteModel.Accepted a = quotes.accept(quoteId(r.getQuoteId()), r.getVersion(), r.getNote());
    AcceptQuoteResponse.Builder b =
        AcceptQuoteResponse.newBuilder()
            .setQuote(quote(a.quote()))
            .setEventConfirmed(a.eventConfirmed())
            .addAllWarnings(a.warnings());
    for (QuoteModel.Shortage s : a.shortages()) {
      QuoteShortage.Builder sb =
          QuoteShortage.newBuilder()
              .setProductId(s.productId().toString())
              .setProductName(s.productName())
              .setRequested(s.requested())
              .setAvailable(s.available());
      if (s.start() != null) {
        sb.setPeriod(Period.newBuilder().setStart(timestamp(s.start())).setEnd(timestamp(s.end())));
      }
      b.addShortages(sb);
    }
    reply(out, b.build());
  }

  @Override
  public void declineQuote(DeclineQuoteRequest r, StreamObserver<Quote> out) {
    reply(out, quote(quotes.decline(quoteId(r.getQuoteId()), r.getReason())));
  }

  // ---- to proto ----

  static QuoteState state(State s) {
    return switch (s) {
      case DRAFT -> QuoteState.QUOTE_STATE_DRAFT;
      case SENT -> QuoteState.QUOTE_STATE_SENT;
      case ACCEPTED -> QuoteState.QUOTE_STATE_ACCEPTED;
      case DECLINED -> QuoteState.QUOTE_STATE_DECLINED;
      case EXPIRED -> QuoteState.QUOTE_STATE_EXPIRED;
    };
  }

  private static QuoteLine line(QuoteModel.Line l, String c) {
    QuoteLine.Builder b =
        QuoteLine.newBuilder()
            .setId(l.id().toString())
            .setKind(
                switch (l.kind()) {
                  case RENTAL -> QuoteLineKind.QUOTE_LINE_KIND_RENTAL;
                  case SERVICE -> QuoteLineKind.QUOTE_LINE_KIND_SERVICE;
                  case SALE -> QuoteLineKind.QUOTE_LINE_KIND_SALE;
                })
            .setProductId(Ids.str(l.productId()))
            .setDescription(l.description())
            .setQuantity(l.quantity())
            .setUnit(l.unit())
            .setDays(l.days())
            .setChargedDays(l.chargedDays())
            .setRateDetail(l.rateDetail())
            .setUnitPrice(money(c, l.unitPrice()))
            .setPriceOverridden(l.priceOverridden())
            .setDiscountBp(l.discountBp())
            .setTaxCode(l.taxCode())
            .setTaxRateBp(l.taxRateBp())
            .setGross(money(c, l.gross()))
            .setDiscount(money(c, l.discount()))
            .setNet(money(c, l.net()))
            .setTax(money(c, l.tax()))
            .setTotal(money(c, l.total()))
            .setBookingLineId(Ids.str(l.bookingLineId()))
            .setPosition(l.position());
    if (l.periodStart() != null) {
      b.setPeriod(
          Period.newBuilder()
              .setStart(timestamp(l.periodStart()))
              .setEnd(timestamp(l.periodEnd())));
    }
    return b.build();
  }

  private static QuoteTotals totals(QuoteModel.Totals t, String c) {
    return QuoteTotals.newBuilder()
        .setSubtotal(money(c, t.subtotal()))
        .setLineDiscounts(money(c, t.lineDiscounts()))
        .setQuoteDiscount(money(c, t.quoteDiscount()))
        .setNet(money(c, t.net()))
        .setTax(money(c, t.tax()))
        .setTotal(money(c, t.total()))
        .addAllTaxes(
            t.taxes().stream()
                .map(
                    x ->
                        TaxAmount.newBuilder()
                            .setTaxCode(x.code())
                            .setLabel(x.label())
                            .setRateBp(x.rateBp())
                            .setBase(money(c, x.base()))
                            .setAmount(money(c, x.amount()))
                            .build())
                .toList())
        .build();
  }

  private static QuoteEmail email(QuoteModel.Email e) {
    QuoteEmail.Builder b =
        QuoteEmail.newBuilder()
            .setId(e.id().toString())
            .setToAddress(e.toAddress())
            .setState(e.state())
            .setAttempts(e.attempts())
            .setLastError(e.lastError() == null ? "" : e.lastError());
    if (e.sentAt() != null) {
      b.setSentAt(timestamp(e.sentAt()));
    }
    if (e.nextAttemptAt() != null) {
      b.setNextAttemptAt(timestamp(e.nextAttemptAt()));
    }
    return b.build();
  }

  static Quote quote(QuoteModel.Quote q) {
    Doc d = q.draft();
    String c = d.currency();
    Quote.Builder b =
        Quote.newBuilder()
            .setId(q.id().toString())
            .setNumber(d.number())
            .setTitle(d.title())
            .setState(state(q.state()))
            .setCompanyId(d.companyId().toString())
            .setCompanyName(d.companyName())
            .setContactId(Ids.str(d.contactId()))
            .setContactName(d.contactName())
            .setContactEmail(d.contactEmail())
            .setEventId(Ids.str(d.eventId()))
            .setEventName(d.eventName())
            .setCurrency(c)
            .setExchangeRate(d.exchangeRate())
            .setPriceListId(Ids.str(q.priceListId()))
            .setLanguage(d.language())
            .setValidUntil(timestamp(d.validUntil()))
            .setDiscountBp(d.discountBp())
            .setNotes(d.notes())
            .addAllLines(d.lines().stream().map(l -> line(l, c)).toList())
            .setTotals(totals(d.totals(), c))
            .setRevision(q.revision())
            .setHasUnsentChanges(q.hasUnsentChanges())
            .setAcceptedVersion(q.acceptedVersion())
            .setDeclineReason(q.declineReason())
            .setCreatedBy(q.createdBy())
            .setCreatedAt(timestamp(q.createdAt()))
            .setUpdatedAt(timestamp(q.updatedAt()));
    if (q.eventStatus() != null && !q.eventStatus().isEmpty()) {
      b.setEventStatus(EventStatus.valueOf("EVENT_STATUS_" + q.eventStatus()));
    }
    QuoteApproval.Builder a =
        QuoteApproval.newBuilder()
            .setRequired(q.approval().required())
            .setApproved(q.approval().approved())
            .setApprovedBy(q.approval().approvedBy())
            .setMaxDiscountBp(q.approval().maxDiscountBp());
    if (q.approval().approvedAt() != null) {
      a.setApprovedAt(timestamp(q.approval().approvedAt()));
    }
    b.setApproval(a);
    if (q.decidedAt() != null) {
      b.setDecidedAt(timestamp(q.decidedAt()));
    }
    for (QuoteModel.VersionSummary v : q.versions()) {
      b.addVersions(
          QuoteVersionSummary.newBuilder()
              .setVersion(v.version())
              .setSentAt(timestamp(v.sentAt()))
              .setSentBy(v.sentBy())
              .setTotal(money(v.currency(), v.total()))
              .setValidUntil(timestamp(v.validUntil()))
              .addAllEmails(v.emails().stream().map(QuoteGrpcService::email).toList()));
    }
    return b.build();
  }

  static QuoteVersion version(QuoteModel.Version v) {
    Doc d = v.doc();
    String c = d.currency();
    return QuoteVersion.newBuilder()
        .setQuoteId(v.quoteId().toString())
        .setNumber(d.number())
        .setVersion(v.version())
        .setTitle(d.title())
        .setCompanyId(d.companyId().toString())
        .setCompanyName(d.companyName())
        .setContactName(d.contactName())
        .setEventId(Ids.str(d.eventId()))
        .setEventName(d.eventName())
        .setCurrency(c)
        .setExchangeRate(d.exchangeRate())
        .setLanguage(d.language())
        .setValidUntil(timestamp(d.validUntil()))
        .setDiscountBp(d.discountBp())
        .setNotes(d.notes())
        .addAllLines(d.lines().stream().map(l -> line(l, c)).toList())
        .setTotals(totals(d.totals(), c))
        .setSentAt(timestamp(v.sentAt()))
        .setSentBy(v.sentBy())
        .addAllEmails(v.emails().stream().map(QuoteGrpcService::email).toList())
        .build();
  }
}
