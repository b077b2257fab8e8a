package io.eventkit.node.planning;

import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Assets;
import io.eventkit.node.inventory.Availability;
import io.eventkit.node.inventory.BookedLine;
import io.eventkit.node.inventory.Case;
import io.eventkit.node.inventory.Cases;
import io.eventkit.node.inventory.Catalog;
import io.eventkit.node.inventory.HoldPolicy;
import io.eventkit.node.inventory.InventoryConfig.Overbooking;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events and their booking lines. Every change that makes stock held runs in one transaction that
 * first locks the affected product rows (in ID order), so two writers booking the last unit of a
 * product are serialised and exactly one gets it; the exclusion constraints on booking_line make a
 * double-held asset or case impossible even if code forgot to check.
 */
public final class Planning {
  private static final Logger LOG = LoggerFactory.getLogger(Planning.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final HoldPolicy policy;
  private final Overbooking overbooking;
  private final Availability availability;
  private final DomainEvents events;
  private final List<EventReferences> references =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<LinesChanged> lineListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public Planning(
      Jdbi jdbi,
      Clock clock,
      DomainEvents events,
      Availability availability,
      Overbooking overbooking) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.events = events;
    this.availability = availability;
    this.policy = availability.policy();
    this.overbooking = overbooking;
  }

  public HoldPolicy policy() {
    return policy;
  }

  /**
   * Something outside planning that refers to events and must keep them (sub-hire's supplier-side
   * events). Asked inside the deleting transaction, after the event row is locked.
   */
  @FunctionalInterface
  public interface EventReferences {
    /** Why the event must stay, in words a planner can act on; empty when nothing refers to it. */
    Optional<String> whyKept(Handle h, UUID eventId);
  }

  /**
   * Records where an event's gear is, inside the caller's transaction (scanning calls this with
   * every applied scan). Leaves updated_at alone: a scan is not an edit of the event.
   */
  public void recordFulfilment(Handle h, UUID eventId, Fulfilment f) {
    Daos.of(h, EventDao.class).setFulfilment(eventId, f.name());
  }

  /**
   * Told, inside the transaction, that an event's booking lines were added, changed or removed
   * (scanning re-derives the event's fulfilment from what is booked and what is out).
   */
  @FunctionalInterface
  public interface LinesChanged {
    void linesChanged(Handle h, UUID eventId);
  }

  /** Registers a listener; features above planning call this while being wired. */
  public void onLinesChanged(LinesChanged l) {
    lineListeners.add(l);
  }

  private void linesChanged(Handle h, UUID eventId) {
    for (LinesChanged l : lineListeners) {
      l.linesChanged(h, eventId);
    }
  }

  /** Registers a feature's references; features above planning call this while being wired. */
  public void keepReferencedEvents(EventReferences r) {
    references.add(r);
  }

  /** A new event; {@code clientCompanyId} and {@code clientContactId} (optional) are CRM's. */
  public record NewEvent(
      String name,
      String clientName,
      String venue,
      String timeZone,
      Interval period,
      EventStatus status,
      int priority,
      String notes,
      UUID clientCompanyId,
      UUID clientContactId) {
    /** A new event without a CRM client. */
    public NewEvent(
        String name,
        String clientName,
        String venue,
        String timeZone,
        Interval period,
        EventStatus status,
        int priority,
        String notes) {
      this(name, clientName, venue, timeZone, period, status, priority, notes, null, null);
    }
  }

  public record EventWithLines(Event event, List<BookingLine> lines) {}

  /** A line to add: exactly one of product (with quantity), asset or case. */
  public record NewLine(
      UUID eventId,
      UUID productId,
      int quantity,
      UUID assetId,
      UUID caseId,
      Interval period,
      Integer priority) {}

  public record Added(BookingLine line, List<BookingLine> contentLines, List<String> warnings) {}

  public record StatusChanged(Event event, List<String> warnings) {}

  /** Changes to an event; a null field keeps its value. */
  public record EventChanges(
      String name,
      String clientName,
      String venue,
      String timeZone,
      Interval period,
      Integer priority,
      String notes,
      Instant expectedUpdatedAt,
      ClientChange client) {
    /** Changes that leave the client as it is. */
    public EventChanges(
        String name,
        String clientName,
        String venue,
        String timeZone,
        Interval period,
        Integer priority,
        String notes,
        Instant expectedUpdatedAt) {
      this(name, clientName, venue, timeZone, period, priority, notes, expectedUpdatedAt, null);
    }
  }

  /**
   * A change of an event's CRM client: {@code companySet} with a null {@code companyId} clears the
   * client (and its contact); {@code contactSet} with a null {@code contactId} clears the contact.
   * A new company without a contact clears the old company's contact.
   */
  public record ClientChange(
      UUID companyId, boolean companySet, UUID contactId, boolean contactSet) {}

  /** An event after a change or copy, with all its lines. */
  public record Changed(Event event, List<BookingLine> lines, List<String> warnings) {}

  /** What a copy changes; a null name or status takes the default. */
  public record CopySpec(Instant start, String name, EventStatus status) {}

  /** Changes to a line; a null field keeps its value. */
  public record LineChanges(Integer quantity, Interval period, Integer priority) {}

  public record LineChanged(
      BookingLine line, List<BookingLine> contentLines, List<String> warnings) {}

  // ---- events ----

  public Event createEvent(NewEvent n) {
    Event e = newEvent(n, false);
    return jdbi.inTransaction(
        h -> {
          EventDao events = Daos.of(h, EventDao.class);
          Event row = e;
          if (n.clientCompanyId() != null || n.clientContactId() != null) {
            String company = clientCompany(events, n.clientCompanyId(), n.clientContactId());
            row = withClient(e, company, n.clientCompanyId(), n.clientContactId());
          }
          events.insert(List.of(EventDao.Row.of(row)));
          Event created = row.client() == null ? row : withNames(row, events);
          recordCreated(h, created, null);
          return created;
        });
  }

