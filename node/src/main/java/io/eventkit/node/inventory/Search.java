package io.eventkit.node.inventory;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.platform.db.Pg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Free-text search over products and assets, ranked (exact barcode, serial and model first), with
 * keyset pagination on (score, id). Served by GIN full-text and trigram indexes on product and the
 * barcode/serial pattern indexes on asset.
 */
final class Search {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final String SQL =
      org.jdbi.v3.core.locator.ClasspathSqlLocator.removingComments()
          .locate(SearchDao.class, "search");
  private final Jdbi jdbi;

  public Search(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A product or an asset, with its score. */
  public record Hit(Product product, Asset asset, double score) {}

  public PageSpec.Page<Hit> search(String query, PageSpec page) {
    // The API's input policy already trimmed the query and refused control characters; a query
    // without a single letter or digit would match every barcode by prefix, so it is refused.
    String raw = query == null ? "" : query.strip();
    if (raw.isEmpty() || raw.codePointCount(0, raw.length()) > 200) {
      throw DomainException.invalid("query must be 1–200 characters (white space is trimmed)");
    }
    if (raw.codePoints().noneMatch(Character::isLetterOrDigit)) {
      throw DomainException.invalid(
          "query must contain at least one letter or digit; a query of only punctuation or"
              + " spaces would match everything");
    }
    String text = raw.toLowerCase(Locale.ROOT);
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group() + ":*");
    }
    String tsquery = String.join(" & ", words);
    String prefix = Pg.escapeLike(raw) + "%";
    String lowerPrefix = Pg.escapeLike(text) + "%";
    Double afterScore = page.isFirst() ? null : Double.valueOf(page.after(0));
    UUID afterId = page.isFirst() ? null : UUID.fromString(page.after(1));
    return jdbi.withHandle(
        h -> {
          // Fluent API over the DAO's SQL file: attaching a SqlObject costs more than the query.
          List<SearchDao.Hit> hits =
              h.createQuery(SQL)
                  .bind("raw", raw)
                  .bind("text", text)
                  .bind("tsquery", tsquery)
                  .bind("prefix", prefix)
                  .bind("lowerPrefix", lowerPrefix)
                  .bind("afterScore", afterScore)
                  .bind("afterId", afterId)
                  .bind("limit", page.fetch())
                  .map(
                      (rs, ctx) ->
                          new SearchDao.Hit(
                              rs.getString("kind"),
                              rs.getObject("id", UUID.class),
                              rs.getDouble("score")))
                  .list();
          PageSpec.Page<SearchDao.Hit> p =
              page.page(hits, x -> List.of(Double.toString(x.score()), x.id().toString()));
          UUID[] productIds =
              p.items().stream()
                  .filter(x -> x.kind().equals("PRODUCT"))
                  .map(SearchDao.Hit::id)
                  .toArray(UUID[]::new);
          UUID[] assetIds =
              p.items().stream()
                  .filter(x -> x.kind().equals("ASSET"))
                  .map(SearchDao.Hit::id)
                  .toArray(UUID[]::new);
          Map<UUID, Product> products = new HashMap<>();
          if (productIds.length > 0) {
            h.createQuery("SELECT " + ProductDao.COLUMNS + " FROM product WHERE id = ANY(:ids)")
                .bind("ids", productIds)
                .map(new ProductDao.Mapper())
                .forEach(x -> products.put(x.id(), x));
          }
          Map<UUID, Asset> assets = new HashMap<>();
          if (assetIds.length > 0) {
            h.createQuery("SELECT " + AssetDao.COLUMNS + AssetDao.FROM + " WHERE a.id = ANY(:ids)")
                .bind("ids", assetIds)
                .map(org.jdbi.v3.core.mapper.reflect.ConstructorMapper.of(Asset.class))
                .forEach(a -> assets.put(a.id(), a));
          }
          List<Hit> out = new ArrayList<>();
          for (SearchDao.Hit x : p.items()) {
            out.add(new Hit(products.get(x.id()), assets.get(x.id()), x.score()));
          }
          return new PageSpec.Page<>(out, p.nextToken());
        });
  }
}
