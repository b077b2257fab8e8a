package io.eventkit.node.scanning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.eventkit.node.federation.resolve.ManifestLookup;
import io.eventkit.node.inventory.Case;
import io.eventkit.node.inventory.Cases;
import io.eventkit.node.inventory.HoldPolicy;
import io.eventkit.node.inventory.Stock;
import io.eventkit.node.kernel.Actor;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.planning.Fulfilment;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import io.eventkit.node.scanning.Scan.Condition;
import io.eventkit.node.scanning.Scan.Item;
import io.eventkit.node.scanning.Scan.ItemKind;
import io.eventkit.node.scanning.Scan.Outcome;
import io.eventkit.node.scanning.Scan.Progress;
import io.eventkit.node.scanning.Scan.Request;
import io.eventkit.node.scanning.ScanStore.Ev;
import io.eventkit.node.scanning.ScanStore.LineBook;
import io.eventkit.node.scanning.ScanStore.Open;
import io.eventkit.node.scanning.ScanStore.Unit;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The scanning engine: check-out against an event's pull list, check-in with damage and losses,
 * undo, and the return report. Every scan runs in one transaction that first takes a transaction
 * advisory lock on its operation ID (so a replay racing its original waits and then reads the first
 * result) and then row locks in one order: assets by ID, then the event's booking lines of the
 * products concerned, then the bulk counters. Two scanners on one asset or one line therefore
 * serialise, and the partial unique index on open check-outs is the backstop.
 */
final class Scanning {
  private final Jdbi jdbi;
  private final Clock clock;
  private final HoldPolicy policy;
  private final Stock stock;
  private final Planning planning;
  private final ManifestLookup manifests;
  private final DomainEvents events;
  private final ObjectMapper json = Jackson.newObjectMapper();

  /**
   * {@code manifests}: the manifests of this node's dispatched sub-hires, which the node keeps
   * locally, so a partner's unit scans with the partner down.
   */
  Scanning(
      Jdbi jdbi,
      Clock clock,
      HoldPolicy policy,
      Stock stock,
      Planning planning,
      ManifestLookup manifests,
      DomainEvents events) {
    this.events = events;
    this.jdbi = jdbi;
    this.clock = clock;
    this.policy = policy;
    this.stock = stock;
    this.planning = planning;
    this.manifests = manifests;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * scan.discrepancy: gear of {@code eventId} came back damaged or was marked missing. Recorded in
   * the scan's transaction; a replayed operation ID returns the stored result and records nothing.
   */
  private void discrepancy(
      Handle h,
      UUID eventId,
      String eventName,
      Condition condition,
      UUID productId,
      String productName,
      String barcode,
      int quantity) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("eventId", eventId.toString());
    p.put("eventName", eventName);
    p.put("discrepancy", condition.name());
    p.put("productId", productId.toString());
    p.put("productName", productName);
    p.put("barcode", barcode == null ? "" : barcode);
    p.put("quantity", quantity);
    events.record(h, DomainEvent.of(EventType.SCAN_DISCREPANCY, "event", eventId, p));
  }

  // ---- check-out ----------------------------------------------------------------------------

