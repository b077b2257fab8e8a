package io.eventkit.conformance.harness;

import java.time.Duration;

/**
 * What may differ between deployed nodes besides their name and ports.
 *
 * @param clockOffset shifts the node's clock (config {@code clockOffset}, {@code dev
 *     --clock-offset}); for clock-skew cases
 * @param displayName the company name (config {@code displayName}); empty: the node ID
 */
public record NodeOptions(Duration clockOffset, String displayName) {
  public static NodeOptions defaults() {
    return new NodeOptions(Duration.ZERO, "");
  }

  public NodeOptions withClockOffset(Duration offset) {
    return new NodeOptions(offset, displayName);
  }

  public NodeOptions withDisplayName(String name) {
    return new NodeOptions(clockOffset, name);
  }
}
