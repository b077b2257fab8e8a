package io.eventkit.node.federation.trust;

import java.time.Instant;

/** A partner row (without key material). */
public record Partner(
    String nodeId,
    PartnerState state,
    String federationEndpoint,
    TrustLevel grantedLevel,
    TrustLevel receivedLevel,
    int autoConfirmMaxQuantity,
    long autoConfirmMaxValue,
    String autoConfirmCurrency,
    int rateLimitPerSecond,
    String bundleText,
    long bundleSequence,
    Instant bundleFetchedAt,
    Instant clientNotAfter,
    Instant clientIssuedAt,
    Instant createdAt,
    Instant stateChangedAt,
    // As the partner announced it in its last verified Ping; "" before the first. Not identity.
    String displayName) {}
