package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.catalog.SharedProduct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One partner's shared catalogue, indexed for matching. */
final class PartnerCatalogue {
  private final Map<String, List<SharedProduct>> byGtin = new HashMap<>();
  private final Map<String, List<SharedProduct>> byName = new HashMap<>();

  private final Map<String, SharedProduct> byId = new HashMap<>();
  private final List<SharedProduct> all;
  private final String version;

  PartnerCatalogue(List<SharedProduct> products) {
    this(products, "");
  }

  /** {@code version}: the partner's catalogue_version when it was read ("" if it sent none). */
  PartnerCatalogue(List<SharedProduct> products, String version) {
    this.version = version;
    this.all = List.copyOf(products);
    for (SharedProduct p : products) {
      byId.putIfAbsent(p.id(), p);
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

  String version() {
    return version;
  }

  record Matched(FederatedAvailability.Match how, List<SharedProduct> products) {}

  /** Automatic matching only (no planner decisions). */
  Matched match(FederatedAvailability.Wanted w) {
    return match(w, List.of());
  }

  /**
   * A planner's CONFIRMED/OVERRIDDEN products win (MAPPED, the catalogue's current fields when it
   * still lists them); otherwise GTIN matches, then manufacturer + model matches, without the
   * REJECTED ones; otherwise none.
   */
  Matched match(FederatedAvailability.Wanted w, List<MappingRules.Rule> rules) {
    List<SharedProduct> mapped = new ArrayList<>();
    Set<String> rejected = new HashSet<>();
    for (MappingRules.Rule r : rules) {
      if (r.use()) {
        mapped.add(byId.getOrDefault(r.product().id(), r.product()));
      } else {
        rejected.add(r.product().id());
      }
    }
    if (!mapped.isEmpty()) {
      return new Matched(FederatedAvailability.Match.MAPPED, mapped);
    }
    Matched auto = automatic(w);
    if (rejected.isEmpty()) {
      return auto;
    }
    List<SharedProduct> kept =
        auto.products().stream().filter(p -> !rejected.contains(p.id())).toList();
    return kept.isEmpty()
        ? new Matched(FederatedAvailability.Match.NONE, List.of())
        : new Matched(auto.how(), kept);
  }

  /** Every shared product, as the partner listed them. */
  List<SharedProduct> all() {
    return all;
  }

  /** The partner's product with this ID, if it shares it. */
  SharedProduct byId(String id) {
    return byId.get(id);
  }

  private Matched automatic(FederatedAvailability.Wanted w) {
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
