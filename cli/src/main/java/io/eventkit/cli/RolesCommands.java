package io.eventkit.cli;

import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateRoleRequest;
import io.eventkit.proto.v1.CustomRole;
import io.eventkit.proto.v1.DeleteRoleRequest;
import io.eventkit.proto.v1.DeleteRoleResponse;
import io.eventkit.proto.v1.ListRolesRequest;
import io.eventkit.proto.v1.ListRolesResponse;
import io.eventkit.proto.v1.Permission;
import io.eventkit.proto.v1.PermissionList;
import io.eventkit.proto.v1.RoleInfo;
import io.eventkit.proto.v1.UpdateRoleRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventkit roles}: the built-in roles and custom ones (needs users.admin). */
@Command(
    name = "roles",
    description = {
      "Roles: the seven built-in ones and custom roles built from permissions.",
      "Needs the users.admin permission (role admin). " + AccessArgs.PERMISSIONS_HELP
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      RolesCommands.ListRoles.class,
      RolesCommands.Create.class,
      RolesCommands.Update.class,
      RolesCommands.Delete.class
    })
final class RolesCommands {
  @Mixin HelpOption help;

  static final class PermissionOptions {
    @Option(
        names = {"-p", "--permission"},
        paramLabel = "PERMISSION",
        split = ",",
        converter = AccessArgs.PermissionConverter.class,
        completionCandidates = AccessArgs.PermissionCandidates.class,
        description = {
          "A permission (repeatable or comma-separated), e.g. inventory.read.",
          AccessArgs.PERMISSIONS_HELP
        })
    List<Permission> permissions = new ArrayList<>();

    List<Permission> distinct() {
      return List.copyOf(new LinkedHashSet<>(permissions));
    }
  }

  static int print(ApiCommand command, String sentence, CustomRole r) {
    return command.emit(
        r,
        () -> {
          PrintWriter out = command.out();
          out.println(sentence);
          Map<String, String> lines = new LinkedHashMap<>();
          lines.put("name", r.getName());
          lines.put("description", Text.orNone(r.getDescription()));
          lines.put("permissions", AccessArgs.permissions(r.getPermissionsList()));
          lines.put("created", Text.instant(r.getCreatedAt()));
          lines.put("updated", Text.instant(r.getUpdatedAt()));
          Text.keyValues(out, lines);
        });
  }

  static String nameProblem(String name) {
    return AccessArgs.roleNameProblem(name);
  }

  @Command(
      name = "list",
      description = "List the roles: built-in first, then custom, with their permissions.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit roles list", "  eventkit roles list -o json"})
  static final class ListRoles extends ApiCommand {
    @Override
    int run(NodeClient client) {
      ListRolesResponse response =
          client.call(AuthServiceGrpc.getListRolesMethod(), ListRolesRequest.getDefaultInstance());
      return emit(
          response,
          () -> {
            Text.Table table = new Text.Table("ROLE", "KIND", "PERMISSIONS", "DESCRIPTION");
            for (RoleInfo r : response.getRolesList()) {
              table.row(
                  r.getBuiltIn() ? AccessArgs.role(r.getRole()) : r.getName(),
                  r.getBuiltIn() ? "built-in" : "custom",
                  AccessArgs.permissions(r.getPermissionsList()),
                  r.getDescription());
            }
            table.print(out());
          });
    }
  }

  @Command(
      name = "create",
      description = "Create a custom role from permissions.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit roles create night-shift -p inventory.read -p planning.read",
        "  eventkit roles create auditor --permission audit.read,trust.read \\",
        "      --description 'External auditor'"
      })
  static final class Create extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "1-64 letters, digits, '_' or '-'; not a built-in role's name.")
    String name;

    @Mixin PermissionOptions permissions;

    @Option(names = "--description", paramLabel = "TEXT", description = "At most 500 characters.")
    String description;

    @Override
    void validate() {
      String problem = nameProblem(name);
      if (problem == null && permissions.permissions.isEmpty()) {
        problem = "give at least one --permission. " + AccessArgs.PERMISSIONS_HELP;
      }
      if (problem == null && description != null && description.length() > 500) {
        problem = "--description is longer than 500 characters";
      }
      if (problem != null) {
        throw usage(problem);
      }
    }

    @Override
    int run(NodeClient client) {
      CreateRoleRequest.Builder request =
          CreateRoleRequest.newBuilder().setName(name).addAllPermissions(permissions.distinct());
      if (description != null) {
        request.setDescription(description);
      }
      CustomRole r = client.call(AuthServiceGrpc.getCreateRoleMethod(), request.build());
      return print(this, "Created the role " + r.getName() + ".", r);
    }
  }

  @Command(
      name = "update",
      description = {
        "Change a custom role's description or permissions; --permission replaces them all.",
        "Holders of the role get the new permissions on their next call."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit roles update night-shift -p inventory.read,inventory.write",
        "  eventkit roles update auditor --description 'External auditor (2027)'"
      })
  static final class Update extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The custom role's name.")
    String name;

    @Mixin PermissionOptions permissions;

    @Option(names = "--description", paramLabel = "TEXT", description = "At most 500 characters.")
    String description;

    @Override
    void validate() {
      String problem = nameProblem(name);
      if (problem == null && permissions.permissions.isEmpty() && description == null) {
        problem = "nothing to change: give --permission or --description";
      }
      if (problem == null && description != null && description.length() > 500) {
        problem = "--description is longer than 500 characters";
      }
      if (problem != null) {
        throw usage(problem);
      }
    }

    @Override
    int run(NodeClient client) {
      UpdateRoleRequest.Builder request = UpdateRoleRequest.newBuilder().setName(name);
      if (description != null) {
        request.setDescription(description);
      }
      if (!permissions.permissions.isEmpty()) {
        request.setPermissions(
            PermissionList.newBuilder().addAllPermissions(permissions.distinct()));
      }
      CustomRole r = client.call(AuthServiceGrpc.getUpdateRoleMethod(), request.build());
      return print(this, "Updated the role " + r.getName() + ".", r);
    }
  }

  @Command(
      name = "delete",
      description = "Delete a custom role. Refused while a user or an API key holds it.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit roles delete night-shift"})
  static final class Delete extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The custom role's name.")
    String name;

    @Override
    void validate() {
      String problem = nameProblem(name);
      if (problem != null) {
        throw usage(problem);
      }
    }

    @Override
    int run(NodeClient client) {
      DeleteRoleResponse response =
          client.call(
              AuthServiceGrpc.getDeleteRoleMethod(),
              DeleteRoleRequest.newBuilder().setName(name).build());
      return emit(response, () -> out().println("Deleted the role " + name + "."));
    }
  }
}
