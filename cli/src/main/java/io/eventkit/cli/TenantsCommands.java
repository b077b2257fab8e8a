package io.eventkit.cli;

import io.eventkit.proto.v1.CreateTenantRequest;
import io.eventkit.proto.v1.CreateTenantResponse;
import io.eventkit.proto.v1.DeleteTenantRequest;
import io.eventkit.proto.v1.DeleteTenantResponse;
import io.eventkit.proto.v1.GetTenantRequest;
import io.eventkit.proto.v1.ListTenantsRequest;
import io.eventkit.proto.v1.ListTenantsResponse;
import io.eventkit.proto.v1.Tenant;
import io.eventkit.proto.v1.TenantActionRequest;
import io.eventkit.proto.v1.TenantServiceGrpc;
import io.eventkit.proto.v1.TenantStatus;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventkit tenants}: the companies of a shared (SaaS) deployment (docs/saas.md). */
@Command(
    name = "tenants",
    description = {
      "The companies (company accounts) of a shared (SaaS) deployment: for its operator.",
      "Needs tenants.admin in the operator's own company account, 'default'."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      TenantsCommands.ListTenants.class,
      TenantsCommands.Show.class,
      TenantsCommands.Create.class,
      TenantsCommands.Suspend.class,
      TenantsCommands.Resume.class,
      TenantsCommands.Delete.class
    })
final class TenantsCommands {
  @Mixin HelpOption help;

  static final String ID_HELP =
      "The company account ID: 1-63 characters of a-z, 0-9 and '-', starting with a letter or"
          + " digit.";

