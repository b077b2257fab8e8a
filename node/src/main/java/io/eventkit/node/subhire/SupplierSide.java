package io.eventkit.node.subhire;

import static io.eventkit.node.subhire.NegotiationState.ACCEPTED;
import static io.eventkit.node.subhire.NegotiationState.ACKNOWLEDGED;
import static io.eventkit.node.subhire.NegotiationState.BEFORE_COMMITMENT;
import static io.eventkit.node.subhire.NegotiationState.CANCELLED;
import static io.eventkit.node.subhire.NegotiationState.CANCEL_REFUSED;
import static io.eventkit.node.subhire.NegotiationState.CLOSED;
import static io.eventkit.node.subhire.NegotiationState.CONFIRMED;
import static io.eventkit.node.subhire.NegotiationState.DECLINED;
import static io.eventkit.node.subhire.NegotiationState.DISPATCHED;
import static io.eventkit.node.subhire.NegotiationState.EXPIRED;
import static io.eventkit.node.subhire.NegotiationState.ON_HIRE;
import static io.eventkit.node.subhire.NegotiationState.QUOTED;
import static io.eventkit.node.subhire.NegotiationState.REQUESTED;
import static io.eventkit.node.subhire.NegotiationState.RETURNED;

import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Assets;
import io.eventkit.node.inventory.Catalog;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The supplier's half (§17.3): applies the borrower's messages and the supplier's own decisions to
 * its authoritative copy, and sends the borrower a snapshot after each change it initiates. Every
 * method runs inside the caller's transaction with the negotiation row locked.
 */
final class SupplierSide {
  static final String AUTO = "auto-confirm";

  /** What happened to a received message: applied, or refused with a reason (§17.3). */
  record Outcome(boolean applied, String reason) {
    static final Outcome APPLIED = new Outcome(true, "");

    static Outcome rejected(String reason) {
      return new Outcome(false, reason);
    }
  }

  private final Transitions t;
  private final StockEffects effects;
  private final Clock clock;
  private final Catalog catalog;
  private final Assets assets;
  private final String selfNodeId;
  private final Duration defaultQuoteValidity;
  private final java.util.function.Predicate<String> partnerRevoked;

  SupplierSide(
      Transitions t,
      StockEffects effects,
      Clock clock,
      Catalog catalog,
      Assets assets,
      String selfNodeId,
      Duration defaultQuoteValidity,
      java.util.function.Predicate<String> partnerRevoked) {
    this.partnerRevoked = partnerRevoked;
    this.t = t;
    this.effects = effects;
    this.clock = clock;
    this.catalog = catalog;
    this.assets = assets;
    this.selfNodeId = selfNodeId;
    this.defaultQuoteValidity = defaultQuoteValidity;
  }

  // ---- messages from the borrower ----

  Outcome request(
      Handle h,
      UUID id,
      Partner borrower,
      Negotiation.RequestDetails details,
      List<Line> requested) {
    Instant now = clock.instant();
    // Locked for the whole transaction: the stock check and the booking below see the same.
    store(h).lockProducts(requested.stream().map(Line::localProductId).toList());
    Map<UUID, Product> shared =
        catalog.findShared(requested.stream().map(Line::localProductId).toList());
    List<Line> lines = new ArrayList<>();
    List<String> notOffered = new ArrayList<>();
    for (Line l : requested) {
      Product p = shared.get(l.localProductId());
      if (p == null) {
        notOffered.add(l.supplierProductId());
        // Unknown and unshared look the same to the partner (§8.4); no reference to a row.
        lines.add(
            new Line(
                l.lineNo(),
                l.supplierProductId(),
                null,
                "",
                l.quantity(),
                l.suggestedUnitPrice(),
                null));
      } else {
        lines.add(l.withQuote(p.label(), null));
      }
    }
    Negotiation n =
        new Negotiation(
            id,
            Role.SUPPLIER,
            borrower.nodeId(),
            REQUESTED,
            REQUESTED,
            1,
            1,
            0,
            details,
            null,
            null,
            "",
            null,
            "",
            now,
            now);
    store(h).insert(n, lines);
    store(h).addHistory(id, now, borrower.nodeId(), null, REQUESTED, "request received");
    t.requested(h, n, lines);
    Transitions.Step acknowledged = new Transitions.Step(ACKNOWLEDGED, "system", "");
    if (!notOffered.isEmpty()) {
      return declined(
          h,
          t.moveThrough(h, n, lines, false, List.of(acknowledged)),
          Wire.clip(
              notOffered.size() + " product(s) not offered: " + String.join(", ", notOffered)),
          false);
    }
    acknowledge(h, n, borrower, lines, shared, acknowledged);
    return Outcome.APPLIED;
  }

