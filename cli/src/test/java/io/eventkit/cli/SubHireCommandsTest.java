package io.eventkit.cli;

import static io.eventkit.cli.SubHireArgsTest.money;
import static io.eventkit.cli.TrustCommandsTest.parseJson;
import static io.eventkit.cli.TrustCommandsTest.ts;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.eventkit.proto.v1.Delivery;
import io.eventkit.proto.v1.DispatchSubHireRequest;
import io.eventkit.proto.v1.GetSubHireRequest;
import io.eventkit.proto.v1.ListSubHiresRequest;
import io.eventkit.proto.v1.ListSubHiresResponse;
import io.eventkit.proto.v1.ManifestItem;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.QuoteSubHireRequest;
import io.eventkit.proto.v1.RequestLine;
import io.eventkit.proto.v1.RequestSubHireRequest;
import io.eventkit.proto.v1.SubHire;
import io.eventkit.proto.v1.SubHireActionRequest;
import io.eventkit.proto.v1.SubHireHistoryEntry;
import io.eventkit.proto.v1.SubHireLine;
import io.eventkit.proto.v1.SubHireRole;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code subhire} commands against a scripted SubHireService on a real gRPC server. */
class SubHireCommandsTest {
  static final String ID = "3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b";
  static final String MIC = "7c1e0b2a-1111-4e2f-9b1c-000000000001";
  static final String MY_MIC = "0a9f33d1-2222-4e2f-9b1c-000000000002";
  static final String CABLE = "5d2f8e10-3333-4e2f-9b1c-000000000003";
  static final String MY_CABLE = "9b7c44e2-4444-4e2f-9b1c-000000000004";
  static final String LINE = MIC + "=" + MY_MIC + ":1";

