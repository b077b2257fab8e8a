package io.eventkit.cli;

import io.eventkit.proto.v1.CertificateAuthorityInfo;
import io.eventkit.proto.v1.GetCertificateAuthorityRequest;
import io.eventkit.proto.v1.IssuingCaSlotInfo;
import io.eventkit.proto.v1.RotateIssuingCaRequest;
import io.eventkit.proto.v1.TrustServiceGrpc;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "ca",
    description = "The node's certificate authority: root, issuing CAs, server certificate.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {CaCommands.Show.class, CaCommands.Rotate.class})
final class CaCommands {
  @Mixin HelpOption help;

  @Command(
      name = "show",
      description =
          "Show the root CA (its fingerprint is what partners pin), the issuing CAs and their"
              + " rotation states, the server certificate and the trust bundle sequence.")
  static final class Show extends ApiCommand {
    @Override
    int run(NodeClient client) {
      CertificateAuthorityInfo ca =
          client.call(
              TrustServiceGrpc.getGetCertificateAuthorityMethod(),
              GetCertificateAuthorityRequest.getDefaultInstance());
      return emit(ca, () -> print(out(), ca, now()));
    }
  }

  @Command(
      name = "rotate",
      description = {
        "Advance issuing-CA rotation by one step: prepare and publish a new issuing CA; or, once"
            + " it has been published long enough for partners to fetch it, activate it; or retire"
            + " the previous one.",
        "Run it again for each step; 'ca show' tells where rotation stands."
      })
  static final class Rotate extends ApiCommand {
    @Override
    int run(NodeClient client) {
      CertificateAuthorityInfo ca =
          client.call(
              TrustServiceGrpc.getRotateIssuingCaMethod(),
              RotateIssuingCaRequest.getDefaultInstance());
      return emit(
          ca,
          () -> {
            out().println("Rotation advanced one step.");
            out().println();
            print(out(), ca, now());
          });
    }
  }

  static void print(PrintWriter out, CertificateAuthorityInfo ca, Instant now) {
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("node", Text.orNone(ca.getNodeId()));
    lines.put("root subject", Text.orNone(ca.getRootSubject()));
    lines.put("root sha256", Text.orNone(ca.getRootFingerprintSha256()));
    lines.put("root expires", Text.instantRelative(ca.getRootNotAfter(), now));
    lines.put("server cert sha256", Text.orNone(ca.getServerCertificateFingerprintSha256()));
    lines.put("server cert expires", Text.instantRelative(ca.getServerCertificateNotAfter(), now));
    lines.put("bundle sequence", String.valueOf(ca.getBundleSequence()));
    lines.put("revoked certs", String.valueOf(ca.getRevokedCertificates()));
    Text.keyValues(out, lines);
    out.println();
    if (ca.getIssuingCasCount() == 0) {
      out.println("No issuing CAs.");
      return;
    }
    out.println("Issuing CAs:");
    Text.Table table = new Text.Table("ID", "STATE", "SINCE", "EXPIRES", "SHA256", "SUBJECT");
    for (IssuingCaSlotInfo slot : ca.getIssuingCasList()) {
      table.row(
          slot.getId(),
          slot.getState(),
          Text.instant(slot.getSince()),
          Text.instant(slot.getNotAfter()),
          slot.getFingerprintSha256(),
          slot.getSubject());
    }
    table.print(out);
    String next = nextStep(ca);
    if (next != null) {
      out.println();
      out.println(next);
    }
  }

  /** What 'ca rotate' would do next, judged from the slot states. */
  static String nextStep(CertificateAuthorityInfo ca) {
    boolean published = false;
    boolean previous = false;
    for (IssuingCaSlotInfo slot : ca.getIssuingCasList()) {
      published |= "PUBLISHED".equalsIgnoreCase(slot.getState());
      previous |= "PREVIOUS".equalsIgnoreCase(slot.getState());
    }
    if (published) {
      return "Next: once partners have fetched the new bundle, 'eventkit ca rotate' activates the"
          + " published CA.";
    }
    if (previous) {
      return "Next: once certificates from the previous CA have been renewed, 'eventkit ca rotate'"
          + " retires it.";
    }
    return null;
  }
}
