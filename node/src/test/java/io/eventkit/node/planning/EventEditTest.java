package io.eventkit.node.planning;

import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.planningApi;
import static io.eventkit.node.testing.InventoryFixture.protoPeriod;
import static io.eventkit.node.testing.InventoryFixture.refuse;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warehouse;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Case;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.CopyEventRequest;
import io.eventkit.proto.v1.ListEventsRequest;
import io.eventkit.proto.v1.UpdateBookingLineRequest;
import io.eventkit.proto.v1.UpdateEventRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Editing and copying events, and changing booking lines, against the real database. */
class EventEditTest {
  private final Domain m = warn();
  private static final Duration WEEK = Duration.ofDays(7);

  private static Planning.EventChanges period(Interval p) {
    return new Planning.EventChanges(null, null, null, null, p, null, null, null);
  }

  private static Map<UUID, BookingLine> byId(List<BookingLine> lines) {
    return lines.stream().collect(Collectors.toMap(BookingLine::id, Function.identity()));
  }

  @Test
  void movingAnEventMovesItsLinesAndKeepsTheirBuffers() {
    Product p = serialised(m, 4, Duration.ofHours(6), Duration.ofHours(12));
    Interval june = iv("2032-06-10T08:00:00Z", "2032-06-12T20:00:00Z");
    Event e = event(m, EventStatus.CONFIRMED, june);
    BookingLine whole = book(m, e, p, 2, null).line();
    BookingLine ownPeriod =
        book(m, e, p, 1, iv("2032-06-11T08:00:00Z", "2032-06-11T20:00:00Z")).line();

    Interval later = iv("2032-06-17T08:00:00Z", "2032-06-20T20:00:00Z");
    Planning.Changed c =
        m.planning.updateEvent(
            e.id(),
            new Planning.EventChanges(
                "Renamed gala",
                "New client",
                null,
                "Europe/Paris",
                later,
                null,
                "load in 7am",
                null));

    assertThat(c.event().name()).isEqualTo("Renamed gala");
    assertThat(c.event().clientName()).isEqualTo("New client");
    assertThat(c.event().venue()).isEqualTo(e.venue());
    assertThat(c.event().timeZone()).isEqualTo("Europe/Paris");
    assertThat(c.event().notes()).isEqualTo("load in 7am");
    assertThat(c.event().status()).isEqualTo(EventStatus.CONFIRMED);
    assertThat(c.event().updatedAt()).isAfterOrEqualTo(e.updatedAt());
    assertThat(c.warnings()).isEmpty();
    Map<UUID, BookingLine> lines = byId(c.lines());
    // The line booked for the whole event takes the whole new period...
    assertThat(lines.get(whole.id()).period()).isEqualTo(later);
    assertThat(lines.get(whole.id()).holdPeriod())
        .isEqualTo(later.widen(Duration.ofHours(6), Duration.ofHours(12)));
    // ...the one with its own period moves by as much as the start did, keeping its length.
    Interval shifted = ownPeriod.period().shift(WEEK);
    assertThat(lines.get(ownPeriod.id()).period()).isEqualTo(shifted);
    assertThat(lines.get(ownPeriod.id()).holdPeriod())
        .isEqualTo(shifted.widen(Duration.ofHours(6), Duration.ofHours(12)));
    // What is stored is what was returned, and the old dates are free again.
    assertThat(m.planning.getEvent(e.id()).lines()).containsExactlyInAnyOrderElementsOf(c.lines());
    assertThat(m.planning.getEvent(e.id()).event()).isEqualTo(c.event());
    assertThat(m.availability.forProduct(p.id(), june).available()).isEqualTo(4);
    assertThat(m.availability.forProduct(p.id(), later).available()).isEqualTo(1);
  }

