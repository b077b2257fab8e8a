package io.eventkit.cli;

import io.eventkit.proto.v1.Delivery;
import io.eventkit.proto.v1.ManifestItem;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.SubHire;
import io.eventkit.proto.v1.SubHireHistoryEntry;
import io.eventkit.proto.v1.SubHireLine;
import io.eventkit.proto.v1.SubHireRole;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sub-hire as text: the list table and the details of one negotiation. */
final class SubHireText {
  private SubHireText() {}

  /** One row per sub-hire: what, with whom, when, how far. */
  static void table(PrintWriter out, List<SubHire> subHires) {
    Text.Table table =
        new Text.Table(
            "ID", "ROLE", "PARTNER", "STATE", "EVENT", "FROM", "TO", "ITEMS", "QUOTE", "UPDATED");
    for (SubHire s : subHires) {
      table.row(
          s.getNegotiationId(),
          SubHireArgs.role(s.getRole()),
          partner(s),
          SubHireArgs.state(s.getState()),
          s.getEventName(),
          Text.instant(s.getUsagePeriod().getStart()),
          Text.instant(s.getUsagePeriod().getEnd()),
          String.valueOf(items(s)),
          Amounts.format(s.getQuoteTotal()),
          Text.instant(s.getUpdatedAt()));
    }
    table.print(out);
  }

  static int items(SubHire s) {
    return s.getLinesList().stream().mapToInt(SubHireLine::getQuantity).sum();
  }

  /** Everything about one sub-hire: details, lines, quote, manifest, delivery and history. */
  static void details(PrintWriter out, SubHire s, Instant now) {
    Text.keyValues(out, summary(s, now));

    out.println();
    if (s.getLinesCount() == 0) {
      out.println("Lines: none");
    } else {
      out.println("Lines:");
      Text.Table lines =
          new Text.Table(
              "SUPPLIER PRODUCT",
              "LOCAL PRODUCT",
              "NAME",
              "QTY",
              "SUGGESTED",
              "QUOTED",
              "SUBTOTAL");
      for (SubHireLine l : s.getLinesList()) {
        lines.row(
            l.getSupplierProductId(),
            Text.named(l.getLocalProductId(), l.getLocalProductName()),
            l.getProductName(),
            String.valueOf(l.getQuantity()),
            Amounts.format(l.getSuggestedUnitPrice()),
            Amounts.format(l.getQuotedUnitPrice()),
            subtotal(l));
      }
      lines.print(out);
    }

    if (s.getManifestCount() > 0) {
      out.println();
      out.println(
          "Manifest ("
              + s.getManifestCount()
              + (s.getManifestCount() == 1 ? " asset" : " assets")
              + "):");
      Text.Table manifest = new Text.Table("BARCODE", "PRODUCT", "NAME", "ASSET");
      for (ManifestItem m : s.getManifestList()) {
        manifest.row(m.getBarcode(), m.getSupplierProductId(), m.getProductName(), m.getAssetRef());
      }
      manifest.print(out);
    }

    out.println();
    delivery(out, s, now);

    out.println();
    if (s.getHistoryCount() == 0) {
      out.println("History: none");
    } else {
      out.println("History:");
      Text.Table history = new Text.Table("TIME", "WHO", "FROM", "TO", "DETAIL");
      for (SubHireHistoryEntry h : s.getHistoryList()) {
        history.row(
            Text.instant(h.getAt()),
            h.getActor(),
            SubHireArgs.state(h.getFromState()),
            SubHireArgs.state(h.getToState()),
            h.getDetail());
      }
      history.print(out);
    }
  }

