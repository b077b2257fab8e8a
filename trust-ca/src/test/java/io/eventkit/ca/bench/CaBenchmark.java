package io.eventkit.ca.bench;

import io.eventkit.ca.CertificateAuthority;
import io.eventkit.ca.Csrs;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.RevocationChecker;
import io.eventkit.ca.TrustBundle;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Not a test: prints issuance/s (keygen + CSR + policy checks + signing) and chain validations/s
 * (path building + PKIX + skew + revocation + identity). Run: see trust-ca/README.md.
 */
public final class CaBenchmark {
  private CaBenchmark() {}

  public static void main(String[] args) {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3;
    Clock clock = Clock.systemUTC();
    NodeId a = NodeId.of("a.example");
    NodeId b = NodeId.of("b.example");
    CertificateAuthority root =
        CertificateAuthority.createRoot(a, CertificateAuthority.DEFAULT_ROOT_LIFETIME, clock);
    CertificateAuthority issuing = root.createIssuingCa(Duration.ofDays(365));
    TrustBundle bundle = new TrustBundle(a, 1, List.of(root.certificate(), issuing.certificate()));

    run(
        "issuance (P-256 keygen + CSR + sign)",
        seconds,
        i -> {
          KeyPair kp = KeyPairs.generateP256();
          issuing.signPartnerCsr(
              Csrs.createPartnerCsr(kp, a, b), b, Duration.ofHours(24), Duration.ofDays(1));
        });
    run(
        "sign only (CSR policy + sign)",
        seconds,
        new LongConsumer() {
          final String csr = Csrs.createPartnerCsr(KeyPairs.generateP256(), a, b);

          @Override
          public void accept(long i) {
            issuing.signPartnerCsr(csr, b, Duration.ofHours(24), Duration.ofDays(1));
          }
        });
    X509Certificate leaf =
        issuing.signPartnerCsr(
            Csrs.createPartnerCsr(KeyPairs.generateP256(), a, b),
            b,
            Duration.ofHours(24),
            Duration.ofDays(1));
    run(
        "chain validation (leaf + issuing CA)",
        seconds,
        i ->
            bundle.validate(
                List.of(leaf, issuing.certificate()),
                clock.instant(),
                Duration.ofSeconds(60),
                RevocationChecker.none()));
  }

  private static void run(String name, long seconds, LongConsumer op) {
    long warmupEnd = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    for (long i = 0; System.nanoTime() < warmupEnd; i++) {
      op.accept(i);
    }
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(seconds).toNanos();
    long n = 0;
    while (System.nanoTime() < end) {
      op.accept(n++);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%-40s %10.0f ops/s  (%.3f ms/op, %d ops in %.1f s)%n",
        name, n / elapsed, elapsed * 1000 / n, n, elapsed);
  }
}
