package io.eventkit.ca.rotation;

import io.eventkit.ca.CertificateAuthority;

/** The result of {@link IssuingCaRotation#prepare}: the new slot and its CA (with the key). */
public record PreparedIssuingCa(IssuingCaSlot slot, CertificateAuthority ca) {
  @Override
  public String toString() {
    return "PreparedIssuingCa[" + slot + ", " + ca + "]"; // ca.toString() holds no key material
  }
}
