import { useEffect, useRef, useState } from "react";
import { TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useRouter } from "@tanstack/react-router";

/** How long a list's search waits after the last key before it queries (also the product list's). */
export const LIST_SEARCH_DEBOUNCE_MS = 150;

/**
 * A list's text filter: typed text goes to the URL (`onQuery`) 150 ms after the last key, and at
 * most 100 characters are accepted (the API's limit). If the user has already left the list (a
 * click on a row within those 150 ms), the late query is dropped instead of pulling them back.
 * 150 ms: long enough to skip the keys of a word typed in one go, short enough that the rows follow
 * the typing (the searches behind these lists answer in about 10 ms at 100,000 assets).
 */
export function ListSearch({ q, onQuery, label, testId }: { q: string | undefined; onQuery(q: string | undefined): void; label: string; testId: string }) {
  const [text, setText] = useState(q ?? "");
  const [debounced] = useDebouncedValue(text.trim(), LIST_SEARCH_DEBOUNCE_MS);
  const router = useRouter();
  const home = useRef(router.latestLocation.pathname);
  useEffect(() => {
    if (router.latestLocation.pathname !== home.current) return;
    if ((debounced || undefined) !== q) onQuery(debounced || undefined);
    // Only typing starts a new query (not a URL change from elsewhere).
  }, [debounced]);
  return (
    <TextInput
      type="search"
      aria-label={label}
      placeholder={label}
      maxLength={100}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      data-testid={testId}
    />
  );
}
