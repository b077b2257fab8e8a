package io.eventkit.node.info;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * What a node says about itself. The root fingerprint is a supplier because root rotation changes
 * it at runtime.
 */
public record NodeIdentity(
    String nodeId,
    String displayName,
    String version,
    Supplier<String> federationEndpoint,
    Supplier<String> rootFingerprint,
    Instant startedAt) {}
