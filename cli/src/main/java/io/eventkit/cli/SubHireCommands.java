package io.eventkit.cli;

import io.eventkit.proto.v1.DispatchSubHireRequest;
import io.eventkit.proto.v1.GetSubHireRequest;
import io.eventkit.proto.v1.ListSubHiresRequest;
import io.eventkit.proto.v1.ListSubHiresResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.QuoteSubHireRequest;
import io.eventkit.proto.v1.RequestLine;
import io.eventkit.proto.v1.RequestSubHireRequest;
import io.eventkit.proto.v1.SubHire;
import io.eventkit.proto.v1.SubHireActionRequest;
import io.eventkit.proto.v1.SubHireRole;
import io.eventkit.proto.v1.SubHireServiceGrpc;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eventkit subhire}: the local SubHireService. Borrowers request, accept, cancel and return;
 * suppliers quote, confirm, decline, dispatch and check in; either side lists, shows and resyncs.
 * Every command prints the negotiation after the call (or the proto JSON with {@code -o json}).
 */
@Command(
    name = "subhire",
    description = {
      "Sub-hire gear from partner nodes, or supply it to them.",
      "Borrower: request, change, accept, cancel, return. Supplier: quote, confirm, decline, dispatch,"
          + " checkin. Either side: list, show, resync."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      SubHireCommands.ListSubHires.class,
      SubHireCommands.Show.class,
      SubHireCommands.Request.class,
      SubHireCommands.Change.class,
      SubHireCommands.Quote.class,
      SubHireCommands.Accept.class,
      SubHireCommands.Confirm.class,
      SubHireCommands.Decline.class,
      SubHireCommands.Cancel.class,
      SubHireCommands.Dispatch.class,
      SubHireCommands.Return.class,
      SubHireCommands.CheckIn.class,
      SubHireCommands.Resync.class
    })
final class SubHireCommands {
  @Mixin HelpOption help;

  static final String ID_HELP = "The sub-hire's ID (a UUID, as 'eventkit subhire list' shows it).";

  /** Commands that make the node call the partner while we wait get this default timeout. */
  static final Duration PARTNER_CALL_TIMEOUT = Duration.ofSeconds(30);

  /** Prints a sub-hire as JSON, or as a sentence above its details; returns exit 0. */
  static int print(ApiCommand command, String sentence, SubHire s) {
    return command.emit(
        s,
        () -> {
          var out = command.out();
          if (sentence != null) {
            out.println(sentence);
            out.println();
          }
          SubHireText.details(out, s, command.now());
        });
  }

  // ---- list / show ----------------------------------------------------------------------------

  @Command(
      name = "list",
      description = {
        "List sub-hires, one page per call; filters combine (AND).",
        "States: "
            + "REQUESTED, ACKNOWLEDGED, QUOTED, ACCEPTED, CONFIRMED, DISPATCHED, ON_HIRE, RETURNED,"
            + " CLOSED, DECLINED, EXPIRED, CANCEL_REQUESTED, CANCELLED, CANCEL_REFUSED."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit subhire list",
        "  eventkit subhire list --role supplier --state requested --state accepted",
        "  eventkit subhire list --partner b.example --page-size 100 --page-token NEXT"
      })
  static final class ListSubHires extends ApiCommand {
    @Option(
        names = "--role",
        paramLabel = "ROLE",
        converter = SubHireArgs.RoleConverter.class,
        description = "Only sub-hires where this node is the borrower or the supplier.")
    SubHireRole role;

    @Option(
        names = "--partner",
        paramLabel = "ID",
        converter = NodeIds.Converter.class,
        description = "Only sub-hires with this partner node.")
    String partner;

    @Option(
        names = "--state",
        paramLabel = "STATE",
        split = ",",
        converter = SubHireArgs.StateConverter.class,
        completionCandidates = SubHireArgs.StateCandidates.class,
        description =
            "Only sub-hires in one of these states (repeatable or comma-separated, any case,"
                + " e.g. quoted,accepted).")
    List<NegotiationState> states = new ArrayList<>();

    @Option(
        names = "--page-size",
        paramLabel = "N",
        description = "At most N sub-hires (1-500). Default: the node's (50).")
    Integer pageSize;

