package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.catalog.SharedProduct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One partner's shared catalogue, indexed for matching. */
final class PartnerCatalogue {
  private final Map<String, List<SharedProduct>> byGtin = new HashMap<>();
  private final Map<String, List<SharedProduct>> byName = new HashMap<>();

  PartnerCatalogue(List<SharedProduct> products) {
    for (SharedProduct p : products) {
      String g = ProductKeys.gtin(p.gtin());
      if (!g.isEmpty()) {
        byGtin.computeIfAbsent(g, k -> new ArrayList<>()).add(p);
      }
      String n = ProductKeys.manufacturerModel(p.manufacturer(), p.model());
      if (!n.isEmpty()) {
        byName.computeIfAbsent(n, k -> new ArrayList<>()).add(p);
      }
    }
  }

  record Matched(FederatedAvailability.Match how, List<SharedProduct> products) {}

  /** GTIN matches win; otherwise manufacturer + model matches; otherwise none. */
  Matched match(FederatedAvailability.Wanted w) {
    List<SharedProduct> g = byGtin.getOrDefault(ProductKeys.gtin(w.gtin()), List.of());
    if (!ProductKeys.gtin(w.gtin()).isEmpty() && !g.isEmpty()) {
      return new Matched(FederatedAvailability.Match.GTIN, g);
    }
    String n = ProductKeys.manufacturerModel(w.manufacturer(), w.model());
    List<SharedProduct> m = n.isEmpty() ? List.of() : byName.getOrDefault(n, List.of());
    return m.isEmpty()
        ? new Matched(FederatedAvailability.Match.NONE, List.of())
        : new Matched(FederatedAvailability.Match.MANUFACTURER_MODEL, m);
  }
}
