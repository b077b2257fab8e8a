package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.catalog.SharedProduct;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.inventory.Catalog;
import io.eventkit.node.kernel.Actor;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The per-partner product mapping (docs/federation.md §8.4.4). Automatic matches are stored as
 * SUGGESTED when the partner's catalogue is read (first page of a list); a planner CONFIRMs,
 * OVERRIDEs or REJECTs pairs. The fan-out applies the decisions through {@link MappingRules}.
 */
final class ProductMappings implements MappingRules {
  public enum State {
    SUGGESTED,
    CONFIRMED,
    OVERRIDDEN,
    REJECTED
  }

  public enum Decision {
    CONFIRM,
    OVERRIDE,
    REJECT
  }

  public record Mapping(
      String partnerNodeId,
      UUID productId,
      String productName,
      SharedProduct partnerProduct,
      State state,
      FederatedAvailability.Match match,
      String decidedBy,
      Instant decidedAt) {}

  public record Unmatched(UUID id, String manufacturer, String model, String name, String gtin) {}

  /** A page, and why the partner's catalogue could not be re-read ("" when it was, or skipped). */
  public record Listed<T>(PageSpec.Page<T> page, String refreshError) {}

  /** Where catalogues come from (the fan-out's cache); throws PartnerCallException. */
  interface Catalogues {
    PartnerCatalogue of(String nodeId);
  }

  private final Jdbi jdbi;
  private final PartnerRegistry partners;
  private final Catalog catalog;
  private final Catalogues catalogues;
  private final Clock clock;
  private final Consumer<String> changed;

  ProductMappings(
      Jdbi jdbi,
      PartnerRegistry partners,
      Catalog catalog,
      Catalogues catalogues,
      Clock clock,
      Consumer<String> changed) {
    this.jdbi = jdbi;
    this.partners = partners;
    this.catalog = catalog;
    this.catalogues = catalogues;
    this.clock = clock;
    this.changed = changed;
  }

  private static final String DECIDED =
      org.jdbi.v3.core.locator.ClasspathSqlLocator.removingComments()
          .locate(ProductMappingDao.class, "decided");

  private static final org.jdbi.v3.core.mapper.RowMapper<ProductMappingDao.Row> ROW =
      org.jdbi.v3.core.mapper.reflect.ConstructorMapper.of(ProductMappingDao.Row.class);

  @Override
  public Map<String, Map<UUID, List<Rule>>> forProducts(Collection<UUID> productIds) {
    if (productIds.isEmpty()) {
      return Map.of();
    }
    UUID[] ids = productIds.stream().distinct().toArray(UUID[]::new);
    Map<String, Map<UUID, List<Rule>>> out = new HashMap<>();
    // On every federated availability call: the fluent API, not a SqlObject attached per call.
    List<ProductMappingDao.Row> rows =
        jdbi.withHandle(
            h ->
                h.createQuery(DECIDED)
                    .bind("tenant", io.eventkit.node.kernel.TenantContext.current())
                    .bind("ids", ids)
                    .map(ROW)
                    .list());
    for (ProductMappingDao.Row r : rows) {
      out.computeIfAbsent(r.partnerNodeId(), k -> new HashMap<>())
          .computeIfAbsent(r.productId(), k -> new ArrayList<>())
          .add(new Rule(partnerProduct(r), !State.REJECTED.name().equals(r.state())));
    }
    return out;
  }

  /** Mappings with one partner; the first page (unless {@code skipRefresh}) refreshes first. */
  public Listed<Mapping> list(
      String partnerNodeId, Set<State> states, UUID productId, PageSpec page, boolean skipRefresh) {
    requirePartner(partnerNodeId);
    String error = page.isFirst() && !skipRefresh ? refreshQuietly(partnerNodeId) : "";
    String[] st =
        states == null || states.isEmpty()
            ? null
            : states.stream().map(Enum::name).toArray(String[]::new);
    List<ProductMappingDao.Row> rows =
        Daos.with(
            jdbi,
            ProductMappingDao.class,
            d ->
                d.list(
                    partnerNodeId,
                    st,
                    productId,
                    page.after(0),
                    page.isFirst() ? null : uuid(page.after(1)),
                    page.after(2),
                    page.fetch()));
    PageSpec.Page<ProductMappingDao.Row> p =
        page.page(
            rows, r -> List.of(r.productName(), r.productId().toString(), r.partnerProductId()));
    return new Listed<>(
        new PageSpec.Page<>(
            p.items().stream().map(ProductMappings::toMapping).toList(), p.nextToken()),
        error);
  }

