package io.eventkit.node.quotes;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.eventkit.node.inventory.Availability;
import io.eventkit.node.kernel.Actor;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.planning.BookingLine;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import io.eventkit.node.quotes.Pricing.DayFactor;
import io.eventkit.node.quotes.QuoteModel.Accepted;
import io.eventkit.node.quotes.QuoteModel.Approval;
import io.eventkit.node.quotes.QuoteModel.Doc;
import io.eventkit.node.quotes.QuoteModel.Email;
import io.eventkit.node.quotes.QuoteModel.ExchangeRate;
import io.eventkit.node.quotes.QuoteModel.Line;
import io.eventkit.node.quotes.QuoteModel.LineChanges;
import io.eventkit.node.quotes.QuoteModel.LineKind;
import io.eventkit.node.quotes.QuoteModel.NewLine;
import io.eventkit.node.quotes.QuoteModel.NewQuote;
import io.eventkit.node.quotes.QuoteModel.Quote;
import io.eventkit.node.quotes.QuoteModel.QuoteChanges;
import io.eventkit.node.quotes.QuoteModel.Sent;
import io.eventkit.node.quotes.QuoteModel.Settings;
import io.eventkit.node.quotes.QuoteModel.Shortage;
import io.eventkit.node.quotes.QuoteModel.State;
import io.eventkit.node.quotes.QuoteModel.Tax;
import io.eventkit.node.quotes.QuoteModel.TaxRate;
import io.eventkit.node.quotes.QuoteModel.Totals;
import io.eventkit.node.quotes.QuoteModel.Version;
import io.eventkit.node.quotes.QuoteModel.VersionSummary;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Quotes: a draft priced live from the node's pricing, versions frozen by sending, and the client's
 * answer. Every draft change locks the quote row, checks the caller's revision and bumps it, all in
 * one transaction.
 */
