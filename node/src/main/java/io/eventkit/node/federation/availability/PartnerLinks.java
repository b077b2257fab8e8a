package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.channels.PartnerChannel;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.channels.PartnerStats;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * The fan-outs' view of partners (availability and asset resolution): which are ACTIVE, and how to
 * reach one (tests fake it).
 */
public interface PartnerLinks {
  /** ACTIVE partners, ordered by node ID. */
  List<Partner> active();

  /** The partner's channel, circuit breaker and health; throws if there is no channel. */
  Link link(String nodeId);

  record Link(Channel channel, CircuitBreaker circuitBreaker, PartnerStats stats) {}

  static PartnerLinks of(PartnerRegistry partners, PartnerChannels channels) {
    return new PartnerLinks() {
      @Override
      public List<Partner> active() {
        List<Partner> out = new ArrayList<>();
        String after = "";
        while (true) {
          List<Partner> page = partners.list(after, 500);
          page.stream().filter(p -> p.state() == PartnerState.ACTIVE).forEach(out::add);
          if (page.size() < 500) {
            return out;
          }
          after = page.get(page.size() - 1).nodeId();
        }
      }

      @Override
      public Link link(String nodeId) {
        PartnerChannel ch = channels.channel(nodeId);
        return new Link(ch.channel(), ch.circuitBreaker(), ch.stats());
      }
    };
  }
}