  private void recordCreated(Handle h, Event e, UUID copiedFrom) {
    Map<String, Object> payload = new LinkedHashMap<>(eventPayload(e));
    payload.put("status", e.status().name());
    payload.put("start", e.period().start().toString());
    payload.put("end", e.period().end().toString());
    payload.put("client", e.clientName());
    if (copiedFrom != null) {
      payload.put("copiedFrom", copiedFrom.toString());
    }
    events.record(h, DomainEvent.of(EventType.EVENT_CREATED, "event", e.id(), payload));
  }

  private static Map<String, Object> eventPayload(Event e) {
    return Map.of("eventId", e.id().toString(), "eventName", e.name());
  }

  /**
   * booking.changed for one change of an event's lines: counts of top-level lines added, changed
   * and removed (a case's content lines go with their case line) and those lines, at most 20.
   */
  private void recordBooking(
      Handle h,
      Event e,
      List<BookingLine> added,
      List<BookingLine> changed,
      List<BookingLine> removed) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (var group :
        List.of(
            Map.entry("added", added),
            Map.entry("changed", changed),
            Map.entry("removed", removed))) {
      for (BookingLine l : group.getValue()) {
        if (lines.size() == 20) {
          break;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lineId", l.id().toString());
        m.put("change", group.getKey());
        if (l.productId() != null) {
          m.put("productId", l.productId().toString());
        }
        if (l.assetId() != null) {
          m.put("assetId", l.assetId().toString());
        }
        if (l.caseId() != null) {
          m.put("caseId", l.caseId().toString());
        }
        m.put("quantity", l.quantity());
        lines.add(m);
      }
    }
    Map<String, Object> payload = new LinkedHashMap<>(eventPayload(e));
    payload.put("added", added.size());
    payload.put("changed", changed.size());
    payload.put("removed", removed.size());
    payload.put("lines", lines);
    events.record(h, DomainEvent.of(EventType.BOOKING_CHANGED, "event", e.id(), payload));
  }

  /**
   * The event as given (its times as the caller sent them) with its client's names read back from
   * CRM.
   */
  private static Event withNames(Event e, EventDao events) {
    Event read = events.find(e.id()).orElseThrow();
    return new Event(
        e.id(),
        e.name(),
        e.clientName(),
        e.venue(),
        e.timeZone(),
        e.period(),
        e.status(),
        e.priority(),
        e.notes(),
        e.createdAt(),
        e.updatedAt(),
        e.fulfilment(),
        read.client());
  }

  private static Event withClient(Event e, String clientName, UUID companyId, UUID contactId) {
    return new Event(
        e.id(),
        e.name(),
        clientName,
        e.venue(),
        e.timeZone(),
        e.period(),
        e.status(),
        e.priority(),
        e.notes(),
        e.createdAt(),
        e.updatedAt(),
        e.fulfilment(),
        companyId == null ? null : Event.Client.of(companyId, contactId));
  }

