package io.eventkit.node.inventory;

import java.time.Instant;
import java.util.UUID;

/** Stock present only over {@code [startsAt, endsAt)} (sub-hired in). */
record TemporaryStock(UUID productId, int quantity, Instant startsAt, Instant endsAt) {}