  @Test
  void aMoveIntoAShortageIsRefusedAndChangesNothingUnderRefuse() {
    Domain refuse = refuse();
    Product p = bulk(refuse, 3);
    Interval week1 = iv("2032-07-01T00:00:00Z", "2032-07-03T00:00:00Z");
    Interval week2 = week1.shift(WEEK);
    Event other = event(refuse, EventStatus.CONFIRMED, week2);
    book(refuse, other, p, 2, null);
    Event mine = event(refuse, EventStatus.RESERVED, week1);
    book(refuse, mine, p, 2, null);
    Planning.EventWithLines before = refuse.planning.getEvent(mine.id());

    assertThatThrownBy(
            () ->
                refuse.planning.updateEvent(
                    mine.id(),
                    new Planning.EventChanges(
                        "New name", null, null, null, week2, null, null, null)))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("only 1 of 2")
        .hasMessageContaining("short by 1");
    assertThat(refuse.planning.getEvent(mine.id())).isEqualTo(before);

    // Moving by an hour overlaps its own old booking: that must not count against itself.
    Planning.Changed nudged =
        refuse.planning.updateEvent(mine.id(), period(week1.shift(Duration.ofHours(1))));
    assertThat(nudged.lines())
        .singleElement()
        .satisfies(l -> assertThat(l.quantity()).isEqualTo(2));

    // Under WARN the same move goes through and says who is short.
    Planning.Changed warned = m.planning.updateEvent(mine.id(), period(week2));
    assertThat(warned.warnings()).singleElement().asString().contains("short by 1");
    assertThat(warned.event().period()).isEqualTo(week2);
  }

  @Test
  void aMoveOntoDatesWhereTheSameAssetIsBookedIsRefused() {
    Product p = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Asset unit = assetsOf(m, p).get(0);
    Interval aug = iv("2032-08-01T00:00:00Z", "2032-08-02T00:00:00Z");
    Event a = event(m, EventStatus.CONFIRMED, aug);
    m.planning.addLine(new Planning.NewLine(a.id(), null, 0, unit.id(), null, null, null));
    Event b = event(m, EventStatus.CONFIRMED, aug.shift(WEEK));
    m.planning.addLine(new Planning.NewLine(b.id(), null, 0, unit.id(), null, null, null));
    Planning.EventWithLines before = m.planning.getEvent(b.id());

    assertThatThrownBy(() -> m.planning.updateEvent(b.id(), period(aug)))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("another event holds");
    assertThat(m.planning.getEvent(b.id())).isEqualTo(before);
  }

  @Test
  void aNewPriorityReplacesItOnlyOnLinesThatHadTheEventsPriority() {
    Product p = bulk(m, 10);
    Event e = event(m, EventStatus.ENQUIRY, iv("2032-09-01T00:00:00Z", "2032-09-02T00:00:00Z"));
    BookingLine followed = book(m, e, p, 1, null).line();
    BookingLine own =
        m.planning.addLine(new Planning.NewLine(e.id(), p.id(), 1, null, null, null, 50)).line();
    Planning.Changed c =
        m.planning.updateEvent(
            e.id(), new Planning.EventChanges(null, null, null, null, null, 7, null, null));
    assertThat(c.event().priority()).isEqualTo(7);
    assertThat(byId(c.lines()).get(followed.id()).priority()).isEqualTo(7);
    assertThat(byId(c.lines()).get(own.id()).priority()).isEqualTo(50);
  }

  @Test
  void aStaleEditIsAbortedAndACompletedEventCannotChange() {
    Event e = event(m, EventStatus.CONFIRMED, iv("2032-10-01T00:00:00Z", "2032-10-02T00:00:00Z"));
    Planning.Changed first =
        m.planning.updateEvent(
            e.id(),
            new Planning.EventChanges(null, null, "Hall A", null, null, null, null, e.updatedAt()));
    assertThat(first.event().venue()).isEqualTo("Hall A");
    // A second writer still holding the first read loses, and is told to reload.
    assertThatThrownBy(
            () ->
                m.planning.updateEvent(
                    e.id(),
                    new Planning.EventChanges(
                        null, null, "Hall B", null, null, null, null, e.updatedAt())))
        .isInstanceOfSatisfying(
            DomainException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.ABORTED))
        .hasMessageContaining("reload");
    assertThat(m.planning.getEvent(e.id()).event().venue()).isEqualTo("Hall A");