  private FakeSubHireService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeSubHireService();
    cli = new Cli(fake.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(fake.unexpected).as("calls nobody scripted").isEmpty();
      assertThat(fake.pending()).as("scripted answers never asked for").isZero();
    } finally {
      fake.close();
    }
  }

  static Period period(String from, String to) {
    return Period.newBuilder().setStart(ts(from)).setEnd(ts(to)).build();
  }

  /** A borrower's sub-hire from b.example in {@code state}, quoted, with history. */
  static SubHire subHire(NegotiationState state) {
    return SubHire.newBuilder()
        .setNegotiationId(ID)
        .setRole(SubHireRole.BORROWER)
        .setPartnerNodeId("b.example")
        .setState(state)
        .setPeerState(state)
        .setVersion(3)
        .setRequestingCompany("Acme Events")
        .setContactName("Jane Doe")
        .setContactEmail("jane@a.example")
        .setEventName("Summer Gala")
        .setEventReference("SG-2026")
        .setUsagePeriod(period("2026-12-05T08:00:00Z", "2026-12-07T20:00:00Z"))
        .setDeliveryPeriod(period("2026-12-04T12:00:00Z", "2026-12-08T12:00:00Z"))
        .setLocation("Hall 4")
        .addLines(
            SubHireLine.newBuilder()
                .setSupplierProductId(MIC)
                .setLocalProductId(MY_MIC)
                .setProductName("Shure SM58")
                .setQuantity(4)
                .setSuggestedUnitPrice(money(1250, "EUR"))
                .setQuotedUnitPrice(money(1100, "EUR")))
        .addLines(
            SubHireLine.newBuilder()
                .setSupplierProductId(CABLE)
                .setLocalProductId(MY_CABLE)
                .setProductName("XLR cable 10m")
                .setQuantity(10)
                .setQuotedUnitPrice(money(250, "EUR")))
        .setQuoteTotal(money(6900, "EUR"))
        .setQuoteValidUntil(ts("2026-11-26T12:00:00Z"))
        .addHistory(
            SubHireHistoryEntry.newBuilder()
                .setAt(ts("2026-11-24T10:00:00Z"))
                .setActor("admin")
                .setToState(NegotiationState.REQUESTED)
                .setDetail("requested"))
        .addHistory(
            SubHireHistoryEntry.newBuilder()
                .setAt(ts("2026-11-24T11:00:00Z"))
                .setActor("partner:b.example")
                .setFromState(NegotiationState.REQUESTED)
                .setToState(NegotiationState.QUOTED)
                .setDetail("quote 69.00 EUR"))
        .setCreatedAt(ts("2026-11-24T10:00:00Z"))
        .setUpdatedAt(ts("2026-11-24T11:00:00Z"))
        .build();
  }

  // ---- request --------------------------------------------------------------------------------

  @Test
  void requestMapsEveryOptionAndPrintsTheNewSubHire() {
    fake.expect("RequestSubHire", subHire(NegotiationState.REQUESTED));

    Cli.Result r =
        cli.run(
            "subhire",
            "request",
            "--supplier",
            "b.example",
            "--event-name",
            "Summer Gala",
            "--event-ref",
            "SG-2026",
            "--from",
            "2026-12-05T08:00:00Z",
            "--to",
            "2026-12-07T21:00:00+01:00",
            "--delivery-from",
            "2026-12-04T12:00:00Z",
            "--delivery-to",
            "2026-12-08T12:00:00Z",
            "--location",
            "Hall 4",
            "--contact-name",
            "Jane Doe",
            "--contact-email",
            "jane@a.example",
            "--contact-phone",
            "+49 30 1234",
            "--company",
            "Acme Events",
            "--note",
            "loading dock B",
            "--line",
            MIC + "=" + MY_MIC + ":4@12.50EUR",
            "--line",
            CABLE + "=" + MY_CABLE + ":10");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    RequestSubHireRequest req = fake.only("RequestSubHire");
    assertThat(req)
        .isEqualTo(
            RequestSubHireRequest.newBuilder()
                .setSupplierNodeId("b.example")
                .setEventName("Summer Gala")
                .setEventReference("SG-2026")
                .setUsagePeriod(period("2026-12-05T08:00:00Z", "2026-12-07T20:00:00Z"))
                .setDeliveryPeriod(period("2026-12-04T12:00:00Z", "2026-12-08T12:00:00Z"))
                .setLocation("Hall 4")
                .setContactName("Jane Doe")
                .setContactEmail("jane@a.example")
                .setContactPhone("+49 30 1234")
                .setRequestingCompany("Acme Events")
                .setNote("loading dock B")
                .addLines(
                    RequestLine.newBuilder()
                        .setSupplierProductId(MIC)
                        .setLocalProductId(MY_MIC)
                        .setQuantity(4)
                        .setSuggestedUnitPrice(money(1250, "EUR")))
                .addLines(
                    RequestLine.newBuilder()
                        .setSupplierProductId(CABLE)
                        .setLocalProductId(MY_CABLE)
                        .setQuantity(10))
                .build());
    assertThat(fake.calls.get(0).authorization()).isEqualTo("Bearer " + Cli.TOKEN);
    assertThat(r.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "Requested sub-hire "
                + ID
                + " from b.example (state REQUESTED). When it is quoted, accept with:"
                + " eventkit subhire accept "
                + ID);
    assertThat(r.out()).contains("sub-hire         " + ID).contains("Lines:");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void requestWithoutOptionalsSendsOnlyWhatWasGivenAndPrintsJson() throws Exception {
    SubHire response = subHire(NegotiationState.REQUESTED);
    fake.expect("RequestSubHire", response);

    Cli.Result r =
        cli.run(
            "-o",
            "json",
            "subhire",
            "request",
            "--supplier",
            "b.example",
            "--event-name",
            "Gig",
            "--from",
            "2026-12-05T08:00:00Z",
            "--to",
            "2026-12-06T08:00:00Z",
            "--contact-name",
            "Jo",
            "--line",
            MIC + "=" + MY_MIC + ":1@3000JPY");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    RequestSubHireRequest req = fake.only("RequestSubHire");
    assertThat(req.hasDeliveryPeriod()).isFalse();
    assertThat(req.getEventReference()).isEmpty();
    assertThat(req.getRequestingCompany()).isEmpty();
    assertThat(req.getLines(0).getSuggestedUnitPrice()).isEqualTo(money(3000, "JPY"));
    assertThat(parseJson(r.out(), SubHire.getDefaultInstance())).isEqualTo(response);
  }

  static List<String> requestArgs(String... overrides) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "subhire",
                "request",
                "--supplier",
                "b.example",
                "--event-name",
                "Gig",
                "--contact-name",
                "Jo"));
    args.addAll(List.of(overrides));
    return args;
  }

  static Stream<Arguments> badRequests() {
    String from = "2026-12-05T08:00:00Z";
    String to = "2026-12-06T08:00:00Z";
    return Stream.of(
        Arguments.of(
            List.of("--from", from, "--to", to, "--line", LINE.replace('=', ':')),
            "bad --line '"
                + LINE.replace('=', ':')
                + "': expected SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE]"),
        Arguments.of(
            List.of("--from", from, "--to", to, "--line", MIC + "=" + MY_MIC + ":0"),
            "the quantity must be at least 1"),
        Arguments.of(
            List.of("--from", from, "--to", to, "--line", LINE + "@1.5JPY"),
            "more decimals than JPY allows (0)"),
        Arguments.of(
            List.of("--from", from, "--to", to, "--line", LINE + "@1.50XYZ"),
            "'XYZ' is not an ISO 4217 currency code"),
        Arguments.of(List.of("--from", from, "--to", to), "Missing required option: '--line=LINE'"),
        Arguments.of(
            List.of("--from", "2026-12-05", "--to", to, "--line", LINE),
            "'2026-12-05' is not an ISO-8601 instant"),
        Arguments.of(
            List.of("--from", to, "--to", from, "--line", LINE),
            "--from 2026-12-06T08:00:00Z must be before --to 2026-12-05T08:00:00Z"),
        Arguments.of(
            List.of("--from", from, "--to", from, "--line", LINE),
            "--from 2026-12-05T08:00:00Z must be before --to 2026-12-05T08:00:00Z"),
        Arguments.of(
            List.of("--from", from, "--to", to, "--delivery-from", from, "--line", LINE),
            "--delivery-from and --delivery-to go together"),
        Arguments.of(
            List.of(
                "--from",
                from,
                "--to",
                to,
                "--delivery-from",
                "2026-12-05T09:00:00Z",
                "--delivery-to",
                to,
                "--line",
                LINE),
            "must contain the usage period"),
        Arguments.of(
            List.of(
                "--from",
                from,
                "--to",
                to,
                "--delivery-from",
                to,
                "--delivery-to",
                from,
                "--line",
                LINE),
            "must be before --delivery-to"),
        Arguments.of(
            List.of(
                "--from", from, "--to", to, "--line", LINE, "--line", MIC + "=" + MY_CABLE + ":2"),
            "supplier product " + MIC + " is on more than one --line"),
        Arguments.of(
            List.of("--from", from, "--to", to, "--line", LINE, "--supplier", "B.example"),
            "did you mean 'b.example'?"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void requestRefusesBadInputLocallyWithExit2(List<String> args, String message) {
    Cli.Result r = cli.run(requestArgs(args.toArray(String[]::new)).toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(message).contains("eventkit subhire request --help");
    assertThat(r.out()).isEmpty();
    assertThat(fake.calls).isEmpty();
  }

  // ---- list -----------------------------------------------------------------------------------

  @Test
  void listMapsFiltersAndPrintsATableWithTheNextPageToken() {
    SubHire supplied =
        subHire(NegotiationState.REQUESTED).toBuilder()
            .setNegotiationId("11111111-2222-3333-4444-555555555555")
            .setRole(SubHireRole.SUPPLIER)
            .setPartnerNodeId("c.example")
            .clearQuoteTotal()
            .build();
    fake.expect(
        "ListSubHires",
        ListSubHiresResponse.newBuilder()
            .addSubHires(subHire(NegotiationState.QUOTED))
            .addSubHires(supplied)
            .setPage(PageResponse.newBuilder().setNextPageToken("page-2"))
            .build());

    Cli.Result r =
        cli.run(
            "subhire",
            "list",
            "--role",
            "Borrower",
            "--partner",
            "b.example",
            "--state",
            "quoted",
            "--state",
            "accepted,cancel-requested",
            "--page-size",
            "2",
            "--page-token",
            "page-1");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    ListSubHiresRequest req = fake.only("ListSubHires");
    assertThat(req.getRole()).isEqualTo(SubHireRole.BORROWER);
    assertThat(req.getPartnerNodeId()).isEqualTo("b.example");
    assertThat(req.getStatesList())
        .containsExactly(
            NegotiationState.QUOTED, NegotiationState.ACCEPTED, NegotiationState.CANCEL_REQUESTED);
    assertThat(req.getPage().getPageSize()).isEqualTo(2);
    assertThat(req.getPage().getPageToken()).isEqualTo("page-1");

    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("ID")
        .contains("ROLE", "PARTNER", "STATE", "EVENT", "FROM", "TO", "ITEMS", "QUOTE", "UPDATED");
    // A supplier knows the borrower's company: the partner column names it.
    assertThat(lines.get(1))
        .isEqualTo(
            ID
                + "  borrower  b.example                "
                + "QUOTED     Summer Gala  2026-12-05T08:00:00Z"
                + "  2026-12-07T20:00:00Z  14     69.00 EUR  2026-11-24T11:00:00Z");
    assertThat(lines.get(2))
        .contains("supplier  c.example (Acme Events)  REQUESTED")
        .contains("  14     -          2026-11-24T11:00:00Z");
    assertThat(lines.get(3)).isEqualTo("(more: add --page-token page-2)");
  }

  @Test
  void listWithoutOptionsSendsAnEmptyRequestAndPrintsJsonAsReceived() throws Exception {
    ListSubHiresResponse response =
        ListSubHiresResponse.newBuilder().addSubHires(subHire(NegotiationState.CONFIRMED)).build();
    fake.expect("ListSubHires", response)
        .expect("ListSubHires", ListSubHiresResponse.getDefaultInstance())
        .expect("ListSubHires", ListSubHiresResponse.getDefaultInstance());

    Cli.Result json = cli.run("subhire", "list", "--output", "json");
    Cli.Result empty = cli.run("subhire", "list");
    Cli.Result none = cli.run("subhire", "list", "--state", "closed");

    assertThat(fake.<ListSubHiresRequest>requests("ListSubHires").get(0))
        .isEqualTo(ListSubHiresRequest.getDefaultInstance());
    assertThat(parseJson(json.out(), ListSubHiresResponse.getDefaultInstance()))
        .isEqualTo(response);
    assertThat(empty.out()).startsWith("No sub-hires yet.");
    assertThat(none.out()).isEqualTo("No sub-hires match.\n");
  }

  @Test
  void listRefusesBadFiltersLocally() {
    Cli.Result role = cli.run("subhire", "list", "--role", "lender");
    assertThat(role.exitCode()).isEqualTo(2);
    assertThat(role.err()).contains("'lender' is not a role: use borrower or supplier");

    Cli.Result state = cli.run("subhire", "list", "--state", "quoted,open");
    assertThat(state.exitCode()).isEqualTo(2);
    assertThat(state.err()).contains("'open' is not a sub-hire state").contains("CANCEL_REFUSED");

    Cli.Result size = cli.run("subhire", "list", "--page-size", "501");
    assertThat(size.exitCode()).isEqualTo(2);
    assertThat(size.err()).contains("--page-size must be between 1 and 500 (got 501)");

    Cli.Result partner = cli.run("subhire", "list", "--partner", "b_example");
    assertThat(partner.exitCode()).isEqualTo(2);
    assertThat(fake.calls).isEmpty();
  }

  // ---- show -----------------------------------------------------------------------------------

  @Test
  void showPrintsDetailsLinesQuoteManifestDeliveryAndHistory() {
    SubHire s =
        subHire(NegotiationState.DISPATCHED).toBuilder()
            .setPeerState(NegotiationState.CONFIRMED)
            .setVersion(5)
            .setNote("loading dock B")
            .setSupplierEventId("evt-42")
            .addManifest(
                ManifestItem.newBuilder()
                    .setBarcode("MIC-0001")
                    .setAssetRef("b.example/asset-1")
                    .setSupplierProductId(MIC)
                    .setProductName("Shure SM58"))
            .setDelivery(
                Delivery.newBuilder()
                    .setPendingMessages(1)
                    .setAttempts(3)
                    .setNextAttemptAt(ts("2026-11-24T12:00:30Z"))
                    .setLastError("UNAVAILABLE: b.example did not answer")
                    .setFailedMessage("RETURN refused: not on hire"))
            .build();
    fake.expect("GetSubHire", s);

    Cli.Result r = cli.run("subhire", "show", ID.toUpperCase(java.util.Locale.ROOT));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fake.<GetSubHireRequest>only("GetSubHire").getNegotiationId()).isEqualTo(ID);
    assertThat(r.out())
        .contains("sub-hire         " + ID + "\n")
        .contains("role             borrower  (we hire from b.example)\n")
        .contains("state            DISPATCHED  (partner's view: CONFIRMED, version 5)\n")
        .contains("event            Summer Gala  (ref SG-2026)\n")
        .contains("company          Acme Events\n")
        .contains("contact          Jane Doe, jane@a.example\n")
        .contains("usage            2026-12-05T08:00:00Z to 2026-12-07T20:00:00Z\n")
        .contains("delivery window  2026-12-04T12:00:00Z to 2026-12-08T12:00:00Z\n")
        .contains("location         Hall 4\n")
        .contains("note             loading dock B\n")
        .contains("quote            69.00 EUR, valid until 2026-11-26T12:00:00Z (in 2d)\n")
        .contains("supplier event   evt-42\n")
        .contains("updated          2026-11-24T11:00:00Z (1h ago)\n");
    assertThat(r.out())
        .contains(
            "SUPPLIER PRODUCT                      LOCAL PRODUCT                         NAME"
                + "           QTY  SUGGESTED  QUOTED     SUBTOTAL\n"
                + MIC
                + "  "
                + MY_MIC
                + "  Shure SM58     4    12.50 EUR  11.00 EUR  44.00 EUR\n"
                + CABLE
                + "  "
                + MY_CABLE
                + "  XLR cable 10m  10   -          2.50 EUR   25.00 EUR\n");
    assertThat(r.out())
        .contains("Manifest (1 asset):\nBARCODE   PRODUCT")
        .contains("MIC-0001  " + MIC + "  Shure SM58  b.example/asset-1\n");
    assertThat(r.out())
        .contains(
            "Delivery:\n"
                + "  pending messages  1\n"
                + "  attempts          3\n"
                + "  next attempt      2026-11-24T12:00:30Z (in 30s)\n"
                + "  last error        UNAVAILABLE: b.example did not answer\n"
                + "  failed message    RETURN refused: not on hire\n"
                + "  A message was refused for good; 'eventkit subhire resync "
                + ID
                + "' fetches the partner's view.\n");
    assertThat(r.out())
        .contains(
            "History:\n"
                + "TIME                  WHO                FROM       TO         DETAIL\n"
                + "2026-11-24T10:00:00Z  admin              -          REQUESTED  requested\n"
                + "2026-11-24T11:00:00Z  partner:b.example  REQUESTED  QUOTED     quote 69.00 EUR\n");
  }

  @Test
  void showNamesTheLocalProductsTheSupplierEventAndThePartnersCompany() {
    SubHire.Builder b =
        subHire(NegotiationState.CONFIRMED).toBuilder()
            .setRole(SubHireRole.SUPPLIER)
            .setPartnerNodeId("a.example")
            .setSupplierEventId("evt-42")
            .setSupplierEventName("Sub-hire: Summer Gala (Acme Events)");
    b.getLinesBuilder(0).setLocalProductName("Mic SM58");
    fake.expect("GetSubHire", b.build());

    Cli.Result r = cli.run("subhire", "show", ID);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("role             supplier  (a.example hires from us)\n")
        .contains("partner          a.example (Acme Events)\n")
        .contains("supplier event   Sub-hire: Summer Gala (Acme Events) (evt-42)\n")
        .contains(MIC + "  Mic SM58 (" + MY_MIC + ")  Shure SM58")
        // No name known: the bare ID.
        .containsPattern(
            java.util.regex.Pattern.quote(CABLE + "  " + MY_CABLE) + " {2,}XLR cable 10m");

    // The borrower knows the supplier's display name from its snapshots.
    fake.expect(
        "GetSubHire",
        subHire(NegotiationState.QUOTED).toBuilder().setPartnerName("B Rentals").build());
    assertThat(cli.run("subhire", "show", ID).out())
        .contains("role             borrower  (we hire from b.example)\n")
        .contains("partner          b.example (B Rentals)\n");
  }

  @Test
  void showOfAFreshRequestSaysWhatIsNotThereYetAndJsonIsTheMessage() throws Exception {
    SubHire.Builder b =
        subHire(NegotiationState.REQUESTED).toBuilder()
            .clearQuoteTotal()
            .clearQuoteValidUntil()
            .clearHistory();
    b.getLinesBuilderList().forEach(SubHireLine.Builder::clearQuotedUnitPrice);
    SubHire fresh = b.build();
    fake.expect("GetSubHire", fresh).expect("GetSubHire", fresh);

    Cli.Result text = cli.run("subhire", "show", ID);
    Cli.Result json = cli.run("subhire", "show", ID, "-o", "json");

    assertThat(text.out())
        .contains("quote            not quoted yet\n")
        .as("no subtotal before a quote, even with a suggested price")
        .contains("Shure SM58     4    12.50 EUR  -       -\n")
        .contains("Delivery: up to date (every message to b.example acknowledged)\n")
        .contains("History: none\n")
        .doesNotContain("Manifest");
    assertThat(parseJson(json.out(), SubHire.getDefaultInstance())).isEqualTo(fresh);
  }

  @Test
  void aBadIdIsAUsageErrorForEveryCommandThatTakesOne() {
    for (String command :
        List.of(
            "show",
            "quote",
            "accept",
            "confirm",
            "decline",
            "cancel",
            "dispatch",
            "return",
            "checkin",
            "resync")) {
      Cli.Result r = cli.run("subhire", command, "SH-42");
      assertThat(r.exitCode()).as(command).isEqualTo(2);
      assertThat(r.err()).as(command).contains("'SH-42' is not a sub-hire ID: expected a UUID");
    }
    assertThat(fake.calls).isEmpty();
  }

  // ---- quote ----------------------------------------------------------------------------------

  @Test
  void quoteMapsPricesAndValidForFromNow() {
    fake.expect("QuoteSubHire", subHire(NegotiationState.QUOTED));

    Cli.Result r =
        cli.run(
            "subhire",
            "quote",
            ID,
            "--price",
            MIC + "=11.00EUR",
            "--price",
            CABLE + "=2.5EUR",
            "--valid-for",
            "72h");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    QuoteSubHireRequest req = fake.only("QuoteSubHire");
    assertThat(req.getNegotiationId()).isEqualTo(ID);
    assertThat(req.getUnitPricesMap())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(MIC, money(1100, "EUR"), CABLE, money(250, "EUR")));
    assertThat(req.getValidUntil()).isEqualTo(ts("2026-11-27T12:00:00Z"));
    assertThat(r.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "Quoted "
                + ID
                + ": 69.00 EUR, valid until 2026-11-26T12:00:00Z (in 2d) (state QUOTED).");
  }

  @Test
  void quoteWithValidUntilOrNothingAndInJpy() throws Exception {
    SubHire quoted = subHire(NegotiationState.QUOTED);
    fake.expect("QuoteSubHire", quoted).expect("QuoteSubHire", quoted);

    cli.run(
        "subhire",
        "quote",
        ID,
        "--valid-until",
        "2026-11-25T18:00:00Z",
        "--price",
        CABLE + "=3000JPY");
    Cli.Result json = cli.run("subhire", "quote", ID, "-o", "json");

    List<QuoteSubHireRequest> reqs = fake.requests("QuoteSubHire");
    assertThat(reqs.get(0).getValidUntil()).isEqualTo(ts("2026-11-25T18:00:00Z"));
    assertThat(reqs.get(0).getUnitPricesMap()).containsEntry(CABLE, money(3000, "JPY"));
    assertThat(reqs.get(1))
        .isEqualTo(QuoteSubHireRequest.newBuilder().setNegotiationId(ID).build());
    assertThat(parseJson(json.out(), SubHire.getDefaultInstance())).isEqualTo(quoted);
  }

  @Test
  void quoteRefusesBadInputLocally() {
    Cli.Result both =
        cli.run(
            "subhire", "quote", ID, "--valid-for", "48h", "--valid-until", "2026-11-26T12:00:00Z");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("give --valid-until or --valid-for, not both");

    Cli.Result past = cli.run("subhire", "quote", ID, "--valid-until", "2026-11-24T11:00:00Z");
    assertThat(past.exitCode()).isEqualTo(2);
    assertThat(past.err()).contains("--valid-until 2026-11-24T11:00:00Z is not in the future");

    Cli.Result duration = cli.run("subhire", "quote", ID, "--valid-for", "two days");
    assertThat(duration.exitCode()).isEqualTo(2);
    assertThat(duration.err()).contains("'two days' is not a duration");

    Cli.Result twice =
        cli.run("subhire", "quote", ID, "--price", MIC + "=1EUR", "--price", MIC + "=2EUR");
    assertThat(twice.exitCode()).isEqualTo(2);
    assertThat(twice.err()).contains("--price for " + MIC + " is given more than once");

    Cli.Result cents = cli.run("subhire", "quote", ID, "--price", MIC + "=1.999EUR");
    assertThat(cents.exitCode()).isEqualTo(2);
    assertThat(cents.err()).contains("more decimals than EUR allows (2)");

    Cli.Result mixed =
        cli.run("subhire", "quote", ID, "--price", MIC + "=1EUR", "--price", CABLE + "=100JPY");
    assertThat(mixed.exitCode()).isEqualTo(2);
    assertThat(mixed.err()).contains("a quote uses one currency; --price has EUR and JPY");

    Cli.Result noProduct = cli.run("subhire", "quote", ID, "--price", "12.50EUR");
    assertThat(noProduct.exitCode()).isEqualTo(2);
    assertThat(noProduct.err()).contains("expected SUPPLIER_PRODUCT=PRICE");
    assertThat(fake.calls).isEmpty();
  }

  // ---- transitions ----------------------------------------------------------------------------

  static Stream<Arguments> actions() {
    return Stream.of(
        Arguments.of("accept", "AcceptSubHire", List.of(), "", "Accepted the quote for"),
        Arguments.of("confirm", "ConfirmSubHire", List.of(), "", "Confirmed"),
        Arguments.of("checkin", "CheckInSubHire", List.of(), "", "Checked in"),
        Arguments.of("resync", "ResyncSubHire", List.of(), "", "Resynced"),
        Arguments.of(
            "decline",
            "DeclineSubHire",
            List.of("--reason", "fully booked"),
            "fully booked",
            "Declined"),
        Arguments.of(
            "cancel",
            "CancelSubHire",
            List.of("--reason", "postponed"),
            "postponed",
            "Asked to cancel"),
        Arguments.of(
            "return", "ReturnSubHire", List.of("--note", "2 pallets"), "2 pallets", "Returned"),
        Arguments.of("decline", "DeclineSubHire", List.of(), "", "Declined"),
        Arguments.of("cancel", "CancelSubHire", List.of(), "", "Asked to cancel"),
        Arguments.of("return", "ReturnSubHire", List.of(), "", "Returned"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("actions")
  void everyTransitionMapsIdAndReasonAndPrintsTheResult(
      String command, String method, List<String> extra, String reason, String done)
      throws Exception {
    SubHire s = subHire(NegotiationState.ACCEPTED);
    fake.expect(method, s).expect(method, s);
    List<String> args = new ArrayList<>(List.of("subhire", command, ID));
    args.addAll(extra);

    Cli.Result text = cli.run(args.toArray(String[]::new));
    args.add("--output=json");
    Cli.Result json = cli.run(args.toArray(String[]::new));

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(fake.<SubHireActionRequest>requests(method))
        .containsOnly(
            SubHireActionRequest.newBuilder().setNegotiationId(ID).setReason(reason).build());
    assertThat(text.out().lines().findFirst().orElseThrow())
        .isEqualTo(done + " " + ID + " (state ACCEPTED).");
    assertThat(text.out()).contains("state            ACCEPTED");
    assertThat(json.exitCode()).isZero();
    assertThat(parseJson(json.out(), SubHire.getDefaultInstance())).isEqualTo(s);
  }

  @Test
  void aTransitionSaysSoWhenDeliveryToThePartnerIsInTrouble() {
    SubHire accepted = subHire(NegotiationState.ACCEPTED);
    fake.expect(
            "AcceptSubHire",
            accepted.toBuilder()
                .setDelivery(Delivery.newBuilder().setPendingMessages(1).setAttempts(0))
                .build())
        .expect(
            "AcceptSubHire",
            accepted.toBuilder()
                .setDelivery(
                    Delivery.newBuilder()
                        .setPendingMessages(1)
                        .setAttempts(4)
                        .setLastError("UNAVAILABLE: connection refused"))
                .build())
        .expect(
            "AcceptSubHire",
            accepted.toBuilder()
                .setDelivery(Delivery.newBuilder().setFailedMessage("ACCEPT: quote changed"))
                .build());

    Cli.Result onItsWay = cli.run("subhire", "accept", ID);
    Cli.Result retrying = cli.run("subhire", "accept", ID);
    Cli.Result refused = cli.run("subhire", "accept", ID);

    assertThat(onItsWay.out().lines().findFirst().orElseThrow())
        .isEqualTo("Accepted the quote for " + ID + " (state ACCEPTED).");
    assertThat(onItsWay.out()).contains("Delivery:\n  pending messages  1\n");
    assertThat(retrying.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "Accepted the quote for "
                + ID
                + " (state ACCEPTED). Not yet delivered to b.example (UNAVAILABLE: connection"
                + " refused); the node keeps trying (see Delivery below).");
    assertThat(refused.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "Accepted the quote for "
                + ID
                + " (state ACCEPTED). A message to b.example was refused for good (see Delivery"
                + " below).");
    assertThat(refused.out()).contains("  failed message    ACCEPT: quote changed\n");
  }

  // ---- dispatch -------------------------------------------------------------------------------

  @Test
  void dispatchSendsTheBarcodesInOrder() {
    SubHire dispatched =
        subHire(NegotiationState.DISPATCHED).toBuilder()
            .addManifest(ManifestItem.newBuilder().setBarcode("MIC-0001"))
            .addManifest(ManifestItem.newBuilder().setBarcode("MIC-0002"))
            .build();
    fake.expect("DispatchSubHire", dispatched).expect("DispatchSubHire", dispatched);

    Cli.Result r =
        cli.run("subhire", "dispatch", ID, "--barcode", "MIC-0002", "--barcode", "MIC-0001");
    cli.run("subhire", "dispatch", ID);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<DispatchSubHireRequest> reqs = fake.requests("DispatchSubHire");
    assertThat(reqs.get(0).getNegotiationId()).isEqualTo(ID);
    assertThat(reqs.get(0).getBarcodesList()).containsExactly("MIC-0002", "MIC-0001");
    assertThat(reqs.get(1).getBarcodesList()).isEmpty();
    assertThat(r.out().lines().findFirst().orElseThrow())
        .isEqualTo("Dispatched 2 assets for " + ID + " (state DISPATCHED).");
    assertThat(r.out()).contains("Manifest (2 assets):");
  }

  @Test
  void dispatchRefusesBadOrRepeatedBarcodes() {
    Cli.Result bad = cli.run("subhire", "dispatch", ID, "--barcode", "MIC 0001");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("'MIC 0001' is not a barcode");

    Cli.Result twice =
        cli.run("subhire", "dispatch", ID, "--barcode", "MIC-1", "--barcode", "MIC-1");
    assertThat(twice.exitCode()).isEqualTo(2);
    assertThat(twice.err()).contains("--barcode MIC-1 is given more than once");
    assertThat(fake.calls).isEmpty();
  }

  // ---- server errors --------------------------------------------------------------------------

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(Status.NOT_FOUND.withDescription("no sub-hire " + ID), 1, "NOT_FOUND"),
        Arguments.of(
            Status.FAILED_PRECONDITION.withDescription("the quote expired at 2026-11-24T11:00Z"),
            1,
            "FAILED_PRECONDITION"),
        Arguments.of(
            Status.UNAVAILABLE.withDescription("b.example did not answer"), 1, "UNAVAILABLE"),
        Arguments.of(
            Status.INVALID_ARGUMENT.withDescription("unknown product 7c1e0b2a"),
            2,
            "INVALID_ARGUMENT"),
        Arguments.of(
            Status.PERMISSION_DENIED.withDescription("b.example has level availability"),
            4,
            "PERMISSION_DENIED"),
        Arguments.of(
            Status.UNAUTHENTICATED.withDescription("missing bearer token"), 4, "UNAUTHENTICATED"));
  }

  @ParameterizedTest(name = "{2} -> exit {1}")
  @MethodSource("refusals")
  void nodeRefusalsMapToTheUsualExitCodes(Status status, int exit, String code) {
    fake.expect("AcceptSubHire", status).expect("AcceptSubHire", status);

    Cli.Result text = cli.run("subhire", "accept", ID);
    Cli.Result json = cli.run("subhire", "accept", ID, "-o", "json");

    assertThat(text.exitCode()).as(text.toString()).isEqualTo(exit);
    assertThat(text.out()).isEmpty();
    assertThat(text.err()).startsWith("error: " + status.getDescription());
    assertThat(json.exitCode()).isEqualTo(exit);
    JsonObject error = JsonParser.parseString(json.out()).getAsJsonObject();
    assertThat(error.get("error").getAsString()).isEqualTo(code);
    assertThat(error.get("message").getAsString()).startsWith(status.getDescription());
  }

  @Test
  void everyCommandReportsRefusalsTheSameWay() {
    String[][] commands = {
      {"ListSubHires", "subhire", "list"},
      {"GetSubHire", "subhire", "show", ID},
      {"QuoteSubHire", "subhire", "quote", ID},
      {"ConfirmSubHire", "subhire", "confirm", ID},
      {"DeclineSubHire", "subhire", "decline", ID},
      {"CancelSubHire", "subhire", "cancel", ID},
      {"DispatchSubHire", "subhire", "dispatch", ID, "--barcode", "MIC-1"},
      {"ReturnSubHire", "subhire", "return", ID},
      {"CheckInSubHire", "subhire", "checkin", ID},
      {"ResyncSubHire", "subhire", "resync", ID},
      {
        "RequestSubHire",
        "subhire",
        "request",
        "--supplier",
        "b.example",
        "--event-name",
        "Gig",
        "--contact-name",
        "Jo",
        "--from",
        "2026-12-05T08:00:00Z",
        "--to",
        "2026-12-06T08:00:00Z",
        "--line",
        LINE
      }
    };
    for (String[] c : commands) {
      fake.expect(c[0], Status.FAILED_PRECONDITION.withDescription(c[0] + " refused"));
      Cli.Result r = cli.run(java.util.Arrays.copyOfRange(c, 1, c.length));
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("error: " + c[0] + " refused\n");
    }
    assertThat(fake.calls).hasSize(commands.length);
  }

  @Test
  void anUnreachableNodeIsExit3() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli.Result r = new Cli("grpc://127.0.0.1:" + port).run("subhire", "show", ID);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("cannot reach the node").contains("connection refused");
  }

  @Test
  void emptyRequiredTextIsRefusedLocally() {
    Cli.Result r =
        cli.run(
            "subhire",
            "request",
            "--supplier",
            "b.example",
            "--event-name",
            " ",
            "--contact-name",
            "Jo",
            "--from",
            "2026-12-05T08:00:00Z",
            "--to",
            "2026-12-06T08:00:00Z",
            "--line",
            LINE);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--event-name must not be empty");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void worksOverConnectToo() throws Exception {
    List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<GetSubHireRequest> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          paths.add(ex.getRequestURI().getPath());
          received.add(GetSubHireRequest.parseFrom(ex.getRequestBody().readAllBytes()));
          byte[] body = subHire(NegotiationState.QUOTED).toByteArray();
          ex.getResponseHeaders().set("Content-Type", "application/proto");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    try {
      Cli.Result r =
          new Cli("http://127.0.0.1:" + server.getAddress().getPort()).run("subhire", "show", ID);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(paths).containsExactly("/eventkit.v1.SubHireService/GetSubHire");
      assertThat(received.get(0).getNegotiationId()).isEqualTo(ID);
      assertThat(r.out()).contains("state            QUOTED");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void changeSendsQuantitiesPeriodAndNote() throws Exception {
    fake.expect("ChangeSubHire", subHire(NegotiationState.QUOTED));
    Cli.Result r =
        cli.run(
            "subhire",
            "change",
            ID,
            "--qty",
            MIC + "=6",
            "--from",
            "2026-12-05T08:00:00Z",
            "--to",
            "2026-12-08T20:00:00Z",
            "--note",
            "bigger show");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    io.eventkit.proto.v1.ChangeSubHireRequest req = fake.only("ChangeSubHire");
    assertThat(req.getNegotiationId()).isEqualTo(ID);
    assertThat(req.getQuantitiesMap()).containsEntry(MIC, 6);
    assertThat(req.getUsagePeriod().getEnd().getSeconds())
        .isEqualTo(java.time.Instant.parse("2026-12-08T20:00:00Z").getEpochSecond());
    assertThat(req.getReplaceNote()).isTrue();
    assertThat(req.getNote()).isEqualTo("bigger show");
    assertThat(r.out()).startsWith("Asked b.example to change " + ID);
  }

  @Test
  void changeWithNothingOrBadArgumentsIsAUsageError() {
    assertThat(cli.run("subhire", "change", ID).exitCode()).isEqualTo(2);
    assertThat(cli.run("subhire", "change", ID, "--qty", "not-a-uuid=2").exitCode()).isEqualTo(2);
    assertThat(cli.run("subhire", "change", ID, "--qty", MIC + "=0").exitCode()).isEqualTo(2);
    assertThat(cli.run("subhire", "change", ID, "--from", "2026-12-05T08:00:00Z").exitCode())
        .isEqualTo(2);
    assertThat(fake.unexpected).isEmpty();
  }

  @Test
  void acceptCanGuardTheQuoteVersionAndRequestCanCarryAnId() throws Exception {
    fake.expect("AcceptSubHire", subHire(NegotiationState.ACCEPTED));
    assertThat(cli.run("subhire", "accept", ID, "--expect-version", "7").exitCode()).isZero();
    assertThat(((SubHireActionRequest) fake.only("AcceptSubHire")).getExpectedVersion())
        .isEqualTo(7);
  }
}