  /**
   * Takes {@code n} to ACKNOWLEDGED through {@code acknowledged}, and on to CONFIRMED at list
   * prices if the partner qualifies, all in one {@link Transitions#moveThrough}. {@code lines} are
   * its stored lines; {@code products} their products, locked by the caller in this transaction, or
   * empty to lock and read them here if needed.
   */
  private void acknowledge(
      Handle h,
      Negotiation n,
      Partner borrower,
      List<Line> lines,
      Map<UUID, Product> products,
      Transitions.Step acknowledged) {
    Optional<String> auto = autoConfirmBlocker(h, borrower, lines, n.details(), products);
    List<Transitions.Step> steps = new ArrayList<>(List.of(acknowledged));
    if (auto.isPresent()) {
      Negotiation after = t.moveThrough(h, n, lines, false, steps);
      if (borrower.grantedLevel() == TrustLevel.SUBHIRE_AUTO_CONFIRM) {
        t.note(h, after, ACKNOWLEDGED, AUTO, "not auto-confirmed: " + auto.get());
      }
      return;
    }
    // As quote(), accept and confirm would, the stock checked once above under the product locks.
    Instant validUntil = clock.instant().plus(defaultQuoteValidity);
    List<Line> quoted = priced(lines, Map.of(), products);
    store(h).setQuotedPrices(n.id(), quoted);
    // The quote's version is the one the QUOTED step gives the row: one per step up to it.
    store(h).setQuote(n.id(), validUntil, n.version() + steps.size() + 1);
    steps.add(new Transitions.Step(QUOTED, AUTO, "valid until " + validUntil));
    steps.add(new Transitions.Step(ACCEPTED, AUTO, "within the partner's auto-confirm limits"));
    steps.add(new Transitions.Step(CONFIRMED, AUTO, ""));
    t.moveThrough(h, n, quoted, true, steps);
  }

  /**
   * The lines at {@code prices} (by supplier product ID), the product's rental price otherwise;
   * INVALID_ARGUMENT for a price of a product not in the lines, or more than one currency.
   */
  private static List<Line> priced(
      List<Line> lines, Map<String, Money> prices, Map<UUID, Product> products) {
    Set<String> unknown = new HashSet<>(prices.keySet());
    String currency = null;
    List<Line> quoted = new ArrayList<>();
    for (Line l : lines) {
      unknown.remove(l.supplierProductId());
      Product p = products.get(l.localProductId());
      Money price = prices.getOrDefault(l.supplierProductId(), p.fields().rentalPrice());
      if (currency != null && !currency.equals(price.currencyCode())) {
        throw DomainException.invalid(
            "a quote must use one currency (" + currency + " and " + price.currencyCode() + ")");
      }
      currency = price.currencyCode();
      quoted.add(l.withQuote(p.label(), price));
    }
    if (!unknown.isEmpty()) {
      throw DomainException.invalid("unit_prices: not in this negotiation: " + unknown);
    }
    return quoted;
  }

  Outcome change(
      Handle h,
      Negotiation n,
      Partner borrower,
      Change c,
      java.util.function.Consumer<Partner> levelCheck) {
    if (n.state() != ACKNOWLEDGED && n.state() != QUOTED) {
      return Outcome.rejected(
          "the negotiation is "
              + n.state()
              + "; changes are possible until a quote is accepted"
              + " (cancel and request again)");
    }
    levelCheck.accept(borrower);
    List<Line> lines;
    try {
      lines = t.applyChange(h, n, c);
    } catch (DomainException e) {
      if (e.code() != ErrorCode.INVALID_ARGUMENT) {
        throw e;
      }
      return Outcome.rejected(e.getMessage());
    }
    store(h).setQuotedPrices(n.id(), lines);
    store(h).setQuote(n.id(), null, null);
    acknowledge(
        h,
        store(h).find(n.id()).orElseThrow(),
        borrower,
        lines,
        new HashMap<>(),
        new Transitions.Step(
            ACKNOWLEDGED,
            borrower.nodeId(),
            "changed: " + c.describe() + (n.state() == QUOTED ? "; quote withdrawn" : "")));
    return Outcome.APPLIED;
  }

