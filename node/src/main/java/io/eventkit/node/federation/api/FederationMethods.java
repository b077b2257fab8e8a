package io.eventkit.node.federation.api;

import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustLevel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The minimum trust level of every federation RPC, and the methods a PENDING partner may call. Deny
 * by default: a method nobody registered is refused.
 */
public final class FederationMethods {
  private final Map<String, TrustLevel> required = new ConcurrentHashMap<>();
  private final Set<String> allowedWhilePending = ConcurrentHashMap.newKeySet();
  private final Set<String> allowedWhileSuspended = ConcurrentHashMap.newKeySet();

  public FederationMethods require(String fullMethodName, TrustLevel level) {
    required.put(fullMethodName, level);
    return this;
  }

  public FederationMethods allowWhilePending(String fullMethodName) {
    allowedWhilePending.add(fullMethodName);
    return this;
  }

  /** A SUSPENDED partner may still call this method (e.g. to tell us it revoked us). */
  public FederationMethods allowWhileSuspended(String fullMethodName) {
    allowedWhileSuspended.add(fullMethodName);
    return this;
  }

  /** Null if the method is unknown (and so refused). */
  TrustLevel required(String fullMethodName) {
    return required.get(fullMethodName);
  }

  boolean allowed(String fullMethodName, PartnerState state) {
    return state == PartnerState.ACTIVE
        || (state == PartnerState.PENDING && allowedWhilePending.contains(fullMethodName))
        || (state == PartnerState.SUSPENDED && allowedWhileSuspended.contains(fullMethodName));
  }
}
