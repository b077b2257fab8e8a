package io.eventkit.node.kernel;

/** An amount in minor units (cents) of an ISO 4217 currency. */
public record Money(String currencyCode, long minorUnits) {}