  /**
   * {@code levelCheck} runs only once the message could apply, so a borrower whose level dropped
   * gets a REJECTED answer for a negotiation that is already over, not an endless refusal.
   */
  Outcome accept(
      Handle h,
      Negotiation n,
      Partner borrower,
      long quoteVersion,
      java.util.function.Consumer<Partner> levelCheck) {
    if (n.state() != QUOTED) {
      return Outcome.rejected(
          "the negotiation is " + n.state() + "; only a QUOTED one can be accepted");
    }
    levelCheck.accept(borrower);
    if (!clock.instant().isBefore(n.quoteValidUntil())) {
      t.move(h, n, EXPIRED, "system", "quote valid until " + n.quoteValidUntil());
      return Outcome.rejected("the quote expired at " + n.quoteValidUntil());
    }
    if (n.quoteVersion() == null || quoteVersion != n.quoteVersion()) {
      return Outcome.rejected(
          "the quote changed (version " + n.quoteVersion() + "); review and accept it again");
    }
    n = t.move(h, n, ACCEPTED, borrower.nodeId(), "quote version " + quoteVersion);
    List<Line> lines = store(h).lines(n.id());
    Optional<String> auto = autoConfirmBlocker(h, borrower, lines, n.details(), new HashMap<>());
    if (auto.isEmpty()) {
      t.move(h, n, CONFIRMED, AUTO, "within the partner's auto-confirm limits");
    } else if (borrower.grantedLevel() == TrustLevel.SUBHIRE_AUTO_CONFIRM) {
      t.note(h, n, ACCEPTED, AUTO, "not auto-confirmed: " + auto.get() + "; waiting for a person");
    }
    return Outcome.APPLIED;
  }

  Outcome cancel(Handle h, Negotiation n, String who, String reason) {
    if (n.state().isTerminal()) {
      return Outcome.rejected("the negotiation is already " + n.state());
    }
    if (BEFORE_COMMITMENT.contains(n.state()) || n.state() == CONFIRMED) {
      store(h).setReason(n.id(), Wire.clip("cancelled by the borrower: " + reason));
      t.move(h, n, CANCELLED, who, reason);
      return Outcome.APPLIED;
    }
    t.note(
        h, n, CANCEL_REFUSED, "system", "already " + n.state() + "; the state stays " + n.state());
    return Outcome.rejected(
        "the gear is already " + n.state() + "; return it instead of cancelling");
  }

  Outcome returned(Handle h, Negotiation n, String who, String note) {
    if (n.state() != DISPATCHED && n.state() != ON_HIRE) {
      return Outcome.rejected(
          "the negotiation is " + n.state() + "; only dispatched gear can be returned");
    }
    if (clock.instant().isBefore(n.details().usage().start())) {
      return Outcome.rejected(
          "the usage period starts at "
              + n.details().usage().start()
              + "; the hire cannot be returned before it begins");
    }
    t.move(h, n, RETURNED, who, note);
    return Outcome.APPLIED;
  }

  // ---- the supplier's own decisions ----

