package io.eventkit.ca.rotation;

import java.time.Duration;

/**
 * Waiting rules of an issuing-CA rotation.
 *
 * @param minPublishedBeforeActivate a published CA may be activated only after being in the bundle
 *     this long (partners refresh bundles every 5 min: use more than that)
 * @param minPreviousBeforeRetire a previous CA may be retired only after this long (at least the
 *     longest leaf lifetime it issued, plus clock skew)
 */
public record RotationPolicy(
    Duration minPublishedBeforeActivate, Duration minPreviousBeforeRetire) {
  /** No waiting at all (tests). */
  public static final RotationPolicy IMMEDIATE = new RotationPolicy(Duration.ZERO, Duration.ZERO);
}