  private static final java.util.Comparator<SharedProduct> BY_NAME =
      java.util.Comparator.comparing(SharedProduct::name).thenComparing(SharedProduct::id);

  /**
   * One page of the partner's shared catalogue, by name then ID (read through the fan-out's
   * catalogue cache; UNAVAILABLE when it cannot be read).
   */
  public PageSpec.Page<SharedProduct> partnerProducts(
      String partnerNodeId, PageSpec page, boolean fresh) {
    requirePartner(partnerNodeId);
    if (fresh && page.isFirst()) {
      changed.accept(partnerNodeId); // drops the cached catalogue: read it now
    }
    List<SharedProduct> sorted = new ArrayList<>(catalogue(partnerNodeId).all());
    sorted.sort(BY_NAME);
    List<SharedProduct> rest = sorted;
    if (!page.isFirst()) {
      SharedProduct after = new SharedProduct(page.after(1), "", "", "", page.after(0), "");
      rest = sorted.stream().filter(p -> BY_NAME.compare(p, after) > 0).toList();
    }
    return page.page(
        rest.subList(0, Math.min(rest.size(), page.fetch())), p -> List.of(p.name(), p.id()));
  }

  /** Local products with no usable mapping to the partner, by name then ID. */
  public Listed<Unmatched> unmatched(String partnerNodeId, PageSpec page, boolean skipRefresh) {
    requirePartner(partnerNodeId);
    String error = page.isFirst() && !skipRefresh ? refreshQuietly(partnerNodeId) : "";
    List<ProductMappingDao.Local> rows =
        Daos.with(
            jdbi,
            ProductMappingDao.class,
            d ->
                d.unmatched(
                    partnerNodeId,
                    page.after(0),
                    page.isFirst() ? null : uuid(page.after(1)),
                    page.fetch()));
    PageSpec.Page<ProductMappingDao.Local> p =
        page.page(rows, r -> List.of(r.name(), r.id().toString()));
    return new Listed<>(
        new PageSpec.Page<>(
            p.items().stream()
                .map(l -> new Unmatched(l.id(), l.manufacturer(), l.model(), l.name(), l.gtin()))
                .toList(),
            p.nextToken()),
        error);
  }