  Negotiation quote(
      Handle h,
      Negotiation n,
      Map<String, Money> prices,
      Instant validUntil,
      String who,
      boolean send) {
    require(n, "quote", ACKNOWLEDGED, QUOTED);
    Instant now = clock.instant();
    if (!validUntil.isAfter(now) || validUntil.isAfter(now.plus(Duration.ofDays(90)))) {
      throw DomainException.invalid("valid_until must be in the future and within 90 days");
    }
    List<Line> lines = store(h).lines(n.id());
    Map<UUID, Product> products = StockEffects.lockProducts(h, lines, "lines");
    List<Line> quoted = priced(lines, prices, products);
    // A quote is an offer to supply: the stock must be free over the delivery period (§17.2).
    Optional<String> shortfall = effects.shortfall(h, n.details(), lines, products);
    if (shortfall.isPresent()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "cannot quote negotiation "
              + n.id()
              + ": "
              + shortfall.get()
              + "; decline it, or free the stock and quote again");
    }
    store(h).setQuotedPrices(n.id(), quoted);
    Negotiation after = t.move(h, n, QUOTED, who, "valid until " + validUntil);
    store(h).setQuote(n.id(), validUntil, after.version());
    after = store(h).find(n.id()).orElseThrow();
    if (send) {
      sendSnapshot(h, after);
    }
    return after;
  }

  Negotiation confirm(Handle h, Negotiation n, String who) {
    require(n, "confirm", ACCEPTED);
    return sendSnapshot(h, t.move(h, n, CONFIRMED, who, ""));
  }

  Negotiation decline(Handle h, Negotiation n, String who, String reason) {
    requireSupplier(n);
    if (!BEFORE_COMMITMENT.contains(n.state())) {
      throw wrongState(n, "decline", BEFORE_COMMITMENT);
    }
    declined(h, n, reason.isBlank() ? "declined by " + who : reason, true);
    return store(h).find(n.id()).orElseThrow();
  }

  Negotiation dispatch(Handle h, Negotiation n, String who, List<String> barcodes) {
    require(n, "dispatch", CONFIRMED);
    List<Line> lines = store(h).lines(n.id());
    Map<UUID, Integer> allowed = new LinkedHashMap<>();
    Map<UUID, String> names = new HashMap<>();
    for (Line l : lines) {
      allowed.merge(l.localProductId(), l.quantity(), Integer::sum);
      names.put(l.localProductId(), l.productName());
    }
    List<ManifestEntry> manifest = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String b : barcodes) {
      if (!seen.add(b)) {
        throw DomainException.invalid("barcodes: " + b + " is listed twice");
      }
      Asset a =
          assets
              .byBarcode(b)
              .orElseThrow(() -> DomainException.notFound("barcodes: no asset with barcode " + b));
      Integer left = allowed.get(a.productId());
      if (left == null) {
        throw DomainException.invalid("barcodes: " + b + " is not one of this sub-hire's products");
      }
      if (left == 0) {
        throw DomainException.invalid(
            "barcodes: more " + names.get(a.productId()) + " than were confirmed");
      }
      allowed.put(a.productId(), left - 1);
      manifest.add(
          new ManifestEntry(
              b, a.ref(selfNodeId), a.productId().toString(), names.get(a.productId())));
    }
    // Serialised gear is sent as identified units: every confirmed unit needs its barcode (§17.2).
    for (Map.Entry<UUID, Integer> e : allowed.entrySet()) {
      if (e.getValue() > 0
          && Catalog.require(h, e.getKey(), "lines").fields().tracking()
              == Product.Tracking.SERIALISED) {
        int confirmed = 0;
        for (Line l : lines) {
          confirmed += l.localProductId().equals(e.getKey()) ? l.quantity() : 0;
        }
        throw DomainException.invalid(
            "barcodes: "
                + names.get(e.getKey())
                + " is serialised: "
                + confirmed
                + " confirmed, "
                + (confirmed - e.getValue())
                + " listed; give the barcode of every unit sent");
      }
    }
    store(h).replaceManifest(n.id(), manifest);
    return sendSnapshot(
        h, t.move(h, n, DISPATCHED, who, manifest.size() + " assets on the manifest"));
  }

  Negotiation checkIn(Handle h, Negotiation n, String who) {
    require(n, "check in", DISPATCHED, ON_HIRE, RETURNED);
    if (!partnerRevoked.test(n.partner())) {
      requireUsageStarted(n, clock.instant(), "checked in");
    }
    return sendSnapshot(h, t.move(h, n, CLOSED, who, "checked in"));
  }

  // ---- the clock and trust changes ----

  /** QUOTED past validity → EXPIRED; DISPATCHED whose usage started → ON_HIRE. */
  void tick(Handle h, Negotiation n) {
    Instant now = clock.instant();
    if (n.state() == QUOTED && !now.isBefore(n.quoteValidUntil())) {
      sendSnapshot(h, t.move(h, n, EXPIRED, "system", "quote valid until " + n.quoteValidUntil()));
    } else if (n.state() == DISPATCHED && !now.isBefore(n.details().usage().start())) {
      sendSnapshot(h, t.move(h, n, ON_HIRE, "system", "usage period started"));
    }
  }

  /** The borrower may no longer request sub-hires here: uncommitted negotiations are declined. */
  void trustWithdrawn(Handle h, Negotiation n, String reason, boolean send) {
    if (BEFORE_COMMITMENT.contains(n.state())) {
      declined(h, n, reason, send);
    }
  }

  Negotiation sendSnapshot(Handle h, Negotiation n) {
    t.send(h, n, new Message.Update(t.snapshot(h, n)));
    return n;
  }

  private Outcome declined(Handle h, Negotiation n, String reason, boolean send) {
    reason = Wire.clip(reason);
    store(h).setReason(n.id(), reason);
    Negotiation after = t.move(h, n, DECLINED, "system", reason);
    if (send) {
      sendSnapshot(h, after);
    }
    return Outcome.APPLIED;
  }

  /**
   * Empty when the request may be confirmed without a person; else why not. {@code products} holds
   * the lines' products locked in this transaction; if it is empty and the partner's level and
   * quantity allow, they are locked and read into it.
   */
  private Optional<String> autoConfirmBlocker(
      Handle h,
      Partner borrower,
      List<Line> lines,
      Negotiation.RequestDetails details,
      Map<UUID, Product> products) {
    if (borrower.grantedLevel() != TrustLevel.SUBHIRE_AUTO_CONFIRM) {
      return Optional.of("the partner's level is " + borrower.grantedLevel());
    }
    if (borrower.autoConfirmMaxQuantity() <= 0 && borrower.autoConfirmMaxValue() <= 0) {
      return Optional.of("no auto-confirm limits are set");
    }
    int quantity = lines.stream().mapToInt(Line::quantity).sum();
    if (borrower.autoConfirmMaxQuantity() > 0 && quantity > borrower.autoConfirmMaxQuantity()) {
      return Optional.of(
          quantity + " units exceed the limit of " + borrower.autoConfirmMaxQuantity());
    }
    if (products.isEmpty()) {
      products.putAll(StockEffects.lockProducts(h, lines, "lines"));
    }
    if (borrower.autoConfirmMaxValue() > 0) {
      long value = 0;
      String currency = borrower.autoConfirmCurrency();
      for (Line l : lines) {
        // The automatic quote is at rental prices, so that is the value the limit applies to.
        Money price = products.get(l.localProductId()).fields().rentalPrice();
        if (currency.isEmpty()) {
          currency = price.currencyCode();
        }
        if (!currency.equals(price.currencyCode())) {
          return Optional.of(
              "prices are in " + price.currencyCode() + ", the limit in " + currency);
        }
        try {
          value = Math.addExact(value, Math.multiplyExact(price.minorUnits(), (long) l.quantity()));
        } catch (ArithmeticException e) {
          return Optional.of("the value is too large to check");
        }
      }
      if (value > borrower.autoConfirmMaxValue()) {
        return Optional.of(
            "value " + value + " exceeds the limit of " + borrower.autoConfirmMaxValue());
      }
    }
    return effects.shortfall(h, details, lines, products);
  }

  /**
   * A hire ends (returned, checked in) only once its usage period has begun (§17.2); before that
   * dispatched gear stays out, as a cancellation is no longer possible. A revoked partner is
   * exempt.
   */
  static void requireUsageStarted(Negotiation n, Instant now, String what) {
    Instant start = n.details().usage().start();
    if (now.isBefore(start)) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "negotiation "
              + n.id()
              + " cannot be "
              + what
              + " before its usage period starts at "
              + start
              + "; the hire has not begun");
    }
  }

  private static void require(Negotiation n, String action, NegotiationState... allowed) {
    for (NegotiationState s : allowed) {
      if (n.state() == s) {
        requireSupplier(n);
        return;
      }
    }
    throw wrongState(n, action, List.of(allowed));
  }

  static void requireSupplier(Negotiation n) {
    if (n.role() != Role.SUPPLIER) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "this node is the borrower in negotiation "
              + n.id()
              + "; only "
              + n.partner()
              + " can do that");
    }
  }

  static DomainException wrongState(
      Negotiation n, String action, java.util.Collection<NegotiationState> allowed) {
    return new DomainException(
        ErrorCode.FAILED_PRECONDITION,
        "cannot "
            + action
            + " negotiation "
            + n.id()
            + ": it is "
            + n.state()
            + " (needs "
            + allowed
            + ")");
  }

  private static NegotiationDao store(Handle h) {
    return Daos.of(h, NegotiationDao.class);
  }
}