  /**
   * The name of the CRM company to make an event's client, after checking it exists, is active and
   * that the contact (if any) is one of its contacts.
   */
  private static String clientCompany(EventDao events, UUID companyId, UUID contactId) {
    if (companyId == null) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "client_contact_id needs client_company_id: name the contact's company too",
          List.of(
              new DomainException.FieldViolation(
                  "client_company_id", "is required with a contact")));
    }
    EventDao.ClientCompany c =
        events
            .clientCompany(companyId)
            .orElseThrow(
                () -> DomainException.notFound("client company " + companyId + " not found"));
    if (c.archived()) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "client company '" + c.name() + "' is archived; restore it in CRM or pick another",
          List.of(new DomainException.FieldViolation("client_company_id", "is archived")));
    }
    if (contactId != null) {
      UUID of =
          events
              .contactCompany(contactId)
              .orElseThrow(
                  () -> DomainException.notFound("client contact " + contactId + " not found"));
      if (!of.equals(companyId)) {
        throw new DomainException(
            ErrorCode.INVALID_ARGUMENT,
            "client contact " + contactId + " is not a contact of '" + c.name() + "'",
            List.of(
                new DomainException.FieldViolation(
                    "client_contact_id", "is not a contact of the client company")));
      }
    }
    return c.name();
  }

  private Event newEvent(NewEvent n, boolean imported) {
    Validation v =
        new Validation()
            .notBlank(n.name(), "name")
            .maxLength(n.name(), 200, "name")
            .maxLength(n.clientName(), 200, "client_name")
            .maxLength(n.venue(), 500, "venue")
            .check(n.period() != null, "period", "is required")
            .check(
                imported || n.status() == null || n.status().isOpen(),
                "status",
                "a new event must be ENQUIRY, QUOTE, PROVISIONAL, RESERVED or CONFIRMED")
            .check(inRange(n.priority()), "priority", "must be between -1000 and 1000");
    String zone = n.timeZone() == null || n.timeZone().isBlank() ? "UTC" : n.timeZone();
    validateZone(v, zone);
    v.throwIfInvalid();
    Instant now = now();
    Event e =
        new Event(
            UUID.randomUUID(),
            n.name().trim(),
            n.clientName() == null ? "" : n.clientName().trim(),
            n.venue() == null ? "" : n.venue().trim(),
            zone,
            n.period(),
            n.status() == null ? EventStatus.ENQUIRY : n.status(),
            n.priority(),
            n.notes() == null ? "" : n.notes(),
            now,
            now);
    return n.clientCompanyId() == null
        ? e
        : withClient(e, e.clientName(), n.clientCompanyId(), n.clientContactId());
  }

  /** A priority, when given, within what the ranking accepts. */
  private static boolean inRange(Integer priority) {
    return priority == null || Math.abs(priority) <= 1000;
  }

  /** Now, to the microsecond PostgreSQL keeps, so an event read back equals the one written. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static void validateZone(Validation v, String zone) {
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      v.check(false, "time_zone", "'" + zone + "' is not an IANA time zone such as Europe/London");
    }
  }

  /**
   * Changes an event. A new period moves its lines (see {@link #moved}); a holding event's moved
   * lines are checked under the product locks like new ones, against everything else held.
   */
  /**
   * Links events to CRM clients by their free-text client name: every event whose {@code
   * client_name} is exactly a key of {@code clients} and that has no CRM client yet gets that
   * company (and contact), in one transaction. For data that came with client names only (the demo
   * dataset, imports). Returns how many events were linked.
   */
  public int adoptClients(Map<String, UUID[]> clients) {
    return jdbi.inTransaction(
        h -> {
          EventDao dao = Daos.of(h, EventDao.class);
          int n = 0;
          for (Map.Entry<String, UUID[]> e : clients.entrySet()) {
            n += dao.adoptClient(e.getKey(), e.getValue()[0], e.getValue()[1]);
          }
          return n;
        });
  }

  public Changed updateEvent(UUID id, EventChanges c) {
    Validation v = new Validation();
    if (c.name() != null) {
      v.notBlank(c.name(), "name").maxLength(c.name(), 200, "name");
    }
    v.maxLength(c.clientName(), 200, "client_name")
        .maxLength(c.venue(), 500, "venue")
        .check(inRange(c.priority()), "priority", "must be between -1000 and 1000");
    String zone = c.timeZone() == null ? null : c.timeZone().isBlank() ? "UTC" : c.timeZone();
    if (zone != null) {
      validateZone(v, zone);
    }
    v.throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          EventDao events = Daos.of(h, EventDao.class);
          BookingDao dao = Daos.of(h, BookingDao.class);
          Event ev = events.lock(id).orElseThrow(() -> eventNotFound(id));
          if (c.expectedUpdatedAt() != null
              && !c.expectedUpdatedAt()
                  .truncatedTo(ChronoUnit.MICROS)
                  .equals(ev.updatedAt().truncatedTo(ChronoUnit.MICROS))) {
            throw new DomainException(
                ErrorCode.ABORTED,
                "event '"
                    + ev.name()
                    + "' was changed by someone else at "
                    + ev.updatedAt()
                    + "; reload it and apply your change again");
          }
          if (ev.status() == EventStatus.COMPLETED) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "event '" + ev.name() + "' is COMPLETED; it is kept as a record and cannot change");
          }
          Event next =
              new Event(
                  ev.id(),
                  c.name() == null ? ev.name() : c.name().trim(),
                  c.clientName() == null ? ev.clientName() : c.clientName().trim(),
                  c.venue() == null ? ev.venue() : c.venue().trim(),
                  zone == null ? ev.timeZone() : zone,
                  c.period() == null ? ev.period() : c.period(),
                  ev.status(),
                  c.priority() == null ? ev.priority() : c.priority(),
                  c.notes() == null ? ev.notes() : c.notes(),
                  ev.createdAt(),
                  now(),
                  ev.fulfilment(),
                  ev.client());
          if (c.client() != null) {
            next = changeClient(events, next, c.client());
          }
          List<BookingLine> lines = dao.ofEvent(id);
          List<BookingLine> changed = new ArrayList<>();
          if (!next.period().equals(ev.period()) || next.priority() != ev.priority()) {
            for (BookingLine l : lines) {
              BookingLine m = moved(l, ev, next);
              if (!m.equals(l)) {
                Availability.checkWindow(m.period());
                changed.add(m);
              }
            }
          }
          List<String> warnings = reschedule(h, next, changed, "moving event '" + ev.name() + "'");
          events.update(EventDao.Row.of(next));
          List<BookingLine> movedTop =
              changed.stream().filter(l -> l.parentLineId() == null).toList();
          if (!movedTop.isEmpty()) {
            recordBooking(h, next, List.of(), movedTop, List.of());
          }
          Map<UUID, BookingLine> byId = new HashMap<>();
          changed.forEach(l -> byId.put(l.id(), l));
          return new Changed(
              next.client() == null ? next : withNames(next, events),
              lines.stream().map(l -> byId.getOrDefault(l.id(), l)).toList(),
              warnings);
        });
  }

  private static Event changeClient(EventDao events, Event e, ClientChange ch) {
    UUID company = ch.companySet() ? ch.companyId() : e.clientCompanyId();
    UUID contact;
    if (ch.contactSet()) {
      contact = ch.contactId();
    } else if (ch.companySet() && !java.util.Objects.equals(company, e.clientCompanyId())) {
      contact = null;
    } else {
      contact = e.clientContactId();
    }
    if (company == null) {
      if (contact != null) {
        clientCompany(events, null, contact);
      }
      return withClient(e, e.clientName(), null, null);
    }
    if (company.equals(e.clientCompanyId()) && contact == null) {
      // Only the contact goes: the company stays as it is, even if archived since.
      return withClient(e, e.clientName(), company, null);
    }
    return withClient(e, clientCompany(events, company, contact), company, contact);
  }

  /**
   * A line as it is after its event changed from {@code old} to {@code next}: a line booked for the
   * old event period takes the new one, any other shifts by as much as the start moved; the hold
   * keeps its turnaround buffers either side. A line with the old event priority takes the new.
   */
  private static BookingLine moved(BookingLine l, Event old, Event next) {
    Interval period =
        l.period().equals(old.period())
            ? next.period()
            : l.period().shift(Duration.between(old.period().start(), next.period().start()));
    int priority = l.priority() == old.priority() ? next.priority() : l.priority();
    return changedLine(l, l.quantity(), period, priority);
  }

  private static BookingLine changedLine(BookingLine l, int quantity, Interval period, int prio) {
    Interval hold =
        period.widen(
            Duration.between(l.holdPeriod().start(), l.period().start()),
            Duration.between(l.period().end(), l.holdPeriod().end()));
    return new BookingLine(
        l.id(),
        l.eventId(),
        l.parentLineId(),
        l.productId(),
        l.assetId(),
        l.caseId(),
        quantity,
        period,
        hold,
        l.eventStatus(),
        l.holds(),
        prio,
        l.createdAt());
  }

  /**
   * Stores changed versions of existing lines. When they hold stock, the products are locked and
   * the new versions checked in place of the old (REFUSE throws, WARN returns warnings); the
   * exclusion constraints refuse an asset or case held twice.
   */
  private List<String> reschedule(Handle h, Event ev, List<BookingLine> changed, String what) {
    if (changed.isEmpty()) {
      return List.of();
    }
    List<String> warnings = new ArrayList<>();
    if (policy.holds(ev.status().name())) {
      lockProducts(h, changed.stream().map(BookingLine::productId).toList());
      warnings.addAll(
          checkQuantities(
              h,
              ev,
              changed,
              changed.stream().map(BookingLine::id).collect(java.util.stream.Collectors.toSet())));
    }
    try {
      Daos.of(h, BookingDao.class).reschedule(changed.stream().map(BookingDao.Row::of).toList());
    } catch (UnableToExecuteStatementException e) {
      throw clash(e, what);
    }
    return warnings;
  }

  /**
   * A new event like {@code sourceId}, moved to {@code spec.start()}, booking product quantities
   * for what the source's lines held (asset and case lines included), merged per product, period
   * and priority.
   */
  public Changed copyEvent(UUID sourceId, CopySpec spec) {
    new Validation()
        .check(spec.start() != null, "start", "is required")
        .check(
            spec.status() == null || spec.status().isOpen(),
            "status",
            "a copy must be ENQUIRY, QUOTE, PROVISIONAL, RESERVED or CONFIRMED")
        .throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          Event src =
              Daos.of(h, EventDao.class).find(sourceId).orElseThrow(() -> eventNotFound(sourceId));
          Duration shift = Duration.between(src.period().start(), spec.start());
          String name =
              spec.name() == null || spec.name().isBlank() ? src.name() + " (copy)" : spec.name();
          Event ev =
              newEvent(
                  new NewEvent(
                      name,
                      src.clientName(),
                      src.venue(),
                      src.timeZone(),
                      src.period().shift(shift),
                      spec.status() == null ? EventStatus.ENQUIRY : spec.status(),
                      src.priority(),
                      src.notes(),
                      src.clientCompanyId(),
                      src.clientContactId()),
                  false);
          record Key(UUID product, Interval period, int priority) {}
          Map<Key, Integer> quantities = new LinkedHashMap<>();
          for (BookingLine l : Daos.of(h, BookingDao.class).ofEvent(sourceId)) {
            if (l.productId() != null) {
              quantities.merge(
                  new Key(l.productId(), l.period().shift(shift), l.priority()),
                  l.quantity(),
                  Integer::sum);
            }
          }
          List<UUID> productIds =
              quantities.keySet().stream().map(Key::product).distinct().sorted().toList();
          lockProducts(h, productIds);
          Map<UUID, Product> products = new HashMap<>();
          for (UUID p : productIds) {
            products.put(p, Catalog.require(h, p, "product"));
          }
          List<BookingLine> created = new ArrayList<>();
          for (Map.Entry<Key, Integer> q : quantities.entrySet()) {
            Key k = q.getKey();
            Availability.checkWindow(k.period());
            created.add(
                line(
                    ev,
                    null,
                    products.get(k.product()),
                    null,
                    null,
                    q.getValue(),
                    k.period(),
                    k.priority()));
          }
          List<String> warnings = new ArrayList<>();
          if (policy.holds(ev.status().name())) {
            warnings.addAll(checkQuantities(h, ev, created, java.util.Set.of()));
          }
          Daos.of(h, EventDao.class).insert(List.of(EventDao.Row.of(ev)));
          Daos.of(h, BookingDao.class).insert(created.stream().map(BookingDao.Row::of).toList());
          recordCreated(h, ev, sourceId);
          return new Changed(ev, created, warnings);
        });
  }

  /** Deletes an event that holds nothing and was never completed, with its lines. */
  public void deleteEvent(UUID id) {
    jdbi.useTransaction(
        h -> {
          EventDao events = Daos.of(h, EventDao.class);
          Event ev = events.lock(id).orElseThrow(() -> eventNotFound(id));
          if (ev.status() == EventStatus.COMPLETED || policy.holds(ev.status().name())) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "event '"
                    + ev.name()
                    + "' is "
                    + ev.status()
                    + (ev.status() == EventStatus.COMPLETED
                        ? " and is kept as a record"
                        : " and holds stock; cancel it first (cancelling keeps its record)"));
          }
          for (EventReferences r : references) {
            Optional<String> why = r.whyKept(h, id);
            if (why.isPresent()) {
              throw new DomainException(
                  ErrorCode.FAILED_PRECONDITION,
                  "event '" + ev.name() + "' cannot be deleted: " + why.get());
            }
          }
          events.delete(id);
        });
  }

  public EventWithLines getEvent(UUID id) {
    return jdbi.withHandle(
        h ->
            new EventWithLines(
                Daos.of(h, EventDao.class).find(id).orElseThrow(() -> eventNotFound(id)),
                Daos.of(h, BookingDao.class).ofEvent(id)));
  }

  private static DomainException eventNotFound(UUID id) {
    return DomainException.notFound("event " + id + " not found");
  }

  public PageSpec.Page<Event> listEvents(
      Collection<EventStatus> statuses,
      Interval window,
      String query,
      UUID productId,
      UUID assetId,
      PageSpec page) {
    return listEvents(statuses, List.of(), window, query, productId, assetId, page);
  }

  public PageSpec.Page<Event> listEvents(
      Collection<EventStatus> statuses,
      Collection<Fulfilment> fulfilments,
      Interval window,
      String query,
      UUID productId,
      UUID assetId,
      PageSpec page) {
    return listEvents(statuses, fulfilments, window, query, productId, assetId, null, page);
  }

  /**
   * Events by start, filtered; {@code fulfilments} empty means any, {@code clientCompanyId} null
   * any client.
   */
  public PageSpec.Page<Event> listEvents(
      Collection<EventStatus> statuses,
      Collection<Fulfilment> fulfilments,
      Interval window,
      String query,
      UUID productId,
      UUID assetId,
      UUID clientCompanyId,
      PageSpec page) {
    new Validation().maxLength(query, 100, "query").throwIfInvalid();
    String[] gear =
        fulfilments == null || fulfilments.isEmpty()
            ? null
            : fulfilments.stream().map(Enum::name).toArray(String[]::new);
    String like =
        query == null || query.isBlank()
            ? null
            : "%" + Pg.escapeLike(query.trim().toLowerCase(java.util.Locale.ROOT)) + "%";
    String[] st =
        statuses == null || statuses.isEmpty()
            ? null
            : statuses.stream().map(Enum::name).toArray(String[]::new);
    List<Event> rows =
        Daos.with(
            jdbi,
            EventDao.class,
            dao ->
                dao.list(
                    st,
                    gear,
                    like,
                    productId,
                    assetId,
                    clientCompanyId,
                    window == null ? null : window.start(),
                    window == null ? null : window.end(),
                    page.isFirst() ? null : Instant.parse(page.after(0)),
                    page.isFirst() ? null : UUID.fromString(page.after(1)),
                    page.fetch()));
    return page.page(rows, e -> List.of(e.period().start().toString(), e.id().toString()));
  }

  /** Moves an event on the status ladder; entering a holding status checks availability. */
  public StatusChanged setStatus(UUID eventId, EventStatus status) {
    if (status == null) {
      throw DomainException.invalid("status is required");
    }
    return jdbi.inTransaction(
        h -> {
          EventDao events = Daos.of(h, EventDao.class);
          BookingDao lines = Daos.of(h, BookingDao.class);
          Event ev = events.lock(eventId).orElseThrow(() -> eventNotFound(eventId));
          if (ev.status() == status) {
            return new StatusChanged(ev, List.of());
          }
          if (!ev.status().next().contains(status)) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "event '"
                    + ev.name()
                    + "' cannot move from "
                    + ev.status()
                    + " to "
                    + status
                    + (ev.status() == EventStatus.COMPLETED
                        ? " (COMPLETED is final)"
                        : "; allowed: " + ev.status().next()));
          }
          boolean holdsNow = policy.holds(ev.status().name());
          boolean holdsAfter = policy.holds(status.name());
          List<String> warnings = new ArrayList<>();
          if (holdsAfter && !holdsNow) {
            List<BookingLine> all = lines.ofEvent(eventId);
            lockProducts(h, all.stream().map(BookingLine::productId).toList());
            List<String> clashes = lines.eventClashes(eventId);
            if (!clashes.isEmpty()) {
              throw new DomainException(
                  ErrorCode.FAILED_PRECONDITION,
                  "event '" + ev.name() + "' cannot be " + status + ": " + clashes.get(0));
            }
            warnings.addAll(checkQuantities(h, ev, all, java.util.Set.of()));
          }
          Instant now = now();
          events.setStatus(eventId, status.name(), now);
          try {
            lines.setStatus(eventId, status.name(), holdsAfter);
          } catch (UnableToExecuteStatementException e) {
            throw clash(e, "event '" + ev.name() + "'");
          }
          Map<String, Object> payload = new LinkedHashMap<>(eventPayload(ev));
          payload.put("from", ev.status().name());
          payload.put("to", status.name());
          this.events.record(
              h, DomainEvent.of(EventType.EVENT_STATUS_CHANGED, "event", eventId, payload));
          return new StatusChanged(events.find(eventId).orElseThrow(), warnings);
        });
  }

  // ---- lines ----

  public Added addLine(NewLine n) {
    int kinds =
        (n.productId() != null ? 1 : 0)
            + (n.assetId() != null ? 1 : 0)
            + (n.caseId() != null ? 1 : 0);
    new Validation()
        .check(kinds == 1, "item", "exactly one of product, asset_id or case_id is required")
        .check(
            n.productId() == null || n.quantity() > 0,
            "product.quantity",
            "must be positive (was " + n.quantity() + ")")
        .check(inRange(n.priority()), "priority", "must be between -1000 and 1000")
        .throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          Event ev =
              Daos.of(h, EventDao.class)
                  .lock(n.eventId())
                  .orElseThrow(() -> eventNotFound(n.eventId()));
          if (!ev.status().isOpen()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "event '"
                    + ev.name()
                    + "' is "
                    + ev.status()
                    + "; only open events take bookings (reopen it as ENQUIRY first)");
          }
          Interval period = n.period() == null ? ev.period() : n.period();
          Availability.checkWindow(period);
          int priority = n.priority() == null ? ev.priority() : n.priority();
          List<BookingLine> created = new ArrayList<>();
          if (n.productId() != null) {
            Product p = Catalog.require(h, n.productId(), "product.product_id");
            created.add(line(ev, null, p, null, null, n.quantity(), period, priority));
          } else if (n.assetId() != null) {
            Asset a = Assets.require(h, n.assetId(), "asset_id");
            requireBookable(a);
            Cases.caseOfAsset(h, a.id())
                .filter(c -> c.kind() == Case.Kind.PERMANENT)
                .ifPresent(
                    c -> {
                      throw new DomainException(
                          ErrorCode.FAILED_PRECONDITION,
                          "asset "
                              + a.barcode()
                              + " is in permanent case "
                              + c.barcode()
                              + "; book the case");
                    });
            Product p = Catalog.require(h, a.productId(), "asset.product_id");
            created.add(line(ev, null, p, a.id(), null, 1, period, priority));
          } else {
            created.addAll(caseLines(h, ev, n.caseId(), period, priority));
          }
          List<String> warnings = new ArrayList<>();
          lockProducts(h, created.stream().map(BookingLine::productId).toList());
          if (policy.holds(ev.status().name())) {
            preCheckClashes(h, created);
            warnings.addAll(checkQuantities(h, ev, created, java.util.Set.of()));
          }
          try {
            Daos.of(h, BookingDao.class).insert(created.stream().map(BookingDao.Row::of).toList());
          } catch (UnableToExecuteStatementException e) {
            throw clash(e, "this booking");
          }
          linesChanged(h, ev.id());
          recordBooking(h, ev, created.subList(0, 1), List.of(), List.of());
          return new Added(created.get(0), created.subList(1, created.size()), warnings);
        });
  }

  private BookingLine line(
      Event ev,
      UUID parent,
      Product p,
      UUID assetId,
      UUID caseId,
      int qty,
      Interval period,
      int prio) {
    Interval hold =
        p == null ? period : period.widen(p.fields().bufferBefore(), p.fields().bufferAfter());
    return new BookingLine(
        UUID.randomUUID(),
        ev.id(),
        parent,
        p == null ? null : p.id(),
        assetId,
        caseId,
        qty,
        period,
        hold,
        ev.status().name(),
        policy.holds(ev.status().name()),
        prio,
        now());
  }

  private static void requireBookable(Asset a) {
    if (a.status() != Asset.Status.AVAILABLE) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "asset "
              + a.barcode()
              + " is "
              + a.status()
              + " and cannot be booked; set it AVAILABLE first or book another unit");
    }
  }

  /** A case line, one line per nested case, and lines for every asset and bulk quantity inside. */
  private List<BookingLine> caseLines(Handle h, Event ev, UUID caseId, Interval period, int prio) {
    Case.Row top = Cases.require(h, caseId, "case_id");
    Case.Contents contents = Cases.contents(h, caseId);
    List<Asset> assets =
        contents.assetIds().isEmpty()
            ? List.of()
            : Assets.findAll(h, contents.assetIds().toArray(UUID[]::new));
    Map<UUID, Product> products = new HashMap<>();
    for (Asset a : assets) {
      requireBookable(a);
      products.computeIfAbsent(a.productId(), id -> Catalog.require(h, id, "case content"));
    }
    for (Case.Bulk b : contents.bulk()) {
      products.computeIfAbsent(b.productId(), id -> Catalog.require(h, id, "case content"));
    }
    Duration before = Duration.ZERO;
    Duration after = Duration.ZERO;
    for (Product p : products.values()) {
      before = max(before, p.fields().bufferBefore());
      after = max(after, p.fields().bufferAfter());
    }
    Interval caseHold = period.widen(before, after);
    List<BookingLine> out = new ArrayList<>();
    BookingLine main = withHold(line(ev, null, null, null, top.id(), 1, period, prio), caseHold);
    out.add(main);
    for (UUID nested : contents.caseIds()) {
      if (!nested.equals(top.id())) {
        out.add(withHold(line(ev, main.id(), null, null, nested, 1, period, prio), caseHold));
      }
    }
    for (Asset a : assets) {
      out.add(line(ev, main.id(), products.get(a.productId()), a.id(), null, 1, period, prio));
    }
    for (Case.Bulk b : contents.bulk()) {
      out.add(
          line(ev, main.id(), products.get(b.productId()), null, null, b.quantity(), period, prio));
    }
    return out;
  }

  private static BookingLine withHold(BookingLine l, Interval hold) {
    return new BookingLine(
        l.id(),
        l.eventId(),
        l.parentLineId(),
        l.productId(),
        l.assetId(),
        l.caseId(),
        l.quantity(),
        l.period(),
        hold,
        l.eventStatus(),
        l.holds(),
        l.priority(),
        l.createdAt());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void lockProducts(Handle h, List<UUID> productIds) {
    UUID[] ids =
        productIds.stream()
            .filter(java.util.Objects::nonNull)
            .distinct()
            .sorted()
            .toArray(UUID[]::new);
    if (ids.length > 0) {
      Catalog.lockAll(h, ids);
    }
  }

  /**
   * Precise errors for assets and cases already held; the exclusion constraints are the backstop.
   */
  private static void preCheckClashes(Handle h, List<BookingLine> lines) {
    BookingDao dao = Daos.of(h, BookingDao.class);
    Map<UUID, String> barcodes = new HashMap<>();
    List<UUID> caseIds = new ArrayList<>();
    Interval caseHold = null;
    for (BookingLine l : lines) {
      if (l.assetId() != null) {
        Optional<String> clash =
            dao.assetClash(l.assetId(), l.holdPeriod().start(), l.holdPeriod().end());
        if (clash.isPresent()) {
          String barcode =
              barcodes.computeIfAbsent(
                  l.assetId(), id -> Assets.require(h, id, "asset_id").barcode());
          throw new DomainException(
              ErrorCode.FAILED_PRECONDITION,
              "asset " + barcode + " is already booked by " + clash.get());
        }
      }
      if (l.caseId() != null) {
        caseIds.add(l.caseId());
        caseHold = l.holdPeriod();
      }
    }
    if (!caseIds.isEmpty()) {
      dao.caseClash(caseIds.toArray(UUID[]::new), caseHold.start(), caseHold.end())
          .ifPresent(
              c -> {
                throw new DomainException(ErrorCode.FAILED_PRECONDITION, c);
              });
    }
  }

  /**
   * Checks, per product, that the new holding lines fit on top of what is held. Stock goes by rank
   * (priority, then booking time), so the event left short may be another one that this booking
   * outranks; the message names the event that is short. REFUSE throws; WARN returns one warning
   * per short (product, event).
   */
  private List<String> checkQuantities(
      Handle h, Event ev, List<BookingLine> lines, Set<UUID> replacing) {
    Map<UUID, List<BookedLine>> byProduct = new LinkedHashMap<>();
    for (BookingLine l : lines) {
      if (l.productId() != null) {
        byProduct
            .computeIfAbsent(l.productId(), k -> new ArrayList<>())
            .add(
                new BookedLine(
                    l.id(),
                    ev.id(),
                    ev.name(),
                    l.productId(),
                    l.quantity(),
                    l.holdPeriod().start(),
                    l.holdPeriod().end(),
                    true,
                    l.eventStatus(),
                    l.priority(),
                    l.createdAt()));
      }
    }
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<UUID, List<BookedLine>> e : byProduct.entrySet()) {
      List<Availability.Overbooked> shorts =
          availability.overbooked(h, e.getKey(), replacing, e.getValue());
      if (shorts.isEmpty()) {
        continue;
      }
      Product p = Catalog.require(h, e.getKey(), "product_id");
      int booked = e.getValue().stream().mapToInt(BookedLine::quantity).sum();
      for (Availability.Overbooked o : shorts) {
        boolean mine = ev.id().equals(o.eventId());
        String name =
            mine
                ? ev.name()
                : Daos.of(h, EventDao.class).find(o.eventId()).map(Event::name).orElse("?");
        String message =
            "only "
                + (o.requested() - o.shortfall())
                + " of "
                + o.requested()
                + " "
                + p.label()
                + " can be supplied for event '"
                + name
                + "'"
                + (mine
                    ? ""
                    : " once event '"
                        + ev.name()
                        + "' holds its "
                        + booked
                        + " (it ranks first by priority, then booking time)")
                + " (short by "
                + o.shortfall()
                + ", turnaround buffers included)";
        if (overbooking == Overbooking.REFUSE) {
          throw new DomainException(ErrorCode.FAILED_PRECONDITION, message);
        }
        warnings.add(message);
      }
    }
    return warnings;
  }

  private static DomainException clash(UnableToExecuteStatementException e, String what) {
    if (Pg.is(e, Pg.EXCLUSION_VIOLATION, null)) {
      String c = Pg.constraint(e);
      return new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          what
              + " would hold "
              + (c.contains("case") ? "a case" : "an asset")
              + " that another event holds in an overlapping period; pick another unit or move"
              + " the dates");
    }
    // Not a clash: a deadlock, a serialization failure or a bug. The caller only learns to retry,
    // so the cause goes to the log (the SQL state and the server's message, not the statement and
    // its bound values).
    LOG.warn(
        "{}: the booking write failed with SQLSTATE {}: {}",
        what,
        Pg.sqlState(e),
        Pg.serverMessage(e));
    return new DomainException(ErrorCode.ABORTED, "the booking could not be saved; retry");
  }

  /** Changes a top-level line of an open event; a case line's contents move with it. */
  public LineChanged updateLine(UUID lineId, LineChanges c) {
    new Validation()
        .check(
            c.quantity() != null || c.period() != null || c.priority() != null,
            "quantity",
            "nothing to change: set quantity, period or priority")
        .check(
            c.quantity() == null || c.quantity() > 0,
            "quantity",
            "must be positive (was " + c.quantity() + ")")
        .check(inRange(c.priority()), "priority", "must be between -1000 and 1000")
        .throwIfInvalid();
    if (c.period() != null) {
      Availability.checkWindow(c.period());
    }
    return jdbi.inTransaction(
        h -> {
          BookingDao dao = Daos.of(h, BookingDao.class);
          BookingLine l = topLevelLine(dao, lineId, "change");
          if (c.quantity() != null && (l.assetId() != null || l.caseId() != null)) {
            throw DomainException.invalid(
                "quantity: this line books one "
                    + (l.assetId() != null ? "asset" : "case")
                    + "; only product lines have a quantity");
          }
          Event ev = Daos.of(h, EventDao.class).lock(l.eventId()).orElseThrow();
          if (!ev.status().isOpen()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "event '"
                    + ev.name()
                    + "' is "
                    + ev.status()
                    + "; only open events' lines can change (reopen it as ENQUIRY first)");
          }
          Interval period = c.period() == null ? l.period() : c.period();
          int priority = c.priority() == null ? l.priority() : c.priority();
          BookingLine main =
              changedLine(l, c.quantity() == null ? l.quantity() : c.quantity(), period, priority);
          List<BookingLine> changed = new ArrayList<>();
          changed.add(main);
          for (BookingLine child : dao.ofEvent(l.eventId())) {
            if (lineId.equals(child.parentLineId())) {
              changed.add(changedLine(child, child.quantity(), period, priority));
            }
          }
          List<String> warnings = reschedule(h, ev, changed, "this change");
          linesChanged(h, ev.id());
          recordBooking(h, ev, List.of(), List.of(main), List.of());
          return new LineChanged(main, changed.subList(1, changed.size()), warnings);
        });
  }

  /** A line that is not a case's content line (those change and go with their case line). */
  private static BookingLine topLevelLine(BookingDao dao, UUID lineId, String verb) {
    BookingLine l =
        dao.find(lineId)
            .orElseThrow(() -> DomainException.notFound("booking line " + lineId + " not found"));
    if (l.parentLineId() != null) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "line "
              + lineId
              + " is part of the case booking "
              + l.parentLineId()
              + "; "
              + verb
              + " that line instead");
    }
    return l;
  }

  public void removeLine(UUID lineId) {
    jdbi.useTransaction(
        h -> {
          BookingDao dao = Daos.of(h, BookingDao.class);
          BookingLine l = topLevelLine(dao, lineId, "remove");
          Event ev = Daos.of(h, EventDao.class).lock(l.eventId()).orElseThrow();
          if (ev.status() == EventStatus.COMPLETED) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "event '" + ev.name() + "' is COMPLETED; its lines are kept as a record");
          }
          dao.delete(lineId);
          linesChanged(h, ev.id());
          recordBooking(h, ev, List.of(), List.of(), List.of(l));
        });
  }

  // ---- checks across events ----

  public Event requireEvent(UUID id) {
    return Daos.with(jdbi, EventDao.class, dao -> dao.find(id))
        .orElseThrow(() -> eventNotFound(id));
  }

  public List<Availability.PullItem> checkPullList(UUID eventId) {
    // Fluent reads (the DAOs' SQL and mappers): this is a hot path, and attaching SqlObjects costs
    // more than these index lookups.
    EventWithLines e =
        jdbi.withHandle(
            h ->
                new EventWithLines(
                    h.createQuery(
                            "SELECT " + EventDao.COLUMNS + EventDao.FROM + "WHERE event.id = :id")
                        .bind("id", eventId)
                        .map(new EventDao.Mapper())
                        .findOne()
                        .orElseThrow(() -> eventNotFound(eventId)),
                    h.createQuery(
                            "SELECT "
                                + BookingDao.COLUMNS
                                + " FROM booking_line WHERE event_id = :id ORDER BY created_at, id")
                        .bind("id", eventId)
                        .map(new BookingDao.Mapper())
                        .list()));
    boolean holds = policy.holds(e.event().status().name());
    List<BookedLine> mine =
        e.lines().stream()
            .filter(l -> l.productId() != null)
            .map(
                l ->
                    new BookedLine(
                        l.id(),
                        l.eventId(),
                        e.event().name(),
                        l.productId(),
                        l.quantity(),
                        l.holdPeriod().start(),
                        l.holdPeriod().end(),
                        holds,
                        l.eventStatus(),
                        l.priority(),
                        l.createdAt()))
            .toList();
    return availability.pullList(eventId, mine);
  }

  public PageSpec.Page<Availability.Shortage> shortages(Interval window, PageSpec page) {
    Availability.Shortage after =
        page.isFirst()
            ? null
            : new Availability.Shortage(
                UUID.fromString(page.after(1)),
                "",
                UUID.fromString(page.after(2)),
                0,
                0,
                Instant.parse(page.after(0)));
    return page.page(
        availability.shortages(window, after, page.fetch()),
        s -> List.of(s.from().toString(), s.eventId().toString(), s.productId().toString()));
  }

  // ---- bulk import (demo data, benchmark) and configuration changes ----

  /** An event with product-quantity and asset lines, for bulk import. */
  public record ImportedEvent(NewEvent event, List<ImportedLine> lines) {}

  public record ImportedLine(Product product, UUID assetId, int quantity, Interval period) {}

  /**
   * Inserts many events and lines with batch statements in one transaction. No availability checks
   * (the data is taken as given, overbookings show in the shortages view); the exclusion
   * constraints still apply.
   */
  public List<Event> importEvents(List<ImportedEvent> items) {
    List<Event> events = new ArrayList<>();
    List<BookingDao.Row> rows = new ArrayList<>();
    for (ImportedEvent ie : items) {
      Event ev = newEvent(ie.event(), true);
      events.add(ev);
      for (ImportedLine il : ie.lines()) {
        Interval period = il.period() == null ? ev.period() : il.period();
        rows.add(
            BookingDao.Row.of(
                line(
                    ev,
                    null,
                    il.product(),
                    il.assetId(),
                    null,
                    il.quantity(),
                    period,
                    ev.priority())));
      }
    }
    jdbi.useTransaction(
        h -> {
          Daos.of(h, EventDao.class).insert(events.stream().map(EventDao.Row::of).toList());
          Daos.of(h, BookingDao.class).insert(rows);
        });
    return events;
  }

  /** Re-derives every line's "holds" flag from the configured holding statuses (run at start). */
  public int resyncHolds() {
    try {
      return jdbi.inTransaction(
          h -> Daos.of(h, BookingDao.class).resyncHolds(policy.holding().toArray(String[]::new)));
    } catch (UnableToExecuteStatementException e) {
      if (Pg.is(e, Pg.EXCLUSION_VIOLATION, null)) {
        LOG.error(
            "the configured holding statuses {} would make an asset or case held twice; booking"
                + " lines keep their previous hold flags until the clash is resolved",
            policy.holding());
        return 0;
      }
      throw e;
    }
  }

  public long countEvents() {
    return Daos.with(jdbi, EventDao.class, EventDao::count);
  }

  static Set<String> names(Collection<EventStatus> s) {
    return s.stream().map(Enum::name).collect(java.util.stream.Collectors.toSet());
  }
}