  static Map<String, String> summary(SubHire s, Instant now) {
    Map<String, String> lines = new LinkedHashMap<>();
    String partner = Text.orNone(s.getPartnerNodeId());
    lines.put("sub-hire", Text.orNone(s.getNegotiationId()));
    lines.put(
        "role",
        SubHireArgs.role(s.getRole())
            + (s.getRole() == SubHireRole.BORROWER
                ? "  (we hire from " + partner + ")"
                : s.getRole() == SubHireRole.SUPPLIER ? "  (" + partner + " hires from us)" : ""));
    lines.put("partner", partner(s));
    lines.put(
        "state",
        SubHireArgs.state(s.getState())
            + "  (partner's view: "
            + SubHireArgs.state(s.getPeerState())
            + ", version "
            + s.getVersion()
            + ")");
    lines.put(
        "event",
        Text.orNone(s.getEventName())
            + (s.getEventReference().isBlank() ? "" : "  (ref " + s.getEventReference() + ")"));
    lines.put("company", Text.orNone(s.getRequestingCompany()));
    lines.put("contact", contact(s));
    lines.put("usage", period(s.getUsagePeriod()));
    lines.put("delivery window", period(s.getDeliveryPeriod()));
    lines.put("location", Text.orNone(s.getLocation()));
    if (!s.getNote().isBlank()) {
      lines.put("note", s.getNote());
    }
    lines.put("quote", quote(s, now));
    if (!s.getReason().isBlank()) {
      lines.put("reason", s.getReason());
    }
    if (!s.getSupplierEventId().isBlank()) {
      lines.put("supplier event", Text.named(s.getSupplierEventId(), s.getSupplierEventName()));
    }
    lines.put("created", Text.instant(s.getCreatedAt()));
    lines.put("updated", Text.instantRelative(s.getUpdatedAt(), now));
    return lines;
  }

  /**
   * The partner's node ID with its company name where this node knows it (the supplier's display
   * name from its snapshots; the borrower's requesting company), e.g. {@code b.example (B
   * Rentals)}.
   */
  static String partner(SubHire s) {
    String id = Text.orNone(s.getPartnerNodeId());
    String company = s.getPartnerName().strip();
    if (company.isEmpty() && s.getRole() == SubHireRole.SUPPLIER) {
      company = s.getRequestingCompany().strip(); // a node from before partner_name
    }
    return company.isEmpty() || company.equals(id) ? id : id + " (" + company + ")";
  }

  static String contact(SubHire s) {
    List<String> parts = new ArrayList<>();
    for (String p : List.of(s.getContactName(), s.getContactEmail(), s.getContactPhone())) {
      if (!p.isBlank()) {
        parts.add(p);
      }
    }
    return parts.isEmpty() ? Text.NONE : String.join(", ", parts);
  }

  /** {@code 2026-12-05T08:00:00Z to 2026-12-07T20:00:00Z}; "-" when unset. */
  static String period(Period p) {
    if (!Text.isSet(p.getStart()) && !Text.isSet(p.getEnd())) {
      return Text.NONE;
    }
    return Text.instant(p.getStart()) + " to " + Text.instant(p.getEnd());
  }

  static String quote(SubHire s, Instant now) {
    String total = Amounts.format(s.getQuoteTotal());
    if (!Text.isSet(s.getQuoteValidUntil())) {
      return total.equals(Text.NONE) ? "not quoted yet" : total;
    }
    return total + ", valid until " + Text.instantRelative(s.getQuoteValidUntil(), now);
  }

  /** Quoted unit price times quantity (what the quote total adds up); "-" before a quote. */
  static String subtotal(SubHireLine l) {
    var unit = l.getQuotedUnitPrice();
    if (!l.hasQuotedUnitPrice() || unit.getCurrencyCode().isBlank()) {
      return Text.NONE;
    }
    try {
      return Text.money(
          Math.multiplyExact(unit.getMinorUnits(), (long) l.getQuantity()), unit.getCurrencyCode());
    } catch (ArithmeticException e) {
      return Text.NONE;
    }
  }

  /** Outgoing messages to the partner: pending, attempts, next attempt, errors. */
  static void delivery(PrintWriter out, SubHire s, Instant now) {
    Delivery d = s.getDelivery();
    boolean quiet =
        d.getPendingMessages() == 0
            && d.getLastError().isBlank()
            && d.getFailedMessage().isBlank()
            && !Text.isSet(d.getNextAttemptAt());
    if (quiet) {
      out.println(
          "Delivery: up to date (every message to "
              + Text.orNone(s.getPartnerNodeId())
              + " acknowledged)");
      return;
    }
    out.println("Delivery:");
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("pending messages", String.valueOf(d.getPendingMessages()));
    lines.put("attempts", String.valueOf(d.getAttempts()));
    lines.put("next attempt", Text.instantRelative(d.getNextAttemptAt(), now));
    lines.put("last error", Text.orNone(d.getLastError()));
    if (!d.getFailedMessage().isBlank()) {
      lines.put("failed message", d.getFailedMessage());
    }
    Text.keyValues(out, lines, "  ");
    if (!d.getFailedMessage().isBlank()) {
      out.println(
          "  A message was refused for good; 'eventkit subhire resync "
              + s.getNegotiationId()
              + "' fetches the partner's view.");
    }
  }
}
