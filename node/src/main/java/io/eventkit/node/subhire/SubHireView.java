package io.eventkit.node.subhire;

import java.util.List;

/** Everything shown about one negotiation. */
public record SubHireView(
    Negotiation negotiation,
    List<Line> lines,
    List<ManifestEntry> manifest,
    Delivery delivery,
    List<HistoryEntry> history) {}
