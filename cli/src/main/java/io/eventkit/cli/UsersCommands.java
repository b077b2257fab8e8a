package io.eventkit.cli;

import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.GetUserRequest;
import io.eventkit.proto.v1.IssuePasswordResetRequest;
import io.eventkit.proto.v1.IssuePasswordResetResponse;
import io.eventkit.proto.v1.ListUsersRequest;
import io.eventkit.proto.v1.ListUsersResponse;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.RoleList;
import io.eventkit.proto.v1.SetPasswordRequest;
import io.eventkit.proto.v1.SetPasswordResponse;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.UserStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventkit users}: the node's users (AuthService; needs users.admin). */
@Command(
    name = "users",
    description = "Users: people who log in. Needs the users.admin permission (role admin).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      UsersCommands.ListUsers.class,
      UsersCommands.Show.class,
      UsersCommands.Create.class,
      UsersCommands.Update.class,
      UsersCommands.Disable.class,
      UsersCommands.Enable.class,
      UsersCommands.SetPassword.class,
      UsersCommands.ResetPassword.class
    })
final class UsersCommands {
  @Mixin HelpOption help;

  static final String USER_HELP = "The user: an email, or an ID as 'eventkit users list' shows it.";

  /** The user's ID: {@code user} itself, or the ID of the user with that email. */
  static String userId(NodeClient client, String user) {
    if (!user.contains("@")) {
      return user;
    }
    return client
        .call(AuthServiceGrpc.getListUsersMethod(), ListUsersRequest.getDefaultInstance())
        .getUsersList()
        .stream()
        .filter(u -> u.getEmail().equalsIgnoreCase(user.strip()))
        .findFirst()
        .map(User::getId)
        .orElseThrow(
            () ->
                new CliException(
                    CliException.FAILURE, "NOT_FOUND", "no user with the email " + user));
  }

  static String status(UserStatus s) {
    return switch (s) {
      case USER_STATUS_ACTIVE -> "active";
      case USER_STATUS_DISABLED -> "disabled";
      case USER_STATUS_LOCKED -> "locked";
      default -> Text.NONE;
    };
  }

  static Map<String, String> lines(User u) {
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("id", u.getId());
    lines.put("email", u.getEmail());
    lines.put("name", Text.orNone(u.getDisplayName()));
    lines.put("roles", AccessArgs.roles(u.getRolesList(), u.getCustomRolesList()));
    lines.put("status", status(u.getStatus()));
    lines.put("logs in with", Text.orNone(u.getAuthSource()));
    lines.put("password", u.getHasPassword() ? "set" : "not set");
    lines.put("locale", Text.orNone(u.getLocale()));
    lines.put("time zone", Text.orNone(u.getTimeZone()));
    lines.put("created", Text.instant(u.getCreatedAt()));
    lines.put("updated", Text.instant(u.getUpdatedAt()));
    return lines;
  }

  static int print(ApiCommand command, String sentence, User u) {
    return command.emit(
        u,
        () -> {
          PrintWriter out = command.out();
          if (sentence != null) {
            out.println(sentence);
          }
          Text.keyValues(out, lines(u));
        });
  }

  /** --role and --custom-role, shared by create and update. */
  static final class RoleOptions {
    @Option(
        names = "--role",
        paramLabel = "ROLE",
        split = ",",
        converter = AccessArgs.RoleConverter.class,
        completionCandidates = AccessArgs.RoleCandidates.class,
        description = {"A built-in role (repeatable or comma-separated).", AccessArgs.ROLES_HELP})
    List<Role> roles = new ArrayList<>();

    @Option(
        names = "--custom-role",
        paramLabel = "NAME",
        split = ",",
        description = "A custom role by name (repeatable; see 'eventkit roles list').")
    List<String> customRoles = new ArrayList<>();

    boolean given() {
      return !roles.isEmpty() || !customRoles.isEmpty();
    }

    String problem() {
      for (String name : customRoles) {
        String p = AccessArgs.roleNameProblem(name);
        if (p != null) {
          return p;
        }
      }
      return null;
    }
  }

  /** --name, --locale and --time-zone, shared by create and update. */
  static final class ProfileOptions {
    @Option(names = "--name", paramLabel = "NAME", description = "Display name, 1-100 characters.")
    String name;

    @Option(
        names = "--locale",
        paramLabel = "TAG",
        description = "Language tag (BCP 47), e.g. en, de-DE. The node's default: en.")
    String locale;

    @Option(
        names = "--time-zone",
        paramLabel = "ZONE",
        description = "IANA time zone, e.g. Europe/Berlin. The node's default: UTC.")
    String timeZone;

    String problem() {
      if (name != null && (name.isBlank() || name.length() > 100)) {
        return "--name must be 1-100 characters";
      }
      if (locale != null && AccessArgs.localeProblem(locale) != null) {
        return AccessArgs.localeProblem(locale);
      }
      if (timeZone != null && AccessArgs.zoneProblem(timeZone) != null) {
        return AccessArgs.zoneProblem(timeZone);
      }
      return null;
    }
  }

  // ---- list / show ----------------------------------------------------------------------------