final class Quotes {
  private static final Pattern QUANTITY = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,3})?");
  static final int MAX_LINES = 1000;

  private final Jdbi jdbi;
  private final Clock clock;
  private final Planning planning;
  private final DomainEvents events;
  private volatile Mailer mailer;

  Quotes(Jdbi jdbi, Clock clock, Planning planning, DomainEvents events) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.planning = planning;
    this.events = events;
  }

  /** The facts every quote event carries: IDs, number, client, event and the total. */
  private static Map<String, Object> quotePayload(UUID id, QuoteModel.Doc d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("quoteId", id.toString());
    m.put("number", d.number());
    m.put("client", d.companyName() == null ? "" : d.companyName());
    if (d.eventId() != null) {
      m.put("eventId", d.eventId().toString());
      m.put("eventName", d.eventName() == null ? "" : d.eventName());
    }
    m.put("currency", d.currency());
    m.put("totalMinor", d.totals().total());
    return m;
  }

  /** How sent versions are emailed (set when the node has a mail outbox). */
  interface Mailer {
    /** Queues the version's email inside the sending transaction; returns its ID. */
    UUID enqueue(Handle h, Version v, String to, String toName, String message);

    List<Email> emails(UUID quoteId, int version);

    void kick();
  }

  void mailer(Mailer m) {
    this.mailer = m;
  }

  Mailer mailer() {
    return mailer;
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  // ---- reading ----

  /** Whether any quote exists (of the bound tenant). */
  boolean any() {
    return jdbi.withHandle(h -> Daos.of(h, QuoteDao.class).any());
  }

  Quote get(UUID id) {
    // Reads only: no transaction (two round trips fewer on the hot path).
    return jdbi.withHandle(h -> view(h, id));
  }

  PageSpec.Page<Quote> list(
      Collection<State> states, UUID companyId, UUID eventId, String query, PageSpec page) {
    new Validation().maxLength(query, 100, "query").throwIfInvalid();
    String like =
        query == null || query.isBlank()
            ? null
            : "%" + Pg.escapeLike(query.trim().toLowerCase(Locale.ROOT)) + "%";
    String[] st =
        states == null || states.isEmpty()
            ? null
            : states.stream().map(Enum::name).toArray(String[]::new);
    Instant after;
    UUID afterId;
    try {
      after = page.isFirst() ? null : Instant.parse(page.after(0));
      afterId = page.isFirst() ? null : UUID.fromString(page.after(1));
    } catch (RuntimeException e) {
      throw DomainException.invalid(
          "page.page_token is not valid for this list; start again with an empty token");
    }
    return jdbi.inTransaction(
        h -> {
          QuoteDao dao = Daos.of(h, QuoteDao.class);
          List<Map<String, Object>> rows =
              dao.list(st, companyId, eventId, like, now(), after, afterId, page.fetch());
          // A page's lines, versions and pricing are read once for the page, not per quote.
          UUID[] ids = rows.stream().map(r -> (UUID) r.get("id")).toArray(UUID[]::new);
          Map<UUID, List<Map<String, Object>>> lines = new HashMap<>();
          Map<UUID, List<Map<String, Object>>> versions = new HashMap<>();
          List<Map<String, Object>> allLines = List.of();
          if (ids.length > 0) {
            allLines = dao.linesOf(ids);
            for (Map<String, Object> l : allLines) {
              lines.computeIfAbsent((UUID) l.get("quote_id"), k -> new ArrayList<>()).add(l);
            }
            for (Map<String, Object> v : dao.versionsOf(ids)) {
              versions.computeIfAbsent((UUID) v.get("quote_id"), k -> new ArrayList<>()).add(v);
            }
          }
          Book book = book(h, Rates.settings(h), allLines);
          List<Quote> quotes = new ArrayList<>();
          for (Map<String, Object> r : rows) {
            UUID id = (UUID) r.get("id");
            quotes.add(
                view(
                    h,
                    r,
                    book,
                    lines.getOrDefault(id, List.of()),
                    versions.getOrDefault(id, List.of())));
          }
          return page.page(quotes, q -> List.of(q.createdAt().toString(), q.id().toString()));
        });
  }

  private static DomainException notFound(UUID id) {
    return DomainException.notFound("quote " + id + " not found");
  }

  Quote view(Handle h, UUID id) {
    return view(h, Daos.of(h, QuoteDao.class).find(id).orElseThrow(() -> notFound(id)));
  }

  private Quote view(Handle h, Map<String, Object> q) {
    UUID id = (UUID) q.get("id");
    QuoteDao dao = Daos.of(h, QuoteDao.class);
    List<Map<String, Object>> rows = dao.lines(id);
    return view(h, q, book(h, Rates.settings(h), rows), rows, dao.versions(id));
  }

  /** What pricing reads besides a quote's own rows; one for a page of quotes. */
  private record Book(
      Settings s,
      Map<UUID, QuoteModel.RateCard> cards,
      Map<String, TaxRate> taxes,
      Map<UUID, QuoteModel.PriceList> lists) {}

  private static Book book(Handle h, Settings s, List<Map<String, Object>> lineRows) {
    List<UUID> products =
        lineRows.stream()
            .map(r -> (UUID) r.get("product_id"))
            .filter(Objects::nonNull)
            .distinct()
            .toList();
    Map<UUID, QuoteModel.RateCard> cards = new HashMap<>();
    if (!products.isEmpty()) {
      for (QuoteModel.RateCard c : Rates.pricedRates(h, products, s.baseCurrency())) {
        cards.put(c.productId(), c);
      }
    }
    Map<String, TaxRate> taxes = new HashMap<>();
    Rates.taxRates(h).forEach(t -> taxes.put(t.code(), t));
    return new Book(s, cards, taxes, new HashMap<>());
  }

  private Quote view(
      Handle h,
      Map<String, Object> q,
      Book book,
      List<Map<String, Object>> lineRows,
      List<Map<String, Object>> versionRows) {
    UUID id = (UUID) q.get("id");
    Settings s = book.s();
    Doc draft = price(h, book, q, lineRows);
    List<VersionSummary> versions = summaries(id, versionRows);
    State state = state(q, versions);
    int max = maxDiscount(draft);
    boolean required = max > s.approvalThresholdBp();
    long revision = ((Number) q.get("revision")).longValue();
    boolean approved = ((Number) q.get("approved_revision")).longValue() == revision;
    return new Quote(
        id,
        state,
        draft,
        (UUID) q.get("price_list_id"),
        (String) q.get("event_status"),
        revision,
        versions.isEmpty() || ((Number) q.get("sent_revision")).longValue() != revision,
        new Approval(
            required,
            approved,
            approved ? (String) q.get("approved_by") : "",
            approved ? Rates.instant(q.get("approved_at")) : null,
            max),
        versions,
        ((Number) q.get("accepted_version")).intValue(),
        (String) q.get("decline_reason"),
        Rates.instant(q.get("decided_at")),
        (String) q.get("created_by"),
        Rates.instant(q.get("created_at")),
        Rates.instant(q.get("updated_at")));
  }

  private List<VersionSummary> summaries(UUID id, List<Map<String, Object>> rows) {
    List<VersionSummary> out = new ArrayList<>();
    for (Map<String, Object> v : rows) {
      int n = ((Number) v.get("version")).intValue();
      out.add(
          new VersionSummary(
              n,
              Rates.instant(v.get("sent_at")),
              (String) v.get("sent_by"),
              (String) v.get("currency"),
              ((Number) v.get("total")).longValue(),
              Rates.instant(v.get("valid_until")),
              emails(id, n)));
    }
    return out;
  }

  private List<Email> emails(UUID quoteId, int version) {
    Mailer m = mailer;
    return m == null ? List.of() : m.emails(quoteId, version);
  }

  /** The stored state, or EXPIRED for a sent quote whose latest version's date has passed. */
  private State state(Map<String, Object> q, List<VersionSummary> versions) {
    State stored = State.valueOf((String) q.get("state"));
    if (stored == State.SENT && !versions.isEmpty()) {
      Instant until = versions.get(versions.size() - 1).validUntil();
      if (now().isAfter(until)) {
        return State.EXPIRED;
      }
    }
    return stored;
  }

  private static int maxDiscount(Doc d) {
    int max = d.discountBp();
    for (Line l : d.lines()) {
      max = Math.max(max, l.discountBp());
    }
    return max;
  }

  /** The draft priced now. */
  private Doc price(Handle h, Book book, Map<String, Object> q, List<Map<String, Object>> rows) {
    Settings s = book.s();
    String currency = (String) q.get("currency");
    BigDecimal rate = new BigDecimal((String) q.get("exchange_rate_text")).stripTrailingZeros();
    UUID priceListId = (UUID) q.get("price_list_id");
    Map<UUID, QuoteModel.RateCard> cards = book.cards();
    int listDiscount = 0;
    Map<UUID, QuoteModel.PriceOverride> overrides = new HashMap<>();
    if (priceListId != null) {
      QuoteModel.PriceList pl =
          book.lists().computeIfAbsent(priceListId, pid -> Rates.priceList(h, pid));
      listDiscount = pl.discountBp();
      pl.overrides().forEach(o -> overrides.put(o.productId(), o));
    }
    Map<String, TaxRate> taxes = book.taxes();
    List<Pricing.LineInput> inputs = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      LineKind kind = LineKind.valueOf((String) r.get("kind"));
      UUID product = (UUID) r.get("product_id");
      Pricing.Rate pr = null;
      if (kind == LineKind.RENTAL && product != null) {
        QuoteModel.RateCard card = cards.get(product);
        QuoteModel.PriceOverride o = overrides.get(product);
        List<DayFactor> f = card == null ? List.of() : card.dayFactors();
        if (o != null) {
          pr = new Pricing.Rate(o.dayMinor(), o.weekMinor(), f);
        } else if (card != null) {
          pr = Pricing.listed(new Pricing.Rate(card.dayMinor(), card.weekMinor(), f), listDiscount);
        }
      }
      String taxCode = (String) r.get("tax_code");
      TaxRate t = taxes.get(taxCode);
      inputs.add(
          new Pricing.LineInput(
              Pricing.Kind.valueOf(kind.name()),
              (BigDecimal) r.get("quantity"),
              kind == LineKind.RENTAL ? days(r) : 0,
              pr,
              r.get("unit_price") == null ? null : ((Number) r.get("unit_price")).longValue(),
              ((Number) r.get("discount_bp")).intValue(),
              taxCode,
              t == null ? 0 : t.rateBp()));
    }
    Pricing.Result res =
        Pricing.price(
            s.baseCurrency(),
            currency,
            rate,
            ((Number) q.get("discount_bp")).intValue(),
            s.defaultDayFactors(),
            inputs);
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> r = rows.get(i);
      Pricing.LineInput in = inputs.get(i);
      Pricing.LineResult lr = res.lines().get(i);
      lines.add(
          new Line(
              (UUID) r.get("id"),
              LineKind.valueOf((String) r.get("kind")),
              (UUID) r.get("product_id"),
              (String) r.get("description"),
              Pricing.plain(in.quantity()),
              (String) r.get("unit"),
              Rates.instant(r.get("period_start")),
              Rates.instant(r.get("period_end")),
              in.days(),
              lr.chargedDays(),
              lr.rateDetail(),
              lr.unitPrice(),
              in.typedUnitPrice() != null,
              in.discountBp(),
              in.taxCode(),
              in.taxRateBp(),
              lr.gross(),
              lr.discount(),
              lr.net(),
              lr.tax(),
              lr.total(),
              (UUID) r.get("booking_line_id"),
              i));
    }
    Pricing.Totals t = res.totals();
    List<Tax> taxSums =
        t.taxes().stream()
            .map(
                x ->
                    new Tax(
                        x.taxCode(),
                        taxes.containsKey(x.taxCode())
                            ? taxes.get(x.taxCode()).label()
                            : x.taxCode(),
                        x.rateBp(),
                        x.base(),
                        x.amount()))
            .toList();
    return new Doc(
        (String) q.get("number"),
        (String) q.get("title"),
        (UUID) q.get("company_id"),
        (String) q.get("company_name"),
        (String) q.get("company_address"),
        (String) q.get("company_tax_id"),
        (UUID) q.get("contact_id"),
        (String) q.get("contact_name"),
        (String) q.get("contact_email"),
        (UUID) q.get("event_id"),
        (String) q.get("event_name"),
        q.get("event_start") == null
            ? null
            : new QuoteModel.EventPeriod(
                Rates.instant(q.get("event_start")),
                Rates.instant(q.get("event_end")),
                (String) q.get("event_time_zone")),
        currency,
        Pricing.plain(rate),
        (String) q.get("language"),
        Rates.instant(q.get("valid_until")),
        ((Number) q.get("discount_bp")).intValue(),
        (String) q.get("notes"),
        lines,
        new Totals(
            t.subtotal(),
            t.lineDiscounts(),
            t.quoteDiscount(),
            t.net(),
            t.tax(),
            t.total(),
            taxSums),
        null);
  }

  /** 24-hour blocks of a rental's period, a started block counting whole; at least 1. */
  static int days(Map<String, Object> r) {
    Instant s = Rates.instant(r.get("period_start"));
    Instant e = Rates.instant(r.get("period_end"));
    return days(s, e);
  }

  static int days(Instant s, Instant e) {
    long secs = Duration.between(s, e).toSeconds();
    long d = (secs + 86_399) / 86_400;
    return (int) Math.max(1, Math.min(d, 100_000));
  }

  // ---- creating ----

  Quote create(NewQuote n) {
    new Validation()
        .maxLength(n.title(), 200, "title")
        .maxLength(n.notes(), 5000, "notes")
        .check(
            n.companyId() != null || n.eventId() != null,
            "company_id",
            "is required (or an event_id whose event has a client)")
        .throwIfInvalid();
    if (n.currency() != null && !n.currency().isEmpty()) {
      Validation v = new Validation();
      Rates.currency(v, n.currency(), "currency");
      v.throwIfInvalid();
    }
    return jdbi.inTransaction(
        h -> {
          QuoteDao dao = Daos.of(h, QuoteDao.class);
          Settings s = Rates.settings(h);
          UUID companyId = n.companyId();
          UUID contactId = n.contactId();
          Planning.EventWithLines ev = null;
          if (n.eventId() != null) {
            ev = planning.getEvent(n.eventId());
            if (!ev.event().status().isOpen()) {
              throw new DomainException(
                  ErrorCode.FAILED_PRECONDITION,
                  "event '"
                      + ev.event().name()
                      + "' is "
                      + ev.event().status()
                      + "; a quote can only be made for an open event");
            }
            Map<String, Object> client = dao.eventClient(n.eventId()).orElseThrow();
            if (companyId == null) {
              companyId = (UUID) client.get("client_company_id");
              if (contactId == null) {
                contactId = (UUID) client.get("client_contact_id");
              }
            }
            if (companyId == null) {
              throw new DomainException(
                  ErrorCode.FAILED_PRECONDITION,
                  "event '"
                      + ev.event().name()
                      + "' has no client; give company_id or set the event's client first");
            }
          }
          UUID cid = companyId;
          Map<String, Object> company =
              dao.company(cid)
                  .orElseThrow(() -> DomainException.notFound("company " + cid + " not found"));
          if (Boolean.TRUE.equals(company.get("archived"))) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "company '" + company.get("name") + "' is archived; restore it to quote for it");
          }
          String language = (String) company.get("language");
          if (contactId != null) {
            Map<String, Object> contact = contact(dao, contactId, cid, "contact_id");
            if (!((String) contact.get("language")).isEmpty()) {
              language = (String) contact.get("language");
            }
          }
          if (language.isEmpty()) {
            language = s.defaultLanguage();
          }
          String currency =
              n.currency() != null && !n.currency().isEmpty()
                  ? n.currency()
                  : !((String) company.get("default_currency")).isEmpty()
                      ? (String) company.get("default_currency")
                      : s.baseCurrency();
          BigDecimal rate = rateFor(h, s, currency);
          Instant now = now();
          int year = now.atOffset(ZoneOffset.UTC).getYear();
          String number =
              s.numberPrefix()
                  + year
                  + "-"
                  + String.format(Locale.ROOT, "%04d", dao.nextNumber(year));
          String title =
              n.title() != null && !n.title().isBlank()
                  ? n.title().trim()
                  : ev != null ? ev.event().name() : "Quote";
          UUID id = UUID.randomUUID();
          dao.insert(
              id,
              number,
              title,
              cid,
              contactId,
              n.eventId(),
              currency,
              rate,
              (UUID) company.get("price_list_id"),
              language,
              now.plus(Duration.ofDays(s.validityDays())),
              n.notes() == null ? "" : n.notes(),
              Actor.name(),
              now);
          if (ev != null) {
            List<Group> groups = groups(ev.lines());
            Map<UUID, String> names = productNames(dao, groups);
            int pos = 0;
            for (Group g : groups) {
              dao.insertLine(
                  UUID.randomUUID(),
                  id,
                  pos++,
                  LineKind.RENTAL.name(),
                  g.product(),
                  names.getOrDefault(g.product(), "?"),
                  BigDecimal.valueOf(g.quantity()),
                  "",
                  g.start(),
                  g.end(),
                  null,
                  0,
                  s.defaultTaxCode(),
                  g.bookingLines().get(0));
            }
            if (ev.event().status() == EventStatus.ENQUIRY) {
              planning.setStatus(ev.event().id(), EventStatus.QUOTE);
            }
          }
          return view(h, id);
        });
  }

  private static Map<String, Object> contact(
      QuoteDao dao, UUID contactId, UUID companyId, String f) {
    Map<String, Object> contact =
        dao.contact(contactId)
            .orElseThrow(() -> DomainException.notFound("contact " + contactId + " not found"));
    if (!companyId.equals(contact.get("company_id"))) {
      throw DomainException.invalid(
          f + ": contact " + contactId + " is not of the quote's company");
    }
    return contact;
  }

  private static BigDecimal rateFor(Handle h, Settings s, String currency) {
    if (currency.equals(s.baseCurrency())) {
      return BigDecimal.ONE;
    }
    return Rates.latestRate(h, currency)
        .map(ExchangeRate::rate)
        .orElseThrow(
            () ->
                new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "there is no exchange rate from "
                        + s.baseCurrency()
                        + " to "
                        + currency
                        + "; record one first (SetExchangeRate)"));
  }

  /** Booked quantities per product and period (asset and case contents count as products). */
  record Group(UUID product, Instant start, Instant end, int quantity, List<UUID> bookingLines) {}

  static List<Group> groups(List<BookingLine> lines) {
    record Key(UUID product, Instant start, Instant end) {}
    Map<Key, int[]> qty = new LinkedHashMap<>();
    Map<Key, List<UUID>> ids = new HashMap<>();
    for (BookingLine l : lines) {
      if (l.productId() == null) {
        continue;
      }
      Key k = new Key(l.productId(), l.period().start(), l.period().end());
      qty.computeIfAbsent(k, x -> new int[1])[0] += l.quantity();
      ids.computeIfAbsent(k, x -> new ArrayList<>()).add(l.id());
    }
    List<Group> out = new ArrayList<>();
    qty.forEach((k, q) -> out.add(new Group(k.product(), k.start(), k.end(), q[0], ids.get(k))));
    return out;
  }

  private static Map<UUID, String> productNames(QuoteDao dao, List<Group> groups) {
    Map<UUID, String> names = new HashMap<>();
    if (!groups.isEmpty()) {
      for (Map<String, Object> r :
          dao.productNames(groups.stream().map(Group::product).distinct().toArray(UUID[]::new))) {
        names.put((UUID) r.get("id"), (String) r.get("name"));
      }
    }
    return names;
  }

  // ---- draft changes ----

  @FunctionalInterface
  private interface Change {
    void apply(Handle h, QuoteDao dao, Map<String, Object> q, Settings s);
  }

  /** Locks the quote, checks it is open and at {@code expected}, applies, bumps the revision. */
  private Quote change(UUID id, long expected, Change c) {
    return jdbi.inTransaction(
        h -> {
          QuoteDao dao = Daos.of(h, QuoteDao.class);
          Map<String, Object> q = lockOpen(dao, id, expected);
          c.apply(h, dao, q, Rates.settings(h));
          dao.touch(id, now());
          return view(h, id);
        });
  }

  private static Map<String, Object> lockOpen(QuoteDao dao, UUID id, long expected) {
    long unusedRevision = dao.lock(id).orElseThrow(() -> notFound(id));
    Map<String, Object> q = dao.find(id).orElseThrow(() -> notFound(id));
    String state = (String) q.get("state");
    if (state.equals("ACCEPTED") || state.equals("DECLINED")) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "quote " + q.get("number") + " is " + state + "; its draft is closed");
    }
    long revision = ((Number) q.get("revision")).longValue();
    if (revision != expected) {
      throw new DomainException(
          ErrorCode.ABORTED,
          "quote "
              + q.get("number")
              + " is at revision "
              + revision
              + ", not "
              + expected
              + ": someone changed it since you read it; reload it and apply your change again");
    }
    return q;
  }

  Quote update(UUID id, long expected, QuoteChanges c) {
    Validation v = new Validation();
    if (c.title() != null) {
      v.notBlank(c.title(), "title").maxLength(c.title(), 200, "title");
    }
    v.maxLength(c.notes(), 5000, "notes");
    if (c.currency() != null) {
      Rates.currency(v, c.currency(), "currency");
    }
    BigDecimal rate =
        c.exchangeRate() == null ? null : Rates.decimalRate(v, c.exchangeRate(), "exchange_rate");
    if (c.language() != null) {
      Rates.language(v, c.language(), "language", false);
    }
    if (c.discountBp() != null) {
      v.check(c.discountBp() >= 0 && c.discountBp() <= 10000, "discount_bp", "must be 0–10000");
    }
    UUID priceList = null;
    if (c.priceListId() != null && !c.priceListId().isEmpty()) {
      priceList = io.eventkit.node.kernel.Ids.parse(c.priceListId(), "price_list_id");
    }
    v.throwIfInvalid();
    UUID pl = priceList;
    return change(
        id,
        expected,
        (h, dao, q, s) -> {
          String currency = c.currency() == null ? (String) q.get("currency") : c.currency();
          BigDecimal r = new BigDecimal((String) q.get("exchange_rate_text"));
          if (rate == null && c.currency() != null && !c.currency().equals(q.get("currency"))) {
            r = rateFor(h, s, currency);
          }
          if (rate != null) {
            if (currency.equals(s.baseCurrency()) && rate.compareTo(BigDecimal.ONE) != 0) {
              throw DomainException.invalid(
                  "exchange_rate: the quote is in the base currency "
                      + currency
                      + "; its rate is 1");
            }
            r = rate;
          }
          if (c.currency() != null
              && !c.currency().equals(q.get("currency"))
              && !dao.lines(id).stream().allMatch(l -> l.get("unit_price") == null)) {
            // Typed prices are in the old currency: convert them at the new over the old rate.
            BigDecimal old = new BigDecimal((String) q.get("exchange_rate_text"));
            int from = Pricing.digits((String) q.get("currency"));
            int to = Pricing.digits(currency);
            BigDecimal factor = r.divide(old, 12, java.math.RoundingMode.HALF_UP);
            for (Map<String, Object> l : dao.lines(id)) {
              if (l.get("unit_price") != null) {
                long converted =
                    Pricing.convert(((Number) l.get("unit_price")).longValue(), from, to, factor);
                updateLine(
                    dao, l, null, null, null, null, null, converted, false, null, null, null);
              }
            }
          }
          UUID contact = (UUID) q.get("contact_id");
          if (c.clearContact()) {
            contact = null;
          } else if (c.contactId() != null) {
            contact(dao, c.contactId(), (UUID) q.get("company_id"), "contact_id");
            contact = c.contactId();
          }
          UUID list = (UUID) q.get("price_list_id");
          if (c.priceListId() != null) {
            list = pl;
            if (pl != null) {
              Rates.priceList(h, pl);
            }
          }
          dao.updateHeader(
              id,
              c.title() == null ? (String) q.get("title") : c.title().trim(),
              contact,
              currency,
              r,
              list,
              c.language() == null
                  ? (String) q.get("language")
                  : Locale.forLanguageTag(c.language()).toLanguageTag(),
              c.validUntil() == null ? Rates.instant(q.get("valid_until")) : c.validUntil(),
              c.discountBp() == null ? ((Number) q.get("discount_bp")).intValue() : c.discountBp(),
              c.notes() == null ? (String) q.get("notes") : c.notes());
        });
  }

  private static void checkQuantity(Validation v, String quantity, LineKind kind, String field) {
    boolean ok = quantity != null && QUANTITY.matcher(quantity.trim()).matches();
    if (ok) {
      BigDecimal q = new BigDecimal(quantity.trim());
      ok = q.signum() > 0;
      if (ok && kind == LineKind.RENTAL) {
        v.check(
            q.stripTrailingZeros().scale() <= 0, field, "must be a whole number for a RENTAL line");
      }
    }
    v.check(ok, field, "must be a decimal > 0 with up to 3 places (e.g. 4 or 10.5)");
  }

  private static void checkPeriod(Validation v, Instant start, Instant end, String field) {
    if (start != null || end != null) {
      v.check(
          start != null && end != null && end.isAfter(start),
          field,
          "must have a start and an end after it");
      if (start != null && end != null) {
        v.check(
            Duration.between(start, end).toDays() <= 366 * 3,
            field,
            "must be at most three years long");
      }
    }
  }

  private String taxCode(Handle h, Settings s, String requested, String field) {
    if (requested == null || requested.isEmpty()) {
      return s.defaultTaxCode();
    }
    if (requested.equals("-")) {
      return "";
    }
    return Rates.requireTaxCode(h, requested, field).code();
  }

  Quote addLine(UUID id, long expected, NewLine n) {
    Validation v = new Validation();
    v.check(n.kind() != null, "kind", "must be RENTAL, SERVICE or SALE");
    v.maxLength(n.description(), 500, "description").maxLength(n.unit(), 20, "unit");
    checkQuantity(v, n.quantity(), n.kind(), "quantity");
    v.check(n.discountBp() >= 0 && n.discountBp() <= 10000, "discount_bp", "must be 0–10000");
    checkPeriod(v, n.periodStart(), n.periodEnd(), "period");
    if (n.kind() == LineKind.RENTAL) {
      v.check(n.productId() != null, "product_id", "is required for a RENTAL line");
    } else if (n.kind() != null) {
      v.notBlank(n.description(), "description");
      v.check(n.unitPrice() != null, "unit_price", "is required for a " + n.kind() + " line");
    }
    v.check(n.unitPrice() == null || n.unitPrice() >= 0, "unit_price", "must not be negative");
    v.throwIfInvalid();
    return change(
        id,
        expected,
        (h, dao, q, s) -> {
          List<Map<String, Object>> lines = dao.lines(id);
          if (lines.size() >= MAX_LINES) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION, "a quote has at most " + MAX_LINES + " lines");
          }
          String description = n.description() == null ? "" : n.description().trim();
          Instant start = n.periodStart();
          Instant end = n.periodEnd();
          if (n.kind() == LineKind.RENTAL) {
            String name =
                Daos.of(h, PricingDao.class)
                    .productName(n.productId())
                    .orElseThrow(
                        () -> DomainException.notFound("product " + n.productId() + " not found"));
            if (description.isEmpty()) {
              description = name;
            }
            if (start == null) {
              UUID event = (UUID) q.get("event_id");
              if (event == null) {
                throw DomainException.invalid(
                    "period: is required for a RENTAL line on a quote without an event");
              }
              var e = planning.requireEvent(event);
              start = e.period().start();
              end = e.period().end();
            }
          }
          dao.insertLine(
              UUID.randomUUID(),
              id,
              lines.size(),
              n.kind().name(),
              n.productId(),
              description,
              new BigDecimal(n.quantity().trim()),
              n.unit() == null ? "" : n.unit().trim(),
              start,
              end,
              n.unitPrice(),
              n.discountBp(),
              taxCode(h, s, n.taxCode(), "tax_code"),
              null);
        });
  }

  Quote updateLine(UUID id, long expected, UUID lineId, LineChanges c) {
    Validation v = new Validation();
    v.maxLength(c.description(), 500, "description").maxLength(c.unit(), 20, "unit");
    if (c.description() != null) {
      v.notBlank(c.description(), "description");
    }
    if (c.quantity() != null) {
      checkQuantity(v, c.quantity(), null, "quantity");
    }
    if (c.discountBp() != null) {
      v.check(c.discountBp() >= 0 && c.discountBp() <= 10000, "discount_bp", "must be 0–10000");
    }
    v.check(c.unitPrice() == null || c.unitPrice() >= 0, "unit_price", "must not be negative");
    v.check(
        c.position() == null || (c.position() >= 0 && c.position() < MAX_LINES),
        "position",
        "must be 0 or more");
    checkPeriod(v, c.periodStart(), c.periodEnd(), "period");
    v.throwIfInvalid();
    return change(
        id,
        expected,
        (h, dao, q, s) -> {
          List<Map<String, Object>> lines = dao.lines(id);
          Map<String, Object> l =
              lines.stream()
                  .filter(x -> lineId.equals(x.get("id")))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          DomainException.notFound(
                              "line " + lineId + " not found on quote " + q.get("number")));
          LineKind kind = LineKind.valueOf((String) l.get("kind"));
          if (c.quantity() != null) {
            Validation w = new Validation();
            checkQuantity(w, c.quantity(), kind, "quantity");
            w.throwIfInvalid();
          }
          if (kind != LineKind.RENTAL && c.clearUnitPrice()) {
            throw DomainException.invalid(
                "clear_unit_price: only a RENTAL line has a rate-card price to go back to");
          }
          if (kind != LineKind.RENTAL && c.periodStart() != null) {
            throw DomainException.invalid("period: only a RENTAL line has a period");
          }
          String tax = c.taxCode() == null ? null : taxCode(h, s, c.taxCode(), "tax_code");
          updateLine(
              dao,
              l,
              c.description(),
              c.quantity(),
              c.unit(),
              c.periodStart(),
              c.periodEnd(),
              c.unitPrice(),
              c.clearUnitPrice(),
              c.discountBp(),
              tax,
              null);
          if (c.position() != null) {
            List<Map<String, Object>> order = new ArrayList<>(lines);
            order.remove(l);
            order.add(Math.min(c.position(), order.size()), l);
            renumber(dao, order);
          }
        });
  }

  private static void renumber(QuoteDao dao, List<Map<String, Object>> order) {
    for (int i = 0; i < order.size(); i++) {
      Map<String, Object> x = order.get(i);
      if (((Number) x.get("position")).intValue() != i) {
        Map<String, Object> fresh = new HashMap<>(x);
        updateLine(dao, fresh, null, null, null, null, null, null, false, null, null, i);
      }
    }
  }

  /** Writes a line with the given fields changed (null keeps them). */
  private static void updateLine(
      QuoteDao dao,
      Map<String, Object> l,
      String description,
      String quantity,
      String unit,
      Instant start,
      Instant end,
      Long price,
      boolean clearPrice,
      Integer discount,
      String tax,
      Integer position) {
    Long old = l.get("unit_price") == null ? null : ((Number) l.get("unit_price")).longValue();
    dao.updateLine(
        (UUID) l.get("id"),
        position == null ? ((Number) l.get("position")).intValue() : position,
        description == null ? (String) l.get("description") : description.trim(),
        quantity == null ? (BigDecimal) l.get("quantity") : new BigDecimal(quantity.trim()),
        unit == null ? (String) l.get("unit") : unit.trim(),
        start == null ? Rates.instant(l.get("period_start")) : start,
        end == null ? Rates.instant(l.get("period_end")) : end,
        clearPrice ? null : price != null ? price : old,
        discount == null ? ((Number) l.get("discount_bp")).intValue() : discount,
        tax == null ? (String) l.get("tax_code") : tax);
  }

  Quote removeLine(UUID id, long expected, UUID lineId) {
    return change(
        id,
        expected,
        (h, dao, q, s) -> {
          List<Map<String, Object>> lines = new ArrayList<>(dao.lines(id));
          Map<String, Object> l =
              lines.stream()
                  .filter(x -> lineId.equals(x.get("id")))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          DomainException.notFound(
                              "line " + lineId + " not found on quote " + q.get("number")));
          dao.deleteLine(lineId);
          lines.remove(l);
          renumber(dao, lines);
        });
  }

  Quote sync(UUID id, long expected) {
    return change(
        id,
        expected,
        (h, dao, q, s) -> {
          UUID event = (UUID) q.get("event_id");
          if (event == null) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "quote " + q.get("number") + " has no event to bring its lines from");
          }
          List<Group> groups = groups(planning.getEvent(event).lines());
          List<Map<String, Object>> lines = new ArrayList<>(dao.lines(id));
          List<Group> unmatched = new ArrayList<>(groups);
          List<Map<String, Object>> kept = new ArrayList<>();
          for (Map<String, Object> l : lines) {
            if (!"RENTAL".equals(l.get("kind")) || l.get("booking_line_id") == null) {
              kept.add(l);
              continue;
            }
            Group match = null;
            for (Group g : unmatched) {
              if (g.bookingLines().contains(l.get("booking_line_id"))) {
                match = g;
                break;
              }
            }
            if (match == null) {
              for (Group g : unmatched) {
                if (g.product().equals(l.get("product_id"))
                    && g.start().equals(Rates.instant(l.get("period_start")))
                    && g.end().equals(Rates.instant(l.get("period_end")))) {
                  match = g;
                  break;
                }
              }
            }
            if (match == null) {
              dao.deleteLine((UUID) l.get("id"));
              continue;
            }
            unmatched.remove(match);
            updateLine(
                dao,
                l,
                null,
                String.valueOf(match.quantity()),
                null,
                match.start(),
                match.end(),
                null,
                false,
                null,
                null,
                null);
            kept.add(l);
          }
          renumber(dao, kept);
          Map<UUID, String> names = productNames(dao, unmatched);
          int pos = kept.size();
          for (Group g : unmatched) {
            dao.insertLine(
                UUID.randomUUID(),
                id,
                pos++,
                LineKind.RENTAL.name(),
                g.product(),
                names.getOrDefault(g.product(), "?"),
                BigDecimal.valueOf(g.quantity()),
                "",
                g.start(),
                g.end(),
                null,
                0,
                s.defaultTaxCode(),
                g.bookingLines().get(0));
          }
        });
  }

  Quote approve(UUID id, long expected) {
    return jdbi.inTransaction(
        h -> {
          QuoteDao dao = Daos.of(h, QuoteDao.class);
          lockOpen(dao, id, expected);
          dao.approve(id, Actor.name(), now());
          return view(h, id);
        });
  }

  // ---- versions ----

  Sent send(UUID id, long expected, boolean email, String emailTo, String message) {
    new Validation()
        .maxLength(message, 2000, "message")
        .maxLength(emailTo, 254, "email_to")
        .check(
            emailTo == null || emailTo.isEmpty() || emailTo.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"),
            "email_to",
            "must be an email address")
        .throwIfInvalid();
    Sent sent =
        jdbi.inTransaction(
            h -> {
              QuoteDao dao = Daos.of(h, QuoteDao.class);
              lockOpen(dao, id, expected);
              Quote q = view(h, id);
              if (q.draft().lines().isEmpty()) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "quote " + q.draft().number() + " has no lines; add some before sending");
              }
              if (q.approval().required() && !q.approval().approved()) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "quote "
                        + q.draft().number()
                        + " has a discount of "
                        + pct(q.approval().maxDiscountBp())
                        + ", above the approval threshold; a Manager must approve it first");
              }
              if (!q.draft().validUntil().isAfter(now())) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "quote "
                        + q.draft().number()
                        + " was valid until "
                        + q.draft().validUntil()
                        + "; set a later valid_until before sending");
              }
              if (!q.hasUnsentChanges()) {
                // The row lock makes a second SendQuote at this revision wait and land here.
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "revision "
                        + q.revision()
                        + " of quote "
                        + q.draft().number()
                        + " was already sent as v"
                        + q.versions().size()
                        + "; change the draft to send a new version, or ResendQuoteEmail");
              }
              String to = emailTo == null || emailTo.isEmpty() ? q.draft().contactEmail() : emailTo;
              if (email && (to == null || to.isEmpty())) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "the quote's contact has no email address; give email_to");
              }
              Mailer m = mailer;
              if (email && m == null) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "this node cannot email quotes yet; send without email and deliver the PDF");
              }
              int version = q.versions().size() + 1;
              Instant now = now();
              dao.insertVersion(
                  id,
                  version,
                  json(q.draft().sentWith(QuoteModel.Letterhead.of(Rates.settings(h)))),
                  q.draft().totals().total(),
                  q.draft().validUntil(),
                  now,
                  Actor.name());
              dao.markSent(id, version, now);
              Version v = version(h, id, version);
              if (email) {
                m.enqueue(h, v, to, q.draft().contactName(), message == null ? "" : message);
              }
              Map<String, Object> payload = quotePayload(id, v.doc());
              payload.put("version", version);
              payload.put("emailed", email);
              events.record(h, DomainEvent.of(EventType.QUOTE_SENT, "quote", id, payload));
              return new Sent(view(h, id), version(h, id, version));
            });
    if (email && mailer != null) {
      mailer.kick();
    }
    return sent;
  }

  static String pct(int bp) {
    return BigDecimal.valueOf(bp, 2).stripTrailingZeros().toPlainString() + " %";
  }

  static String json(Object o) {
    return Rates.json(o);
  }

  Version version(UUID id, int version) {
    return jdbi.withHandle(h -> version(h, id, version));
  }

  Version version(Handle h, UUID id, int version) {
    QuoteDao dao = Daos.of(h, QuoteDao.class);
    var unused = dao.find(id).orElseThrow(() -> notFound(id));
    Map<String, Object> r =
        dao.version(id, version)
            .orElseThrow(
                () -> DomainException.notFound("quote " + id + " has no version " + version));
    Doc doc;
    try {
      doc = Rates.JSON.readValue((String) r.get("content"), Doc.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored quote version is not valid JSON", e);
    }
    return new Version(
        id,
        version,
        doc,
        Rates.instant(r.get("sent_at")),
        (String) r.get("sent_by"),
        emails(id, version));
  }

  /** A version's document, or the draft's (0). */
  Doc doc(Handle h, UUID id, int version) {
    return version == 0 ? view(h, id).draft() : version(h, id, version).doc();
  }

  QuoteModel.Diff diff(UUID id, int from, int to) {
    new Validation()
        .check(from >= 0, "from_version", "must be 0 (the draft) or a version")
        .check(to >= 0, "to_version", "must be 0 (the draft) or a version")
        .throwIfInvalid();
    return jdbi.inTransaction(h -> Diffs.diff(from, to, doc(h, id, from), doc(h, id, to)));
  }

  // ---- the client's answer ----

  Accepted accept(UUID id, int version, String note) {
    new Validation()
        .check(version > 0, "version", "must be the latest sent version (1 or more)")
        .maxLength(note, 500, "note")
        .throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          QuoteDao dao = Daos.of(h, QuoteDao.class);
          long unusedRevision = dao.lock(id).orElseThrow(() -> notFound(id));
          Quote q = view(h, id);
          int latest = q.versions().size();
          if (q.state() != State.SENT) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "quote "
                    + q.draft().number()
                    + " is "
                    + q.state()
                    + (q.state() == State.EXPIRED
                        ? "; send it again with a later valid-until date"
                        : "; only a SENT quote can be accepted"));
          }
          if (version != latest) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "version "
                    + version
                    + " of quote "
                    + q.draft().number()
                    + " is not the latest sent version ("
                    + latest
                    + "); the client must accept v"
                    + latest);
          }
          dao.decide(id, "ACCEPTED", version, note == null ? "" : note, "", now());
          Map<String, Object> payload = quotePayload(id, version(h, id, version).doc());
          payload.put("version", version);
          events.record(h, DomainEvent.of(EventType.QUOTE_ACCEPTED, "quote", id, payload));
          boolean confirmed = false;
          List<String> warnings = new ArrayList<>();
          List<Shortage> shortages = new ArrayList<>();
          UUID event = q.draft().eventId();
          if (event != null) {
            var ev = planning.requireEvent(event);
            if (ev.status() == EventStatus.CONFIRMED) {
              confirmed = true;
            } else if (!ev.status().isOpen()) {
              warnings.add(
                  "event '" + ev.name() + "' is " + ev.status() + "; it was not confirmed");
            } else {
              h.savepoint("confirm");
              try {
                warnings.addAll(planning.setStatus(event, EventStatus.CONFIRMED).warnings());
                confirmed = true;
                h.releaseSavepoint("confirm");
              } catch (DomainException e) {
                h.rollbackToSavepoint("confirm");
                warnings.add(e.getMessage());
              }
            }
            shortages.addAll(shortages(event));
          }
          return new Accepted(view(h, id), confirmed, shortages, warnings);
        });
  }

  /** What the event is short of now, by product, over the periods its lines ask for. */
  private List<Shortage> shortages(UUID event) {
    List<Availability.PullItem> items = planning.checkPullList(event);
    List<BookingLine> lines = planning.getEvent(event).lines();
    List<Shortage> out = new ArrayList<>();
    Map<UUID, String> names = new HashMap<>();
    for (Availability.PullItem p : items) {
      if (p.shortfall() <= 0) {
        continue;
      }
      Instant start = null;
      Instant end = null;
      for (BookingLine l : lines) {
        if (p.productId().equals(l.productId())) {
          start = start == null || l.period().start().isBefore(start) ? l.period().start() : start;
          end = end == null || l.period().end().isAfter(end) ? l.period().end() : end;
        }
      }
      String name =
          names.computeIfAbsent(
              p.productId(),
              pid ->
                  jdbi.withHandle(h -> Daos.of(h, PricingDao.class).productName(pid).orElse("?")));
      out.add(new Shortage(p.productId(), name, p.requested(), p.available(), start, end));
    }
    return out;
  }

  Quote decline(UUID id, String reason) {
    new Validation().notBlank(reason, "reason").maxLength(reason, 500, "reason").throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          QuoteDao dao = Daos.of(h, QuoteDao.class);
          long unusedRevision = dao.lock(id).orElseThrow(() -> notFound(id));
          Quote q = view(h, id);
          if (q.state() != State.SENT && q.state() != State.EXPIRED) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "quote "
                    + q.draft().number()
                    + " is "
                    + q.state()
                    + "; only a sent quote can be declined");
          }
          dao.decide(id, "DECLINED", 0, "", reason.trim(), now());
          Map<String, Object> payload = quotePayload(id, q.draft());
          payload.put("previousState", q.state().name());
          events.record(h, DomainEvent.of(EventType.QUOTE_DECLINED, "quote", id, payload));
          return view(h, id);
        });
  }

  /** Why an event must stay: a quote refers to it. */
  Optional<String> whyKept(Handle h, UUID eventId) {
    return Daos.of(h, QuoteDao.class)
        .quoteOfEvent(eventId)
        .map(n -> "quote " + n + " was made for it");
  }

  static Set<State> noStates() {
    return Set.of();
  }
}
