package io.eventkit.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Follows a list RPC's page tokens until enough entries are collected. */
final class Pages {
  private Pages() {}

  /** One page as the node sent it. */
  record Page<E>(List<E> entries, String nextPageToken) {}

  /** What {@link #collect} gathered; {@code more} when the node has entries beyond them. */
  record Collected<E>(List<E> entries, String nextPageToken, boolean more) {}

  /** Fetches the page after {@code pageToken} with at most {@code pageSize} entries. */
  interface Fetch<E> {
    Page<E> page(int pageSize, String pageToken);
  }

  /**
   * Up to {@code limit} entries from {@code startToken} on, in pages of at most {@code maxPage};
   * the returned token is where to continue ("" when the node has no more).
   */
  static <E> Collected<E> collect(long limit, int maxPage, String startToken, Fetch<E> fetch) {
    List<E> entries = new ArrayList<>();
    String token = startToken == null ? "" : startToken;
    Set<String> seen = new HashSet<>();
    while (entries.size() < limit) {
      Page<E> page = fetch.page((int) Math.min(limit - entries.size(), maxPage), token);
      entries.addAll(page.entries());
      token = page.nextPageToken();
      if (token.isEmpty() || page.entries().isEmpty()) {
        token = "";
        break;
      }
      if (!seen.add(token)) {
        throw new CliException(
            CliException.FAILURE, "the node returned the same page token twice: " + token);
      }
    }
    boolean more = !token.isEmpty() || entries.size() > limit;
    if (entries.size() > limit) {
      entries = new ArrayList<>(entries.subList(0, (int) limit));
    }
    return new Collected<>(entries, token, more);
  }
}