  @Command(
      name = "list",
      description = "List the users, by email.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit users list", "  eventkit users list -o json"})
  static final class ListUsers extends ApiCommand {
    @Override
    int run(NodeClient client) {
      ListUsersResponse response =
          client.call(AuthServiceGrpc.getListUsersMethod(), ListUsersRequest.getDefaultInstance());
      return emit(
          response,
          () -> {
            if (response.getUsersCount() == 0) {
              out().println("No users. Create one with 'eventkit users create'.");
              return;
            }
            Text.Table table = new Text.Table("EMAIL", "NAME", "ROLES", "STATUS", "LOGIN", "ID");
            for (User u : response.getUsersList()) {
              table.row(
                  u.getEmail(),
                  u.getDisplayName(),
                  AccessArgs.roles(u.getRolesList(), u.getCustomRolesList()),
                  status(u.getStatus()),
                  u.getAuthSource(),
                  u.getId());
            }
            table.print(out());
          });
    }
  }

  @Command(
      name = "show",
      description = "Show one user.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit users show ada@example.com", "  eventkit users show 0b7c…"})
  static final class Show extends ApiCommand {
    @Parameters(index = "0", paramLabel = "USER", description = USER_HELP)
    String user;

    @Override
    int run(NodeClient client) {
      User u =
          client.call(
              AuthServiceGrpc.getGetUserMethod(),
              GetUserRequest.newBuilder().setUserId(userId(client, user)).build());
      return print(this, null, u);
    }
  }

  // ---- create / update ------------------------------------------------------------------------

  @Command(
      name = "create",
      description = {
        "Create a user. Give at least one --role or --custom-role.",
        "Without --with-password the user cannot log in until 'eventkit users set-password' or"
            + " 'eventkit users reset-password'."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit users create --email ada@example.com --name 'Ada Lovelace' \\",
        "      --role admin --with-password",
        "  eventkit users create --email lars@example.com --name Lars \\",
        "      --role planner,warehouse --custom-role night-shift \\",
        "      --locale de-DE --time-zone Europe/Berlin",
        "  printf '%%s\\n' \"$PW\" | eventkit users create --email bot@example.com \\",
        "      --name Bot --role read-only --password-stdin"
      })
  static final class Create extends ApiCommand {
    @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Email.")
    String email;

    @Mixin ProfileOptions profile;
    @Mixin RoleOptions roles;

    @Option(
        names = "--with-password",
        description = "Ask for the user's first password on the terminal (without echo).")
    boolean withPassword;

    @Option(
        names = "--password-stdin",
        description = "Read the user's first password from standard input.")
    boolean passwordStdin;

    private Passwords passwords;

    @Override
    void validate() {
      String problem = AccessArgs.emailProblem(email);
      if (problem == null && profile.name == null) {
        problem = "--name is required";
      }
      if (problem == null) {
        problem = profile.problem();
      }
      if (problem == null && !roles.given()) {
        problem = "give at least one --role or --custom-role. " + AccessArgs.ROLES_HELP;
      }
      if (problem == null) {
        problem = roles.problem();
      }
      if (problem == null && (withPassword || passwordStdin)) {
        passwords = new Passwords(root(), passwordStdin);
        problem = passwords.unavailable();
      }
      if (problem != null) {
        throw usage(problem);
      }
    }

    @Override
    int run(NodeClient client) {
      CreateUserRequest.Builder request =
          CreateUserRequest.newBuilder()
              .setEmail(email.strip())
              .setDisplayName(profile.name)
              .addAllRoles(roles.roles)
              .addAllCustomRoles(roles.customRoles);
      if (profile.locale != null) {
        request.setLocale(profile.locale);
      }
      if (profile.timeZone != null) {
        request.setTimeZone(profile.timeZone);
      }
      if (passwords != null) {
        request.setPassword(passwords.chosen("Password for " + email + ": "));
      }
      User u = client.call(AuthServiceGrpc.getCreateUserMethod(), request.build());
      return print(
          this,
          "Created "
              + u.getEmail()
              + "."
              + (u.getHasPassword()
                  ? ""
                  : " They cannot log in yet: set a password with 'eventkit users set-password "
                      + u.getEmail()
                      + "' or issue a reset token with 'eventkit users reset-password "
                      + u.getEmail()
                      + "'."),
          u);
    }
  }

  @Command(
      name = "update",
      description = {
        "Change a user's name, locale, time zone or roles; what you do not give stays.",
        "--role and --custom-role together replace all of the user's roles."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit users update lars@example.com --role planner --role warehouse",
        "  eventkit users update lars@example.com --name 'Lars K.' --time-zone Europe/Oslo"
      })
  static final class Update extends ApiCommand {
    @Parameters(index = "0", paramLabel = "USER", description = USER_HELP)
    String user;

    @Mixin ProfileOptions profile;
    @Mixin RoleOptions roles;

    @Override
    void validate() {
      String problem = profile.problem();
      if (problem == null) {
        problem = roles.problem();
      }
      if (problem == null
          && profile.name == null
          && profile.locale == null
          && profile.timeZone == null
          && !roles.given()) {
        problem = "nothing to change: give --name, --locale, --time-zone, --role or --custom-role";
      }
      if (problem != null) {
        throw usage(problem);
      }
    }

    @Override
    int run(NodeClient client) {
      UpdateUserRequest.Builder request =
          UpdateUserRequest.newBuilder().setUserId(userId(client, user));
      if (profile.name != null) {
        request.setDisplayName(profile.name);
      }
      if (profile.locale != null) {
        request.setLocale(profile.locale);
      }
      if (profile.timeZone != null) {
        request.setTimeZone(profile.timeZone);
      }
      if (roles.given()) {
        request.setRoles(
            RoleList.newBuilder().addAllRoles(roles.roles).addAllCustomRoles(roles.customRoles));
      }
      User u = client.call(AuthServiceGrpc.getUpdateUserMethod(), request.build());
      return print(this, "Updated " + u.getEmail() + ".", u);
    }
  }

  abstract static class StatusChange extends ApiCommand {
    @Parameters(index = "0", paramLabel = "USER", description = USER_HELP)
    String user;

    abstract UserStatus target();

    @Override
    int run(NodeClient client) {
      User u =
          client.call(
              AuthServiceGrpc.getUpdateUserMethod(),
              UpdateUserRequest.newBuilder()
                  .setUserId(userId(client, user))
                  .setStatus(target())
                  .build());
      return print(this, u.getEmail() + " is now " + status(u.getStatus()) + ".", u);
    }
  }

  @Command(
      name = "disable",
      description = "Disable a user: they cannot log in, and their next call is refused.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit users disable lars@example.com"})
  static final class Disable extends StatusChange {
    @Override
    UserStatus target() {
      return UserStatus.USER_STATUS_DISABLED;
    }
  }

  @Command(
      name = "enable",
      description = "Enable a disabled or locked user again.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit users enable lars@example.com"})
  static final class Enable extends StatusChange {
    @Override
    UserStatus target() {
      return UserStatus.USER_STATUS_ACTIVE;
    }
  }

  // ---- passwords ------------------------------------------------------------------------------

  @Command(
      name = "set-password",
      description = {
        "Set a user's password (12-256 characters, no composition rules).",
        "Read from the terminal without echo (asked twice), or from standard input with"
            + " --password-stdin."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit users set-password lars@example.com",
        "  printf '%%s\\n' \"$PW\" | eventkit users set-password lars@example.com \\",
        "      --password-stdin"
      })
  static final class SetPassword extends ApiCommand {
    @Parameters(index = "0", paramLabel = "USER", description = USER_HELP)
    String user;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    private Passwords passwords;

    @Override
    void validate() {
      passwords = new Passwords(root(), passwordStdin);
      String why = passwords.unavailable();
      if (why != null) {
        throw usage(why);
      }
    }

    @Override
    int run(NodeClient client) {
      // Read (and check) the password before any call, so a refused one changes nothing.
      String password = passwords.chosen("New password for " + user + ": ");
      String id = userId(client, user);
      SetPasswordResponse response =
          client.call(
              AuthServiceGrpc.getSetPasswordMethod(),
              SetPasswordRequest.newBuilder().setUserId(id).setPassword(password).build());
      return emit(response, () -> out().println("Set the password of " + user + "."));
    }
  }

  @Command(
      name = "reset-password",
      description = {
        "Issue a one-time password-reset token for a user (valid 30 minutes, single use).",
        "It is printed once, alone on the first line: hand it to the user over a channel you"
            + " trust; they run 'eventkit password reset'. With --email the node mails the user a"
            + " link to the web app's reset page instead, and the token is never shown."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit users reset-password lars@example.com",
        "  eventkit users reset-password lars@example.com --email",
        "  TOKEN=$(eventkit users reset-password lars@example.com | head -1)"
      })
  static final class ResetPassword extends ApiCommand {
    @Parameters(index = "0", paramLabel = "USER", description = USER_HELP)
    String user;

    @Option(
        names = "--email",
        description =
            "Mail the user a reset link instead of printing the token (needs email on"
                + " the node).")
    boolean email;

    @Override
    int run(NodeClient client) {
      IssuePasswordResetResponse response =
          client.call(
              AuthServiceGrpc.getIssuePasswordResetMethod(),
              IssuePasswordResetRequest.newBuilder()
                  .setUserId(userId(client, user))
                  .setSendEmail(email)
                  .build());
      Instant now = now();
      return emit(
          response,
          () -> {
            PrintWriter out = out();
            if (email) {
              out.println(
                  "Mailed a reset link to "
                      + response.getEmailedTo()
                      + ". It works once, until "
                      + Text.instantRelative(response.getExpiresAt(), now)
                      + "; any earlier reset token no longer works.");
              return;
            }
            out.println(response.getResetToken());
            out.println();
            out.println(
                "This is the only time the reset token is shown. It works once, until "
                    + Text.instantRelative(response.getExpiresAt(), now)
                    + ".");
            out.println("Give it to " + user + " over a channel you trust; they run:");
            out.println("  eventkit password reset --reset-token <token>");
          });
    }
  }
}
