package io.eventkit.cli;

import io.eventkit.proto.v1.AcceptQuoteRequest;
import io.eventkit.proto.v1.AcceptQuoteResponse;
import io.eventkit.proto.v1.AddQuoteLineRequest;
import io.eventkit.proto.v1.ApproveQuoteRequest;
import io.eventkit.proto.v1.CreateQuoteRequest;
import io.eventkit.proto.v1.DeclineQuoteRequest;
import io.eventkit.proto.v1.DiffQuoteVersionsRequest;
import io.eventkit.proto.v1.GetQuoteRequest;
import io.eventkit.proto.v1.ListQuotesRequest;
import io.eventkit.proto.v1.ListQuotesResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Quote;
import io.eventkit.proto.v1.QuoteDiff;
import io.eventkit.proto.v1.QuoteFieldChange;
import io.eventkit.proto.v1.QuoteLine;
import io.eventkit.proto.v1.QuoteLineChange;
import io.eventkit.proto.v1.QuoteLineKind;
import io.eventkit.proto.v1.QuoteServiceGrpc;
import io.eventkit.proto.v1.QuoteShortage;
import io.eventkit.proto.v1.QuoteState;
import io.eventkit.proto.v1.QuoteTotals;
import io.eventkit.proto.v1.QuoteVersionSummary;
import io.eventkit.proto.v1.RemoveQuoteLineRequest;
import io.eventkit.proto.v1.RenderQuotePdfRequest;
import io.eventkit.proto.v1.RenderQuotePdfResponse;
import io.eventkit.proto.v1.SendQuoteRequest;
import io.eventkit.proto.v1.SendQuoteResponse;
import io.eventkit.proto.v1.TaxAmount;
import io.eventkit.proto.v1.UpdateQuoteLineRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "quotes",
    description = "Quotes to clients: drafts, sent versions, the client's answer.",
    subcommands = {
      QuoteCommands.ListQuotes.class,
      QuoteCommands.Show.class,
      QuoteCommands.Create.class,
      QuoteCommands.AddLine.class,
      QuoteCommands.UpdateLine.class,
      QuoteCommands.RemoveLine.class,
      QuoteCommands.Approve.class,
      QuoteCommands.Send.class,
      QuoteCommands.Accept.class,
      QuoteCommands.Decline.class,
      QuoteCommands.Diff.class,
      QuoteCommands.Pdf.class
    })
final class QuoteCommands {
  private QuoteCommands() {}

  static String state(QuoteState s) {
    return s.name().replace("QUOTE_STATE_", "");
  }

  static String kind(QuoteLineKind k) {
    return k.name().replace("QUOTE_LINE_KIND_", "");
  }

  /** The revision to send: the one given, else the draft's as read now. */
  static long revision(NodeClient client, String id, Long given) {
    if (given != null) {
      return given;
    }
    return client
        .call(QuoteServiceGrpc.getGetQuoteMethod(), GetQuoteRequest.newBuilder().setId(id).build())
        .getRevision();
  }

  static void printQuote(java.io.PrintWriter out, Quote q) {
    out.println(q.getNumber() + "  " + q.getTitle());
    java.util.Map<String, String> kv = new java.util.LinkedHashMap<>();
    kv.put("id", q.getId());
    kv.put(
        "state",
        state(q.getState())
            + (q.getHasUnsentChanges() && q.getVersionsCount() > 0
                ? " (draft has unsent changes)"
                : ""));
    kv.put(
        "client",
        q.getCompanyName() + (q.getContactName().isEmpty() ? "" : ", " + q.getContactName()));
    if (!q.getEventId().isEmpty()) {
      kv.put(
          "event",
          q.getEventName() + " (" + q.getEventStatus().name().replace("EVENT_STATUS_", "") + ")");
    }
    kv.put(
        "currency",
        q.getCurrency() + (q.getExchangeRate().equals("1") ? "" : " at " + q.getExchangeRate()));
    kv.put("valid until", Text.instant(q.getValidUntil()));
    kv.put("revision", String.valueOf(q.getRevision()));
    if (q.getApproval().getRequired()) {
      kv.put(
          "approval",
          q.getApproval().getApproved()
              ? "approved by " + q.getApproval().getApprovedBy()
              : "needed (discount " + q.getApproval().getMaxDiscountBp() / 100.0 + " %)");
    }
    Text.keyValues(out, kv);
    printLines(out, q.getLinesList());
    printTotals(out, q.getTotals());
    for (QuoteVersionSummary v : q.getVersionsList()) {
      out.println(
          "v"
              + v.getVersion()
              + "  sent "
              + Text.instant(v.getSentAt())
              + " by "
              + v.getSentBy()
              + "  "
              + Amounts.format(v.getTotal()));
    }
  }

