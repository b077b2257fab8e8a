package io.eventkit.cli;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.eventkit.proto.v1.CreateSavedReportRequest;
import io.eventkit.proto.v1.Dashboard;
import io.eventkit.proto.v1.DeleteSavedReportRequest;
import io.eventkit.proto.v1.GetAssetsOutOfServiceResponse;
import io.eventkit.proto.v1.GetCrewHoursResponse;
import io.eventkit.proto.v1.GetDashboardRequest;
import io.eventkit.proto.v1.GetOverdueReturnsResponse;
import io.eventkit.proto.v1.GetRevenueResponse;
import io.eventkit.proto.v1.GetSavedReportRequest;
import io.eventkit.proto.v1.GetSubhireSummaryResponse;
import io.eventkit.proto.v1.GetUpcomingShortagesResponse;
import io.eventkit.proto.v1.GetUtilisationResponse;
import io.eventkit.proto.v1.ListSavedReportsRequest;
import io.eventkit.proto.v1.ListSavedReportsResponse;
import io.eventkit.proto.v1.OperationsSummary;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.ReportDisplay;
import io.eventkit.proto.v1.ReportServiceGrpc;
import io.eventkit.proto.v1.ReportSpec;
import io.eventkit.proto.v1.SavedReport;
import io.eventkit.proto.v1.UpdateSavedReportRequest;
import io.grpc.MethodDescriptor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eventkit report}: the ReportService reports (reports.proto) as tables, CSV or JSON, the
 * caller's dashboard, and saved reports. Every report command builds the report's request from its
 * options (checked before calling the node, {@link ReportArgs}) and runs it the same way {@code
 * saved run} runs a saved report's spec.
 */
@Command(
    name = "report",
    description =
        "Reports: utilisation, revenue, sub-hire, shortages, overdue returns, gear out of service,"
            + " crew hours, today's figures, the dashboard and saved reports. -o csv prints the"
            + " rows as CSV.",
    subcommands = {
      ReportCommands.Utilisation.class,
      ReportCommands.Revenue.class,
      ReportCommands.Subhire.class,
      ReportCommands.Shortages.class,
      ReportCommands.Overdue.class,
      ReportCommands.OutOfService.class,
      ReportCommands.CrewHours.class,
      ReportCommands.Today.class,
      ReportCommands.DashboardCommand.class,
      ReportCommands.Saved.class
    })
final class ReportCommands {
  private ReportCommands() {}

  @Mixin HelpOption help;

  /**
   * A report command: prints tables, CSV or JSON, and names the status code of the node's errors on
   * stderr ({@code error: NOT_FOUND: …}; the JSON error has it as {@code error}).
   */
  abstract static class ReportCommand extends ApiCommand {
    @Override
    boolean printsCsv() {
      return true;
    }

    boolean csv() {
      return root().output.csv();
    }

    abstract int report(NodeClient client);

    @Override
    final int run(NodeClient client) {
      try {
        return report(client);
      } catch (CliException e) {
        throw e.withCodeInText();
      }
    }

    /** The "next page" hint: after the table, or on stderr so CSV stays clean. */
    void next(String token) {
      if (token.isEmpty() || json()) {
        return;
      }
      PrintWriter w = csv() ? spec.commandLine().getErr() : out();
      w.println("next page: --page-token " + token);
    }
  }

  // ---- running a spec -------------------------------------------------------------------------

  /** The response of a report and the request it answered. */
  record Result(ReportSpec spec, Message response) {}

