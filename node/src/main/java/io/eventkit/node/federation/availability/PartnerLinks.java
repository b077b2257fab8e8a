package io.eventkit.node.federation.availability;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.eventkit.node.federation.channels.PartnerChannel;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.channels.PartnerStats;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.kernel.TenantContext;
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

  /**
   * The registry's ACTIVE partners, held for up to {@link #ACTIVE_FOR} and dropped on every partner
   * change (on this replica at once; on the others when the change feed tells them). Every fan-out
   * reads this list, so reading it from the database each time cost a query per call; only the
   * partner's announced name, which is not a change, can be that old.
   */
  static PartnerLinks of(PartnerRegistry partners, PartnerChannels channels) {
    LoadingCache<Boolean, List<Partner>> active =
        Caffeine.newBuilder()
            .expireAfterWrite(ACTIVE_FOR)
            .build(k -> List.copyOf(readActive(partners)));
    partners.onChange(id -> active.invalidateAll());
    return new PartnerLinks() {
      @Override
      public List<Partner> active() {
        // Federation is the default tenant's alone (docs/saas.md): another tenant has no partners,
        // and must not reach the default's through this node-wide cache.
        if (!TenantContext.DEFAULT_TENANT.equals(TenantContext.current())) {
          return List.of();
        }
        return active.get(Boolean.TRUE);
      }

      @Override
      public Link link(String nodeId) {
        PartnerChannel ch = channels.channel(nodeId);
        return new Link(ch.channel(), ch.circuitBreaker(), ch.stats());
      }
    };
  }

  java.time.Duration ACTIVE_FOR = java.time.Duration.ofSeconds(5);

  private static List<Partner> readActive(PartnerRegistry partners) {
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
}
