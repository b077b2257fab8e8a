package io.eventkit.cli;

import com.google.protobuf.Timestamp;
import io.eventkit.proto.v1.ApiToken;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateApiTokenResponse;
import io.eventkit.proto.v1.ListApiTokensRequest;
import io.eventkit.proto.v1.ListApiTokensResponse;
import io.eventkit.proto.v1.RevokeApiTokenRequest;
import io.eventkit.proto.v1.RevokeApiTokenResponse;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.RotateSigningKeyRequest;
import io.eventkit.proto.v1.RotateSigningKeyResponse;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventkit keys}: API keys for integrations, and the node's token-signing key. */
@Command(
    name = "keys",
    description = {
      "API keys (bearer tokens for integrations) and the node's access-token signing key.",
      "Needs the users.admin permission (role admin)."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      KeysCommands.ListKeys.class,
      KeysCommands.Create.class,
      KeysCommands.Revoke.class,
      KeysCommands.RotateSigningKey.class
    })
final class KeysCommands {
  @Mixin HelpOption help;

  static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  /** What a key may do: its role, custom role or permissions. */
  static String access(ApiToken t) {
    if (t.getRole() != Role.ROLE_UNSPECIFIED) {
      return "role " + AccessArgs.role(t.getRole());
    }
    if (!t.getCustomRole().isEmpty()) {
      return "role " + t.getCustomRole();
    }
    return AccessArgs.permissions(t.getPermissionsList());
  }

  static String state(ApiToken t, Instant now) {
    if (Text.isSet(t.getRevokedAt())) {
      return "revoked";
    }
    if (Text.isSet(t.getExpiresAt()) && !Text.toInstant(t.getExpiresAt()).isAfter(now)) {
      return "expired";
    }
    return "active";
  }

  @Command(
      name = "list",
      description =
          "List the API keys, newest first (their prefix only; secrets are never shown again).",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit keys list", "  eventkit keys list --all -o json"})
  static final class ListKeys extends ApiCommand {
    @Option(names = "--all", description = "Also list revoked and expired keys.")
    boolean all;

    @Override
    int run(NodeClient client) {
      ListApiTokensResponse response =
          client.call(
              AuthServiceGrpc.getListApiTokensMethod(),
              ListApiTokensRequest.newBuilder().setIncludeInactive(all).build());
      Instant now = now();
      return emit(
          response,
          () -> {
            if (response.getTokensCount() == 0) {
              out().println("No API keys. Create one with 'eventkit keys create'.");
              return;
            }
            Text.Table table =
                new Text.Table(
                    "ID", "NAME", "PREFIX", "ACCESS", "STATE", "CREATED", "EXPIRES", "LAST USED");
            for (ApiToken t : response.getTokensList()) {
              table.row(
                  t.getId(),
                  t.getName() + (t.getBootstrap() ? " (bootstrap)" : ""),
                  t.getPrefix(),
                  access(t),
                  state(t, now),
                  Text.instant(t.getCreatedAt()),
                  Text.isSet(t.getExpiresAt()) ? Text.instant(t.getExpiresAt()) : "never",
                  Text.isSet(t.getLastUsedAt()) ? Text.instant(t.getLastUsedAt()) : "never");
            }
            table.print(out());
          });
    }
  }

  @Command(
      name = "create",
      description = {
        "Create an API key with exactly one of --role, --custom-role or --permission.",
        "The secret is printed once, alone on the first line: store it now, it cannot be shown"
            + " again."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit keys create 'warehouse scanner 3' --role warehouse --expires 90d",
        "  eventkit keys create 'BI export' --permission inventory.read,planning.read \\",
        "      --expires 2027-06-30",
        "  eventkit keys create sync --custom-role night-shift | head -1 > sync.token"
      })
  static final class Create extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "Who or what the key is for, 1-100 characters.")
    String name;

    @Option(
        names = "--role",
        paramLabel = "ROLE",
        converter = AccessArgs.RoleConverter.class,
        completionCandidates = AccessArgs.RoleCandidates.class,
        description = {"A built-in role.", AccessArgs.ROLES_HELP})
    Role role;

    @Option(names = "--custom-role", paramLabel = "NAME", description = "A custom role.")
    String customRole;

    @Mixin RolesCommands.PermissionOptions permissions;

