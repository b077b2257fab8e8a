package io.eventkit.node.subhire;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything shown about one negotiation. {@code productNames}: names of this node's products on
 * the lines (the borrower's own products); {@code supplierEventName}: the name of the supplier's
 * booking event, or null; {@code partnerName}: the supplier's display name from its snapshots
 * (borrower) or "" when unknown.
 */
record SubHireView(
    Negotiation negotiation,
    List<Line> lines,
    List<ManifestEntry> manifest,
    Delivery delivery,
    List<HistoryEntry> history,
    Map<UUID, String> productNames,
    String supplierEventName,
    String partnerName) {}
