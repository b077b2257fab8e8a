package io.eventkit.node.federation;

import com.codahale.metrics.health.HealthCheck;
import io.eventkit.node.federation.channels.PartnerChannel;
import io.eventkit.node.federation.channels.PartnerChannels;
import java.util.ArrayList;
import java.util.List;

/**
 * Unhealthy when the last call to some partner failed after its last success. Registered as a
 * {@code degraded:} check: a partner outage degrades the node, it does not take it down.
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
    return failing.isEmpty()
        ? Result.healthy(channels.all().size() + " partner channel(s) healthy")
        : Result.unhealthy("unreachable or refusing: " + String.join(", ", failing));
  }
}