  @Command(
      name = "list",
      description = "List the company accounts, by ID.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit tenants list", "  eventkit tenants list -o json"})
  static final class ListTenants extends ApiCommand {
    @Override
    int run(NodeClient client) {
      ListTenantsResponse r =
          client.call(
              TenantServiceGrpc.getListTenantsMethod(), ListTenantsRequest.getDefaultInstance());
      return emit(
          r,
          () -> {
            Text.Table table = new Text.Table("ID", "NAME", "STATUS", "CREATED", "URL");
            for (Tenant t : r.getTenantsList()) {
              table.row(
                  t.getId(),
                  t.getDisplayName(),
                  status(t.getStatus()),
                  Text.instant(t.getCreatedAt()),
                  t.getUrl());
            }
            table.print(out());
          });
    }
  }

  @Command(
      name = "show",
      description = "Show one company account.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit tenants show acme"})
  static final class Show extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ID", description = ID_HELP)
    String id;

    @Override
    int run(NodeClient client) {
      Tenant t =
          client.call(
              TenantServiceGrpc.getGetTenantMethod(),
              GetTenantRequest.newBuilder().setTenantId(id).build());
      return emit(t, () -> print(out(), t));
    }
  }

  @Command(
      name = "create",
      description = {
        "Create a company account and its first administrator, who has no password yet.",
        "Prints a single-use link (valid 30 minutes) where that person sets one: give it to them"
            + " alone."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit tenants create acme --name 'Acme Audio' \\",
        "      --admin-email ops@acme.example --admin-name 'Ada Ops'"
      })
  static final class Create extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ID", description = ID_HELP)
    String id;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The company.")
    String name;

    @Option(
        names = "--admin-email",
        required = true,
        paramLabel = "EMAIL",
        description = "The first administrator's login address.")
    String adminEmail;

    @Option(
        names = "--admin-name",
        required = true,
        paramLabel = "NAME",
        description = "The first administrator's name.")
    String adminName;

    @Override
    void validate() {
      String problem = AccessArgs.emailProblem(adminEmail);
      if (problem != null) {
        throw usage(problem.replace("--email", "--admin-email"));
      }
    }

    @Override
    int run(NodeClient client) {
      CreateTenantResponse r =
          client.call(
              TenantServiceGrpc.getCreateTenantMethod(),
              CreateTenantRequest.newBuilder()
                  .setTenantId(id)
                  .setDisplayName(name)
                  .setAdminEmail(adminEmail)
                  .setAdminDisplayName(adminName)
                  .build());
      return emit(
          r,
          () -> {
            PrintWriter out = out();
            out.println("Created the company account " + r.getTenant().getId() + ".");
            print(out, r.getTenant());
            out.println();
            out.println(
                "First administrator "
                    + adminEmail
                    + " (user "
                    + r.getAdminUserId()
                    + ") sets a password here, before "
                    + Text.instant(r.getSetPasswordExpiresAt())
                    + ":");
            out.println("  " + r.getSetPasswordUrl());
          });
    }
  }

  /** Suspend and resume: an ID and an optional reason for the audit logs. */
  abstract static class Action extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ID", description = ID_HELP)
    String id;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Why, for the audit logs (yours and the company's).")
    String reason;

    TenantActionRequest request() {
      return TenantActionRequest.newBuilder()
          .setTenantId(id)
          .setReason(reason == null ? "" : reason)
          .build();
    }
  }

  @Command(
      name = "suspend",
      description = {
        "Suspend a company account: its users and API tokens are refused within seconds, its"
            + " background work waits, its data stays."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit tenants suspend acme --reason 'invoice 2026-11 unpaid'"})
  static final class Suspend extends Action {
    @Override
    int run(NodeClient client) {
      Tenant t = client.call(TenantServiceGrpc.getSuspendTenantMethod(), request());
      return emit(t, () -> out().println("Suspended the company account " + t.getId() + "."));
    }
  }

  @Command(
      name = "resume",
      description = "Resume a suspended company account.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit tenants resume acme"})
  static final class Resume extends Action {
    @Override
    int run(NodeClient client) {
      Tenant t = client.call(TenantServiceGrpc.getResumeTenantMethod(), request());
      return emit(t, () -> out().println("Resumed the company account " + t.getId() + "."));
    }
  }

  @Command(
      name = "delete",
      description = {
        "Delete a company account suspended for at least 10 s, for good: its full export is"
            + " written to a file on the node, then every row of it is erased (default timeout"
            + " 30m).",
        "Asks you to type the ID unless --yes."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit tenants suspend acme && eventkit tenants delete acme --yes"})
  static final class Delete extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ID", description = ID_HELP)
    String id;

    /** The node exports then erases the whole company: minutes for a large one. */
    @Override
    java.time.Duration defaultTimeout() {
      return java.time.Duration.ofMinutes(30);
    }

    @Option(
        names = {"-y", "--yes"},
        description = "Do not ask for confirmation (needed when stdin is not a terminal).")
    boolean yes;

    @Override
    void validate() {
      if (yes) {
        return;
      }
      confirmByTyping(
          id,
          "deleting " + id,
          "delete",
          "deleted",
          "Delete the company account "
              + id
              + "? Its data is exported to the node's disk, then erased for good.\n"
              + "Type the ID to confirm: ");
    }

    @Override
    int run(NodeClient client) {
      DeleteTenantResponse r =
          client.call(
              TenantServiceGrpc.getDeleteTenantMethod(),
              DeleteTenantRequest.newBuilder().setTenantId(id).setConfirm(id).build());
      return emit(
          r,
          () -> {
            out().println("Deleted the company account " + r.getTenantId() + ".");
            out()
                .println(
                    "Its export ("
                        + r.getExportedRows()
                        + " rows) is on the node at "
                        + r.getExportPath()
                        + "; "
                        + r.getErasedRows()
                        + " rows were erased.");
          });
    }
  }

  static void print(PrintWriter out, Tenant t) {
    out.println("ID:       " + t.getId());
    out.println("Name:     " + t.getDisplayName());
    out.println("Status:   " + status(t.getStatus()));
    out.println("Created:  " + Text.instant(t.getCreatedAt()));
    out.println("Address:  " + t.getUrl());
  }

  static String status(TenantStatus s) {
    return s == TenantStatus.TENANT_STATUS_UNSPECIFIED || s == TenantStatus.UNRECOGNIZED
        ? "unknown"
        : s.name().substring("TENANT_STATUS_".length()).toLowerCase(Locale.ROOT);
  }
}
