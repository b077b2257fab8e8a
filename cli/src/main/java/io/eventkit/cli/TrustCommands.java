package io.eventkit.cli;

import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.AcceptInvitationResponse;
import io.eventkit.proto.v1.AutoConfirmLimits;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.CreateInvitationResponse;
import io.eventkit.proto.v1.GetPartnerRequest;
import io.eventkit.proto.v1.Invitation;
import io.eventkit.proto.v1.ListPartnersRequest;
import io.eventkit.proto.v1.ListPartnersResponse;
import io.eventkit.proto.v1.ListTrustAuditRequest;
import io.eventkit.proto.v1.ListTrustAuditResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.Partner;
import io.eventkit.proto.v1.PartnerActionRequest;
import io.eventkit.proto.v1.PartnerState;
import io.eventkit.proto.v1.SetPartnerLevelRequest;
import io.eventkit.proto.v1.TrustAuditEntry;
import io.eventkit.proto.v1.TrustLevel;
import io.eventkit.proto.v1.TrustServiceGrpc;
import io.grpc.MethodDescriptor;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "trust",
    description = "Trust with partner nodes: invite, accept, levels, suspend, revoke, audit.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      TrustCommands.Invite.class,
      TrustCommands.Accept.class,
      TrustCommands.ListPartners.class,
      TrustCommands.Show.class,
      TrustCommands.SetLevel.class,
      TrustCommands.Suspend.class,
      TrustCommands.Resume.class,
      TrustCommands.Revoke.class,
      TrustCommands.Refresh.class,
      TrustCommands.Audit.class
    })
final class TrustCommands {
  @Mixin HelpOption help;
  static final String LEVELS_HELP =
      "Trust levels, lowest to highest (each includes the ones below): none, discover,"
          + " availability, resolve-assets, subhire-request, subhire-auto-confirm.";

  private static final int PAGE_SIZE = 100;
  private static final int MAX_PAGES = 10_000;

  // ---- invite ---------------------------------------------------------------------------------

  @Command(
      name = "invite",
      description = {
        "Create a single-use invitation for one partner node.",
        "Hand the printed invitation to the partner's admin out of band; it is bound to that"
            + " node ID and expires after --ttl."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit trust invite --partner b.example",
        "  eventkit trust invite --partner b.example --level subhire-request --ttl 1h"
      })
  static final class Invite extends ApiCommand {
    static final Duration MAX_TTL = Duration.ofDays(7);

    @Option(
        names = "--partner",
        required = true,
        paramLabel = "ID",
        converter = NodeIds.Converter.class,
        description = "Node ID of the partner to invite, e.g. b.example.")
    String partner;

    @Option(
        names = "--level",
        paramLabel = "LEVEL",
        converter = Levels.Converter.class,
        completionCandidates = Levels.Candidates.class,
        description = {"What the partner may do on this node. Default: availability.", LEVELS_HELP})
    TrustLevel level;

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        converter = EventKitCli.DurationConverter.class,
        description =
            "How long the invitation stays valid, e.g. 15m, 1h, 2d (max 7d). Default: 15m.")
    Duration ttl;

    @Override
    void validate() {
      if (ttl != null && (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0)) {
        throw usage(
            "--ttl must be between 1s and 7d (got " + Text.duration(ttl) + "); the default is 15m");
      }
    }

