package io.eventkit.node.quotes;

import io.eventkit.node.quotes.QuoteModel.ChangeKind;
import io.eventkit.node.quotes.QuoteModel.Diff;
import io.eventkit.node.quotes.QuoteModel.Doc;
import io.eventkit.node.quotes.QuoteModel.FieldChange;
import io.eventkit.node.quotes.QuoteModel.Line;
import io.eventkit.node.quotes.QuoteModel.LineChange;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** What changed between two quote documents: header fields, lines matched by ID, totals. */
final class Diffs {
  private Diffs() {}

  static Diff diff(int from, int to, Doc a, Doc b) {
    List<FieldChange> header = new ArrayList<>();
    field(header, "title", a.title(), b.title());
    field(header, "company_name", a.companyName(), b.companyName());
    field(header, "contact_name", a.contactName(), b.contactName());
    field(header, "currency", a.currency(), b.currency());
    field(header, "exchange_rate", a.exchangeRate(), b.exchangeRate());
    field(header, "language", a.language(), b.language());
    field(header, "valid_until", str(a.validUntil()), str(b.validUntil()));
    field(header, "discount_bp", Quotes.pct(a.discountBp()), Quotes.pct(b.discountBp()));
    field(header, "notes", a.notes(), b.notes());
    Map<UUID, Line> before = new LinkedHashMap<>();
    a.lines().forEach(l -> before.put(l.id(), l));
    List<LineChange> lines = new ArrayList<>();
    for (Line l : b.lines()) {
      Line old = before.remove(l.id());
      if (old == null) {
        lines.add(new LineChange(ChangeKind.ADDED, l.description(), l, List.of()));
        continue;
      }
      List<FieldChange> f = new ArrayList<>();
      field(f, "description", old.description(), l.description());
      field(f, "quantity", old.quantity(), l.quantity());
      field(f, "unit", old.unit(), l.unit());
      field(f, "period", period(old), period(l));
      field(f, "days", String.valueOf(old.days()), String.valueOf(l.days()));
      field(f, "charged_days", old.chargedDays(), l.chargedDays());
      field(
          f,
          "unit_price",
          money(a.currency(), old.unitPrice()),
          money(b.currency(), l.unitPrice()));
      field(f, "discount_bp", Quotes.pct(old.discountBp()), Quotes.pct(l.discountBp()));
      field(f, "tax_code", old.taxCode(), l.taxCode());
      field(f, "tax_rate_bp", Quotes.pct(old.taxRateBp()), Quotes.pct(l.taxRateBp()));
      field(f, "net", money(a.currency(), old.net()), money(b.currency(), l.net()));
      field(f, "total", money(a.currency(), old.total()), money(b.currency(), l.total()));
      if (!f.isEmpty()) {
        lines.add(new LineChange(ChangeKind.CHANGED, l.description(), l, f));
      }
    }
    for (Line old : before.values()) {
      lines.add(new LineChange(ChangeKind.REMOVED, old.description(), old, List.of()));
    }
    return new Diff(from, to, a.currency(), b.currency(), header, lines, a.totals(), b.totals());
  }

  private static void field(List<FieldChange> out, String name, String before, String after) {
    String x = before == null ? "" : before;
    String y = after == null ? "" : after;
    if (!Objects.equals(x, y)) {
      out.add(new FieldChange(name, x, y));
    }
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static String period(Line l) {
    return l.periodStart() == null ? "" : l.periodStart() + " – " + l.periodEnd();
  }

  /** "EUR 1234.50": a plain display of minor units in the currency's decimals. */
  static String money(String currency, long minor) {
    return currency + " " + BigDecimal.valueOf(minor, Pricing.digits(currency)).toPlainString();
  }
}
