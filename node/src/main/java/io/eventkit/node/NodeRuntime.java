package io.eventkit.node;

import io.eventkit.node.federation.FederationModule;
import io.eventkit.node.platform.api.grpc.ApiServer;
import io.eventkit.node.platform.mail.MailOutbox;
import io.eventkit.node.platform.pdf.PdfRenderer;
import java.nio.file.Path;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What a started node exposes to its launcher (the dev command, tests, the conformance harness):
 * the bound ports, the platform services features are built with (the mail outbox, the document
 * renderer, the domain-event recorder), the notifications module and the first-start admin token,
 * if one was just created.
 */
public record NodeRuntime(
    String nodeId,
    Path dataDir,
    Jdbi jdbi,
    ApiServer api,
    FederationModule federation,
    MailOutbox mail,
    PdfRenderer documents,
    Optional<String> newAdminToken,
    io.eventkit.node.platform.events.DomainEvents events,
    io.eventkit.node.notifications.NotificationsModule notifications) {

  public int grpcPort() {
    return api.boundPort();
  }
}