    @Option(
        names = "--page-token",
        paramLabel = "TOKEN",
        description = "Continue from a previous page (the token it printed).")
    String pageToken;

    @Override
    void validate() {
      if (pageSize != null && (pageSize < 1 || pageSize > 500)) {
        throw usage("--page-size must be between 1 and 500 (got " + pageSize + ")");
      }
    }

    @Override
    int run(NodeClient client) {
      ListSubHiresRequest.Builder request = ListSubHiresRequest.newBuilder();
      if (role != null) {
        request.setRole(role);
      }
      if (partner != null) {
        request.setPartnerNodeId(partner);
      }
      request.addAllStates(states);
      if (pageSize != null || pageToken != null) {
        PageRequest.Builder page = PageRequest.newBuilder();
        if (pageSize != null) {
          page.setPageSize(pageSize);
        }
        if (pageToken != null) {
          page.setPageToken(pageToken);
        }
        request.setPage(page);
      }
      ListSubHiresResponse response =
          client.call(SubHireServiceGrpc.getListSubHiresMethod(), request.build());
      if (json()) {
        printJson(response);
        return 0;
      }
      if (response.getSubHiresCount() == 0) {
        boolean filtered = role != null || partner != null || !states.isEmpty();
        out()
            .println(
                filtered || pageToken != null
                    ? "No sub-hires match."
                    : "No sub-hires yet. Request one with: eventkit subhire request --help");
      } else {
        SubHireText.table(out(), response.getSubHiresList());
      }
      String next = response.getPage().getNextPageToken();
      if (!next.isEmpty()) {
        out().println("(more: add --page-token " + next + ")");
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      description =
          "Show one sub-hire: details, lines, quote, manifest, delivery to the partner and"
              + " history.")
  static final class Show extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "ID",
        converter = SubHireArgs.IdConverter.class,
        description = ID_HELP)
    String id;

    @Override
    int run(NodeClient client) {
      SubHire s =
          client.call(
              SubHireServiceGrpc.getGetSubHireMethod(),
              GetSubHireRequest.newBuilder().setNegotiationId(id).build());
      return print(this, null, s);
    }
  }

  // ---- request --------------------------------------------------------------------------------

  @Command(
      name = "request",
      description = {
        "Borrower: ask a partner node to supply gear for an event.",
        "Each --line is " + SubHireArgs.LINE_HELP,
        "Times are ISO-8601 instants (2026-12-05T08:00:00Z, or with an offset); periods are"
            + " [from, to). The delivery window defaults to the usage period and must contain it."
      },
      footerHeading = "%nExample:%n",
      footer = {
        "  MIC_AT_B=7c1e0b2a-5f3d-4c1e-9a2b-3c4d5e6f7a8b    # b.example's product",
        "  MIC=0a9f33d1-6e4f-4d2a-8b3c-4d5e6f7a8b9c         # ours it counts as",
        "  eventkit subhire request --supplier b.example \\",
        "      --event-name \"Summer Gala\" --event-ref SG-2026 \\",
        "      --from 2026-12-05T08:00:00Z --to 2026-12-07T20:00:00Z \\",
        "      --delivery-from 2026-12-04T12:00:00Z --delivery-to 2026-12-08T12:00:00Z \\",
        "      --location \"Hall 4, Messe Berlin\" --contact-name \"Jane Doe\" \\",
        "      --contact-email jane@a.example \\",
        "      --line \"$MIC_AT_B=$MIC:4@12.50EUR\" --line \"$CABLE_AT_B=$CABLE:10\""
      })
  static final class Request extends ApiCommand {
    @Option(
        names = "--id",
        paramLabel = "UUID",
        converter = SubHireArgs.IdConverter.class,
        description = {
          "Idempotency key: the new sub-hire's ID. Retrying with the same --id (after a timeout)"
              + " returns the sub-hire the first call created instead of making a second one."
        })
    String id;

    @Option(
        names = "--supplier",
        required = true,
        paramLabel = "ID",
        converter = NodeIds.Converter.class,
        description = "Node ID of the partner to hire from, e.g. b.example.")
    String supplier;

