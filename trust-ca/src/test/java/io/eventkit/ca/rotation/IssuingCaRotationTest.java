package io.eventkit.ca.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.ca.CaException;
import io.eventkit.ca.CertificateAuthority;
import io.eventkit.ca.Csrs;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.MutableClock;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.RevocationChecker;
import io.eventkit.ca.TestPki;
import io.eventkit.ca.TrustBundle;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class IssuingCaRotationTest {
  static final NodeId A = NodeId.of("a.example");
  static final NodeId B = NodeId.of("b.example");
  static final Duration SKEW = Duration.ofSeconds(60);
  static final RotationPolicy POLICY =
      new RotationPolicy(Duration.ofMinutes(10), Duration.ofHours(24));

  final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
  final TestPki pki = TestPki.create("a.example", clock);
  final IssuingCaRotation rotation = IssuingCaRotation.start(pki.issuing(), POLICY, clock);

  @Test
  void fullRotation() {
    IssuingCaSlot first = rotation.active();
    assertThat(rotation.bundle().sequence()).isEqualTo(1);
    assertThat(rotation.bundle().certificates())
        .containsExactly(pki.root().certificate(), pki.issuing().certificate());
    X509Certificate oldLeaf = issue(pki.issuing());

    PreparedIssuingCa next = rotation.prepare(pki.root(), Duration.ofDays(365));
    assertThat(next.slot().state()).isEqualTo(SlotState.PREPARED);
    assertThat(next.slot().certificate()).isEqualTo(next.ca().certificate());
    assertThat(rotation.bundle().sequence()).isEqualTo(1); // prepared: not published
    assertThat(next.toString()).doesNotContain("PRIVATE");

    clock.advance(Duration.ofMinutes(1));
    assertThat(rotation.publish(next.slot().id()).state()).isEqualTo(SlotState.PUBLISHED);
    assertThat(rotation.bundle().sequence()).isEqualTo(2);
    assertThat(rotation.bundle().certificates()).contains(next.ca().certificate());
    assertThat(rotation.active().id()).isEqualTo(first.id());

    // activation waits until the bundle has been out long enough
    clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertRefused(() -> rotation.activate(next.slot().id()), CaException.Reason.TOO_EARLY);
    clock.advance(Duration.ofSeconds(1));
    assertThat(rotation.activate(next.slot().id()).state()).isEqualTo(SlotState.ACTIVE);
    assertThat(rotation.active().id()).isEqualTo(next.slot().id());
    assertThat(rotation.slot(first.id()).state()).isEqualTo(SlotState.PREVIOUS);
    assertThat(rotation.bundle().sequence()).isEqualTo(2);

    // both generations validate against the current bundle
    X509Certificate newLeaf = issue(next.ca());
    assertValid(rotation.bundle(), oldLeaf);
    assertValid(rotation.bundle(), newLeaf);

    // retiring the previous waits for its leaves to expire
    assertRefused(() -> rotation.retire(first.id()), CaException.Reason.TOO_EARLY);
    clock.advance(Duration.ofHours(24));
    assertThat(rotation.retire(first.id()).state()).isEqualTo(SlotState.RETIRED);
    assertThat(rotation.bundle().sequence()).isEqualTo(3);
    assertThat(rotation.bundle().certificates())
        .containsExactly(pki.root().certificate(), next.ca().certificate());
    X509Certificate freshLeaf = issue(next.ca());
    assertValid(rotation.bundle(), freshLeaf);
    assertThatThrownBy(
            () ->
                rotation
                    .bundle()
                    .validate(
                        List.of(issue(pki.issuing())),
                        clock.instant(),
                        SKEW,
                        RevocationChecker.none()))
        .isInstanceOfSatisfying(
            CaException.class,
            e -> assertThat(e.reason()).isEqualTo(CaException.Reason.UNTRUSTED_ISSUER));

    // restoring from persisted values gives the same state
    IssuingCaRotation restored =
        new IssuingCaRotation(
            TrustBundle.parse(rotation.bundle().toText()), rotation.slots(), POLICY, clock);
    assertThat(restored.slots()).isEqualTo(rotation.slots());
    assertThat(restored.bundle()).isEqualTo(rotation.bundle());
  }

  @Test
  void outOfOrderTransitionsAreRefused() {
    IssuingCaSlot first = rotation.active();
    PreparedIssuingCa next = rotation.prepare(pki.root(), Duration.ofDays(365));
    String id = next.slot().id();
    assertRefused(() -> rotation.activate(id), CaException.Reason.INVALID_STATE_TRANSITION);
    assertRefused(() -> rotation.retire(id), CaException.Reason.INVALID_STATE_TRANSITION);
    assertRefused(() -> rotation.retire(first.id()), CaException.Reason.INVALID_STATE_TRANSITION);
    assertRefused(
        () -> rotation.prepare(pki.root(), Duration.ofDays(1)),
        CaException.Reason.INVALID_STATE_TRANSITION);
    rotation.publish(id);
    assertRefused(() -> rotation.publish(id), CaException.Reason.INVALID_STATE_TRANSITION);
    assertRefused(
        () -> rotation.prepare(pki.root(), Duration.ofDays(1)),
        CaException.Reason.INVALID_STATE_TRANSITION);
    assertRefused(() -> rotation.activate("no-such-slot"), CaException.Reason.INVALID_ARGUMENT);
    clock.advance(Duration.ofMinutes(10));
    rotation.activate(id);
    assertRefused(() -> rotation.activate(id), CaException.Reason.INVALID_STATE_TRANSITION);
    assertRefused(() -> rotation.retire(id), CaException.Reason.INVALID_STATE_TRANSITION);
    clock.advance(Duration.ofHours(24));
    rotation.retire(first.id());
    assertRefused(() -> rotation.retire(first.id()), CaException.Reason.INVALID_STATE_TRANSITION);
    assertRefused(() -> rotation.publish(first.id()), CaException.Reason.INVALID_STATE_TRANSITION);
  }

  @Test
  void restoringRequiresExactlyOneActiveSlot() {
    assertRefused(
        () -> new IssuingCaRotation(rotation.bundle(), List.of(), POLICY, clock),
        CaException.Reason.INVALID_ARGUMENT);
  }

  private X509Certificate issue(CertificateAuthority ca) {
    return ca.withClock(clock)
        .signPartnerCsr(
            Csrs.createPartnerCsr(KeyPairs.generateP256(), A, B),
            B,
            Duration.ofHours(24),
            Duration.ofDays(1));
  }

  private void assertValid(TrustBundle bundle, X509Certificate leaf) {
    assertThat(bundle.validate(List.of(leaf), clock.instant(), SKEW, RevocationChecker.none()))
        .hasToString("spiffe://a.example/partner/b.example");
  }

  private static void assertRefused(ThrowingCallable call, CaException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