  static void printLines(java.io.PrintWriter out, List<QuoteLine> lines) {
    Text.Table t =
        new Text.Table(
            "#", "KIND", "DESCRIPTION", "QTY", "DAYS", "UNIT PRICE", "DISC", "NET", "LINE ID");
    for (QuoteLine l : lines) {
      t.row(
          String.valueOf(l.getPosition() + 1),
          kind(l.getKind()),
          l.getDescription(),
          l.getQuantity() + (l.getUnit().isEmpty() ? "" : " " + l.getUnit()),
          l.getChargedDays().isEmpty() ? "" : l.getChargedDays(),
          Amounts.format(l.getUnitPrice()),
          l.getDiscountBp() == 0 ? "" : l.getDiscountBp() / 100.0 + " %",
          Amounts.format(l.getNet()),
          l.getId());
    }
    t.print(out);
  }

  static void printTotals(java.io.PrintWriter out, QuoteTotals t) {
    out.println("subtotal:  " + Amounts.format(t.getSubtotal()));
    if (t.getLineDiscounts().getMinorUnits() + t.getQuoteDiscount().getMinorUnits() > 0) {
      out.println(
          "discounts: "
              + Text.money(
                  t.getLineDiscounts().getMinorUnits() + t.getQuoteDiscount().getMinorUnits(),
                  t.getSubtotal().getCurrencyCode()));
    }
    out.println("net:       " + Amounts.format(t.getNet()));
    for (TaxAmount x : t.getTaxesList()) {
      out.println("tax:       " + Amounts.format(x.getAmount()) + "  (" + x.getLabel() + ")");
    }
    out.println("total:     " + Amounts.format(t.getTotal()));
  }

  static Period period(String spec, CommandLineError err) {
    String[] parts = spec.split("/", -1);
    if (parts.length != 2) {
      throw err.usage("--period must be START/END, e.g. 2026-06-01T08:00:00Z/2026-06-03T18:00:00Z");
    }
    try {
      Instant s = Instant.parse(parts[0].trim());
      Instant e = Instant.parse(parts[1].trim());
      return Period.newBuilder()
          .setStart(com.google.protobuf.Timestamp.newBuilder().setSeconds(s.getEpochSecond()))
          .setEnd(com.google.protobuf.Timestamp.newBuilder().setSeconds(e.getEpochSecond()))
          .build();
    } catch (DateTimeParseException e) {
      throw err.usage("--period: '" + spec + "' is not START/END in ISO-8601 (…Z)");
    }
  }

  interface CommandLineError {
    picocli.CommandLine.ParameterException usage(String message);
  }

  static int percentBp(String text, CommandLineError err, String option) {
    try {
      java.math.BigDecimal p = new java.math.BigDecimal(text.trim().replace("%", "").trim());
      int bp = p.movePointRight(2).intValueExact();
      if (bp < 0 || bp > 10000) {
        throw new ArithmeticException();
      }
      return bp;
    } catch (ArithmeticException | NumberFormatException e) {
      throw err.usage(option + " must be a percentage 0–100 with up to 2 decimals, e.g. 12.5");
    }
  }