    @Option(
        names = "--event-name",
        required = true,
        paramLabel = "TEXT",
        description = "The event the gear is for.")
    String eventName;

    @Option(
        names = "--event-ref",
        paramLabel = "TEXT",
        description = "Your reference for the event (order number, job number).")
    String eventRef;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "INSTANT",
        converter = SubHireArgs.InstantConverter.class,
        description = "Start of use, e.g. 2026-12-05T08:00:00Z.")
    Instant from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "INSTANT",
        converter = SubHireArgs.InstantConverter.class,
        description = "End of use (exclusive), after --from.")
    Instant to;

    @Option(
        names = "--delivery-from",
        paramLabel = "INSTANT",
        converter = SubHireArgs.InstantConverter.class,
        description = "Start of the delivery window (with --delivery-to). Default: --from.")
    Instant deliveryFrom;

    @Option(
        names = "--delivery-to",
        paramLabel = "INSTANT",
        converter = SubHireArgs.InstantConverter.class,
        description = "End of the delivery window (with --delivery-from). Default: --to.")
    Instant deliveryTo;

    @Option(names = "--location", paramLabel = "TEXT", description = "Where the gear goes.")
    String location;

    @Option(
        names = "--contact-name",
        required = true,
        paramLabel = "TEXT",
        description = "Who the supplier talks to.")
    String contactName;

    @Option(names = "--contact-email", paramLabel = "EMAIL", description = "Contact e-mail.")
    String contactEmail;

    @Option(names = "--contact-phone", paramLabel = "PHONE", description = "Contact phone.")
    String contactPhone;

    @Option(
        names = "--company",
        paramLabel = "TEXT",
        description = "Requesting company. Default: this node's display name.")
    String company;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note for the supplier.")
    String note;

    @Option(
        names = "--line",
        required = true,
        paramLabel = "LINE",
        converter = SubHireArgs.LineConverter.class,
        description = {
          "One product to hire (repeat for more): " + SubHireArgs.LINE_HELP,
          "e.g. --line "
              + SubHireArgs.EXAMPLE_SUPPLIER_PRODUCT
              + "="
              + SubHireArgs.EXAMPLE_LOCAL_PRODUCT
              + ":4@12.50EUR"
        })
    List<RequestLine> lines = new ArrayList<>();

    @Override
    Duration defaultTimeout() {
      return PARTNER_CALL_TIMEOUT;
    }

    @Override
    void validate() {
      if (eventName.isBlank()) {
        throw usage("--event-name must not be empty");
      }
      if (contactName.isBlank()) {
        throw usage("--contact-name must not be empty");
      }
      if (!from.isBefore(to)) {
        throw usage("--from " + from + " must be before --to " + to);
      }
      if ((deliveryFrom == null) != (deliveryTo == null)) {
        throw usage("--delivery-from and --delivery-to go together: give both or neither");
      }
      if (deliveryFrom != null) {
        if (!deliveryFrom.isBefore(deliveryTo)) {
          throw usage(
              "--delivery-from " + deliveryFrom + " must be before --delivery-to " + deliveryTo);
        }
        if (deliveryFrom.isAfter(from) || deliveryTo.isBefore(to)) {
          throw usage(
              "the delivery window "
                  + deliveryFrom
                  + " to "
                  + deliveryTo
                  + " must contain the usage period "
                  + from
                  + " to "
                  + to);
        }
      }
      Set<String> products = new HashSet<>();
      for (RequestLine l : lines) {
        if (!products.add(l.getSupplierProductId())) {
          throw usage(
              "supplier product "
                  + l.getSupplierProductId()
                  + " is on more than one --line: list each product once with the total"
                  + " quantity");
        }
      }
    }

    @Override
    int run(NodeClient client) {
      RequestSubHireRequest.Builder request =
          RequestSubHireRequest.newBuilder()
              .setNegotiationId(id == null ? "" : id)
              .setSupplierNodeId(supplier)
              .setEventName(eventName)
              .setContactName(contactName)
              .setUsagePeriod(period(from, to))
              .addAllLines(lines);
      if (deliveryFrom != null) {
        request.setDeliveryPeriod(period(deliveryFrom, deliveryTo));
      }
      if (eventRef != null) {
        request.setEventReference(eventRef);
      }
      if (location != null) {
        request.setLocation(location);
      }
      if (contactEmail != null) {
        request.setContactEmail(contactEmail);
      }
      if (contactPhone != null) {
        request.setContactPhone(contactPhone);
      }
      if (company != null) {
        request.setRequestingCompany(company);
      }
      if (note != null) {
        request.setNote(note);
      }
      SubHire s = client.call(SubHireServiceGrpc.getRequestSubHireMethod(), request.build());
      return print(
          this,
          "Requested sub-hire "
              + s.getNegotiationId()
              + " from "
              + supplier
              + " (state "
              + SubHireArgs.state(s.getState())
              + "). When it is quoted, accept with: eventkit subhire accept "
              + s.getNegotiationId()
              + deliveryNote(s),
          s);
    }

    static Period period(Instant start, Instant end) {
      return Period.newBuilder()
          .setStart(SubHireArgs.timestamp(start))
          .setEnd(SubHireArgs.timestamp(end))
          .build();
    }
  }

  // ---- change ---------------------------------------------------------------------------------

  @Command(
      name = "change",
      description = {
        "Borrower: change quantities, the usage or delivery period, or the note before accepting.",
        "The supplier withdraws any quote and quotes again (or auto-confirms). After accepting,"
            + " cancel and request again instead."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit subhire change 3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b --qty \"$MIC=6\"",
        "  eventkit subhire change 3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b \\",
        "      --from 2026-12-05T08:00:00Z --to 2026-12-08T20:00:00Z"
      })
  static final class Change extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "ID",
        converter = SubHireArgs.IdConverter.class,
        description = ID_HELP)
    String id;

    @Option(
        names = "--qty",
        paramLabel = "PRODUCT=N",
        description = "New quantity of one of the sub-hire's supplier products (repeatable).")
    Map<String, Integer> quantities = new LinkedHashMap<>();

    @Option(
        names = "--from",
        paramLabel = "INSTANT",
        converter = SubHireArgs.InstantConverter.class,
        description = "New start of use (with --to).")
    Instant from;

    @Option(
        names = "--to",
        paramLabel = "INSTANT",
        converter = SubHireArgs.InstantConverter.class,
        description = "New end of use (with --from).")
    Instant to;

    @Option(
        names = "--delivery-from",
        paramLabel = "INSTANT",
        converter = SubHireArgs.InstantConverter.class,
        description = "New start of the delivery window (with --delivery-to).")
    Instant deliveryFrom;

    @Option(
        names = "--delivery-to",
        paramLabel = "INSTANT",
        converter = SubHireArgs.InstantConverter.class,
        description = "New end of the delivery window (with --delivery-from).")
    Instant deliveryTo;

    @Option(names = "--note", paramLabel = "TEXT", description = "Replace the note.")
    String note;

    @Override
    Duration defaultTimeout() {
      return PARTNER_CALL_TIMEOUT;
    }

    @Override
    void validate() {
      if ((from == null) != (to == null)) {
        throw usage("--from and --to go together: give both or neither");
      }
      if ((deliveryFrom == null) != (deliveryTo == null)) {
        throw usage("--delivery-from and --delivery-to go together: give both or neither");
      }
      if (from != null && !from.isBefore(to)) {
        throw usage("--from " + from + " must be before --to " + to);
      }
      if (deliveryFrom != null && !deliveryFrom.isBefore(deliveryTo)) {
        throw usage(
            "--delivery-from " + deliveryFrom + " must be before --delivery-to " + deliveryTo);
      }
      for (Map.Entry<String, Integer> e : quantities.entrySet()) {
        if (SubHireArgs.productId(e.getKey()) == null) {
          throw usage(
              "--qty " + e.getKey() + ": the product must be the supplier's product ID (a UUID)");
        }
        if (e.getValue() == null || e.getValue() < 1) {
          throw usage(
              "--qty " + e.getKey() + "=" + e.getValue() + ": the quantity must be 1 or more");
        }
      }
      if (quantities.isEmpty() && from == null && deliveryFrom == null && note == null) {
        throw usage(
            "nothing to change: give --qty, --from/--to, --delivery-from/--delivery-to or --note");
      }
    }

    @Override
    int run(NodeClient client) {
      io.eventkit.proto.v1.ChangeSubHireRequest.Builder request =
          io.eventkit.proto.v1.ChangeSubHireRequest.newBuilder()
              .setNegotiationId(id)
              .putAllQuantities(quantities);
      if (from != null) {
        request.setUsagePeriod(Request.period(from, to));
      }
      if (deliveryFrom != null) {
        request.setDeliveryPeriod(Request.period(deliveryFrom, deliveryTo));
      }
      if (note != null) {
        request.setReplaceNote(true).setNote(note);
      }
      SubHire s = client.call(SubHireServiceGrpc.getChangeSubHireMethod(), request.build());
      return print(
          this,
          "Asked "
              + s.getPartnerNodeId()
              + " to change "
              + s.getNegotiationId()
              + "; the supplier will quote again."
              + deliveryNote(s),
          s);
    }
  }

  // ---- quote ----------------------------------------------------------------------------------

  @Command(
      name = "quote",
      description = {
        "Supplier: quote a requested sub-hire.",
        "Products without --price are quoted at their rental price. The quote is valid for 48h"
            + " unless --valid-until or --valid-for says otherwise."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit subhire quote 3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b",
        "  eventkit subhire quote 3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b \\",
        "      --price \"$MIC=11.00EUR\" --price \"$CABLE=2.50EUR\" --valid-for 72h"
      })
  static final class Quote extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "ID",
        converter = SubHireArgs.IdConverter.class,
        description = ID_HELP)
    String id;

    @Option(
        names = "--price",
        paramLabel = "PRODUCT=PRICE",
        converter = SubHireArgs.PriceConverter.class,
        description =
            "Unit price for one of your products on the request (repeatable; one currency"
                + " for the whole quote), e.g. "
                + SubHireArgs.EXAMPLE_SUPPLIER_PRODUCT
                + "=12.50EUR.")
    List<SubHireArgs.Price> prices = new ArrayList<>();

    @Option(
        names = "--valid-until",
        paramLabel = "INSTANT",
        converter = SubHireArgs.InstantConverter.class,
        description = "The quote expires at this instant, e.g. 2026-11-26T18:00:00Z.")
    Instant validUntil;

    @Option(
        names = "--valid-for",
        paramLabel = "DURATION",
        converter = EventKitCli.DurationConverter.class,
        description = "The quote expires this long from now, e.g. 48h, 3d. Default: 48h.")
    Duration validFor;

    private final Map<String, Money> unitPrices = new LinkedHashMap<>();

    @Override
    void validate() {
      if (validUntil != null && validFor != null) {
        throw usage("give --valid-until or --valid-for, not both");
      }
      if (validFor != null && validFor.compareTo(Duration.ofMinutes(1)) < 0) {
        throw usage("--valid-for must be at least 1m (got " + Text.duration(validFor) + ")");
      }
      if (validUntil != null && !validUntil.isAfter(now())) {
        throw usage("--valid-until " + validUntil + " is not in the future");
      }
      for (SubHireArgs.Price p : prices) {
        if (unitPrices.put(p.supplierProductId(), p.unitPrice()) != null) {
          throw usage("--price for " + p.supplierProductId() + " is given more than once");
        }
      }
      Set<String> currencies = new TreeSet<>();
      unitPrices.values().forEach(m -> currencies.add(m.getCurrencyCode()));
      if (currencies.size() > 1) {
        throw usage("a quote uses one currency; --price has " + String.join(" and ", currencies));
      }
    }

    @Override
    int run(NodeClient client) {
      QuoteSubHireRequest.Builder request =
          QuoteSubHireRequest.newBuilder().setNegotiationId(id).putAllUnitPrices(unitPrices);
      Instant until = validFor != null ? now().plus(validFor) : validUntil;
      if (until != null) {
        request.setValidUntil(SubHireArgs.timestamp(until));
      }
      SubHire s = client.call(SubHireServiceGrpc.getQuoteSubHireMethod(), request.build());
      return print(
          this,
          "Quoted "
              + id
              + ": "
              + SubHireText.quote(s, now())
              + " (state "
              + SubHireArgs.state(s.getState())
              + ")."
              + deliveryNote(s),
          s);
    }
  }

  // ---- transitions on one sub-hire ------------------------------------------------------------

  /** A command taking the sub-hire ID (and maybe a reason) that returns the sub-hire. */
  abstract static class Action extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "ID",
        converter = SubHireArgs.IdConverter.class,
        description = ID_HELP)
    String id;

    abstract MethodDescriptor<SubHireActionRequest, SubHire> method();

    /** The reason / note sent along, or null. */
    String reason() {
      return null;
    }

    /** What happened, for the sentence above the details: "Accepted the quote for". */
    abstract String done();

    /** Adds command-specific fields to the request. */
    void customize(SubHireActionRequest.Builder request) {}

    @Override
    int run(NodeClient client) {
      SubHireActionRequest.Builder request = SubHireActionRequest.newBuilder().setNegotiationId(id);
      if (reason() != null) {
        request.setReason(reason());
      }
      customize(request);
      SubHire s = client.call(method(), request.build());
      return print(this, sentence(done(), s), s);
    }
  }

  /** "Confirmed 3f2b… (state CONFIRMED)." plus {@link #deliveryNote} when there is one. */
  static String sentence(String done, SubHire s) {
    return done
        + " "
        + s.getNegotiationId()
        + " (state "
        + SubHireArgs.state(s.getState())
        + ")."
        + deliveryNote(s);
  }

  /**
   * A warning when messages to the partner are in trouble: retried after an error, or refused for
   * good. A message merely on its way (the normal case right after a change) says nothing.
   */
  static String deliveryNote(SubHire s) {
    var d = s.getDelivery();
    String partner = Text.orNone(s.getPartnerNodeId());
    if (!d.getFailedMessage().isBlank()) {
      return " A message to " + partner + " was refused for good (see Delivery below).";
    }
    if (d.getPendingMessages() > 0 && !d.getLastError().isBlank()) {
      return " Not yet delivered to "
          + partner
          + " ("
          + d.getLastError()
          + "); the node keeps trying (see Delivery below).";
    }
    return "";
  }

  abstract static class ReasonedAction extends Action {
    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Why (sent to the partner and kept in the history).")
    String reason;

    @Override
    String reason() {
      return reason;
    }
  }

  @Command(
      name = "accept",
      description = "Borrower: accept the supplier's current quote (before it expires).")
  static final class Accept extends Action {
    @Option(
        names = "--expect-version",
        paramLabel = "N",
        description = {
          "The version 'subhire show' printed when you read the quote. If the supplier has"
              + " re-quoted since, the accept is refused instead of accepting a quote you have not"
              + " seen."
        })
    Long expectVersion;

    @Override
    void customize(SubHireActionRequest.Builder request) {
      if (expectVersion != null) {
        request.setExpectedVersion(expectVersion);
      }
    }

    @Override
    MethodDescriptor<SubHireActionRequest, SubHire> method() {
      return SubHireServiceGrpc.getAcceptSubHireMethod();
    }

    @Override
    String done() {
      return "Accepted the quote for";
    }
  }

  @Command(
      name = "confirm",
      description = "Supplier: confirm an accepted sub-hire; the stock is booked for it.")
  static final class Confirm extends Action {
    @Override
    MethodDescriptor<SubHireActionRequest, SubHire> method() {
      return SubHireServiceGrpc.getConfirmSubHireMethod();
    }

    @Override
    String done() {
      return "Confirmed";
    }
  }

  @Command(
      name = "decline",
      description = "Supplier: decline a sub-hire request.",
      footerHeading = "%nExample:%n",
      footer = "  eventkit subhire decline 3f2b9c1e-... --reason \"fully booked that week\"")
  static final class Decline extends ReasonedAction {
    @Override
    MethodDescriptor<SubHireActionRequest, SubHire> method() {
      return SubHireServiceGrpc.getDeclineSubHireMethod();
    }

    @Override
    String done() {
      return "Declined";
    }
  }

  @Command(
      name = "cancel",
      description = {
        "Borrower: cancel a sub-hire.",
        "The sub-hire is CANCEL_REQUESTED until the supplier answers: CANCELLED up to"
            + " confirmation, CANCEL_REFUSED once the gear is dispatched (return it instead)."
      },
      footerHeading = "%nExample:%n",
      footer = "  eventkit subhire cancel 3f2b9c1e-... --reason \"event postponed\"")
  static final class Cancel extends ReasonedAction {
    @Override
    MethodDescriptor<SubHireActionRequest, SubHire> method() {
      return SubHireServiceGrpc.getCancelSubHireMethod();
    }

    @Override
    String done() {
      return "Asked to cancel";
    }
  }

  @Command(
      name = "return",
      description = "Borrower: report that the gear is on its way back to the supplier.",
      footerHeading = "%nExample:%n",
      footer = "  eventkit subhire return 3f2b9c1e-... --note \"2 pallets, collected by DHL\"")
  static final class Return extends Action {
    @Option(
        names = "--note",
        paramLabel = "TEXT",
        description = "A note for the supplier (sent as the return note).")
    String note;

    @Override
    String reason() {
      return note;
    }

    @Override
    MethodDescriptor<SubHireActionRequest, SubHire> method() {
      return SubHireServiceGrpc.getReturnSubHireMethod();
    }

    @Override
    String done() {
      return "Returned";
    }
  }

  @Command(
      name = "checkin",
      description = "Supplier: check the returned gear back in; this closes the sub-hire.")
  static final class CheckIn extends Action {
    @Override
    MethodDescriptor<SubHireActionRequest, SubHire> method() {
      return SubHireServiceGrpc.getCheckInSubHireMethod();
    }

    @Override
    String done() {
      return "Checked in";
    }
  }

  @Command(
      name = "resync",
      description = {
        "Either side: fetch the partner's view of a sub-hire now and adopt it where the"
            + " protocol allows.",
        "Use it when 'show' reports a delivery error or the two sides disagree."
      })
  static final class Resync extends Action {
    @Override
    Duration defaultTimeout() {
      return PARTNER_CALL_TIMEOUT;
    }

    @Override
    MethodDescriptor<SubHireActionRequest, SubHire> method() {
      return SubHireServiceGrpc.getResyncSubHireMethod();
    }

    @Override
    String done() {
      return "Resynced";
    }
  }

  // ---- dispatch -------------------------------------------------------------------------------

  @Command(
      name = "dispatch",
      description = {
        "Supplier: send the gear of a confirmed sub-hire.",
        "List the barcodes of the serialised assets sent (each --barcode once); bulk products"
            + " go by quantity and need none. The borrower sees them as the manifest."
      },
      footerHeading = "%nExample:%n",
      footer = "  eventkit subhire dispatch 3f2b9c1e-... --barcode MIC-0001 --barcode MIC-0002")
  static final class Dispatch extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "ID",
        converter = SubHireArgs.IdConverter.class,
        description = ID_HELP)
    String id;

    @Option(
        names = "--barcode",
        paramLabel = "BARCODE",
        converter = SubHireArgs.BarcodeConverter.class,
        description = "Barcode of an asset sent (repeatable).")
    List<String> barcodes = new ArrayList<>();

    @Override
    void validate() {
      Set<String> seen = new HashSet<>();
      for (String b : barcodes) {
        if (!seen.add(b)) {
          throw usage("--barcode " + b + " is given more than once");
        }
      }
    }

    @Override
    int run(NodeClient client) {
      SubHire s =
          client.call(
              SubHireServiceGrpc.getDispatchSubHireMethod(),
              DispatchSubHireRequest.newBuilder()
                  .setNegotiationId(id)
                  .addAllBarcodes(barcodes)
                  .build());
      return print(
          this,
          sentence(
              "Dispatched "
                  + s.getManifestCount()
                  + (s.getManifestCount() == 1 ? " asset" : " assets")
                  + " for",
              s),
          s);
    }
  }
}
