package io.eventkit.node.subhire;

import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.inventory.Catalog;
import io.eventkit.node.kernel.Actor;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The local API of sub-hire: what people and scripts do (request, quote, accept, confirm, …) and
 * what they see. Each action is one transaction on the locked negotiation; its outgoing message is
 * in the outbox when the transaction commits, and the relay is woken to send it.
 */
final class SubHires {
  /** A line of a new request: the partner's product and mine that the units count as. */
  record RequestLine(
      String supplierProductId, UUID localProductId, int quantity, Money suggestedUnitPrice) {}

  private final Jdbi jdbi;
  private final Transitions t;
  private final SupplierSide supplier;
  private final BorrowerSide borrower;
  private final Outbox outbox;
  private final PartnerRegistry partners;
  private final Clock clock;
  private final String selfNodeId;
  private final Duration defaultQuoteValidity;
  private final Runnable wakeRelay;

  SubHires(
      Jdbi jdbi,
      Transitions t,
      SupplierSide supplier,
      BorrowerSide borrower,
      Outbox outbox,
      PartnerRegistry partners,
      Clock clock,
      String selfNodeId,
      Duration defaultQuoteValidity,
      Runnable wakeRelay) {
    this.jdbi = jdbi;
    this.t = t;
    this.supplier = supplier;
    this.borrower = borrower;
    this.outbox = outbox;
    this.partners = partners;
    this.clock = clock;
    this.selfNodeId = selfNodeId;
    this.defaultQuoteValidity = defaultQuoteValidity;
    this.wakeRelay = wakeRelay;
  }