  Outcome checkOut(Request r) {
    return once(
        "OUT",
        r.operationId(),
        r.eventId(),
        r.canonical("OUT"),
        h -> {
          Ev ev = ScanStore.event(h, r.eventId());
          if (!policy.holds(ev.status())) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "event '"
                    + ev.name()
                    + "' is "
                    + ev.status()
                    + " and holds no stock; confirm it before checking gear out");
          }
          if (r.overrideReason() != null) {
            requireOverride();
          }
          Target t = resolve(h, r);
          return switch (t.kind()) {
            case UNKNOWN -> unknown(r, t);
            case ASSET -> checkOutUnits(h, r, ev, List.of(t.id()), null);
            case CASE -> checkOutCase(h, r, ev, t.id());
            case BULK -> checkOutBulk(h, r, ev, t.id());
            case PARTNER -> checkOutPartner(h, r, ev, t.partner());
          };
        });
  }

  private Outcome checkOutCase(Handle h, Request r, Ev ev, UUID caseId) {
    Case.Row c = Cases.require(h, caseId, "barcode");
    if (ScanStore.lastCaseScan(h, ev.id(), caseId).filter("OUT"::equals).isPresent()) {
      return outcome(
          r,
          Verdict.DUPLICATE_SCAN,
          false,
          "case " + c.barcode() + " is already out on this event",
          caseItem(c),
          null,
          null,
          List.of());
    }
    return checkOutUnits(h, r, ev, Cases.contents(h, caseId).assetIds(), c);
  }

  /**
   * Checks out serialised units: one scanned asset ({@code box} null), or a case's contents (all or
   * nothing: any unit that cannot go out stops the whole case).
   */
  private Outcome checkOutUnits(Handle h, Request r, Ev ev, List<UUID> assetIds, Case.Row box) {
    List<Unit> units = ScanStore.lockUnits(h, assetIds);
    Map<UUID, Open> open = ScanStore.openOut(h, assetIds);
    List<Case.Bulk> bulk = box == null ? List.of() : Cases.contents(h, box.id()).bulk();
    Set<UUID> products = new LinkedHashSet<>();
    units.forEach(u -> products.add(u.productId()));
    bulk.forEach(b -> products.add(b.productId()));
    UUID hintProduct =
        r.lineId() == null
            ? null
            : ScanStore.lineProduct(h, ev.id(), r.lineId())
                .orElseThrow(
                    () ->
                        new DomainException(
                            ErrorCode.INVALID_ARGUMENT,
                            "line_id "
                                + r.lineId()
                                + " is not a product line of '"
                                + ev.name()
                                + "'",
                            List.of(
                                new DomainException.FieldViolation(
                                    "line_id", "not a product line of this event"))));
    LineBook book = ScanStore.lockLines(h, ev.id(), products);
    Verdict warning =
        box != null && !ScanStore.caseOnList(h, ev.id(), box.id()) ? Verdict.NOT_ON_LIST : null;
    String warningWhy = warning == null ? null : "case " + box.barcode() + " is not on the list";
    List<Planned> plan = new ArrayList<>();
    int duplicates = 0;
    for (Unit u : units) {
      Open o = open.get(u.id());
      if (o != null && o.eventId().equals(ev.id())) {
        duplicates++;
        if (box == null) {
          return unitOutcome(
              h,
              r,
              Verdict.DUPLICATE_SCAN,
              false,
              u.label() + " is already out on this event",
              u,
              ev.id());
        }
        continue;
      }
      if (o != null) {
        Outcome out =
            outcome(
                r,
                Verdict.ALREADY_OUT,
                false,
                u.label() + " is out on event '" + o.eventName() + "'; check it in there first",
                box == null ? unitItem(u) : caseItem(box),
                ScanStore.progress(h, ev.id(), u.productId()),
                null,
                List.of());
        return withOther(out, o.eventId(), o.eventName());
      }
      UUID line = book.assetLine(u.id());
      Verdict v = null;
      String why = null;
      if (hintProduct != null && box == null && !hintProduct.equals(u.productId())) {
        v = Verdict.WRONG_PRODUCT;
        why = u.label() + " is not the product of the line being scanned";
      }
      if (v == null && !"AVAILABLE".equals(u.status())) {
        v = Verdict.IN_MAINTENANCE;
        why = u.label() + " is " + u.status();
      }
      if (line == null) {
        line = book.takeQuantityLine(u.productId(), box == null ? r.lineId() : null);
      } else {
        book.take(line);
      }
      if (line == null && v == null) {
        if (book.hasQuantityLines(u.productId())) {
          v = Verdict.OVER_SCAN;
          why =
              "all "
                  + book.booked(u.productId())
                  + " of "
                  + u.productName()
                  + " booked are out; "
                  + u.barcode()
                  + " would be one more";
        } else if (book.hasProduct(u.productId())) {
          v = Verdict.NOT_ON_LIST;
          why = "the list books other units of " + u.productName() + ", not " + u.barcode();
        } else {
          v = Verdict.NOT_ON_LIST;
          why = u.productName() + " is not on the list";
        }
      }
      if (v != null && warning == null) {
        warning = v;
        warningWhy = why;
      }
      plan.add(new Planned(u, line));
    }
    if (box != null && plan.isEmpty() && bulk.isEmpty() && duplicates > 0) {
      return outcome(
          r,
          Verdict.DUPLICATE_SCAN,
          false,
          "everything in case " + box.barcode() + " is already out on this event",
          caseItem(box),
          null,
          null,
          List.of());
    }
    Map<UUID, Integer> bulkOpen = new HashMap<>();
    for (Case.Bulk b : bulk) {
      int openQty =
          ScanStore.lockBulk(h, ev.id(), b.productId()).map(ScanStore.BulkRow::open).orElse(0);
      bulkOpen.put(b.productId(), openQty);
      if (warning == null && openQty + b.quantity() > book.booked(b.productId())) {
        warning = book.booked(b.productId()) == 0 ? Verdict.NOT_ON_LIST : Verdict.OVER_SCAN;
        warningWhy =
            "case "
                + box.barcode()
                + " holds "
                + b.quantity()
                + " of a bulk product the list books "
                + book.booked(b.productId())
                + " of";
      }
    }
    Item item = box == null ? unitItem(units.get(0)) : caseItem(box);
    if (warning != null && r.overrideReason() == null) {
      Progress p = box == null ? ScanStore.progress(h, ev.id(), units.get(0).productId()) : null;
      return outcome(r, warning, false, warningWhy, item, p, null, List.of());
    }
    Instant now = now();
    String actor = Actor.name();
    List<Item> moved = new ArrayList<>();
    for (Planned p : plan) {
      ScanStore.insertCheckout(
          h,
          ev.id(),
          p.unit(),
          p.line(),
          box == null ? null : box.id(),
          r.operationId(),
          now,
          actor,
          warning == null ? null : r.overrideReason());
      moved.add(unitItem(p.unit()));
    }
    for (Case.Bulk b : bulk) {
      ScanStore.addBulkOut(h, ev.id(), b.productId(), b.quantity(), now);
      moved.add(
          new Item(
              ItemKind.BULK,
              "",
              null,
              b.productId(),
              ScanStore.productName(h, b.productId()),
              null,
              null,
              b.quantity()));
    }
    if (box == null) {
      Unit u = units.get(0);
      Progress p = ScanStore.progress(h, ev.id(), u.productId());
      return outcome(
          r,
          warning == null ? Verdict.OK : warning,
          true,
          u.label() + ": " + p.out() + "/" + p.booked() + " out" + overridden(warning, warningWhy),
          item,
          p,
          warning == null ? null : r.overrideReason(),
          List.of());
    }
    return outcome(
        r,
        warning == null ? Verdict.OK : warning,
        true,
        "case "
            + box.barcode()
            + ": "
            + moved.size()
            + " items out"
            + overridden(warning, warningWhy),
        item,
        null,
        warning == null ? null : r.overrideReason(),
        moved);
  }

  private Outcome checkOutBulk(Handle h, Request r, Ev ev, UUID productId) {
    String name = ScanStore.productName(h, productId);
    LineBook book = ScanStore.lockLines(h, ev.id(), Set.of(productId));
    int booked = book.booked(productId);
    int openQty = ScanStore.lockBulk(h, ev.id(), productId).map(ScanStore.BulkRow::open).orElse(0);
    int q = r.quantity();
    Verdict warning = null;
    String why = null;
    if (booked == 0) {
      warning = Verdict.NOT_ON_LIST;
      why = name + " is not on the list";
    } else if (openQty + q > booked) {
      warning = Verdict.OVER_SCAN;
      why = openQty + " of " + booked + " " + name + " are out; " + q + " more would be too many";
    }
    Item item = new Item(ItemKind.BULK, nz(r.barcode()), null, productId, name, null, null, q);
    if (warning != null && r.overrideReason() == null) {
      return outcome(
          r, warning, false, why, item, ScanStore.progress(h, ev.id(), productId), null, List.of());
    }
    ScanStore.addBulkOut(h, ev.id(), productId, q, now());
    Progress p = ScanStore.progress(h, ev.id(), productId);
    return outcome(
        r,
        warning == null ? Verdict.OK : warning,
        true,
        q + " × " + name + ": " + p.out() + "/" + p.booked() + " out" + overridden(warning, why),
        item,
        p,
        warning == null ? null : r.overrideReason(),
        List.of());
  }

  /**
   * A partner's unit on hire here, from the manifest of a dispatched sub-hire: it goes out against
   * a quantity line of the local product its sub-hire line maps to, with the same verdicts as one
   * of ours (never a specific-unit line: those name our own assets).
   */
  private Outcome checkOutPartner(Handle h, Request r, Ev ev, ManifestLookup.Entry e) {
    UUID productId = e.localProductId();
    ScanStore.lockPartner(h, e.assetRef());
    Unit u = partnerUnit(h, e);
    Optional<Open> o = ScanStore.openPartner(h, e.assetRef());
    if (o.isPresent() && o.get().eventId().equals(ev.id())) {
      return partnerOutcome(
          h, r, Verdict.DUPLICATE_SCAN, false, u.label() + " is already out on this event", u, ev);
    }
    if (o.isPresent()) {
      return withOther(
          partnerOutcome(
              h,
              r,
              Verdict.ALREADY_OUT,
              false,
              u.label() + " is out on event '" + o.get().eventName() + "'; check it in there first",
              u,
              ev),
          o.get().eventId(),
          o.get().eventName());
    }
    UUID hintProduct =
        r.lineId() == null ? null : ScanStore.lineProduct(h, ev.id(), r.lineId()).orElse(null);
    LineBook book = ScanStore.lockLines(h, ev.id(), Set.of(productId));
    Verdict warning = null;
    String why = null;
    if (hintProduct != null && !hintProduct.equals(productId)) {
      warning = Verdict.WRONG_PRODUCT;
      why = u.label() + " is not the product of the line being scanned";
    }
    UUID line = book.takeQuantityLine(productId, r.lineId());
    if (line == null && warning == null) {
      if (book.hasQuantityLines(productId)) {
        warning = Verdict.OVER_SCAN;
        why =
            "all "
                + book.booked(productId)
                + " of "
                + u.productName()
                + " booked are out; "
                + u.barcode()
                + " would be one more";
      } else {
        warning = Verdict.NOT_ON_LIST;
        why = u.productName() + " is not on the list (or only as named units of ours)";
      }
    }
    if (warning != null && r.overrideReason() == null) {
      return partnerOutcome(h, r, warning, false, why, u, ev);
    }
    ScanStore.insertPartnerCheckout(
        h,
        ev.id(),
        e,
        line,
        r.operationId(),
        now(),
        Actor.name(),
        warning == null ? null : r.overrideReason());
    Progress p = ScanStore.progress(h, ev.id(), productId);
    return outcome(
        r,
        warning == null ? Verdict.OK : warning,
        true,
        u.label() + ": " + p.out() + "/" + p.booked() + " out" + overridden(warning, why),
        partnerItem(u),
        p,
        warning == null ? null : r.overrideReason(),
        List.of());
  }

  /**
   * A partner's unit back: its trip closes with its condition. Damage and loss are recorded for the
   * supplier to settle; the unit is not ours to repair or write off.
   */
  private Outcome checkInPartner(Handle h, Request r, Ev ev, ManifestLookup.Entry e) {
    ScanStore.lockPartner(h, e.assetRef());
    Unit u = partnerUnit(h, e);
    Optional<Open> o = ScanStore.openPartner(h, e.assetRef());
    if (o.isEmpty()) {
      boolean back = ScanStore.partnerWasOut(h, ev.id(), e.assetRef());
      return partnerOutcome(
          h,
          r,
          back ? Verdict.DUPLICATE_SCAN : Verdict.NOT_OUT,
          false,
          u.label() + (back ? " is already back" : " is not out on any event"),
          u,
          ev);
    }
    ScanStore.close(
        h, o.get().checkoutId(), r.condition(), nz(r.note()), r.operationId(), now(), Actor.name());
    if (r.condition() == Condition.DAMAGED) {
      discrepancy(
          h,
          o.get().eventId(),
          o.get().eventName(),
          Condition.DAMAGED,
          u.productId(),
          u.productName(),
          u.barcode(),
          1);
    }
    Progress p = ScanStore.progress(h, o.get().eventId(), u.productId());
    String msg =
        u.label()
            + (r.condition() == Condition.DAMAGED
                ? " back damaged: tell " + e.ownerNodeId() + ", whose unit it is"
                : " back")
            + ": "
            + p.outstanding()
            + " still out";
    Outcome out = outcome(r, Verdict.OK, true, msg, partnerItem(u), p, null, List.of());
    return o.get().eventId().equals(ev.id())
        ? out
        : withOther(out, o.get().eventId(), o.get().eventName());
  }

  /** A partner's unit as a scan shows it: its barcode, and the local product it stands for. */
  private static Unit partnerUnit(Handle h, ManifestLookup.Entry e) {
    String name = ScanStore.productName(h, e.localProductId());
    return new Unit(
        null,
        e.localProductId(),
        e.barcode(),
        "AVAILABLE",
        name + " (from " + e.ownerNodeId() + ")");
  }

  private static Item partnerItem(Unit u) {
    return new Item(
        ItemKind.ASSET, u.barcode(), null, u.productId(), u.productName(), null, null, 1);
  }

  private Outcome partnerOutcome(
      Handle h, Request r, Verdict v, boolean applied, String message, Unit u, Ev ev) {
    return outcome(
        r,
        v,
        applied,
        message,
        partnerItem(u),
        ScanStore.progress(h, ev.id(), u.productId()),
        null,
        List.of());
  }

  // ---- check-in -----------------------------------------------------------------------------

  Outcome checkIn(Request r) {
    return once(
        "IN",
        r.operationId(),
        r.eventId(),
        r.canonical("IN"),
        h -> {
          Ev ev = ScanStore.event(h, r.eventId());
          Target t = resolve(h, r);
          return switch (t.kind()) {
            case UNKNOWN -> unknown(r, t);
            case ASSET -> checkInUnit(h, r, ev, t.id());
            case CASE -> checkInCase(h, r, ev, t.id());
            case BULK -> checkInBulk(h, r, ev, t.id());
            case PARTNER -> checkInPartner(h, r, ev, t.partner());
          };
        });
  }

  private Outcome checkInUnit(Handle h, Request r, Ev ev, UUID assetId) {
    Unit u = ScanStore.lockUnits(h, List.of(assetId)).get(0);
    Open o = ScanStore.openOut(h, List.of(assetId)).get(assetId);
    Instant now = now();
    String actor = Actor.name();
    if (o == null) {
      Optional<ScanStore.LastTrip> last = ScanStore.lastTrip(h, assetId);
      if (last.isPresent() && last.get().condition() == Condition.MISSING) {
        ScanStore.closeFound(h, last.get().id(), r, now, actor);
        ScanStore.setAssetState(
            h,
            assetId,
            r.condition() == Condition.DAMAGED ? "IN_REPAIR" : "AVAILABLE",
            r.locationId(),
            now);
        Outcome out =
            unitOutcome(
                h,
                r,
                Verdict.OK,
                true,
                u.label() + " found: it was missing from '" + last.get().eventName() + "'",
                u,
                last.get().eventId());
        return last.get().eventId().equals(ev.id())
            ? out
            : withOther(out, last.get().eventId(), last.get().eventName());
      }
      if (last.isPresent() && last.get().eventId().equals(ev.id())) {
        return unitOutcome(
            h, r, Verdict.DUPLICATE_SCAN, false, u.label() + " is already back", u, ev.id());
      }
      return outcome(
          r,
          Verdict.NOT_OUT,
          false,
          u.label() + " is not out on any event",
          unitItem(u),
          null,
          null,
          List.of());
    }
    ScanStore.close(h, o.checkoutId(), r.condition(), nz(r.note()), r.operationId(), now, actor);
    ScanStore.setAssetState(
        h, assetId, r.condition() == Condition.DAMAGED ? "IN_REPAIR" : null, r.locationId(), now);
    if (r.condition() == Condition.DAMAGED) {
      Maintenance.openIn(h, assetId, "RETURN", o.eventId(), r.note(), now);
      discrepancy(
          h,
          o.eventId(),
          o.eventName(),
          Condition.DAMAGED,
          u.productId(),
          u.productName(),
          u.barcode(),
          1);
    }
    Progress p = ScanStore.progress(h, o.eventId(), u.productId());
    String msg =
        u.label()
            + (r.condition() == Condition.DAMAGED ? " back damaged (now IN_REPAIR)" : " back")
            + ": "
            + p.outstanding()
            + " still out";
    Outcome out = outcome(r, Verdict.OK, true, msg, unitItem(u), p, null, List.of());
    if (!o.eventId().equals(ev.id())) {
      return withOther(
          outcome(
              r,
              Verdict.OK,
              true,
              u.label()
                  + " back from '"
                  + o.eventName()
                  + "' (it was out there, not on this event)",
              unitItem(u),
              p,
              null,
              List.of()),
          o.eventId(),
          o.eventName());
    }
    return out;
  }

  private Outcome checkInCase(Handle h, Request r, Ev ev, UUID caseId) {
    Case.Row c = Cases.require(h, caseId, "barcode");
    if (r.condition() != Condition.OK) {
      throw DomainException.invalid(
          "condition: a case checks in as OK; scan a damaged item on its own to mark it");
    }
    Case.Contents contents = Cases.contents(h, caseId);
    List<Unit> units = ScanStore.lockUnits(h, contents.assetIds());
    Map<UUID, Open> open = ScanStore.openOut(h, contents.assetIds());
    Instant now = now();
    String actor = Actor.name();
    List<Item> moved = new ArrayList<>();
    for (Unit u : units) {
      Open o = open.get(u.id());
      if (o != null) {
        ScanStore.close(h, o.checkoutId(), Condition.OK, "", r.operationId(), now, actor);
        ScanStore.setAssetState(h, u.id(), null, r.locationId(), now);
        moved.add(unitItem(u));
      }
    }
    for (Case.Bulk b : contents.bulk()) {
      Optional<ScanStore.BulkRow> row = ScanStore.lockBulk(h, ev.id(), b.productId());
      int q = Math.min(b.quantity(), row.map(ScanStore.BulkRow::open).orElse(0));
      if (q > 0) {
        ScanStore.addBulkBack(h, ev.id(), b.productId(), q, Condition.OK);
        moved.add(
            new Item(
                ItemKind.BULK,
                "",
                null,
                b.productId(),
                ScanStore.productName(h, b.productId()),
                null,
                null,
                q));
      }
    }
    if (moved.isEmpty()) {
      boolean back = ScanStore.lastCaseScan(h, ev.id(), caseId).filter("IN"::equals).isPresent();
      return outcome(
          r,
          back ? Verdict.DUPLICATE_SCAN : Verdict.NOT_OUT,
          false,
          back
              ? "case " + c.barcode() + " is already back"
              : "nothing in case " + c.barcode() + " is out",
          caseItem(c),
          null,
          null,
          List.of());
    }
    return outcome(
        r,
        Verdict.OK,
        true,
        "case " + c.barcode() + ": " + moved.size() + " items back",
        caseItem(c),
        null,
        null,
        moved);
  }

  private Outcome checkInBulk(Handle h, Request r, Ev ev, UUID productId) {
    String name = ScanStore.productName(h, productId);
    int q = r.quantity();
    Item item = new Item(ItemKind.BULK, nz(r.barcode()), null, productId, name, null, null, q);
    int openQty = ScanStore.lockBulk(h, ev.id(), productId).map(ScanStore.BulkRow::open).orElse(0);
    if (openQty == 0) {
      return outcome(
          r,
          Verdict.NOT_OUT,
          false,
          "no " + name + " is out on this event",
          item,
          ScanStore.progress(h, ev.id(), productId),
          null,
          List.of());
    }
    if (q > openQty) {
      Outcome o =
          outcome(
              r,
              Verdict.OVER_SCAN,
              false,
              "only " + openQty + " " + name + " are still out on this event; " + q + " scanned",
              item,
              ScanStore.progress(h, ev.id(), productId),
              null,
              List.of());
      return notOverridable(o);
    }
    if (r.condition() == Condition.DAMAGED) {
      if (r.locationId() == null) {
        throw new DomainException(
            ErrorCode.INVALID_ARGUMENT,
            "location_id is required for damaged bulk: the stock there is written off",
            List.of(new DomainException.FieldViolation("location_id", "is required")));
      }
      writeOff(h, productId, r.locationId(), q, "damaged", ev, r.note());
      discrepancy(h, ev.id(), ev.name(), Condition.DAMAGED, productId, name, "", q);
    }
    ScanStore.addBulkBack(h, ev.id(), productId, q, r.condition());
    Progress p = ScanStore.progress(h, ev.id(), productId);
    return outcome(
        r,
        Verdict.OK,
        true,
        q
            + " × "
            + name
            + (r.condition() == Condition.DAMAGED ? " back damaged (written off)" : " back")
            + ": "
            + p.outstanding()
            + " still out",
        item,
        p,
        null,
        List.of());
  }

  private void writeOff(
      Handle h, UUID productId, UUID locationId, int q, String why, Ev ev, String note) {
    stock.adjust(
        h,
        new Stock.NewAdjustment(
            productId,
            locationId,
            -q,
            why + " on event '" + ev.name() + "'",
            note == null ? "" : note));
  }

  // ---- missing --------------------------------------------------------------------------------

  Outcome markMissing(Request r, UUID assetId) {
    String canonical = r.canonical("MISSING") + "|" + assetId;
    return once(
        "MISSING",
        r.operationId(),
        r.eventId(),
        canonical,
        h -> {
          Ev ev = ScanStore.event(h, r.eventId());
          Instant now = now();
          if (assetId != null) {
            List<Unit> found = ScanStore.lockUnits(h, List.of(assetId));
            Unit u = found.get(0);
            Open o = ScanStore.openOut(h, List.of(assetId)).get(assetId);
            if (o == null || !o.eventId().equals(ev.id())) {
              return outcome(
                  r,
                  Verdict.NOT_OUT,
                  false,
                  u.label() + " is not out on this event",
                  unitItem(u),
                  null,
                  null,
                  List.of());
            }
            ScanStore.close(
                h, o.checkoutId(), Condition.MISSING, r.note(), r.operationId(), now, Actor.name());
            ScanStore.setAssetState(h, assetId, "LOST", null, now);
            discrepancy(
                h,
                ev.id(),
                ev.name(),
                Condition.MISSING,
                u.productId(),
                u.productName(),
                u.barcode(),
                1);
            Progress p = ScanStore.progress(h, ev.id(), u.productId());
            return outcome(
                r,
                Verdict.OK,
                true,
                u.label() + " marked missing (now LOST)",
                unitItem(u),
                p,
                null,
                List.of());
          }
          UUID productId = r.productId();
          String name = ScanStore.productName(h, productId);
          Item item = new Item(ItemKind.BULK, "", null, productId, name, null, null, r.quantity());
          int openQty =
              ScanStore.lockBulk(h, ev.id(), productId).map(ScanStore.BulkRow::open).orElse(0);
          if (r.quantity() > openQty) {
            return notOverridable(
                outcome(
                    r,
                    openQty == 0 ? Verdict.NOT_OUT : Verdict.OVER_SCAN,
                    false,
                    "only " + openQty + " " + name + " are still out on this event",
                    item,
                    ScanStore.progress(h, ev.id(), productId),
                    null,
                    List.of()));
          }
          writeOff(h, productId, r.locationId(), r.quantity(), "missing", ev, r.note());
          ScanStore.addBulkBack(h, ev.id(), productId, r.quantity(), Condition.MISSING);
          discrepancy(h, ev.id(), ev.name(), Condition.MISSING, productId, name, "", r.quantity());
          return outcome(
              r,
              Verdict.OK,
              true,
              r.quantity() + " × " + name + " marked missing (written off)",
              item,
              ScanStore.progress(h, ev.id(), productId),
              null,
              List.of());
        });
  }

  // ---- undo -----------------------------------------------------------------------------------

  Outcome undo(String operationId, String target) {
    ScanStore.StoredOp t =
        jdbi.withHandle(h -> ScanStore.op(h, target))
            .orElseThrow(() -> DomainException.notFound("scan " + target));
    return once(
        "UNDO",
        operationId,
        t.eventId(),
        "UNDO|" + target,
        h -> {
          ScanStore.StoredOp op = ScanStore.lockOp(h, target).orElseThrow();
          Outcome first = read(op.result());
          Request r =
              new Request(
                  operationId, op.eventId(), null, null, 0, null, null, Condition.OK, "", null);
          Function<String, Outcome> cannot =
              why ->
                  undoneOutcome(
                      r, Verdict.CANNOT_UNDO, false, why, first.item(), first.progress(), target);
          if (op.undoneBy() != null) {
            return cannot.apply("scan " + target + " was already undone");
          }
          if (!op.applied()) {
            return cannot.apply("scan " + target + " changed nothing");
          }
          if (op.kind().equals("UNDO") || op.kind().equals("MISSING")) {
            return cannot.apply(
                op.kind().equals("UNDO")
                    ? "an undo cannot be undone; scan again"
                    : "a missing item is checked in when it turns up");
          }
          Ev ev = ScanStore.event(h, op.eventId());
          List<ScanStore.TripRow> trips = ScanStore.tripsOf(h, target, op.kind());
          List<UUID> ours =
              trips.stream().map(ScanStore.TripRow::assetId).filter(a -> a != null).toList();
          ScanStore.lockUnits(h, ours);
          for (ScanStore.TripRow tr : trips) {
            if (tr.assetRef() != null) {
              ScanStore.lockPartner(h, tr.assetRef());
            }
          }
          List<Item> bulk = bulkOf(first);
          if (op.kind().equals("OUT")) {
            for (ScanStore.TripRow tr : trips) {
              if (tr.closed()) {
                return cannot.apply(tr.barcode() + " came back since; check it out again instead");
              }
            }
            for (Item b : bulk) {
              if (!ScanStore.removeBulkOut(h, ev.id(), b.productId(), b.quantity())) {
                return cannot.apply("some " + b.productName() + " came back since");
              }
            }
            ScanStore.deleteTrips(h, target);
          } else {
            if (first.item() != null
                && first.item().kind() == ItemKind.BULK
                && first.message().contains("damaged")) {
              return cannot.apply(
                  "the damaged quantity was written off the stock; adjust the stock instead");
            }
            Map<UUID, Open> open = ScanStore.openOut(h, ours);
            for (ScanStore.TripRow tr : trips) {
              Open o =
                  tr.assetRef() == null
                      ? open.get(tr.assetId())
                      : ScanStore.openPartner(h, tr.assetRef()).orElse(null);
              if (o != null) {
                return cannot.apply(tr.barcode() + " is out again on '" + o.eventName() + "'");
              }
            }
            for (Item b : bulk) {
              if (!ScanStore.removeBulkBack(h, ev.id(), b.productId(), b.quantity())) {
                return cannot.apply("the counts of " + b.productName() + " changed since");
              }
            }
            ScanStore.reopenTrips(h, target, now());
          }
          ScanStore.markUndone(h, target, operationId);
          Progress p =
              first.item() != null && first.item().productId() != null
                  ? ScanStore.progress(h, ev.id(), first.item().productId())
                  : null;
          return undoneOutcome(
              r, Verdict.UNDONE, true, "undone: " + first.message(), first.item(), p, target);
        });
  }

  private static List<Item> bulkOf(Outcome o) {
    List<Item> out = new ArrayList<>();
    if (o.item() != null && o.item().kind() == ItemKind.BULK) {
      out.add(o.item());
    }
    for (Item i : o.contents()) {
      if (i.kind() == ItemKind.BULK) {
        out.add(i);
      }
    }
    return out;
  }

  // ---- reports --------------------------------------------------------------------------------

  Scan.Report report(UUID eventId) {
    return jdbi.withHandle(
        h -> {
          Ev ev = ScanStore.event(h, eventId);
          List<Progress> products = ScanStore.progressAll(h, eventId);
          List<Scan.Trip> trips = ScanStore.trips(h, eventId);
          int outstanding = products.stream().mapToInt(Progress::outstanding).sum();
          Fulfilment state = fulfilment(products);
          boolean overdue = outstanding > 0 && clock.instant().isAfter(ev.end());
          return new Scan.Report(
              ev.id(), ev.name(), ev.start(), ev.end(), state, overdue, products, trips);
        });
  }

  /** Where an event's gear is, from its products' counts. */
  static Fulfilment fulfilment(List<Progress> products) {
    int booked = 0;
    int out = 0;
    int back = 0;
    for (Progress p : products) {
      booked += p.booked();
      out += p.out();
      back += p.returned() + p.damaged() + p.missing();
    }
    return fulfilment(booked, out, back);
  }

  /**
   * The rule on an event's totals: units booked, units that went out (ours, partners', bulk), and
   * units back or accounted for (returned, damaged, missing).
   */
  static Fulfilment fulfilment(int booked, int out, int back) {
    int outstanding = out - back;
    if (out == 0) {
      return Fulfilment.NOT_STARTED;
    } else if (back == 0 && outstanding < booked) {
      return Fulfilment.PREPPING;
    } else if (back == 0) {
      return Fulfilment.OUT;
    } else if (outstanding > 0) {
      return Fulfilment.RETURNING;
    }
    return Fulfilment.RETURNED;
  }

  PageSpec.Page<Outcome> list(UUID eventId, PageSpec page) {
    return jdbi.withHandle(
        h -> {
          ScanStore.event(h, eventId);
          List<ScanStore.Listed> rows = ScanStore.listOps(h, eventId, page);
          PageSpec.Page<ScanStore.Listed> p =
              page.page(rows, l -> List.of(l.createdAt().toString(), l.operationId()));
          return new PageSpec.Page<>(
              p.items().stream().map(l -> withUndoneBy(read(l.result()), l.undoneBy())).toList(),
              p.nextToken());
        });
  }

  PageSpec.Page<Scan.Trip> assetTrips(UUID assetId, PageSpec page) {
    return jdbi.withHandle(
        h -> {
          if (h.createQuery("SELECT count(*) FROM asset WHERE id = :a")
                  .bind("a", assetId)
                  .mapTo(Integer.class)
                  .one()
              == 0) {
            throw DomainException.notFound("asset " + assetId);
          }
          List<Scan.Trip> rows = ScanStore.assetTrips(h, assetId, page);
          return page.page(rows, t -> List.of(t.outAt().toString(), t.id().toString()));
        });
  }

  /** The event's lines changed: what counts as all out may have too (one aggregate statement). */
  void refreshFulfilment(Handle h, UUID eventId) {
    planning.recordFulfilment(h, eventId, ScanStore.fulfilment(h, eventId));
  }

  /** Scans recorded for an event (sub-hire style veto on deleting it). */
  Optional<String> whyKept(Handle h, UUID eventId) {
    int n = ScanStore.countOps(h, eventId);
    return n == 0
        ? Optional.empty()
        : Optional.of(n + " scans are recorded for it; cancel it instead");
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private enum TargetKind {
    UNKNOWN,
    PARTNER,
    ASSET,
    CASE,
    BULK
  }

  /** {@code partner}: the manifest entry of a PARTNER target. */
  private record Target(TargetKind kind, UUID id, String why, ManifestLookup.Entry partner) {
    Target(TargetKind kind, UUID id, String why) {
      this(kind, id, why, null);
    }
  }

  private record Planned(Unit unit, UUID line) {}

  /**
   * What a scanned code is: one of our assets or cases, a bulk product (by ID or GTIN), or a
   * partner's unit on one of our dispatched sub-hires (from the manifest stored here, so it
   * resolves with the partner down).
   */
  private Target resolve(Handle h, Request r) {
    if (r.productId() != null) {
      String tracking = ScanStore.tracking(h, r.productId());
      if (!"BULK".equals(tracking)) {
        throw new DomainException(
            ErrorCode.INVALID_ARGUMENT,
            "product_id is a SERIALISED product; scan its units' barcodes",
            List.of(new DomainException.FieldViolation("product_id", "not a BULK product")));
      }
      return new Target(TargetKind.BULK, r.productId(), null);
    }
    Optional<ScanStore.Code> code = ScanStore.barcode(h, r.barcode());
    if (code.isPresent()) {
      return new Target(
          "CASE".equals(code.get().kind()) ? TargetKind.CASE : TargetKind.ASSET,
          code.get().ownerId(),
          null);
    }
    Optional<ScanStore.Gtin> gtin = ScanStore.gtin(h, r.barcode());
    if (gtin.isPresent()) {
      if ("BULK".equals(gtin.get().tracking())) {
        return new Target(TargetKind.BULK, gtin.get().productId(), null);
      }
      return new Target(
          TargetKind.UNKNOWN,
          null,
          r.barcode()
              + " is the GTIN of "
              + gtin.get().name()
              + ", which is tracked per unit; scan a unit's barcode");
    }
    List<ManifestLookup.Entry> hired = manifests.find(r.barcode());
    if (hired.size() > 1) {
      return new Target(
          TargetKind.UNKNOWN,
          null,
          r.barcode()
              + " is on the manifests of "
              + hired.size()
              + " sub-hires ("
              + String.join(", ", hired.stream().map(ManifestLookup.Entry::ownerNodeId).toList())
              + "); ask the suppliers which unit it is");
    }
    if (hired.size() == 1) {
      ManifestLookup.Entry e = hired.get(0);
      if (e.localProductId() == null) {
        return new Target(
            TargetKind.UNKNOWN,
            null,
            r.barcode()
                + " is "
                + e.ownerNodeId()
                + "'s "
                + e.product().name()
                + " on a sub-hire, but its line names none of our products to count it as");
      }
      return new Target(TargetKind.PARTNER, e.localProductId(), null, e);
    }
    return new Target(
        TargetKind.UNKNOWN, null, "no asset, case or product has barcode " + r.barcode());
  }

  private Outcome unknown(Request r, Target t) {
    return outcome(
        r,
        Verdict.UNKNOWN_BARCODE,
        false,
        t.why(),
        new Item(null, r.barcode(), null, null, null, null, null, 0),
        null,
        null,
        List.of());
  }

  private static void requireOverride() {
    Principal p = Principal.current();
    if (p != null && !p.holds(Permission.SCAN_OVERRIDE)) {
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED,
          "overriding a scan warning needs the SCAN_OVERRIDE permission (Manager); ask a"
              + " manager, or scan without override_reason");
    }
  }

  private static String overridden(Verdict warning, String why) {
    return warning == null ? "" : " (override: " + why + ")";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static Item unitItem(Unit u) {
    return new Item(
        ItemKind.ASSET, u.barcode(), u.id(), u.productId(), u.productName(), null, null, 1);
  }

  private static Item caseItem(Case.Row c) {
    return new Item(ItemKind.CASE, c.barcode(), null, null, null, c.id(), c.name(), 1);
  }

  /** An answer about one unit, with its product's counts on {@code eventId}. */
  private Outcome unitOutcome(
      Handle h, Request r, Verdict v, boolean applied, String message, Unit u, UUID eventId) {
    return outcome(
        r,
        v,
        applied,
        message,
        unitItem(u),
        ScanStore.progress(h, eventId, u.productId()),
        null,
        List.of());
  }

  private Outcome outcome(
      Request r,
      Verdict v,
      boolean applied,
      String message,
      Item item,
      Progress progress,
      String overrideReason,
      List<Item> contents) {
    return new Outcome(
        r.operationId(),
        r.eventId(),
        v,
        applied,
        v.isWarning() && !applied,
        message,
        item,
        progress,
        null,
        null,
        now(),
        List.copyOf(contents),
        overrideReason,
        null,
        null,
        false);
  }

  private Outcome undoneOutcome(
      Request r,
      Verdict v,
      boolean applied,
      String message,
      Item item,
      Progress progress,
      String target) {
    Outcome o = outcome(r, v, applied, message, item, progress, null, List.of());
    return new Outcome(
        o.operationId(),
        o.eventId(),
        o.verdict(),
        o.applied(),
        false,
        o.message(),
        o.item(),
        o.progress(),
        null,
        null,
        o.scannedAt(),
        o.contents(),
        null,
        target,
        null,
        false);
  }

  private static Outcome withOther(Outcome o, UUID eventId, String eventName) {
    return copy(o, o.overridable(), eventId, eventName, o.undoneBy());
  }

  private static Outcome notOverridable(Outcome o) {
    return copy(o, false, o.otherEventId(), o.otherEventName(), o.undoneBy());
  }

  private static Outcome withUndoneBy(Outcome o, String undoneBy) {
    return copy(o, o.overridable(), o.otherEventId(), o.otherEventName(), undoneBy);
  }

  private static Outcome copy(
      Outcome o, boolean overridable, UUID otherEventId, String otherEventName, String undoneBy) {
    return new Outcome(
        o.operationId(),
        o.eventId(),
        o.verdict(),
        o.applied(),
        overridable,
        o.message(),
        o.item(),
        o.progress(),
        otherEventId,
        otherEventName,
        o.scannedAt(),
        o.contents(),
        o.overrideReason(),
        o.undoneOperationId(),
        undoneBy,
        o.replayed());
  }

  /**
   * Runs {@code work} once per operation ID: a replay with the same request returns the first
   * result (marked replayed); the same ID with another request is ALREADY_EXISTS. A scan that fails
   * with an error records nothing, so a retry is evaluated afresh.
   */
  private Outcome once(
      String kind,
      String operationId,
      UUID eventId,
      String canonical,
      Function<Handle, Outcome> work) {
    return jdbi.inTransaction(
        h -> {
          ScanStore.lockOperation(h, operationId);
          Optional<ScanStore.StoredOp> prior = ScanStore.op(h, operationId);
          if (prior.isPresent()) {
            if (!prior.get().request().equals(canonical)) {
              throw new DomainException(
                  ErrorCode.ALREADY_EXISTS,
                  "operation_id "
                      + operationId
                      + " was used for a different scan; give every scan its own ID");
            }
            return read(prior.get().result()).asReplay();
          }
          Outcome o = work.apply(h);
          UUID recordedOn = o.eventId() == null ? eventId : o.eventId();
          if (o.applied()) {
            planning.recordFulfilment(h, recordedOn, ScanStore.fulfilment(h, recordedOn));
            if (o.otherEventId() != null && !o.otherEventId().equals(recordedOn)) {
              planning.recordFulfilment(
                  h, o.otherEventId(), ScanStore.fulfilment(h, o.otherEventId()));
            }
          }
          ScanStore.recordOp(
              h,
              operationId,
              recordedOn,
              kind,
              canonical,
              o.verdict().name(),
              o.applied(),
              Actor.name(),
              write(o),
              o.scannedAt());
          return o;
        });
  }

  private String write(Outcome o) {
    try {
      return json.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store a scan result", e);
    }
  }

  private Outcome read(String s) {
    try {
      return json.readValue(s, Outcome.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored scan result is unreadable", e);
    }
  }
}