  /**
   * Re-reads the partner's catalogue and stores its automatic matches as SUGGESTED (decided pairs
   * keep their state; suggestions that no longer match are dropped). Throws UNAVAILABLE when the
   * catalogue cannot be read.
   */
  public int refresh(String partnerNodeId) {
    changed.accept(partnerNodeId); // "re-reads the partner's catalogue": not the 60 s copy
    PartnerCatalogue catalogue = catalogue(partnerNodeId);
    List<ProductMappingDao.Local> locals =
        Daos.with(jdbi, ProductMappingDao.class, ProductMappingDao::allProducts);
    Map<String, ProductMappingDao.Suggestion> found = new LinkedHashMap<>();
    for (ProductMappingDao.Local l : locals) {
      PartnerCatalogue.Matched m =
          catalogue.match(
              new FederatedAvailability.Wanted("", l.manufacturer(), l.model(), l.gtin(), 1));
      for (SharedProduct p : m.products()) {
        found.put(l.id() + " " + p.id(), suggestion(l.id(), p, m.how()));
      }
    }
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          ProductMappingDao d = Daos.of(h, ProductMappingDao.class);
          if (!found.isEmpty()) {
            d.upsertSuggestions(partnerNodeId, List.copyOf(found.values()), now);
          }
          d.dropStaleSuggestions(partnerNodeId, found.keySet().toArray(String[]::new));
          List<ProductMappingDao.Suggestion> decided = new ArrayList<>();
          for (String id : d.decidedPartnerProducts(partnerNodeId)) {
            SharedProduct p = catalogue.byId(id);
            if (p != null) {
              decided.add(suggestion(null, p, FederatedAvailability.Match.NONE));
            }
          }
          if (!decided.isEmpty()) {
            d.refreshDecided(partnerNodeId, decided);
          }
        });
    return found.size();
  }

  private String refreshQuietly(String partnerNodeId) {
    try {
      refresh(partnerNodeId);
      return "";
    } catch (DomainException e) {
      return e.getMessage();
    }
  }

  /** A planner's decision on one pair; see {@link Decision}. */
  public Mapping decide(
      String partnerNodeId, UUID productId, String partnerProductId, Decision decision) {
    requirePartner(partnerNodeId);
    catalog.get(productId); // NOT_FOUND for an unknown product
    String by = Actor.name();
    Instant now = clock.instant();
    if (decision == Decision.OVERRIDE) {
      SharedProduct p = catalogue(partnerNodeId).byId(partnerProductId);
      if (p == null) {
        throw DomainException.notFound(
            partnerNodeId
                + " shares no product "
                + partnerProductId
                + " (its catalogue as read now)");
      }
      Daos.use(
          jdbi,
          ProductMappingDao.class,
          d ->
              d.override(
                  partnerNodeId,
                  suggestion(productId, p, FederatedAvailability.Match.NONE),
                  by,
                  now));
    } else {
      State target = decision == Decision.CONFIRM ? State.CONFIRMED : State.REJECTED;
      jdbi.useTransaction(
          h -> {
            ProductMappingDao d = Daos.of(h, ProductMappingDao.class);
            if (d.lockState(partnerNodeId, productId, partnerProductId).isEmpty()) {
              throw DomainException.notFound(
                  "no mapping of product "
                      + productId
                      + " to "
                      + partnerNodeId
                      + " product "
                      + partnerProductId
                      + (decision == Decision.CONFIRM
                          ? "; list the mappings to refresh suggestions, or override"
                          : ""));
            }
            d.decide(partnerNodeId, productId, partnerProductId, target.name(), by, now);
          });
    }
    changed.accept(partnerNodeId);
    return list(partnerNodeId, Set.of(), productId, PageSpec.first(PageSpec.MAX_SIZE), true)
        .page()
        .items()
        .stream()
        .filter(m -> m.partnerProduct().id().equals(partnerProductId))
        .findFirst()
        .orElseThrow();
  }

  private PartnerCatalogue catalogue(String partnerNodeId) {
    try {
      return catalogues.of(partnerNodeId);
    } catch (PartnerCallException e) {
      throw new DomainException(
          ErrorCode.UNAVAILABLE,
          "cannot read the shared catalogue of " + partnerNodeId + ": " + e.getMessage());
    }
  }

  /** The partner must be ACTIVE and grant this node at least DISCOVER. */
  private Partner requirePartner(String nodeId) {
    Partner p =
        partners
            .find(nodeId)
            .orElseThrow(() -> DomainException.notFound("partner " + nodeId + " not found"));
    if (p.state() != PartnerState.ACTIVE) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION, "partner " + nodeId + " is " + p.state() + ", not ACTIVE");
    }
    if (!p.receivedLevel().allows(TrustLevel.DISCOVER)) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          nodeId + " grants this node " + p.receivedLevel() + "; its catalogue needs DISCOVER");
    }
    return p;
  }

  private static ProductMappingDao.Suggestion suggestion(
      UUID productId, SharedProduct p, FederatedAvailability.Match how) {
    return new ProductMappingDao.Suggestion(
        productId,
        p.id(),
        p.manufacturer(),
        p.model(),
        p.category(),
        p.name(),
        p.gtin(),
        how == FederatedAvailability.Match.MAPPED ? "NONE" : how.name());
  }

  private static SharedProduct partnerProduct(ProductMappingDao.Row r) {
    return new SharedProduct(
        r.partnerProductId(),
        r.partnerManufacturer(),
        r.partnerModel(),
        r.partnerCategory(),
        r.partnerName(),
        r.partnerGtin());
  }

  private static Mapping toMapping(ProductMappingDao.Row r) {
    return new Mapping(
        r.partnerNodeId(),
        r.productId(),
        r.productName(),
        partnerProduct(r),
        State.valueOf(r.state()),
        FederatedAvailability.Match.valueOf(r.match()),
        r.decidedBy(),
        r.decidedAt());
  }

  private static UUID uuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(
          "page.page_token is not valid for this list; start again with an empty token");
    }
  }
}
