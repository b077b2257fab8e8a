package io.eventkit.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/** One CRL entry: a serial revoked at a time for a reason. */
public record RevokedCertificate(BigInteger serial, Instant revokedAt, RevocationReason reason) {
  public RevokedCertificate {
    Objects.requireNonNull(serial);
    Objects.requireNonNull(revokedAt);
    Objects.requireNonNull(reason);
  }
}
