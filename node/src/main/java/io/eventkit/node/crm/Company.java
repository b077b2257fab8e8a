package io.eventkit.node.crm;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A client company. {@code domain} and {@code nameKey} are derived (see {@link Duplicates}). */
record Company(
    UUID id,
    String name,
    String nameKey,
    String email,
    String phone,
    String website,
    String domain,
    String taxId,
    Address address,
    String defaultCurrency,
    String language,
    UUID priceListId,
    List<String> tags,
    String notes,
    boolean archived,
    Instant createdAt,
    Instant updatedAt) {

  /** A postal address; every part may be empty. */
  record Address(
      String line1,
      String line2,
      String postalCode,
      String city,
      String region,
      String countryCode) {
    static final Address EMPTY = new Address("", "", "", "", "", "");
  }
}
