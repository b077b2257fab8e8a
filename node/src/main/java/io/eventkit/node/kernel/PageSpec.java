package io.eventkit.node.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page request of a keyset-paginated list: at most {@code limit} rows after the row whose sort
 * key is {@code after} (null for the first page). Tokens are the base64url of the key parts of the
 * last row returned; since every list sorts by (sort key, id), a token keeps its place when rows
 * are inserted.
 */
public record PageSpec(int limit, List<String> after) {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;
  private static final String SEP = "\u001f";

  public static PageSpec first(int limit) {
    return new PageSpec(limit, null);
  }

  /** From the client's page size and token; {@code keyParts} is how many parts the token holds. */
  public static PageSpec of(int pageSize, String token, int keyParts) {
    if (pageSize < 0) {
      throw DomainException.invalid("page.page_size must not be negative");
    }
    int limit = pageSize == 0 ? DEFAULT_SIZE : Math.min(pageSize, MAX_SIZE);
    if (token == null || token.isEmpty()) {
      return new PageSpec(limit, null);
    }
    List<String> parts;
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      parts = Arrays.asList(decoded.split(SEP, -1));
    } catch (IllegalArgumentException e) {
      parts = List.of();
    }
    if (parts.size() != keyParts) {
      throw DomainException.invalid(
          "page.page_token is not valid for this list; start again with an empty token");
    }
    return new PageSpec(limit, parts);
  }

  public boolean isFirst() {
    return after == null;
  }

  public String after(int i) {
    return after == null ? null : after.get(i);
  }

  /** The row limit to query: one more than the page so we know whether there is a next page. */
  public int fetch() {
    return limit + 1;
  }

  public static String token(List<String> parts) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(String.join(SEP, parts).getBytes(StandardCharsets.UTF_8));
  }

  /** The page from rows fetched with {@link #fetch()}; {@code key} gives a row's sort key parts. */
  public <T> Page<T> page(List<T> fetched, Function<T, List<String>> key) {
    if (fetched.size() <= limit) {
      return new Page<>(List.copyOf(fetched), "");
    }
    List<T> items = new ArrayList<>(fetched.subList(0, limit));
    return new Page<>(items, token(key.apply(items.get(items.size() - 1))));
  }

  /** A page of results and the token for the next one ("" on the last page). */
  public record Page<T>(List<T> items, String nextToken) {}
}
