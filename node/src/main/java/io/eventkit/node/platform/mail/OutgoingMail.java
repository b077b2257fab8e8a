package io.eventkit.node.platform.mail;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An email to send: one recipient, a plain-text body (and optionally an HTML one), attachments, and
 * what it is about ({@code relatedKind}/{@code relatedId}, e.g. {@code quote_version} and the
 * version's ID) so the caller can list its mails' statuses later.
 */
public record OutgoingMail(
    String toAddress,
    String toName,
    String subject,
    String textBody,
    @Nullable String htmlBody,
    List<Attachment> attachments,
    String relatedKind,
    String relatedId) {
  public OutgoingMail {
    toName = toName == null ? "" : toName;
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    relatedKind = relatedKind == null ? "" : relatedKind;
    relatedId = relatedId == null ? "" : relatedId;
  }
}