    m.planning.setStatus(e.id(), EventStatus.COMPLETED);
    assertThatThrownBy(
            () ->
                m.planning.updateEvent(
                    e.id(),
                    new Planning.EventChanges(null, null, "Hall C", null, null, null, null, null)))
        .hasMessageContaining("COMPLETED");
  }

  @Test
  void badEditsAreInvalidArgumentWithEveryFieldNamedAndChangeNothing() {
    Event e = event(m, EventStatus.ENQUIRY, iv("2032-11-01T00:00:00Z", "2032-11-02T00:00:00Z"));
    var api = planningApi();
    StatusRuntimeException x =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                api.updateEvent(
                    UpdateEventRequest.newBuilder()
                        .setId(e.id().toString())
                        .setName(" ")
                        .setTimeZone("Mars/Base")
                        .setPriority(5000)
                        .build()));
    assertThat(x.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(x.getStatus().getDescription())
        .contains("name is required")
        .contains("time_zone 'Mars/Base' is not an IANA time zone")
        .contains("priority must be between");
    StatusRuntimeException backwards =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                api.updateEvent(
                    UpdateEventRequest.newBuilder()
                        .setId(e.id().toString())
                        .setPeriod(protoPeriod("2032-11-03T00:00:00Z", "2032-11-02T00:00:00Z"))
                        .build()));
    assertThat(backwards.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    StatusRuntimeException missing =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                api.updateEvent(
                    UpdateEventRequest.newBuilder()
                        .setId(UUID.randomUUID().toString())
                        .setName("x")
                        .build()));
    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(m.planning.getEvent(e.id()).event()).isEqualTo(e);

    // The same time-zone check guards CreateEvent.
    assertThatThrownBy(
            () ->
                m.planning.createEvent(
                    new Planning.NewEvent(
                        "Tz", "", "", "Mars/Base", e.period(), EventStatus.ENQUIRY, 0, "")))
        .hasMessageContaining("time_zone 'Mars/Base'");
  }

  @Test
  void changingALineChecksStockAndMovesCaseContentsWithIt() {
    Domain refuse = refuse();
    Product p = bulk(refuse, 5);
    Interval dec = iv("2032-12-01T00:00:00Z", "2032-12-03T00:00:00Z");
    Event e = event(refuse, EventStatus.CONFIRMED, dec);
    BookingLine l = book(refuse, e, p, 2, null).line();

    Planning.LineChanged more =
        refuse.planning.updateLine(l.id(), new Planning.LineChanges(5, null, null));
    assertThat(more.line().quantity()).isEqualTo(5);
    assertThatThrownBy(
            () -> refuse.planning.updateLine(l.id(), new Planning.LineChanges(6, null, null)))
        .hasMessageContaining("short by 1");
    assertThat(refuse.planning.getEvent(e.id()).lines())
        .singleElement()
        .satisfies(x -> assertThat(x.quantity()).isEqualTo(5));
    Interval dayTwo = iv("2032-12-02T00:00:00Z", "2032-12-03T00:00:00Z");
    assertThat(refuse.planning.updateLine(l.id(), new Planning.LineChanges(null, dayTwo, 3)).line())
        .satisfies(
            x -> {
              assertThat(x.period()).isEqualTo(dayTwo);
              assertThat(x.priority()).isEqualTo(3);
              assertThat(x.quantity()).isEqualTo(5);
            });
    assertThatThrownBy(
            () -> refuse.planning.updateLine(l.id(), new Planning.LineChanges(null, null, null)))
        .hasMessageContaining("nothing to change");
    assertThatThrownBy(
            () -> refuse.planning.updateLine(l.id(), new Planning.LineChanges(0, null, null)))
        .hasMessageContaining("quantity must be positive");

    // A case line: no quantity, its contents follow its period, and they cannot be changed alone.
    Product ser = serialised(refuse, 1, Duration.ZERO, Duration.ZERO);
    Asset unit = assetsOf(refuse, ser).get(0);
    Case box =
        refuse.cases.create(
            unique("CASE"), "Mic case", Case.Kind.TEMPORARY, warehouse(refuse).id());
    refuse.cases.addAsset(box.id(), unit.id());
    Planning.Added caseLine =
        refuse.planning.addLine(new Planning.NewLine(e.id(), null, 0, null, box.id(), null, null));
    assertThatThrownBy(
            () ->
                refuse.planning.updateLine(
                    caseLine.line().id(), new Planning.LineChanges(2, null, null)))
        .hasMessageContaining("only product lines have a quantity");
    assertThatThrownBy(
            () ->
                refuse.planning.updateLine(
                    caseLine.contentLines().get(0).id(),
                    new Planning.LineChanges(null, dayTwo, null)))
        .hasMessageContaining("part of the case booking");
    Planning.LineChanged moved =
        refuse.planning.updateLine(
            caseLine.line().id(), new Planning.LineChanges(null, dayTwo, null));
    assertThat(moved.line().period()).isEqualTo(dayTwo);
    assertThat(moved.contentLines())
        .isNotEmpty()
        .allSatisfy(x -> assertThat(x.period()).isEqualTo(dayTwo));

    refuse.planning.setStatus(e.id(), EventStatus.CANCELLED);
    assertThatThrownBy(
            () -> refuse.planning.updateLine(l.id(), new Planning.LineChanges(1, null, null)))
        .hasMessageContaining("only open events");
  }

  @Test
  void aCopyBooksQuantitiesForEveryLineAtTheNewDatesAndLeavesTheSourceAlone() {
    Product mics = bulk(m, 20);
    Product desk = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> desks = assetsOf(m, desk);
    Interval show = iv("2033-01-10T08:00:00Z", "2033-01-11T23:00:00Z");
    Event src = event(m, EventStatus.CONFIRMED, show);
    book(m, src, mics, 4, null);
    book(m, src, mics, 2, null);
    Interval rehearsal = iv("2033-01-09T10:00:00Z", "2033-01-09T18:00:00Z");
    book(m, src, mics, 1, rehearsal);
    m.planning.addLine(
        new Planning.NewLine(src.id(), null, 0, desks.get(0).id(), null, null, null));
    m.planning.addLine(
        new Planning.NewLine(src.id(), null, 0, desks.get(1).id(), null, null, null));
    Planning.EventWithLines before = m.planning.getEvent(src.id());

    Instant nextYear = Instant.parse("2034-01-10T08:00:00Z");
    Duration shift = Duration.between(show.start(), nextYear);
    Planning.Changed copy =
        m.planning.copyEvent(src.id(), new Planning.CopySpec(nextYear, null, null));

    assertThat(copy.event().id()).isNotEqualTo(src.id());
    assertThat(copy.event().name()).isEqualTo(src.name() + " (copy)");
    assertThat(copy.event().status()).isEqualTo(EventStatus.ENQUIRY);
    assertThat(copy.event().period()).isEqualTo(show.shift(shift));
    assertThat(copy.event().clientName()).isEqualTo(src.clientName());
    // 4 + 2 mics for the show merge; the rehearsal line stays apart; the two desks become a
    // quantity of 2 so the warehouse picks the units.
    assertThat(copy.lines())
        .extracting(l -> l.productId() + " x" + l.quantity() + " " + l.period())
        .containsExactlyInAnyOrder(
            mics.id() + " x6 " + show.shift(shift),
            mics.id() + " x1 " + rehearsal.shift(shift),
            desk.id() + " x2 " + show.shift(shift));
    assertThat(copy.lines()).allSatisfy(l -> assertThat(l.assetId()).isNull());
    assertThat(m.planning.getEvent(copy.event().id()).lines())
        .containsExactlyInAnyOrderElementsOf(copy.lines());
    assertThat(m.planning.getEvent(src.id())).isEqualTo(before);

    // Copying into a holding status checks stock; under REFUSE a shortfall creates nothing.
    Domain refuse = refuse();
    long events = refuse.planning.countEvents();
    Product few = bulk(refuse, 1);
    Event big = event(refuse, EventStatus.ENQUIRY, show);
    book(refuse, big, few, 3, null);
    assertThatThrownBy(
            () ->
                refuse.planning.copyEvent(
                    big.id(), new Planning.CopySpec(nextYear, "Big again", EventStatus.CONFIRMED)))
        .hasMessageContaining("short by 2");
    assertThat(refuse.planning.countEvents()).isEqualTo(events + 1);
    assertThatThrownBy(
            () ->
                refuse.planning.copyEvent(
                    big.id(), new Planning.CopySpec(nextYear, null, EventStatus.COMPLETED)))
        .hasMessageContaining("status");
    assertThatThrownBy(
            () -> refuse.planning.copyEvent(big.id(), new Planning.CopySpec(null, null, null)))
        .hasMessageContaining("start is required");
  }

  @Test
  void eventsAreFoundByNameClientOrVenueText() {
    String token = unique("Zq");
    Interval when = iv("2033-02-01T00:00:00Z", "2033-02-02T00:00:00Z");
    Event byName =
        m.planning.createEvent(
            new Planning.NewEvent(
                "Gala " + token, "", "", "UTC", when, EventStatus.ENQUIRY, 0, ""));
    Event byVenue =
        m.planning.createEvent(
            new Planning.NewEvent(
                "Other",
                "",
                "Hall " + token.toLowerCase(java.util.Locale.ROOT),
                "UTC",
                when.shift(Duration.ofHours(1)),
                EventStatus.ENQUIRY,
                0,
                ""));
    assertThat(
            m.planning
                .listEvents(
                    List.of(),
                    null,
                    token.toLowerCase(java.util.Locale.ROOT),
                    null,
                    null,
                    PageSpec.first(10))
                .items())
        .extracting(Event::id)
        .containsExactly(byName.id(), byVenue.id());
    // LIKE wildcards in the query are literal text.
    assertThat(
            m.planning
                .listEvents(List.of(), null, token + "%", null, null, PageSpec.first(10))
                .items())
        .isEmpty();

    var api = planningApi();
    assertThat(
            api.listEvents(
                    ListEventsRequest.newBuilder()
                        .setQuery(token.toUpperCase(java.util.Locale.ROOT))
                        .setWindow(protoPeriod("2033-02-01T00:00:00Z", "2033-02-01T00:30:00Z"))
                        .build())
                .getEventsList())
        .extracting(io.eventkit.proto.v1.Event::getId)
        .containsExactly(byName.id().toString());
    StatusRuntimeException tooLong =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () -> api.listEvents(ListEventsRequest.newBuilder().setQuery("x".repeat(101)).build()));
    assertThat(tooLong.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void editCopyAndLineChangeOverConnectJson() throws Exception {
    Product p = bulk(m, 10);
    Event e = event(m, EventStatus.ENQUIRY, iv("2033-03-01T00:00:00Z", "2033-03-02T00:00:00Z"));
    BookingLine l = book(m, e, p, 2, null).line();
    ObjectMapper json = new ObjectMapper();
    HttpClient http = HttpClient.newHttpClient();
    Function<String[], JsonNode> post =
        a -> {
          try {
            HttpResponse<String> r =
                http.send(
                    HttpRequest.newBuilder(
                            URI.create(node().baseUrl() + "/eventkit.v1.PlanningService/" + a[0]))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + node().adminToken())
                        .POST(HttpRequest.BodyPublishers.ofString(a[1]))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return json.readTree(r.body());
          } catch (Exception x) {
            throw new IllegalStateException(x);
          }
        };
    // Only notes sent: every other field keeps its value (an absent optional is "unchanged").
    JsonNode updated =
        post.apply(
            new String[] {
              "UpdateEvent", "{\"id\":\"" + e.id() + "\",\"notes\":\"bring ladders\"}"
            });
    assertThat(updated.at("/event/notes").asText()).isEqualTo("bring ladders");
    assertThat(updated.at("/event/name").asText()).isEqualTo(e.name());
    assertThat(updated.at("/event/venue").asText()).isEqualTo(e.venue());
    // An empty string is a value: the client is cleared.
    JsonNode cleared =
        post.apply(new String[] {"UpdateEvent", "{\"id\":\"" + e.id() + "\",\"clientName\":\"\"}"});
    assertThat(cleared.at("/event/clientName").isMissingNode()).isTrue();
    JsonNode line =
        post.apply(
            new String[] {"UpdateBookingLine", "{\"id\":\"" + l.id() + "\",\"quantity\":7}"});
    assertThat(line.at("/line/quantity").asInt()).isEqualTo(7);
    JsonNode copy =
        post.apply(
            new String[] {
              "CopyEvent",
              "{\"id\":\"" + e.id() + "\",\"start\":\"2034-03-01T00:00:00Z\",\"name\":\"Again\"}"
            });
    assertThat(copy.at("/event/name").asText()).isEqualTo("Again");
    assertThat(copy.at("/lines/0/quantity").asInt()).isEqualTo(7);

    var api = planningApi();
    StatusRuntimeException notAProductLine =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                api.updateBookingLine(
                    UpdateBookingLineRequest.newBuilder()
                        .setId(UUID.randomUUID().toString())
                        .setQuantity(1)
                        .build()));
    assertThat(notAProductLine.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    StatusRuntimeException noStart =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () -> api.copyEvent(CopyEventRequest.newBuilder().setId(e.id().toString()).build()));
    assertThat(noStart.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void onlyAnEventThatHoldsNothingCanBeDeletedAndReferencesKeepIt() {
    Product p = bulk(m, 5);
    Interval when = iv("2033-04-01T00:00:00Z", "2033-04-02T00:00:00Z");
    Event enquiry = event(m, EventStatus.ENQUIRY, when);
    book(m, enquiry, p, 2, null);
    m.planning.deleteEvent(enquiry.id());
    assertThatThrownBy(() -> m.planning.getEvent(enquiry.id()))
        .isInstanceOfSatisfying(
            DomainException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.NOT_FOUND));
    Long lines =
        io.eventkit.node.testing.InventoryFixture.jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM booking_line WHERE event_id = :id")
                        .bind("id", enquiry.id())
                        .mapTo(Long.class)
                        .one());
    assertThat(lines).isZero();
    assertThatThrownBy(() -> m.planning.deleteEvent(enquiry.id()))
        .hasMessageContaining("not found");

    Event confirmed = event(m, EventStatus.CONFIRMED, when);
    book(m, confirmed, p, 1, null);
    assertThatThrownBy(() -> m.planning.deleteEvent(confirmed.id()))
        .hasMessageContaining("holds stock; cancel it first");
    assertThat(m.planning.getEvent(confirmed.id()).lines()).hasSize(1);
    m.planning.setStatus(confirmed.id(), EventStatus.COMPLETED);
    assertThatThrownBy(() -> m.planning.deleteEvent(confirmed.id()))
        .hasMessageContaining("kept as a record");

    // Another feature's reference (sub-hire registers one for its supplier-side events) wins.
    Domain own =
        Domain.create(
            io.eventkit.node.testing.InventoryFixture.jdbi(),
            java.time.Clock.systemUTC(),
            "inventory.test",
            new io.eventkit.node.inventory.InventoryConfig());
    Event referenced = event(own, EventStatus.ENQUIRY, when);
    own.planning.keepReferencedEvents(
        (h, id) ->
            id.equals(referenced.id())
                ? java.util.Optional.of("a test refers to it")
                : java.util.Optional.empty());
    assertThatThrownBy(() -> own.planning.deleteEvent(referenced.id()))
        .isInstanceOfSatisfying(
            DomainException.class,
            x -> assertThat(x.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
        .hasMessageContaining("cannot be deleted: a test refers to it");
    assertThat(own.planning.getEvent(referenced.id()).event()).isEqualTo(referenced);

    var api = planningApi();
    StatusRuntimeException unknown =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                api.deleteEvent(
                    io.eventkit.proto.v1.DeleteEventRequest.newBuilder()
                        .setId(UUID.randomUUID().toString())
                        .build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void eventsAreFoundByTheProductTheyBook() {
    Product mics = bulk(m, 10);
    Product desk = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Interval may = iv("2033-05-01T00:00:00Z", "2033-05-02T00:00:00Z");
    Event byLine = event(m, EventStatus.ENQUIRY, may);
    book(m, byLine, mics, 2, null);
    Event byAsset = event(m, EventStatus.QUOTE, may);
    m.planning.addLine(
        new Planning.NewLine(
            byAsset.id(), null, 0, assetsOf(m, desk).get(0).id(), null, null, null));
    Event byCase = event(m, EventStatus.ENQUIRY, may.shift(WEEK));
    Case box = m.cases.create(unique("CASE"), "Mic kit", Case.Kind.TEMPORARY, warehouse(m).id());
    m.cases.addBulk(box.id(), mics.id(), 3);
    m.planning.addLine(new Planning.NewLine(byCase.id(), null, 0, null, box.id(), null, null));
    event(m, EventStatus.ENQUIRY, may); // books nothing

    assertThat(
            m.planning
                .listEvents(List.of(), null, null, mics.id(), null, PageSpec.first(10))
                .items())
        .extracting(Event::id)
        .containsExactly(byLine.id(), byCase.id());
    assertThat(
            m.planning
                .listEvents(List.of(), may, null, mics.id(), null, PageSpec.first(10))
                .items())
        .extracting(Event::id)
        .containsExactly(byLine.id());
    // A unit's bookings: its own asset line, and a case line holding it.
    Asset unit = assetsOf(m, desk).get(0);
    Event byUnitInCase = event(m, EventStatus.ENQUIRY, may.shift(WEEK).shift(WEEK));
    Case rack = m.cases.create(unique("CASE"), "Desk rack", Case.Kind.TEMPORARY, warehouse(m).id());
    m.cases.addAsset(rack.id(), unit.id());
    m.planning.addLine(
        new Planning.NewLine(byUnitInCase.id(), null, 0, null, rack.id(), null, null));
    assertThat(
            m.planning
                .listEvents(List.of(), null, null, null, unit.id(), PageSpec.first(10))
                .items())
        .extracting(Event::id)
        .containsExactly(byAsset.id(), byUnitInCase.id());
    var api = planningApi();
    assertThat(
            api.listEvents(
                    ListEventsRequest.newBuilder().setProductId(desk.id().toString()).build())
                .getEventsList())
        .extracting(io.eventkit.proto.v1.Event::getId)
        .containsExactly(byAsset.id().toString(), byUnitInCase.id().toString());
    StatusRuntimeException bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () -> api.listEvents(ListEventsRequest.newBuilder().setProductId("nope").build()));
    assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }
}