  @Command(
      name = "list",
      description = "Quotes, newest first.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit quotes list", "  eventkit quotes list --state sent --query Q-2026"})
  static final class ListQuotes extends ApiCommand {
    @Option(
        names = "--state",
        paramLabel = "STATE",
        description = "draft, sent, accepted, declined or expired (repeatable).")
    List<String> states = new ArrayList<>();

    @Option(names = "--query", description = "Number, title or company contains this.")
    String query = "";

    @Option(names = "--event", paramLabel = "EVENT_ID", description = "Only this event's.")
    String event = "";

    @Override
    int run(NodeClient client) {
      ListQuotesRequest.Builder b =
          ListQuotesRequest.newBuilder().setQuery(query).setEventId(event);
      for (String s : states) {
        try {
          b.addStates(QuoteState.valueOf("QUOTE_STATE_" + s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw usage("--state must be draft, sent, accepted, declined or expired");
        }
      }
      b.getPageBuilder().setPageSize(200);
      ListQuotesResponse r = client.call(QuoteServiceGrpc.getListQuotesMethod(), b.build());
      return emit(
          r,
          () -> {
            Text.Table t = new Text.Table("NUMBER", "STATE", "CLIENT", "TITLE", "TOTAL", "ID");
            for (Quote q : r.getQuotesList()) {
              t.row(
                  q.getNumber(),
                  state(q.getState()),
                  q.getCompanyName(),
                  q.getTitle(),
                  Amounts.format(q.getTotals().getTotal()),
                  q.getId());
            }
            t.print(out());
          });
    }
  }

  @Command(name = "show", description = "A quote: its draft lines, totals and versions.")
  static final class Show extends ApiCommand {
    @Parameters(index = "0", paramLabel = "QUOTE_ID")
    String id;

    @Override
    int run(NodeClient client) {
      Quote q =
          client.call(
              QuoteServiceGrpc.getGetQuoteMethod(), GetQuoteRequest.newBuilder().setId(id).build());
      return emit(q, () -> printQuote(out(), q));
    }
  }

  @Command(
      name = "create",
      description =
          "A new draft for a CRM company, or from an event (its lines become rental lines).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit quotes create --event 3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b",
        "  eventkit quotes create --company COMPANY_ID --currency GBP --title Gala"
      })
  static final class Create extends ApiCommand {
    @Option(
        names = "--company",
        paramLabel = "COMPANY_ID",
        description = "The client (default: the event's).")
    String company = "";

    @Option(names = "--contact", paramLabel = "CONTACT_ID", description = "The client's contact.")
    String contact = "";

    @Option(
        names = "--event",
        paramLabel = "EVENT_ID",
        description = "Quote this event's bookings.")
    String event = "";

    @Option(names = "--title", description = "Default: the event's name.")
    String title = "";

    @Option(
        names = "--currency",
        paramLabel = "CUR",
        description = "Default: the company's, else the base currency.")
    String currency = "";

    @Option(names = "--notes", description = "Printed on the quote.")
    String notes = "";

    @Override
    void validate() {
      if (company.isEmpty() && event.isEmpty()) {
        throw usage("give --company or --event");
      }
    }

    @Override
    int run(NodeClient client) {
      Quote q =
          client.call(
              QuoteServiceGrpc.getCreateQuoteMethod(),
              CreateQuoteRequest.newBuilder()
                  .setCompanyId(company)
                  .setContactId(contact)
                  .setEventId(event)
                  .setTitle(title)
                  .setCurrency(currency.toUpperCase(Locale.ROOT))
                  .setNotes(notes)
                  .build());
      return emit(q, () -> out().println(q.getNumber() + "  " + q.getId()));
    }
  }

  @Command(
      name = "add-line",
      description = "Add a line to the draft.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit quotes add-line QUOTE_ID --kind service --description Crew \\",
        "      --quantity 10.5 --unit hour --price 45.00EUR",
        "  eventkit quotes add-line QUOTE_ID --kind rental --product PRODUCT_ID --quantity 4"
      })
  static final class AddLine extends ApiCommand {
    @Parameters(index = "0", paramLabel = "QUOTE_ID")
    String id;

    @Option(names = "--kind", required = true, description = "rental, service or sale.")
    String kind;

    @Option(names = "--product", paramLabel = "PRODUCT_ID", description = "For a rental line.")
    String product = "";

    @Option(names = "--description", description = "Default for rentals: the product's name.")
    String description = "";

    @Option(names = "--quantity", required = true, description = "E.g. 4 or 10.5.")
    String quantity;

    @Option(names = "--unit", description = "What one unit is: hour, day, trip…")
    String unit = "";

    @Option(
        names = "--period",
        paramLabel = "START/END",
        description = "A rental's hire period (default: the event's).")
    String period;

    @Option(
        names = "--price",
        paramLabel = "AMOUNT",
        description = "Unit price, e.g. 45.00EUR (rentals: overrides the rate card).")
    String price;

    @Option(names = "--discount", paramLabel = "PERCENT", description = "Line discount, e.g. 10.")
    String discount;

    @Option(
        names = "--tax",
        paramLabel = "CODE",
        description = "Tax code; - for none (default: the settings').")
    String tax = "";

    @Option(names = "--revision", description = "The draft's revision as you last read it.")
    Long revision;

    private QuoteLineKind k;
    private Money amount;
    private int discountBp;
    private Period p;

    @Override
    void validate() {
      try {
        k = QuoteLineKind.valueOf("QUOTE_LINE_KIND_" + kind.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw usage("--kind must be rental, service or sale");
      }
      if (price != null) {
        try {
          amount = Amounts.parse(price);
        } catch (picocli.CommandLine.TypeConversionException e) {
          throw usage("--price: " + e.getMessage());
        }
      }
      discountBp = discount == null ? 0 : percentBp(discount, this::usage, "--discount");
      p = period == null ? null : period(period, this::usage);
    }

    @Override
    int run(NodeClient client) {
      AddQuoteLineRequest.Builder b =
          AddQuoteLineRequest.newBuilder()
              .setQuoteId(id)
              .setExpectedRevision(revision(client, id, revision))
              .setKind(k)
              .setProductId(product)
              .setDescription(description)
              .setQuantity(quantity)
              .setUnit(unit)
              .setDiscountBp(discountBp)
              .setTaxCode(tax);
      if (amount != null) {
        b.setUnitPrice(amount);
      }
      if (p != null) {
        b.setPeriod(p);
      }
      Quote q = client.call(QuoteServiceGrpc.getAddQuoteLineMethod(), b.build());
      return emit(q, () -> printTotals(out(), q.getTotals()));
    }
  }

  @Command(
      name = "update-line",
      description = "Change a draft line; options left out keep their value.",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit quotes update-line QUOTE_ID LINE_ID --quantity 12 --discount 5"})
  static final class UpdateLine extends ApiCommand {
    @Parameters(index = "0", paramLabel = "QUOTE_ID")
    String id;

    @Parameters(index = "1", paramLabel = "LINE_ID")
    String line;

    @Option(names = "--description")
    String description;

    @Option(names = "--quantity")
    String quantity;

    @Option(names = "--unit")
    String unit;

    @Option(names = "--period", paramLabel = "START/END")
    String period;

    @Option(names = "--price", paramLabel = "AMOUNT", description = "A typed unit price.")
    String price;

    @Option(names = "--rate-card", description = "Back to the rate card's price (rentals).")
    boolean rateCard;

    @Option(names = "--discount", paramLabel = "PERCENT")
    String discount;

    @Option(names = "--tax", paramLabel = "CODE", description = "Tax code; - for none.")
    String tax;

    @Option(names = "--position", description = "Move to this place (1 = first).")
    Integer position;

    @Option(names = "--revision")
    Long revision;

    @Override
    int run(NodeClient client) {
      UpdateQuoteLineRequest.Builder b =
          UpdateQuoteLineRequest.newBuilder()
              .setQuoteId(id)
              .setExpectedRevision(revision(client, id, revision))
              .setLineId(line)
              .setClearUnitPrice(rateCard);
      if (description != null) {
        b.setDescription(description);
      }
      if (quantity != null) {
        b.setQuantity(quantity);
      }
      if (unit != null) {
        b.setUnit(unit);
      }
      if (period != null) {
        b.setPeriod(period(period, this::usage));
      }
      if (price != null) {
        try {
          b.setUnitPrice(Amounts.parse(price));
        } catch (picocli.CommandLine.TypeConversionException e) {
          throw usage("--price: " + e.getMessage());
        }
      }
      if (discount != null) {
        b.setDiscountBp(percentBp(discount, this::usage, "--discount"));
      }
      if (tax != null) {
        b.setTaxCode(tax);
      }
      if (position != null) {
        if (position < 1) {
          throw usage("--position must be 1 or more");
        }
        b.setPosition(position - 1);
      }
      Quote q = client.call(QuoteServiceGrpc.getUpdateQuoteLineMethod(), b.build());
      return emit(q, () -> printTotals(out(), q.getTotals()));
    }
  }

  @Command(name = "remove-line", description = "Remove a draft line.")
  static final class RemoveLine extends ApiCommand {
    @Parameters(index = "0", paramLabel = "QUOTE_ID")
    String id;

    @Parameters(index = "1", paramLabel = "LINE_ID")
    String line;

    @Option(names = "--revision")
    Long revision;

    @Override
    int run(NodeClient client) {
      Quote q =
          client.call(
              QuoteServiceGrpc.getRemoveQuoteLineMethod(),
              RemoveQuoteLineRequest.newBuilder()
                  .setQuoteId(id)
                  .setExpectedRevision(revision(client, id, revision))
                  .setLineId(line)
                  .build());
      return emit(q, () -> printTotals(out(), q.getTotals()));
    }
  }

  @Command(name = "approve", description = "Approve the draft's discounts (a Manager).")
  static final class Approve extends ApiCommand {
    @Parameters(index = "0", paramLabel = "QUOTE_ID")
    String id;

    @Option(names = "--revision")
    Long revision;

    @Override
    int run(NodeClient client) {
      Quote q =
          client.call(
              QuoteServiceGrpc.getApproveQuoteMethod(),
              ApproveQuoteRequest.newBuilder()
                  .setQuoteId(id)
                  .setExpectedRevision(revision(client, id, revision))
                  .build());
      return emit(
          q, () -> out().println(q.getNumber() + ": approved at revision " + q.getRevision()));
    }
  }

  @Command(
      name = "send",
      description = "Freeze the draft as the next version; --email mails its PDF.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit quotes send QUOTE_ID",
        "  eventkit quotes send QUOTE_ID --email --to jo@example.com"
      })
  static final class Send extends ApiCommand {
    @Parameters(index = "0", paramLabel = "QUOTE_ID")
    String id;

    @Option(names = "--email", description = "Email the PDF to the contact.")
    boolean email;

    @Option(
        names = "--to",
        paramLabel = "ADDRESS",
        description = "Instead of the contact's address.")
    String to = "";

    @Option(names = "--message", description = "A note above the standard text.")
    String message = "";

    @Option(names = "--revision")
    Long revision;

    @Override
    int run(NodeClient client) {
      SendQuoteResponse r =
          client.call(
              QuoteServiceGrpc.getSendQuoteMethod(),
              SendQuoteRequest.newBuilder()
                  .setQuoteId(id)
                  .setExpectedRevision(revision(client, id, revision))
                  .setEmail(email || !to.isEmpty())
                  .setEmailTo(to)
                  .setMessage(message)
                  .build());
      return emit(
          r,
          () ->
              out()
                  .println(
                      r.getQuote().getNumber()
                          + " v"
                          + r.getVersion().getVersion()
                          + " sent: "
                          + Amounts.format(r.getVersion().getTotals().getTotal())));
    }
  }

  @Command(
      name = "accept",
      description = "Record the client's acceptance (confirms the event).",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit quotes accept QUOTE_ID --version 2 --note \"signed by J. Smith\""})
  static final class Accept extends ApiCommand {
    @Parameters(index = "0", paramLabel = "QUOTE_ID")
    String id;

    @Option(names = "--version", required = true, description = "The latest sent version.")
    int version;

    @Option(names = "--note", description = "Who accepted and how.")
    String note = "";

    @Override
    int run(NodeClient client) {
      AcceptQuoteResponse r =
          client.call(
              QuoteServiceGrpc.getAcceptQuoteMethod(),
              AcceptQuoteRequest.newBuilder()
                  .setQuoteId(id)
                  .setVersion(version)
                  .setNote(note)
                  .build());
      return emit(
          r,
          () -> {
            out().println(r.getQuote().getNumber() + ": ACCEPTED");
            if (!r.getQuote().getEventId().isEmpty()) {
              out()
                  .println(
                      "event "
                          + r.getQuote().getEventName()
                          + ": "
                          + (r.getEventConfirmed() ? "CONFIRMED" : "not confirmed"));
            }
            for (QuoteShortage s : r.getShortagesList()) {
              out()
                  .println(
                      "short: "
                          + s.getProductName()
                          + " "
                          + s.getAvailable()
                          + " of "
                          + s.getRequested());
            }
            r.getWarningsList().forEach(w -> out().println("warning: " + w));
          });
    }
  }

  @Command(name = "decline", description = "Record the client's refusal.")
  static final class Decline extends ApiCommand {
    @Parameters(index = "0", paramLabel = "QUOTE_ID")
    String id;

    @Option(names = "--reason", required = true)
    String reason;

    @Override
    int run(NodeClient client) {
      Quote q =
          client.call(
              QuoteServiceGrpc.getDeclineQuoteMethod(),
              DeclineQuoteRequest.newBuilder().setQuoteId(id).setReason(reason).build());
      return emit(q, () -> out().println(q.getNumber() + ": DECLINED"));
    }
  }

  @Command(
      name = "diff",
      description = "What changed between two versions (0: the draft).",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit quotes diff QUOTE_ID --from 1 --to 0"})
  static final class Diff extends ApiCommand {
    @Parameters(index = "0", paramLabel = "QUOTE_ID")
    String id;

    @Option(names = "--from", required = true)
    int from;

    @Option(names = "--to", description = "Default 0: the draft.")
    int to;

    @Override
    int run(NodeClient client) {
      QuoteDiff d =
          client.call(
              QuoteServiceGrpc.getDiffQuoteVersionsMethod(),
              DiffQuoteVersionsRequest.newBuilder()
                  .setQuoteId(id)
                  .setFromVersion(from)
                  .setToVersion(to)
                  .build());
      return emit(
          d,
          () -> {
            for (QuoteFieldChange f : d.getHeaderList()) {
              out().println("~ " + f.getField() + ": " + f.getBefore() + " → " + f.getAfter());
            }
            for (QuoteLineChange c : d.getLinesList()) {
              String mark =
                  switch (c.getKind()) {
                    case KIND_ADDED -> "+";
                    case KIND_REMOVED -> "-";
                    default -> "~";
                  };
              out().println(mark + " " + c.getDescription());
              for (QuoteFieldChange f : c.getChangesList()) {
                out().println("    " + f.getField() + ": " + f.getBefore() + " → " + f.getAfter());
              }
            }
            out()
                .println(
                    "total: "
                        + Amounts.format(d.getTotalsBefore().getTotal())
                        + " → "
                        + Amounts.format(d.getTotalsAfter().getTotal()));
          });
    }
  }

  @Command(
      name = "pdf",
      description = "Write a version's PDF (0: a preview of the draft) to a file.",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit quotes pdf QUOTE_ID --version 2 --out quote.pdf"})
  static final class Pdf extends ApiCommand {
    @Parameters(index = "0", paramLabel = "QUOTE_ID")
    String id;

    @Option(names = "--version", description = "Default 0: the draft.")
    int version;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path file;

    @Override
    int run(NodeClient client) {
      RenderQuotePdfResponse r =
          client.call(
              QuoteServiceGrpc.getRenderQuotePdfMethod(),
              RenderQuotePdfRequest.newBuilder().setQuoteId(id).setVersion(version).build());
      try {
        Files.write(file, r.getPdf().toByteArray());
      } catch (IOException e) {
        throw usage("--out: cannot write " + file + ": " + e.getMessage());
      }
      if (json()) {
        printJson(r.toBuilder().clearPdf().build());
      } else {
        out().println(file + " (" + r.getPdf().size() + " bytes, " + r.getFileName() + ")");
      }
      return 0;
    }
  }
}