  /**
   * Starts a negotiation. {@code requestedId} (optional) makes the call idempotent: a retry with
   * the same ID returns the negotiation the first call created.
   */
  SubHireView request(
      UUID requestedId,
      String supplierNode,
      Negotiation.RequestDetails details,
      List<RequestLine> lines) {
    if (requestedId != null) {
      java.util.Optional<Negotiation> existing = jdbi.withHandle(h -> store(h).find(requestedId));
      if (existing.isPresent()) {
        Negotiation e = existing.get();
        if (e.role() != Role.BORROWER || !e.partner().equals(supplierNode)) {
          throw new DomainException(
              ErrorCode.ALREADY_EXISTS,
              "negotiation " + requestedId + " exists with another partner; choose a new ID");
        }
        return get(requestedId);
      }
    }
    Validation v = new Validation();
    v.notBlank(supplierNode, "supplier_node_id")
        .check(
            !selfNodeId.equals(supplierNode),
            "supplier_node_id",
            "cannot sub-hire from this node itself")
        .check(!lines.isEmpty(), "lines", "at least one line is required")
        .check(lines.size() <= Wire.MAX_LINES, "lines", "at most " + Wire.MAX_LINES + " lines");
    for (int i = 0; i < lines.size(); i++) {
      RequestLine l = lines.get(i);
      String f = "lines[" + i + "]";
      v.check(
              isUuid(l.supplierProductId()),
              f + ".supplier_product_id",
              "must be the supplier's product ID (a UUID from its shared catalogue)")
          .check(
              l.localProductId() != null,
              f + ".local_product_id",
              "is required (a product of this node)")
          .check(
              l.quantity() > 0 && l.quantity() <= Wire.MAX_QUANTITY,
              f + ".quantity",
              "must be between 1 and " + Wire.MAX_QUANTITY);
    }
    v.check(
        lines.stream().map(RequestLine::supplierProductId).distinct().count() == lines.size(),
        "lines",
        "each supplier product at most once (give one line with the total quantity)");
    v.check(details.usage().end().isAfter(clock.instant()), "usage_period", "has already ended");
    v.throwIfInvalid();
    Wire.validate(details, "");
    Partner p =
        partners
            .find(supplierNode)
            .orElseThrow(
                () ->
                    DomainException.notFound(
                        "no partner " + supplierNode + ": see 'eventkit trust list'"));
    if (p.state() != PartnerState.ACTIVE) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "partner " + supplierNode + " is " + p.state() + ", not ACTIVE");
    }
    UUID id = requestedId != null ? requestedId : UUID.randomUUID();
    Negotiation n =
        inTx(
            h -> {
              List<Line> rows = new ArrayList<>();
              int no = 0;
              for (RequestLine l : lines) {
                String name =
                    Catalog.require(h, l.localProductId(), "lines[" + no + "].local_product_id")
                        .label();
                rows.add(
                    new Line(
                        ++no,
                        l.supplierProductId(),
                        l.localProductId(),
                        name,
                        l.quantity(),
                        l.suggestedUnitPrice(),
                        null));
              }
              return borrower.request(h, id, supplierNode, details, rows);
            });
    return get(n.id());
  }

  SubHireView change(UUID id, Change c) {
    return act(id, (h, n) -> borrower.change(h, n, Actor.name(), c));
  }

  /** {@code expectedQuoteVersion}: the quote the person saw, or null to accept the current one. */
  SubHireView accept(UUID id, Long expectedQuoteVersion) {
    return act(id, (h, n) -> borrower.accept(h, n, Actor.name(), expectedQuoteVersion));
  }

  SubHireView cancel(UUID id, String reason) {
    return act(id, (h, n) -> borrower.cancel(h, n, Actor.name(), text(reason, "reason")));
  }

  SubHireView returned(UUID id, String note) {
    return act(id, (h, n) -> borrower.returned(h, n, Actor.name(), text(note, "reason")));
  }

  SubHireView quote(UUID id, Map<String, Money> prices, Instant validUntil) {
    Instant until = validUntil != null ? validUntil : clock.instant().plus(defaultQuoteValidity);
    return act(id, (h, n) -> supplier.quote(h, n, prices, until, Actor.name(), true));
  }

  SubHireView confirm(UUID id) {
    return act(id, (h, n) -> supplier.confirm(h, n, Actor.name()));
  }

  SubHireView decline(UUID id, String reason) {
    return act(id, (h, n) -> supplier.decline(h, n, Actor.name(), text(reason, "reason")));
  }

  SubHireView dispatch(UUID id, List<String> barcodes) {
    if (barcodes.size() > Wire.MAX_MANIFEST) {
      throw DomainException.invalid("barcodes: at most " + Wire.MAX_MANIFEST);
    }
    return act(id, (h, n) -> supplier.dispatch(h, n, Actor.name(), barcodes));
  }

  SubHireView checkIn(UUID id) {
    return act(id, (h, n) -> supplier.checkIn(h, n, Actor.name()));
  }

  /** A borrower adopts the supplier's current snapshot (the supplier's copy is authoritative). */
  SubHireView resync(UUID id, Function<Negotiation, Snapshot> fetch) {
    Negotiation n = jdbi.withHandle(h -> find(h, id));
    if (n.role() == Role.BORROWER) {
      Snapshot s = fetch.apply(n);
      inTx(
          h -> {
            Negotiation locked = require(h, id);
            borrower.onSnapshot(h, locked, s);
            t.note(
                h,
                locked,
                locked.state(),
                Actor.name(),
                "resynchronised with " + n.partner() + " (version " + s.version() + ")");
            return locked;
          });
    } else {
      // The supplier is authoritative: resend its snapshot so the borrower can adopt it.
      act(id, (h, locked) -> supplier.sendSnapshot(h, locked));
    }
    return get(id);
  }

  /**
   * One negotiation as of one moment: its row, lines, manifest, delivery and history are read in
   * one REPEATABLE READ transaction, so a change committed between two of the reads (new lines, an
   * older state) is never shown half applied.
   */
  SubHireView get(UUID id) {
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          NegotiationDao store = store(h);
          Negotiation n = find(h, id);
          List<Line> lines = store.lines(id);
          return new SubHireView(
              n,
              lines,
              store.manifest(id),
              outbox.delivery(h, List.of(id), Map.of(id, n.failedMessage())).get(id),
              store.history(id),
              productNames(store, lines),
              n.supplierEventId() == null
                  ? null
                  : store.eventName(n.supplierEventId()).orElse(null),
              store.partnerNames(List.of(id)).getOrDefault(id, ""));
        });
  }

  /** Newest first; lines and delivery state for the whole page in two queries. */
  PageSpec.Page<SubHireView> list(
      Role role, String partner, Collection<NegotiationState> states, PageSpec page) {
    // One snapshot for the rows and their lines and delivery, as in get().
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          Instant afterCreated = page.isFirst() ? null : Instant.parse(page.after(0));
          UUID afterId = page.isFirst() ? null : UUID.fromString(page.after(1));
          NegotiationDao store = store(h);
          List<Negotiation> rows =
              store.list(role, blankToNull(partner), states, afterCreated, afterId, page.fetch());
          List<UUID> ids = rows.stream().map(Negotiation::id).toList();
          Map<UUID, List<Line>> lines = store.lines(ids);
          Map<UUID, String> failed = new HashMap<>();
          rows.forEach(r -> failed.put(r.id(), r.failedMessage()));
          Map<UUID, Delivery> delivery = outbox.delivery(h, ids, failed);
          Map<UUID, String> names =
              productNames(store, lines.values().stream().flatMap(List::stream).toList());
          Map<UUID, String> partnerNames = store.partnerNames(ids);
          List<SubHireView> views = new ArrayList<>();
          for (Negotiation n : rows) {
            views.add(
                new SubHireView(
                    n,
                    lines.get(n.id()),
                    List.of(),
                    delivery.get(n.id()),
                    List.of(),
                    names,
                    null,
                    partnerNames.getOrDefault(n.id(), "")));
          }
          return page.page(
              views,
              v ->
                  List.of(v.negotiation().createdAt().toString(), v.negotiation().id().toString()));
        });
  }

  /** This node's names of the lines' local products (name, else manufacturer and model). */
  private static Map<UUID, String> productNames(NegotiationDao store, List<Line> lines) {
    return store.labels(
        lines.stream()
            .map(Line::localProductId)
            .filter(java.util.Objects::nonNull)
            .distinct()
            .toArray(UUID[]::new));
  }

  private interface Action {
    Negotiation apply(Handle h, Negotiation n);
  }

  private SubHireView act(UUID id, Action action) {
    inTx(h -> action.apply(h, require(h, id)));
    return get(id);
  }

  private <T> T inTx(org.jdbi.v3.core.HandleCallback<T, RuntimeException> body) {
    T result = jdbi.inTransaction(body);
    wakeRelay.run();
    return result;
  }

  private Negotiation require(Handle h, UUID id) {
    return store(h)
        .lock(id)
        .orElseThrow(() -> DomainException.notFound("no sub-hire negotiation " + id));
  }

  private Negotiation find(Handle h, UUID id) {
    return store(h)
        .find(id)
        .orElseThrow(() -> DomainException.notFound("no sub-hire negotiation " + id));
  }

  private static String text(String s, String field) {
    String v = s == null ? "" : s.trim();
    new Validation().maxLength(v, 2000, field).throwIfInvalid();
    return v;
  }

  private static boolean isUuid(String s) {
    try {
      return s != null && UUID.fromString(s).toString().equalsIgnoreCase(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static NegotiationDao store(Handle h) {
    return Daos.of(h, NegotiationDao.class);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
