package io.eventkit.node.federation;

import com.codahale.metrics.health.HealthCheck;
import io.eventkit.node.federation.channels.PartnerChannel;
import io.eventkit.node.federation.channels.PartnerChannels;
import java.util.ArrayList;
import java.util.List;

/**
 * Unhealthy when the last call to some partner failed after its last success, or when a partner's
 * clock is further off than federation.clockOffsetWarning (§10.1). Registered as a {@code
 * degraded:} check: a partner outage degrades the node, it does not take it down.
 */
final class PartnerHealthCheck extends HealthCheck {
  private final PartnerChannels channels;

  PartnerHealthCheck(PartnerChannels channels) {
    this.channels = channels;
  }

  @Override
  protected Result check() {
    List<String> failing = new ArrayList<>();
    for (PartnerChannel ch : channels.all()) {
      var stats = ch.stats();
      if (stats.lastErrorAt() != null
          && (stats.lastSuccess() == null || stats.lastErrorAt().isAfter(stats.lastSuccess()))) {
        failing.add(ch.partnerId() + " (" + stats.lastError() + ")");
      }
    }
    List<String> skewed = new ArrayList<>();
    for (PartnerChannel ch : channels.all()) {
      var o = ch.stats().clockOffset();
      if (channels.clockOffsetTooLarge(o)) {
        skewed.add(ch.partnerId() + " (" + o.offset().toMillis() + " ms)");
      }
    }
    List<String> problems = new ArrayList<>();
    if (!failing.isEmpty()) {
      problems.add("unreachable or refusing: " + String.join(", ", failing));
    }
    if (!skewed.isEmpty()) {
      problems.add("clock offset above the warning threshold: " + String.join(", ", skewed));
    }
    return problems.isEmpty()
        ? Result.healthy(channels.all().size() + " partner channel(s) healthy")
        : Result.unhealthy(String.join("; ", problems));
  }
}
