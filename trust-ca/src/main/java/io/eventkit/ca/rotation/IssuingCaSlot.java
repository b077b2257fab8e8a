package io.eventkit.ca.rotation;

import io.eventkit.ca.Pem;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A persisted issuing-CA slot: plain values for a database row. The private key is not here: the
 * node stores it (encrypted) under the slot {@code id}.
 *
 * @param id stable slot ID (a UUID)
 * @param state current state
 * @param certificatePem the issuing CA certificate
 * @param since when the slot entered {@code state} (drives the waiting rules)
 */
public record IssuingCaSlot(String id, SlotState state, String certificatePem, Instant since) {
  public IssuingCaSlot {
    Objects.requireNonNull(id);
    Objects.requireNonNull(state);
    Objects.requireNonNull(certificatePem);
    Objects.requireNonNull(since);
  }

  public X509Certificate certificate() {
    return Pem.readCertificate(certificatePem);
  }

  IssuingCaSlot moveTo(SlotState next, Instant at) {
    return new IssuingCaSlot(id, next, certificatePem, at);
  }
}
