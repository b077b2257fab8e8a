package io.eventkit.node.federation.api;

import io.eventkit.node.federation.trust.Partner;
import io.grpc.Context;

/** The authenticated partner of the current federation call (from its verified certificate). */
public record FederationPeer(Partner partner, String address) {
  public static final Context.Key<FederationPeer> CONTEXT_KEY =
      Context.key("eventkit-federation-peer");

  public static FederationPeer current() {
    FederationPeer p = CONTEXT_KEY.get();
    if (p == null) {
      throw new IllegalStateException("not inside an authenticated federation call");
    }
    return p;
  }

  public String nodeId() {
    return partner.nodeId();
  }
}