  /**
   * Runs a report's request with {@code first} as its paging (the spec's own paging is ignored);
   * with {@code all}, follows the page tokens and returns every row in one response (its page token
   * empty).
   */
  static Result execute(NodeClient client, ReportSpec spec, PageRequest first, boolean all) {
    return switch (spec.getReportCase()) {
      case UTILISATION ->
          new Result(
              spec,
              pages(
                  client,
                  ReportServiceGrpc.getGetUtilisationMethod(),
                  spec.getUtilisation(),
                  first,
                  all));
      case REVENUE ->
          new Result(
              spec,
              pages(
                  client, ReportServiceGrpc.getGetRevenueMethod(), spec.getRevenue(), first, all));
      case SUBHIRE ->
          new Result(
              spec,
              pages(
                  client,
                  ReportServiceGrpc.getGetSubhireSummaryMethod(),
                  spec.getSubhire(),
                  first,
                  all));
      case SHORTAGES ->
          new Result(
              spec,
              pages(
                  client,
                  ReportServiceGrpc.getGetUpcomingShortagesMethod(),
                  spec.getShortages(),
                  first,
                  all));
      case OVERDUE ->
          new Result(
              spec,
              pages(
                  client,
                  ReportServiceGrpc.getGetOverdueReturnsMethod(),
                  spec.getOverdue(),
                  first,
                  all));
      case OUT_OF_SERVICE ->
          new Result(
              spec,
              pages(
                  client,
                  ReportServiceGrpc.getGetAssetsOutOfServiceMethod(),
                  spec.getOutOfService(),
                  first,
                  all));
      case CREW_HOURS ->
          new Result(
              spec,
              pages(
                  client,
                  ReportServiceGrpc.getGetCrewHoursMethod(),
                  spec.getCrewHours(),
                  first,
                  all));
      case OPERATIONS ->
          new Result(
              spec,
              client.call(ReportServiceGrpc.getGetOperationsSummaryMethod(), spec.getOperations()));
      case REPORT_NOT_SET ->
          throw new CliException(CliException.FAILURE, "the saved report names no report");
    };
  }

  /** Every report request and response has {@code page}; the rows are their repeated field. */
  @SuppressWarnings("unchecked")
  static <Q extends Message, R extends Message> R pages(
      NodeClient client, MethodDescriptor<Q, R> method, Q request, PageRequest first, boolean all) {
    FieldDescriptor pageIn = request.getDescriptorForType().findFieldByName("page");
    Q q = (Q) request.toBuilder().setField(pageIn, first).build();
    R response = client.call(method, q);
    FieldDescriptor pageOut = response.getDescriptorForType().findFieldByName("page");
    if (!all) {
      return response;
    }
    Message.Builder merged = response.toBuilder();
    Set<String> seen = new HashSet<>();
    String token = ((PageResponse) response.getField(pageOut)).getNextPageToken();
    while (!token.isEmpty()) {
      if (!seen.add(token)) {
        throw new CliException(
            CliException.FAILURE, "the node returned the same page token twice: " + token);
      }
      PageRequest next = first.toBuilder().setPageToken(token).build();
      R page = client.call(method, (Q) request.toBuilder().setField(pageIn, next).build());
      // Repeated fields (the rows) are appended; totals are the same on every page.
      merged.mergeFrom(page);
      token = ((PageResponse) page.getField(pageOut)).getNextPageToken();
    }
    merged.clearField(pageOut);
    return (R) merged.build();
  }

  /** Prints a report's response as the global -o asks. */
  static int print(ReportCommand c, Result r) {
    Message m = r.response();
    if (c.json()) {
      c.printJson(m);
      return 0;
    }
    boolean csv = c.csv();
    PrintWriter out = c.out();
    if (m instanceof GetUtilisationResponse x) {
      ReportViews.utilisation(out, r.spec(), x, csv);
      c.next(x.getPage().getNextPageToken());
    } else if (m instanceof GetRevenueResponse x) {
      ReportViews.revenue(out, r.spec(), x, csv);
      c.next(x.getPage().getNextPageToken());
    } else if (m instanceof GetSubhireSummaryResponse x) {
      ReportViews.subhire(out, x, csv);
      c.next(x.getPage().getNextPageToken());
    } else if (m instanceof GetUpcomingShortagesResponse x) {
      ReportViews.shortages(out, x, csv);
      c.next(x.getPage().getNextPageToken());
    } else if (m instanceof GetOverdueReturnsResponse x) {
      ReportViews.overdue(out, x, csv);
      c.next(x.getPage().getNextPageToken());
    } else if (m instanceof GetAssetsOutOfServiceResponse x) {
      ReportViews.outOfService(out, x, csv);
      c.next(x.getPage().getNextPageToken());
    } else if (m instanceof GetCrewHoursResponse x) {
      ReportViews.crewHours(out, r.spec(), x, csv);
      c.next(x.getPage().getNextPageToken());
    } else if (m instanceof OperationsSummary x) {
      ReportViews.today(out, x, csv);
    }
    return 0;
  }

