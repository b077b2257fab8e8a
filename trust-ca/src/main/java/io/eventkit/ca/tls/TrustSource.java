package io.eventkit.ca.tls;

import io.eventkit.ca.RevocationChecker;
import io.eventkit.ca.TrustBundle;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link ReloadingTrustManager} validates peers against: one bundle (never merged with
 * another), a revocation checker, the clock and the clock-skew allowance (60 s by default).
 */
public record TrustSource(
    TrustBundle bundle, RevocationChecker revocation, Clock clock, Duration skew) {
  public static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);

  public TrustSource {
    Objects.requireNonNull(bundle);
    Objects.requireNonNull(revocation);
    Objects.requireNonNull(clock);
    Objects.requireNonNull(skew);
  }

  public static TrustSource of(TrustBundle bundle, RevocationChecker revocation, Clock clock) {
    return new TrustSource(bundle, revocation, clock, DEFAULT_SKEW);
  }

  public TrustSource withBundle(TrustBundle bundle) {
    return new TrustSource(bundle, revocation, clock, skew);
  }

  public TrustSource withRevocation(RevocationChecker revocation) {
    return new TrustSource(bundle, revocation, clock, skew);
  }
}