    @Option(
        names = "--expires",
        paramLabel = "WHEN",
        description =
            "When the key stops working: a date (2027-06-30, 00:00 UTC), an instant"
                + " (2027-06-30T12:00:00Z) or a duration from now (90d, 12h). Default: never.")
    String expires;

    private Instant expiresAt;

    @Override
    void validate() {
      if (name.isBlank() || name.length() > 100) {
        throw usage("the key's NAME must be 1-100 characters");
      }
      int given =
          (role != null ? 1 : 0)
              + (customRole != null ? 1 : 0)
              + (permissions.permissions.isEmpty() ? 0 : 1);
      if (given != 1) {
        throw usage(
            "give exactly one of --role, --custom-role and --permission (got "
                + (given == 0 ? "none" : given)
                + ")");
      }
      if (customRole != null && AccessArgs.roleNameProblem(customRole) != null) {
        throw usage(AccessArgs.roleNameProblem(customRole));
      }
      if (expires != null) {
        expiresAt = AccessArgs.expiry(expires, now());
        if (expiresAt == null) {
          throw usage(
              "--expires '"
                  + expires
                  + "' is not a date (2027-06-30), an instant (2027-06-30T12:00:00Z) or a"
                  + " duration (90d, 12h)");
        }
        if (!expiresAt.isAfter(now())) {
          throw usage("--expires " + expiresAt + " is not in the future");
        }
      }
    }

    @Override
    int run(NodeClient client) {
      CreateApiTokenRequest.Builder request = CreateApiTokenRequest.newBuilder().setName(name);
      if (role != null) {
        request.setRole(role);
      }
      if (customRole != null) {
        request.setCustomRole(customRole);
      }
      request.addAllPermissions(List.copyOf(new LinkedHashSet<>(permissions.permissions)));
      if (expiresAt != null) {
        request.setExpiresAt(timestamp(expiresAt));
      }
      CreateApiTokenResponse response =
          client.call(AuthServiceGrpc.getCreateApiTokenMethod(), request.build());
      Instant now = now();
      // The one place the secret is printed: the caller asked for it, and it cannot be shown again.
      return emit(
          response,
          () -> {
            PrintWriter out = out();
            out.println(response.getToken());
            out.println();
            ApiToken t = response.getApiToken();
            Map<String, String> lines = new LinkedHashMap<>();
            lines.put("id", Text.orNone(response.getTokenId()));
            lines.put("name", Text.orNone(t.getName().isEmpty() ? name : t.getName()));
            lines.put("prefix", Text.orNone(t.getPrefix()));
            lines.put("access", access(t));
            lines.put(
                "expires",
                Text.isSet(t.getExpiresAt())
                    ? Text.instantRelative(t.getExpiresAt(), now)
                    : "never");
            Text.keyValues(out, lines);
            out.println();
            out.println(
                "This is the only time the key is shown: store it now (only its hash is kept)."
                    + " Use it as 'Authorization: Bearer <key>' or with --token-file.");
          });
    }
  }

  @Command(
      name = "revoke",
      description =
          "Revoke an API key: its next call is refused. Revoking it twice is not an error.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit keys revoke 3f2a…"})
  static final class Revoke extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "ID",
        description = "The key's ID ('eventkit keys list').")
    String id;

    @Override
    int run(NodeClient client) {
      RevokeApiTokenResponse response =
          client.call(
              AuthServiceGrpc.getRevokeApiTokenMethod(),
              RevokeApiTokenRequest.newBuilder().setTokenId(id).build());
      return emit(response, () -> out().println("Revoked the API key " + id + "."));
    }
  }

  @Command(
      name = "rotate-signing-key",
      description = {
        "Start signing access tokens with a new key.",
        "Tokens signed with the old key stay valid until they expire: nobody is logged out."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit keys rotate-signing-key"})
  static final class RotateSigningKey extends ApiCommand {
    @Override
    int run(NodeClient client) {
      RotateSigningKeyResponse response =
          client.call(
              AuthServiceGrpc.getRotateSigningKeyMethod(),
              RotateSigningKeyRequest.getDefaultInstance());
      return emit(
          response,
          () -> {
            out().println("New access tokens are signed with the key " + response.getKid() + ".");
            Map<String, String> lines = new LinkedHashMap<>();
            lines.put("kid", response.getKid());
            lines.put("created", Text.instant(response.getCreatedAt()));
            Text.keyValues(out(), lines);
          });
    }
  }
}