    @Override
    int run(NodeClient client) {
      CreateInvitationRequest.Builder request =
          CreateInvitationRequest.newBuilder().setPartnerNodeId(partner);
      if (level != null) {
        request.setLevel(level);
      }
      if (ttl != null) {
        request.setTtlSeconds(ttl.toSeconds());
      }
      CreateInvitationResponse response =
          client.call(TrustServiceGrpc.getCreateInvitationMethod(), request.build());
      if (json()) {
        printJson(response);
        return 0;
      }
      Optional<Invitation> decoded = Invitations.decode(response.getInvitation());
      Map<String, String> lines = new LinkedHashMap<>();
      lines.put("partner", partner);
      lines.put(
          "level",
          decoded
              .map(i -> Levels.name(i.getOfferedLevel()))
              .orElse(level == null ? "availability (default)" : Levels.name(level)));
      lines.put("expires", Text.instantRelative(response.getExpiresAt(), now()));
      lines.put("invitation id", Text.orNone(response.getInvitationId()));
      decoded.ifPresent(
          i -> {
            lines.put("enrolment at", Text.orNone(i.getEnrollmentEndpoint()));
            lines.put("root sha256", Text.orNone(i.getRootCaFingerprintSha256()));
          });
      var out = out();
      out.println(response.getInvitation());
      out.println();
      Text.keyValues(out, lines);
      out.println();
      out.println(
          "Give this invitation to the admin of "
              + partner
              + " over a channel you trust (it works once, until it expires); they run:");
      out.println("  eventkit trust accept <invitation>");
      return 0;
    }
  }

  // ---- accept ---------------------------------------------------------------------------------

  @Command(
      name = "accept",
      description = {
        "Accept a partner's invitation: this node enrols with the inviting node, both ways.",
        "The inviting node's certificate is checked against the root fingerprint inside the"
            + " invitation."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit trust accept ekinv1.CiNhY21l...",
        "  eventkit trust accept --level discover \"$(cat invitation.txt)\""
      })
  static final class Accept extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "INVITATION",
        description = "The invitation text (ekinv1....) from the inviting node's admin.")
    String invitation;

    @Option(
        names = "--level",
        paramLabel = "LEVEL",
        converter = Levels.Converter.class,
        completionCandidates = Levels.Candidates.class,
        description = {
          "What the inviting node may do on this node. Default: the level it offered you.",
          LEVELS_HELP
        })
    TrustLevel level;

    private Invitation decoded;

    @Override
    Duration defaultTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    void validate() {
      decoded =
          Invitations.decode(invitation)
              .orElseThrow(
                  () ->
                      usage(
                          "that is not an invitation: expected the text printed by"
                              + " 'eventkit trust invite', starting with "
                              + Invitations.PREFIX));
    }

    @Override
    int run(NodeClient client) {
      AcceptInvitationRequest.Builder request =
          AcceptInvitationRequest.newBuilder().setInvitation(Invitations.clean(invitation));
      if (level != null) {
        request.setLevel(level);
      }
      AcceptInvitationResponse response =
          client.call(TrustServiceGrpc.getAcceptInvitationMethod(), request.build());
      if (json()) {
        printJson(response);
        return 0;
      }
      Partner p = response.getPartner();
      String id = p.getNodeId().isEmpty() ? decoded.getIssuerNodeId() : p.getNodeId();
      out()
          .println(
              "Accepted the invitation from "
                  + id
                  + " (state "
                  + Levels.state(p.getState())
                  + ").");
      out().println();
      Text.keyValues(out(), partnerLines(p, now()));
      return 0;
    }
  }

  // ---- list / show ----------------------------------------------------------------------------

  @Command(
      name = "list",
      description = "List all partners with their state and levels in each direction.")
  static final class ListPartners extends ApiCommand {
    @Override
    int run(NodeClient client) {
      List<Partner> partners = new ArrayList<>();
      String token = "";
      Set<String> seen = new HashSet<>();
      for (int page = 0; page < MAX_PAGES; page++) {
        ListPartnersResponse response =
            client.call(
                TrustServiceGrpc.getListPartnersMethod(),
                ListPartnersRequest.newBuilder()
                    .setPageSize(PAGE_SIZE)
                    .setPageToken(token)
                    .build());
        partners.addAll(response.getPartnersList());
        token = response.getNextPageToken();
        if (token.isEmpty()) {
          break;
        }
        if (!seen.add(token)) {
          throw new CliException(
              CliException.FAILURE, "the node returned the same page token twice: " + token);
        }
      }
      if (json()) {
        printJson(ListPartnersResponse.newBuilder().addAllPartners(partners).build());
        return 0;
      }
      if (partners.isEmpty()) {
        out().println("No partners yet. Invite one with: eventkit trust invite --partner ID");
        return 0;
      }
      Text.Table table =
          new Text.Table("NODE", "STATE", "LEVEL", "THEIR LEVEL", "ENDPOINT", "CERT EXPIRES");
      for (Partner p : partners) {
        table.row(
            p.getNodeId(),
            Levels.state(p.getState()),
            Levels.name(p.getGrantedLevel()),
            Levels.name(p.getReceivedLevel()),
            p.getFederationEndpoint(),
            Text.instant(p.getClientCertificateExpiresAt()));
      }
      table.print(out());
      for (Partner p : partners) {
        if (p.getState() == PartnerState.PARTNER_STATE_REVOKED_BY_PARTNER) {
          out()
              .println(
                  p.getNodeId()
                      + " has revoked this node. To work together again, accept a new invitation"
                      + " from it, or invite it: eventkit trust invite --partner "
                      + p.getNodeId());
        }
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      description = "Show one partner: state, levels, limits, bundle and certificate.")
  static final class Show extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "PARTNER",
        converter = NodeIds.Converter.class,
        description = "The partner's node ID.")
    String partner;

    @Override
    int run(NodeClient client) {
      Partner p =
          client.call(
              TrustServiceGrpc.getGetPartnerMethod(),
              GetPartnerRequest.newBuilder().setNodeId(partner).build());
      return printPartner(this, null, p);
    }
  }

  // ---- set-level ------------------------------------------------------------------------------

  @Command(
      name = "set-level",
      description = {
        "Change what a partner may do on this node. Applies to its next call.",
        "Auto-confirm limits (--max-quantity, --max-value with --currency) go only with"
            + " subhire-auto-confirm: requests above any limit wait for a person.",
        LEVELS_HELP
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit trust set-level b.example resolve-assets",
        "  eventkit trust set-level b.example subhire-auto-confirm --max-quantity 10 \\",
        "      --max-value 2500.00 --currency EUR",
        "  eventkit trust set-level b.example availability --rate-limit 50"
      })
  static final class SetLevel extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "PARTNER",
        converter = NodeIds.Converter.class,
        description = "The partner's node ID.")
    String partner;

    @Parameters(
        index = "1",
        paramLabel = "LEVEL",
        converter = Levels.Converter.class,
        completionCandidates = Levels.Candidates.class,
        description = "The new level: ${COMPLETION-CANDIDATES}.")
    TrustLevel level;

    @Option(
        names = "--max-quantity",
        paramLabel = "N",
        description = "Auto-confirm at most N items per request.")
    Integer maxQuantity;

    @Option(
        names = "--max-value",
        paramLabel = "AMOUNT",
        description =
            "Auto-confirm requests worth at most AMOUNT (e.g. 2500.00); needs --currency.")
    String maxValue;

    @Option(
        names = "--currency",
        paramLabel = "CODE",
        description = "ISO 4217 currency of --max-value, e.g. EUR.")
    String currency;

    @Option(
        names = "--rate-limit",
        paramLabel = "N",
        description = "Calls per second this partner may make. Default: keep the current limit.")
    Integer rateLimit;

    private AutoConfirmLimits limits;

    @Override
    void validate() {
      boolean anyLimit = maxQuantity != null || maxValue != null || currency != null;
      if (anyLimit && level != TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM) {
        throw usage(
            "--max-quantity, --max-value and --currency apply only to level subhire-auto-confirm,"
                + " not "
                + Levels.name(level));
      }
      if (rateLimit != null && rateLimit < 1) {
        throw usage("--rate-limit must be at least 1 call per second (got " + rateLimit + ")");
      }
      if (!anyLimit) {
        return;
      }
      AutoConfirmLimits.Builder b = AutoConfirmLimits.newBuilder();
      if (maxQuantity != null) {
        if (maxQuantity < 1) {
          throw usage("--max-quantity must be at least 1 (got " + maxQuantity + ")");
        }
        b.setMaxQuantityPerRequest(maxQuantity);
      }
      if (maxValue != null || currency != null) {
        if (maxValue == null) {
          throw usage("--currency goes with --max-value AMOUNT");
        }
        if (currency == null) {
          throw usage(
              "--max-value needs --currency, e.g. --max-value " + maxValue + " --currency EUR");
        }
        Currency c;
        try {
          c = Amounts.currency(currency);
        } catch (CommandLine.TypeConversionException e) {
          throw usage(e.getMessage());
        }
        BigDecimal amount;
        try {
          amount = new BigDecimal(maxValue.trim());
        } catch (NumberFormatException e) {
          throw usage("--max-value '" + maxValue + "' is not an amount: use e.g. 2500 or 2500.00");
        }
        if (amount.signum() <= 0) {
          throw usage("--max-value must be more than 0 (got " + maxValue + ")");
        }
        Money money;
        try {
          money = Amounts.of(amount, c, maxValue);
        } catch (CommandLine.TypeConversionException e) {
          throw usage("--max-value " + e.getMessage());
        }
        b.setMaxValueMinorUnits(money.getMinorUnits()).setCurrencyCode(money.getCurrencyCode());
      }
      limits = b.build();
    }

    @Override
    int run(NodeClient client) {
      SetPartnerLevelRequest.Builder request =
          SetPartnerLevelRequest.newBuilder().setNodeId(partner).setLevel(level);
      if (limits != null) {
        request.setAutoConfirm(limits);
      }
      if (rateLimit != null) {
        request.setRateLimitPerSecond(rateLimit);
      }
      Partner p = client.call(TrustServiceGrpc.getSetPartnerLevelMethod(), request.build());
      return printPartner(
          this, partner + " may now do on this node: " + Levels.name(p.getGrantedLevel()) + ".", p);
    }
  }

  /** Prints a partner as JSON, or as an optional sentence above its details; returns exit 0. */
  static int printPartner(ApiCommand command, String sentence, Partner p) {
    return command.emit(
        p,
        () -> {
          if (sentence != null) {
            command.out().println(sentence);
            command.out().println();
          }
          Text.keyValues(command.out(), partnerLines(p, command.now()));
        });
  }

  // ---- suspend / resume / revoke / refresh ----------------------------------------------------

  /** A command taking PARTNER and an optional --reason that returns the partner. */
  abstract static class PartnerAction extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "PARTNER",
        converter = NodeIds.Converter.class,
        description = "The partner's node ID.")
    String partner;

    abstract MethodDescriptor<PartnerActionRequest, Partner> method();

    String reason() {
      return null;
    }

    /** The sentence printed above the partner's details. */
    abstract String done(Partner p);

    @Override
    int run(NodeClient client) {
      PartnerActionRequest.Builder request = PartnerActionRequest.newBuilder().setNodeId(partner);
      if (reason() != null) {
        request.setReason(reason());
      }
      Partner p = client.call(method(), request.build());
      return printPartner(this, json() ? null : done(p), p);
    }
  }

  abstract static class ReasonedAction extends PartnerAction {
    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Why (kept in the trust audit log).")
    String reason;

    @Override
    String reason() {
      return reason;
    }
  }

  @Command(
      name = "suspend",
      description = {
        "Suspend a partner: its calls and certificate renewals are refused from its next call.",
        "Reversible with 'trust resume'."
      },
      footerHeading = "%nExample:%n",
      footer = "  eventkit trust suspend b.example --reason \"unpaid invoices\"")
  static final class Suspend extends ReasonedAction {
    @Override
    MethodDescriptor<PartnerActionRequest, Partner> method() {
      return TrustServiceGrpc.getSuspendPartnerMethod();
    }

    @Override
    String done(Partner p) {
      return "Suspended "
          + partner
          + ": its calls are refused until you run: eventkit trust resume "
          + partner;
    }
  }

  @Command(name = "resume", description = "Resume a suspended partner (back to ACTIVE).")
  static final class Resume extends ReasonedAction {
    @Override
    MethodDescriptor<PartnerActionRequest, Partner> method() {
      return TrustServiceGrpc.getResumePartnerMethod();
    }

    @Override
    String done(Partner p) {
      return "Resumed " + partner + " (state " + Levels.state(p.getState()) + ").";
    }
  }

  @Command(
      name = "revoke",
      description = {
        "Revoke a partner, for good: its next call is refused, open streams are closed, renewal"
            + " is refused and its certificates go on the CRL.",
        "To work with it again, exchange a new invitation. Asks for confirmation unless --yes."
      },
      footerHeading = "%nExample:%n",
      footer = "  eventkit trust revoke b.example --reason \"contract ended\" --yes")
  static final class Revoke extends ReasonedAction {
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
          partner,
          "revoking " + partner,
          "revoke",
          "revoked",
          "Revoke "
              + partner
              + "? This is final: its calls are refused and its certificates revoked.\n"
              + "Type the node ID to confirm: ");
    }

    @Override
    MethodDescriptor<PartnerActionRequest, Partner> method() {
      return TrustServiceGrpc.getRevokePartnerMethod();
    }

    @Override
    String done(Partner p) {
      return "Revoked "
          + partner
          + " (told about it if it was reachable; see eventkit trust audit "
          + partner
          + "). This is final; to work together again, exchange a new invitation.";
    }
  }

  @Command(
      name = "refresh",
      description =
          "Refresh a partner now: fetch its trust bundle, renew this node's client certificate at"
              + " the partner if due, and ping it.")
  static final class Refresh extends PartnerAction {
    @Override
    Duration defaultTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    MethodDescriptor<PartnerActionRequest, Partner> method() {
      return TrustServiceGrpc.getRefreshPartnerMethod();
    }

    @Override
    String done(Partner p) {
      return "Refreshed " + partner + " (state " + Levels.state(p.getState()) + ").";
    }
  }

  // ---- audit ----------------------------------------------------------------------------------

  @Command(
      name = "audit",
      description = "Show the trust audit log: who changed what, when, and from where.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit trust audit", "  eventkit trust audit --partner b.example --limit 200"})
  static final class Audit extends ApiCommand {
    @Option(
        names = "--partner",
        paramLabel = "ID",
        converter = NodeIds.Converter.class,
        description = "Only this partner's entries.")
    String partner;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "At most N entries. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    void validate() {
      if (limit < 1 || limit > 100_000) {
        throw usage("--limit must be between 1 and 100000 (got " + limit + ")");
      }
    }

    @Override
    int run(NodeClient client) {
      Pages.Collected<TrustAuditEntry> collected =
          Pages.collect(
              limit,
              500,
              "",
              (size, pageToken) -> {
                ListTrustAuditRequest.Builder request =
                    ListTrustAuditRequest.newBuilder().setPageSize(size).setPageToken(pageToken);
                if (partner != null) {
                  request.setNodeId(partner);
                }
                ListTrustAuditResponse response =
                    client.call(TrustServiceGrpc.getListTrustAuditMethod(), request.build());
                return new Pages.Page<>(response.getEntriesList(), response.getNextPageToken());
              });
      List<TrustAuditEntry> entries = collected.entries();
      String token = collected.nextPageToken();
      boolean more = collected.more();
      if (json()) {
        printJson(
            ListTrustAuditResponse.newBuilder()
                .addAllEntries(entries)
                .setNextPageToken(token)
                .build());
        return 0;
      }
      if (entries.isEmpty()) {
        out()
            .println(
                partner == null ? "No audit entries." : "No audit entries for " + partner + ".");
        return 0;
      }
      Text.Table table = new Text.Table("TIME", "ACTOR", "FROM", "PARTNER", "ACTION", "DETAIL");
      for (TrustAuditEntry e : entries) {
        table.row(
            Text.instant(e.getAt()),
            e.getActor(),
            e.getActorAddress().startsWith("/")
                ? e.getActorAddress().substring(1)
                : e.getActorAddress(),
            e.getPartnerNodeId(),
            e.getAction(),
            e.getDetail());
      }
      table.print(out());
      if (more) {
        out().println("(more entries: raise --limit to see them)");
      }
      return 0;
    }
  }

  // ---- shared ---------------------------------------------------------------------------------

  /** One partner as aligned "key value" lines. */
  static Map<String, String> partnerLines(Partner p, Instant now) {
    Map<String, String> lines = new LinkedHashMap<>();
    String id = Text.orNone(p.getNodeId());
    lines.put("node", id);
    lines.put(
        "state",
        Levels.state(p.getState())
            + (Text.isSet(p.getStateChangedAt())
                ? " since " + Text.instantRelative(p.getStateChangedAt(), now)
                : ""));
    lines.put("endpoint", Text.orNone(p.getFederationEndpoint()));
    lines.put("level", Levels.name(p.getGrantedLevel()) + "  (what " + id + " may do here)");
    lines.put(
        "their level", Levels.name(p.getReceivedLevel()) + "  (what we may do on " + id + ")");
    AutoConfirmLimits l = p.getAutoConfirm();
    boolean anyLimit = l.getMaxQuantityPerRequest() > 0 || l.getMaxValueMinorUnits() > 0;
    if (p.getGrantedLevel() == TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM || anyLimit) {
      lines.put("auto-confirm", limits(p.getAutoConfirm()));
    }
    lines.put(
        "rate limit",
        p.getRateLimitPerSecond() > 0 ? p.getRateLimitPerSecond() + " calls/s" : "node default");
    lines.put(
        "bundle",
        p.getBundleSequence() > 0 || Text.isSet(p.getBundleFetchedAt())
            ? "sequence "
                + p.getBundleSequence()
                + ", fetched "
                + Text.instantRelative(p.getBundleFetchedAt(), now)
            : Text.NONE);
    lines.put("cert expires", Text.instantRelative(p.getClientCertificateExpiresAt(), now));
    lines.put("created", Text.instant(p.getCreatedAt()));
    return lines;
  }

  static String limits(AutoConfirmLimits l) {
    List<String> parts = new ArrayList<>();
    if (l.getMaxQuantityPerRequest() > 0) {
      parts.add("max " + l.getMaxQuantityPerRequest() + " items per request");
    }
    if (l.getMaxValueMinorUnits() > 0) {
      parts.add(
          "max " + Text.money(l.getMaxValueMinorUnits(), l.getCurrencyCode()) + " per request");
    }
    return parts.isEmpty() ? "no limits set" : String.join(", ", parts);
  }
}
