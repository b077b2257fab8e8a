package io.eventkit.node.crm;

import java.time.Instant;
import java.util.UUID;

/** A call, email, meeting or note recorded against a company. */
record Activity(
    UUID id,
    Kind kind,
    UUID companyId,
    UUID contactId,
    String contactName,
    UUID dealId,
    String subject,
    String body,
    Instant occurredAt,
    String recordedBy,
    Instant createdAt) {
  enum Kind {
    CALL,
    EMAIL,
    MEETING,
    NOTE
  }
}
