package io.eventkit.ca.rotation;

import io.eventkit.ca.CaException;
import io.eventkit.ca.CertificateAuthority;
import io.eventkit.ca.Pem;
import io.eventkit.ca.TrustBundle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Issuing-CA rotation over slots: {@code prepare → publish → activate → (old one) PREVIOUS →
 * retire}. Publishing and retiring change the trust bundle (sequence + 1); activating does not.
 *
 * <p>Holds only values: load it from persisted slots and bundle, call one step, store {@link
 * #slots()} and {@link #bundle()} back. No I/O. Thread-safe (steps are serialised).
 */
public final class IssuingCaRotation {
  private final RotationPolicy policy;
  private final Clock clock;
  private TrustBundle bundle;
  private final List<IssuingCaSlot> slots;

  /** Restores a rotation from persisted state. */
  public IssuingCaRotation(
      TrustBundle bundle, List<IssuingCaSlot> slots, RotationPolicy policy, Clock clock) {
    this.bundle = Objects.requireNonNull(bundle);
    this.slots = new ArrayList<>(slots);
    this.policy = Objects.requireNonNull(policy);
    this.clock = Objects.requireNonNull(clock);
    if (slots.stream().filter(s -> s.state() == SlotState.ACTIVE).count() != 1) {
      throw new CaException(CaException.Reason.INVALID_ARGUMENT, "exactly one ACTIVE slot needed");
    }
  }

  /**
   * A node's first state: {@code issuing} ACTIVE, bundle sequence 1 holding its root and {@code
   * issuing}.
   */
  public static IssuingCaRotation start(
      CertificateAuthority issuing, RotationPolicy policy, Clock clock) {
    List<java.security.cert.X509Certificate> chain = issuing.chain();
    TrustBundle bundle =
        new TrustBundle(issuing.nodeId(), 1, List.of(chain.get(chain.size() - 1), chain.get(0)));
    IssuingCaSlot slot =
        new IssuingCaSlot(
            UUID.randomUUID().toString(),
            SlotState.ACTIVE,
            Pem.write(issuing.certificate()),
            clock.instant());
    return new IssuingCaRotation(bundle, List.of(slot), policy, clock);
  }

  /**
   * Creates the next issuing CA under {@code root} in a PREPARED slot (not in the bundle, not
   * signing). The caller stores the returned CA's key under the slot ID.
   *
   * @throws CaException INVALID_STATE_TRANSITION if a PREPARED or PUBLISHED slot already exists
   */
  public synchronized PreparedIssuingCa prepare(CertificateAuthority root, Duration lifetime) {
    for (IssuingCaSlot s : slots) {
      if (s.state() == SlotState.PREPARED || s.state() == SlotState.PUBLISHED) {
        throw new CaException(
            CaException.Reason.INVALID_STATE_TRANSITION,
            "slot "
                + s.id()
                + " is already "
                + s.state()
                + ": activate it before preparing another");
      }
    }
    CertificateAuthority ca = root.withClock(clock).createIssuingCa(lifetime);
    IssuingCaSlot slot =
        new IssuingCaSlot(
            UUID.randomUUID().toString(),
            SlotState.PREPARED,
            Pem.write(ca.certificate()),
            clock.instant());
    slots.add(slot);
    return new PreparedIssuingCa(slot, ca);
  }

  /**
   * PREPARED → PUBLISHED: adds the CA to the bundle (sequence + 1) so partners trust it before it
   * signs anything.
   */
  public synchronized IssuingCaSlot publish(String slotId) {
    IssuingCaSlot s = require(slotId, SlotState.PREPARED, "publish");
    bundle = bundle.withAdded(s.certificate());
    return replace(s.moveTo(SlotState.PUBLISHED, clock.instant()));
  }

  /**
   * PUBLISHED → ACTIVE, the current ACTIVE → PREVIOUS (stays in the bundle).
   *
   * @throws CaException TOO_EARLY if published less than {@code minPublishedBeforeActivate} ago
   */
  public synchronized IssuingCaSlot activate(String slotId) {
    IssuingCaSlot s = require(slotId, SlotState.PUBLISHED, "activate");
    Instant now = clock.instant();
    Instant allowed = s.since().plus(policy.minPublishedBeforeActivate());
    if (now.isBefore(allowed)) {
      throw new CaException(
          CaException.Reason.TOO_EARLY,
          "slot "
              + slotId
              + " was published at "
              + s.since()
              + ": activation allowed from "
              + allowed);
    }
    replace(active().moveTo(SlotState.PREVIOUS, now));
    return replace(s.moveTo(SlotState.ACTIVE, now));
  }

  /**
   * PREVIOUS → RETIRED: removes the CA from the bundle (sequence + 1).
   *
   * @throws CaException TOO_EARLY if previous for less than {@code minPreviousBeforeRetire}
   */
  public synchronized IssuingCaSlot retire(String slotId) {
    IssuingCaSlot s = require(slotId, SlotState.PREVIOUS, "retire");
    Instant now = clock.instant();
    Instant allowed = s.since().plus(policy.minPreviousBeforeRetire());
    if (now.isBefore(allowed)) {
      throw new CaException(
          CaException.Reason.TOO_EARLY,
          "slot "
              + slotId
              + " stopped signing at "
              + s.since()
              + ": retiring allowed from "
              + allowed);
    }
    bundle = bundle.withRemoved(s.certificate());
    return replace(s.moveTo(SlotState.RETIRED, now));
  }

  public synchronized TrustBundle bundle() {
    return bundle;
  }

  public synchronized List<IssuingCaSlot> slots() {
    return List.copyOf(slots);
  }

  /** The signing slot. */
  public synchronized IssuingCaSlot active() {
    return slots.stream().filter(s -> s.state() == SlotState.ACTIVE).findFirst().orElseThrow();
  }

  /**
   * @throws CaException INVALID_ARGUMENT if there is no such slot
   */
  public synchronized IssuingCaSlot slot(String slotId) {
    return slots.stream()
        .filter(s -> s.id().equals(slotId))
        .findFirst()
        .orElseThrow(
            () -> new CaException(CaException.Reason.INVALID_ARGUMENT, "no slot " + slotId));
  }

  private IssuingCaSlot require(String slotId, SlotState expected, String step) {
    IssuingCaSlot s = slot(slotId);
    if (s.state() != expected) {
      throw new CaException(
          CaException.Reason.INVALID_STATE_TRANSITION,
          "cannot "
              + step
              + " slot "
              + slotId
              + " in state "
              + s.state()
              + " (needs "
              + expected
              + ")");
    }
    return s;
  }

  private IssuingCaSlot replace(IssuingCaSlot updated) {
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).id().equals(updated.id())) {
        slots.set(i, updated);
      }
    }
    return updated;
  }
}
