import { useMemo, type ReactNode } from "react";
import { RawIntlProvider, createIntl, createIntlCache, useIntl } from "react-intl";

/**
 * One formatter cache for every feature's provider. An IntlProvider keeps its own, so each visit of
 * a screen in one started empty: every text parsed again and every date, number and message
 * formatter built again (the locale lookup alone was 3 ms of a cold events list). Entries are keyed
 * by message and locale, so sharing them is safe.
 */
const FEATURE_CACHE = createIntlCache();

/** A feature's texts per language ("en", "de", "ar"). */
export type FeatureMessages = Record<string, Record<string, string>>;

/**
 * Adds feature texts to the app's for what is inside: route files wrap the screens of features
 * whose texts load with their (lazy) route instead of with the first page, keeping the first
 * bundle small. English fills what a language lacks.
 */
export function WithMessages({ messages, children }: { messages: FeatureMessages | FeatureMessages[]; children: ReactNode }) {
  const intl = useIntl();
  const lang = intl.locale.toLowerCase().split(/[-_]/)[0];
  const list = Array.isArray(messages) ? messages : [messages];
  const merged = useMemo(() => {
    const out: Record<string, string> = { ...(intl.messages as Record<string, string>) };
    for (const m of list) Object.assign(out, m.en, m[lang] ?? {});
    return out;
    // The list is written out in a route file: its entries, not the array, say whether it changed.
  }, [intl.messages, lang, ...list]);
  const featureIntl = useMemo(
    () => createIntl({ locale: intl.locale, timeZone: intl.timeZone, messages: merged, defaultLocale: "en", onError: intl.onError }, FEATURE_CACHE),
    [intl.locale, intl.timeZone, merged, intl.onError],
  );
  return <RawIntlProvider value={featureIntl}>{children}</RawIntlProvider>;
}
