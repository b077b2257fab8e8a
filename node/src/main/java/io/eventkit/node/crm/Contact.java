package io.eventkit.node.crm;

import java.time.Instant;
import java.util.UUID;

/** A person at a client company. */
record Contact(
    UUID id,
    UUID companyId,
    String companyName,
    String firstName,
    String lastName,
    String role,
    String email,
    String phone,
    String mobile,
    String language,
    boolean primary,
    String notes,
    boolean archived,
    Instant createdAt,
    Instant updatedAt) {

  String displayName() {
    return (firstName + " " + lastName).strip();
  }
}