  /**
   * A report with its own options: {@link #filters} builds the request in {@link #validate}, before
   * the node is called.
   */
  abstract static class Run extends ReportCommand {
    @Mixin ReportArgs.Paging paging;

    private ReportSpec spec;
    private PageRequest first;

    abstract ReportArgs.Kind kind();

    abstract ReportArgs.Filters filters();

    @Override
    void validate() {
      spec = filters().spec(this, kind());
      first = paging.first(this);
    }

    @Override
    int report(NodeClient client) {
      return print(this, execute(client, spec, first, paging.all));
    }
  }

  // ---- the reports ----------------------------------------------------------------------------

  @Command(
      name = "utilisation",
      description =
          "Utilisation per product or category: unit-days booked ÷ unit-days owned in the period,"
              + " highest first.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit report utilisation --period last-30-days",
        "  eventkit report utilisation --from 2026-01-01 --to 2026-03-31 --group-by category",
        "  eventkit report utilisation --period this-year --order lowest --all -o csv > util.csv"
      })
  static final class Utilisation extends Run {
    @Mixin ReportArgs.When when;

    @Option(names = "--group-by", paramLabel = "G", description = "product (default) or category.")
    String groupBy;

    @Option(names = "--category", description = "Only this product category (exact).")
    String category;

    @Option(names = "--location", paramLabel = "ID", description = "Only stock at this warehouse.")
    String location;

    @Option(names = "--order", paramLabel = "O", description = "highest (default), lowest or name.")
    String order;

    @Override
    ReportArgs.Kind kind() {
      return ReportArgs.Kind.UTILISATION;
    }

    @Override
    ReportArgs.Filters filters() {
      ReportArgs.Filters f = new ReportArgs.Filters();
      f.when = when;
      f.groupBy = groupBy;
      f.category = category;
      f.location = location;
      f.order = order;
      return f;
    }
  }

  @Command(
      name = "revenue",
      description =
          "Revenue from accepted quotes (net, in the base currency) per month, week, day, client"
              + " or category. Needs REPORTS_FINANCE.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit report revenue --period last-12-months",
        "  eventkit report revenue --from 2026-01-01 --to 2026-12-31 --group-by client",
        "  eventkit report revenue --period this-month --group-by day -o csv"
      })
  static final class Revenue extends Run {
    @Mixin ReportArgs.When when;

    @Option(
        names = "--group-by",
        paramLabel = "G",
        description = "month (default), week, day, client or category.")
    String groupBy;

    @Option(names = "--client", paramLabel = "COMPANY_ID", description = "Only this client.")
    String client;

    @Option(names = "--category", description = "Only lines of this product category.")
    String category;

    @Override
    ReportArgs.Kind kind() {
      return ReportArgs.Kind.REVENUE;
    }

    @Override
    ReportArgs.Filters filters() {
      ReportArgs.Filters f = new ReportArgs.Filters();
      f.when = when;
      f.groupBy = groupBy;
      f.client = client;
      f.category = category;
      return f;
    }
  }

  @Command(
      name = "subhire",
      description =
          "Sub-hire spend (we borrowed) and income (we supplied) per partner and currency."
              + " Needs REPORTS_FINANCE.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit report subhire --period last-90-days",
        "  eventkit report subhire --period this-year --partner acme-av.example"
      })
  static final class Subhire extends Run {
    @Mixin ReportArgs.When when;

    @Option(names = "--partner", paramLabel = "NODE_ID", description = "Only this partner.")
    String partner;

    @Override
    ReportArgs.Kind kind() {
      return ReportArgs.Kind.SUBHIRE;
    }

    @Override
    ReportArgs.Filters filters() {
      ReportArgs.Filters f = new ReportArgs.Filters();
      f.when = when;
      f.partner = partner;
      return f;
    }
  }

  @Command(
      name = "shortages",
      description =
          "Lines short of stock in the period (default: the next 30 days), soonest first.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit report shortages",
        "  eventkit report shortages --period next-7-days --category lighting"
      })
  static final class Shortages extends Run {
    @Mixin ReportArgs.When when;

    @Option(names = "--category", description = "Only this product category.")
    String category;

    @Option(names = "--location", paramLabel = "ID", description = "Only stock at this warehouse.")
    String location;

    @Override
    ReportArgs.Kind kind() {
      return ReportArgs.Kind.SHORTAGES;
    }

    @Override
    ReportArgs.Filters filters() {
      ReportArgs.Filters f = new ReportArgs.Filters();
      f.when = when;
      f.category = category;
      f.location = location;
      return f;
    }
  }

  @Command(
      name = "overdue",
      description = "Gear still out after its event's end, most overdue first.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit report overdue",
        "  eventkit report overdue --all -o csv > overdue.csv"
      })
  static final class Overdue extends Run {
    @Option(names = "--location", paramLabel = "ID", description = "Only gear from this warehouse.")
    String location;

    @Option(names = "--client", paramLabel = "COMPANY_ID", description = "Only this client.")
    String client;

    @Override
    ReportArgs.Kind kind() {
      return ReportArgs.Kind.OVERDUE;
    }

    @Override
    ReportArgs.Filters filters() {
      ReportArgs.Filters f = new ReportArgs.Filters();
      f.location = location;
      f.client = client;
      return f;
    }
  }

  @Command(
      name = "out-of-service",
      description = "Assets in repair, in quarantine or lost, longest first.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit report out-of-service",
        "  eventkit report out-of-service --status lost --status quarantine"
      })
  static final class OutOfService extends Run {
    @Option(
        names = "--status",
        paramLabel = "S",
        description =
            "in-repair, quarantine or lost; repeat or comma-separate. Default: all three.")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--category", description = "Only this product category.")
    String category;

    @Option(names = "--location", paramLabel = "ID", description = "Only assets at this warehouse.")
    String location;

    @Override
    ReportArgs.Kind kind() {
      return ReportArgs.Kind.OUT_OF_SERVICE;
    }

    @Override
    ReportArgs.Filters filters() {
      ReportArgs.Filters f = new ReportArgs.Filters();
      f.statuses = statuses;
      f.category = category;
      f.location = location;
      return f;
    }
  }

  @Command(
      name = "crew-hours",
      description =
          "Crew hours from timesheets (approved and pending) and approved pay, per crew member,"
              + " event or week. Needs REPORTS_FINANCE.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit report crew-hours --period last-month",
        "  eventkit report crew-hours --from 2026-11-01 --to 2026-11-30 --group-by event"
      })
  static final class CrewHours extends Run {
    @Mixin ReportArgs.When when;

    @Option(
        names = "--group-by",
        paramLabel = "G",
        description = "member (default), event or week.")
    String groupBy;

    @Override
    ReportArgs.Kind kind() {
      return ReportArgs.Kind.CREW_HOURS;
    }

    @Override
    ReportArgs.Filters filters() {
      ReportArgs.Filters f = new ReportArgs.Filters();
      f.when = when;
      f.groupBy = groupBy;
      return f;
    }
  }

  @Command(
      name = "today",
      description =
          "Today's figures: events going out and coming back, overdue, in repair, shortages"
              + " ahead, upcoming events.")
  static final class Today extends ReportCommand {
    @Option(names = "--location", paramLabel = "ID", description = "Only this warehouse.")
    String location;

    private ReportSpec spec;

    @Override
    void validate() {
      ReportArgs.Filters f = new ReportArgs.Filters();
      f.location = location;
      spec = f.spec(this, ReportArgs.Kind.TODAY);
    }

    @Override
    int report(NodeClient client) {
      return print(this, execute(client, spec, PageRequest.getDefaultInstance(), false));
    }
  }

  @Command(
      name = "dashboard",
      description =
          "Your dashboard's widgets: the defaults for your roles, then your pinned saved reports."
              + " Run one with 'report saved run ID' (pinned) or the report's own command.")
  static final class DashboardCommand extends ReportCommand {
    @Override
    int report(NodeClient client) {
      Dashboard d =
          client.call(
              ReportServiceGrpc.getGetDashboardMethod(), GetDashboardRequest.getDefaultInstance());
      if (json()) {
        printJson(d);
      } else {
        ReportViews.dashboard(out(), d, csv());
      }
      return 0;
    }
  }

  // ---- saved reports --------------------------------------------------------------------------

  @Command(
      name = "saved",
      description = "Saved reports: a named report with its filters, yours or shared with you.",
      subcommands = {
        Saved.ListSaved.class,
        Saved.Show.class,
        Saved.Create.class,
        Saved.Update.class,
        Saved.Delete.class,
        Saved.RunSaved.class
      })
  static final class Saved {
    private Saved() {}

    @Mixin HelpOption help;

    static SavedReport get(NodeClient client, String id) {
      return client.call(
          ReportServiceGrpc.getGetSavedReportMethod(),
          GetSavedReportRequest.newBuilder().setId(id).build());
    }

    /** The report and filter options of {@code create} and {@code update}. */
    static final class SpecOptions {
      @Option(
          names = "--report",
          paramLabel = "REPORT",
          description =
              "utilisation, revenue, subhire, shortages, overdue, out-of-service, crew-hours or"
                  + " today.")
      String report;

      @Mixin ReportArgs.When when;

      @Option(names = "--group-by", paramLabel = "G", description = "As for the report.")
      String groupBy;

      @Option(
          names = "--category",
          description = "utilisation, revenue, shortages, out-of-service.")
      String category;

      @Option(
          names = "--location",
          paramLabel = "ID",
          description = "utilisation, shortages, overdue, out-of-service, today.")
      String location;

      @Option(names = "--client", paramLabel = "COMPANY_ID", description = "revenue, overdue.")
      String client;

      @Option(names = "--partner", paramLabel = "NODE_ID", description = "subhire.")
      String partner;

      @Option(names = "--status", paramLabel = "S", description = "out-of-service.")
      List<String> statuses = new ArrayList<>();

      @Option(names = "--order", paramLabel = "O", description = "utilisation.")
      String order;

      ReportArgs.Filters filters() {
        ReportArgs.Filters f = new ReportArgs.Filters();
        f.when = when;
        f.groupBy = groupBy;
        f.category = category;
        f.location = location;
        f.client = client;
        f.partner = partner;
        f.statuses = statuses;
        f.order = order;
        return f;
      }
    }

    @Command(name = "list", description = "Your saved reports and the shared ones, by name.")
    static final class ListSaved extends ReportCommand {
      @Mixin ReportArgs.Paging paging;

      @Override
      int report(NodeClient client) {
        PageRequest first = paging.first(this);
        ListSavedReportsResponse.Builder all = ListSavedReportsResponse.newBuilder();
        ListSavedReportsResponse r =
            client.call(
                ReportServiceGrpc.getListSavedReportsMethod(),
                ListSavedReportsRequest.newBuilder().setPage(first).build());
        all.mergeFrom(r);
        Set<String> seen = new HashSet<>();
        while (paging.all && !r.getPage().getNextPageToken().isEmpty()) {
          String token = r.getPage().getNextPageToken();
          if (!seen.add(token)) {
            throw new CliException(
                CliException.FAILURE, "the node returned the same page token twice: " + token);
          }
          r =
              client.call(
                  ReportServiceGrpc.getListSavedReportsMethod(),
                  ListSavedReportsRequest.newBuilder()
                      .setPage(first.toBuilder().setPageToken(token))
                      .build());
          all.addAllReports(r.getReportsList()).setPage(r.getPage());
        }
        ListSavedReportsResponse list = all.build();
        if (json()) {
          printJson(list);
          return 0;
        }
        ReportViews.savedList(out(), list, csv());
        next(list.getPage().getNextPageToken());
        return 0;
      }
    }

    @Command(name = "show", description = "A saved report: its report, filters and settings.")
    static final class Show extends ReportCommand {
      @Parameters(index = "0", paramLabel = "ID")
      String id;

      @Override
      boolean printsCsv() {
        return false;
      }

      @Override
      void validate() {
        id = ReportArgs.uuid(this, "ID", id);
      }

      @Override
      int report(NodeClient client) {
        SavedReport s = get(client, id);
        return emit(s, () -> ReportViews.saved(out(), s));
      }
    }

    @Command(
        name = "create",
        description =
            "Save a report with its filters under a name (1–120 characters, unique among yours).",
        footerHeading = "%nExamples:%n",
        footer = {
          "  eventkit report saved create 'Revenue by client' --report revenue"
              + " --period last-12-months --group-by client --shared",
          "  eventkit report saved create 'Lighting use' --report utilisation --period"
              + " last-30-days --category lighting --pinned --display bar"
        })
    static final class Create extends ReportCommand {
      @Parameters(index = "0", paramLabel = "NAME")
      String name;

      @Mixin SpecOptions specOptions;

      @Option(names = "--description", description = "What it is for.")
      String description;

      @Option(
          names = "--display",
          paramLabel = "D",
          description = "table, bar, line or figures. Default: the report's own.")
      String display;

      @Option(names = "--shared", description = "Everyone with REPORTS_READ may see and run it.")
      boolean shared;

      @Option(names = "--pinned", description = "On your dashboard.")
      boolean pinned;

      private CreateSavedReportRequest request;

      @Override
      boolean printsCsv() {
        return false;
      }

      @Override
      void validate() {
        String n = name.strip();
        if (n.isEmpty() || n.codePointCount(0, n.length()) > 120) {
          throw usage("NAME must be 1–120 characters");
        }
        if (specOptions.report == null) {
          throw usage("--report is required: which report to save (e.g. --report revenue)");
        }
        ReportArgs.Kind kind = ReportArgs.Kind.parse(this, "--report", specOptions.report);
        CreateSavedReportRequest.Builder b =
            CreateSavedReportRequest.newBuilder()
                .setName(n)
                .setSpec(specOptions.filters().spec(this, kind))
                .setShared(shared)
                .setPinned(pinned);
        if (description != null) {
          b.setDescription(description);
        }
        if (display != null) {
          b.setDisplay(ReportArgs.display(this, display));
        }
        request = b.build();
      }

      @Override
      int report(NodeClient client) {
        SavedReport s = client.call(ReportServiceGrpc.getCreateSavedReportMethod(), request);
        return emit(s, () -> ReportViews.saved(out(), s));
      }
    }

    @Command(
        name = "update",
        description =
            "Change a saved report of yours. Report and filter options, when given, replace the"
                + " saved filters entirely (--report defaults to the saved one); the rest is kept.",
        footerHeading = "%nExamples:%n",
        footer = {
          "  eventkit report saved update ID --name 'Revenue 2027' --no-pinned",
          "  eventkit report saved update ID --period this-year --group-by month"
        })
    static final class Update extends ReportCommand {
      @Parameters(index = "0", paramLabel = "ID")
      String id;

      @Option(names = "--name", description = "A new name.")
      String name;

      @Mixin SpecOptions specOptions;

      @Option(names = "--description", description = "A new description (\"\" clears it).")
      String description;

      @Option(names = "--display", paramLabel = "D", description = "table, bar, line or figures.")
      String display;

      @Option(
          names = "--shared",
          negatable = true,
          description = "Share it (--no-shared: make it private).")
      Boolean shared;

      @Option(
          names = "--pinned",
          negatable = true,
          description = "Pin it to your dashboard (--no-pinned: unpin).")
      Boolean pinned;

      @Option(
          names = "--if-revision",
          paramLabel = "N",
          description = "Refuse (ABORTED) if it has changed since this revision.")
      Long ifRevision;

      private ReportDisplay newDisplay;

      @Override
      boolean printsCsv() {
        return false;
      }

      private boolean specGiven() {
        return specOptions.report != null || !specOptions.filters().given().isEmpty();
      }

      @Override
      void validate() {
        id = ReportArgs.uuid(this, "ID", id);
        if (name != null) {
          String n = name.strip();
          if (n.isEmpty() || n.codePointCount(0, n.length()) > 120) {
            throw usage("--name must be 1–120 characters");
          }
          name = n;
        }
        if (display != null) {
          newDisplay = ReportArgs.display(this, display);
        }
        if (specOptions.report != null) {
          ReportArgs.Kind kind = ReportArgs.Kind.parse(this, "--report", specOptions.report);
          specOptions.filters().spec(this, kind);
        }
        if (name == null
            && description == null
            && display == null
            && shared == null
            && pinned == null
            && !specGiven()) {
          throw usage(
              "nothing to change: give --name, --description, --display, --shared,"
                  + " --pinned, or the report and its filters");
        }
      }

      @Override
      int report(NodeClient client) {
        SavedReport current = get(client, id);
        UpdateSavedReportRequest.Builder b =
            UpdateSavedReportRequest.newBuilder()
                .setId(id)
                .setRevision(ifRevision != null ? ifRevision : current.getRevision())
                .setName(name != null ? name : current.getName())
                .setDescription(description != null ? description : current.getDescription())
                .setSpec(current.getSpec())
                .setDisplay(newDisplay != null ? newDisplay : current.getDisplay())
                .setShared(shared != null ? shared : current.getShared())
                .setPinned(pinned != null ? pinned : current.getPinned());
        if (specGiven()) {
          ReportArgs.Kind kind =
              specOptions.report != null
                  ? ReportArgs.Kind.parse(this, "--report", specOptions.report)
                  : ReportArgs.Kind.of(current.getSpec());
          b.setSpec(specOptions.filters().spec(this, kind));
        }
        SavedReport s = client.call(ReportServiceGrpc.getUpdateSavedReportMethod(), b.build());
        return emit(s, () -> ReportViews.saved(out(), s));
      }
    }

    @Command(name = "delete", description = "Delete a saved report of yours.")
    static final class Delete extends ReportCommand {
      @Parameters(index = "0", paramLabel = "ID")
      String id;

      @Override
      boolean printsCsv() {
        return false;
      }

      @Override
      void validate() {
        id = ReportArgs.uuid(this, "ID", id);
      }

      @Override
      int report(NodeClient client) {
        var r =
            client.call(
                ReportServiceGrpc.getDeleteSavedReportMethod(),
                DeleteSavedReportRequest.newBuilder().setId(id).build());
        return emit(r, () -> out().println("deleted " + id));
      }
    }

    @Command(
        name = "run",
        description =
            "Run a saved report (its own filters) and print it like the report's command.",
        footerHeading = "%nExamples:%n",
        footer = {"  eventkit report saved run ID", "  eventkit report saved run ID --all -o csv"})
    static final class RunSaved extends ReportCommand {
      @Parameters(index = "0", paramLabel = "ID")
      String id;

      @Mixin ReportArgs.Paging paging;

      private PageRequest first;

      @Override
      void validate() {
        id = ReportArgs.uuid(this, "ID", id);
        first = paging.first(this);
      }

      @Override
      int report(NodeClient client) {
        SavedReport s = get(client, id);
        if (s.getSpec().getReportCase() == ReportSpec.ReportCase.REPORT_NOT_SET) {
          throw new CliException(
              CliException.FAILURE, "the saved report " + id + " names no report this CLI knows");
        }
        return print(this, execute(client, s.getSpec(), first, paging.all));
      }
    }
  }
}
