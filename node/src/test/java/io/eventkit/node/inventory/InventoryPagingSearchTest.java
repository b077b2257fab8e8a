package io.eventkit.node.inventory;

import static io.eventkit.node.testing.InventoryFixture.inventoryApi;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warehouse;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.ListProductsRequest;
import io.eventkit.proto.v1.ListProductsResponse;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.SearchRequest;
import io.eventkit.proto.v1.SearchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cursor pagination stays stable under inserts; search ranks exact identifiers first. */
class InventoryPagingSearchTest {
  private final Domain m = warn();

  private Product.ProductFields named(String category, String name, String model) {
    return new Product.ProductFields(
        "Pageco",
        model,
        name,
        category,
        "",
        null,
        new Money("EUR", 1),
        new Money("EUR", 1),
        0,
        Duration.ZERO,
        Duration.ZERO,
        Product.Tracking.SERIALISED,
        false);
  }

  @Test
  void productPagesAreStableWhenRowsAreInsertedBetweenPages() {
    String category = unique("Paging ");
    List<Product.ProductFields> initial = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      initial.add(named(category, String.format("Item %03d", i * 2), unique("P")));
    }
    m.catalog.createAll(initial);

    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    String token = "";
    int page = 0;
    do {
      ListProductsResponse r =
          inventoryApi()
              .listProducts(
                  ListProductsRequest.newBuilder()
                      .setCategory(category)
                      .setPage(PageRequest.newBuilder().setPageSize(7).setPageToken(token))
                      .build());
      r.getProductsList().forEach(p -> assertThat(seen.add(p.getId())).as("no repeats").isTrue());
      r.getProductsList().forEach(p -> names.add(p.getName()));
      token = r.getPage().getNextPageToken();
      if (page++ == 1) {
        // Between pages: one row sorting before the cursor, one after, one equal-named.
        m.catalog.createAll(
            List.of(
                named(category, "Item 001", unique("P")),
                named(category, "Item 047", unique("P")),
                named(category, names.get(names.size() - 1), unique("P"))));
      }
    } while (!token.isEmpty());
    // Every original row exactly once, in order; the row inserted after the cursor is seen too.
    assertThat(names).isSorted();
    for (Product.ProductFields f : initial) {
      assertThat(names).contains(f.name());
    }
    assertThat(names).contains("Item 047").doesNotContain("Item 001");
  }

  @Test
  void assetPagesAreStableUnderInserts() {
    Product p = serialised(m, 0, Duration.ZERO, Duration.ZERO);
    Location w = warehouse(m);
    String prefix = unique("PG");
    List<Assets.NewAsset> assets = new ArrayList<>();
    for (int i = 0; i < 30; i += 2) {
      assets.add(
          new Assets.NewAsset(p.id(), prefix + String.format("%03d", i), "", w.id(), null, ""));
    }
    m.assets.createAll(assets);
    PageSpec.Page<io.eventkit.node.inventory.Asset> first =
        m.assets.list(p.id(), null, null, PageSpec.of(5, "", 2));
    m.assets.create(new Assets.NewAsset(p.id(), prefix + "001", "", w.id(), null, ""));
    m.assets.create(new Assets.NewAsset(p.id(), prefix + "099", "", w.id(), null, ""));
    List<String> rest = new ArrayList<>();
    String token = first.nextToken();
    while (!token.isEmpty()) {
      var page = m.assets.list(p.id(), null, null, PageSpec.of(5, token, 2));
      page.items().forEach(a -> rest.add(a.barcode()));
      token = page.nextToken();
    }
    assertThat(first.items())
        .extracting(a -> a.barcode())
        .containsExactly(
            prefix + "000", prefix + "002", prefix + "004", prefix + "006", prefix + "008");
    assertThat(rest).hasSize(11).isSorted().contains(prefix + "099").doesNotContain(prefix + "001");
  }

  @Test
  void badPageTokenIsInvalidArgument() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                inventoryApi()
                    .listProducts(
                        ListProductsRequest.newBuilder()
                            .setPage(PageRequest.newBuilder().setPageToken("garbage!"))
                            .build()))
        .hasMessageContaining("page_token is not valid");
  }

  @Test
  void exactBarcodeAndModelMatchesRankFirst() {
    String tag = unique("ZQ");
    // A model equal to the query, and products that merely mention it.
    Product exact = m.catalog.create(named("Search", "Console " + tag, tag));
    m.catalog.create(named("Search", "Console " + tag + " with road case", tag + "-RC"));
    m.catalog.create(named("Search", "Spare parts for " + tag + " consoles", "SP-" + tag));
    List<Search.Hit> hits = m.inventory.search.search(tag, PageSpec.first(10)).items();
    assertThat(hits).hasSizeGreaterThanOrEqualTo(3);
    assertThat(hits.get(0).product().id()).isEqualTo(exact.id());

    // An exact barcode beats barcodes it is a prefix of.
    Product p = serialised(m, 0, Duration.ZERO, Duration.ZERO);
    Location w = warehouse(m);
    String code = unique("SB");
    m.assets.createAll(
        List.of(
            new Assets.NewAsset(p.id(), code + "1", "", w.id(), null, ""),
            new Assets.NewAsset(p.id(), code, "", w.id(), null, ""),
            new Assets.NewAsset(p.id(), code + "22", "", w.id(), null, "")));
    List<Search.Hit> byCode = m.inventory.search.search(code, PageSpec.first(10)).items();
    assertThat(byCode)
        .extracting(h -> h.asset().barcode())
        .containsExactly(code, code + "1", code + "22");
    // Serial numbers are found too, case-insensitively.
    String serial = unique("sn-");
    m.assets.create(new Assets.NewAsset(p.id(), unique("SR"), serial, w.id(), null, ""));
    assertThat(
            m.inventory
                .search
                .search(serial.toUpperCase(java.util.Locale.ROOT), PageSpec.first(5))
                .items())
        .first()
        .satisfies(h -> assertThat(h.asset().serial()).isEqualTo(serial));
  }

  @Test
  void searchFindsByManufacturerWordPrefixAndTypoAndPages() {
    String word = unique("Acoustik").toLowerCase(java.util.Locale.ROOT);
    for (int i = 0; i < 12; i++) {
      m.catalog.create(
          new Product.ProductFields(
              word,
              "LA-" + i,
              word + " line array " + i,
              "Audio",
              "",
              null,
              new Money("EUR", 1),
              new Money("EUR", 1),
              0,
              Duration.ZERO,
              Duration.ZERO,
              Product.Tracking.SERIALISED,
              false));
    }
    // Word prefix.
    assertThat(
            m.inventory
                .search
                .search(word.substring(0, word.length() - 2), PageSpec.first(50))
                .items())
        .hasSize(12);
    // A typo (one letter dropped) falls back to trigram similarity.
    String typo = word.substring(0, 3) + word.substring(4);
    assertThat(m.inventory.search.search(typo, PageSpec.first(50)).items())
        .extracting(h -> h.product().fields().manufacturer())
        .contains(word);
    // Through the API, in pages of 5 with no repeats.
    Set<String> ids = new HashSet<>();
    String token = "";
    do {
      SearchResponse r =
          inventoryApi()
              .search(
                  SearchRequest.newBuilder()
                      .setQuery(word + " line")
                      .setPage(PageRequest.newBuilder().setPageSize(5).setPageToken(token))
                      .build());
      r.getHitsList().forEach(h -> assertThat(ids.add(h.getProduct().getId())).isTrue());
      token = r.getPage().getNextPageToken();
    } while (!token.isEmpty());
    assertThat(ids).hasSize(12);
  }
}
