import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { IntlProvider } from "react-intl";
import { DirectionProvider, useDirection } from "@mantine/core";
import { en } from "./messages/en";

export const LANGUAGES = [
  { code: "en", label: "English", dir: "ltr" },
  { code: "de", label: "Deutsch", dir: "ltr" },
  { code: "ar", label: "العربية", dir: "rtl" },
] as const;
export type Language = (typeof LANGUAGES)[number]["code"];

/**
 * English ships with the first page; German and Arabic load when chosen (the first bundle's budget,
 * issue 17). The service worker precaches them, so switching works offline too.
 */
const LOADERS: Record<Language, () => Promise<Record<string, string>>> = {
  en: () => Promise.resolve(en),
  de: () => import("./messages/de").then((m) => m.de),
  ar: () => import("./messages/ar").then((m) => m.ar),
};
const LOADED: Partial<Record<Language, Record<string, string>>> = { en };

function loadMessages(l: Language): Promise<Record<string, string>> {
  const have = LOADED[l];
  if (have) return Promise.resolve(have);
  return LOADERS[l]().then((m) => (LOADED[l] = m));
}
const LANGUAGE_KEY = "eventkit.language";
const TIME_ZONE_KEY = "eventkit.timeZone";

/** "de-DE" → "de"; anything we have no messages for → undefined. */
export function languageOf(tag: string | null | undefined): Language | undefined {
  const base = (tag ?? "").toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((l) => l.code === base)?.code;
}

interface Preferences {
  language: Language;
  timeZone: string;
  setLanguage(language: Language): void;
  setTimeZone(timeZone: string): void;
}

const PreferencesContext = createContext<Preferences | null>(null);

export function usePreferences(): Preferences {
  const p = useContext(PreferencesContext);
  if (!p) throw new Error("usePreferences outside I18nProvider");
  return p;
}

function initialLanguage(): Language {
  return languageOf(localStorage.getItem(LANGUAGE_KEY)) ?? languageOf(navigator.language) ?? "en";
}

/**
 * Language and time zone for react-intl, and the document's `lang` and `dir` (Arabic lays the whole
 * page out right to left). Kept in this browser; seeded from the user's profile at login.
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  // The language on screen: the chosen one once its messages are here (until then the previous one,
  // or nothing on the very first load).
  const [shown, setShown] = useState<Language | null>(() => (LOADED[language] ? language : null));
  useEffect(() => {
    let live = true;
    loadMessages(language)
      .then(() => live && setShown(language))
      .catch(() => live && setShown((s) => s ?? "en"));
    return () => {
      live = false;
    };
  }, [language]);
  const [timeZone, setTimeZoneState] = useState<string>(
    () => localStorage.getItem(TIME_ZONE_KEY) ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const dir = LANGUAGES.find((l) => l.code === (shown ?? language))?.dir ?? "ltr";

  useEffect(() => {
    if (!shown) return;
    document.documentElement.lang = shown;
    document.documentElement.dir = dir;
  }, [shown, dir]);

  const setLanguage = useCallback((l: Language) => {
    localStorage.setItem(LANGUAGE_KEY, l);
    setLanguageState(l);
  }, []);
  const setTimeZone = useCallback((tz: string) => {
    localStorage.setItem(TIME_ZONE_KEY, tz);
    setTimeZoneState(tz);
  }, []);
  const value = useMemo(
    () => ({ language, timeZone, setLanguage, setTimeZone }),
    [language, timeZone, setLanguage, setTimeZone],
  );

  return (
    <PreferencesContext.Provider value={value}>
      <DirectionProvider initialDirection={dir} detectDirection={false}>
        <DirectionSync dir={dir} />
        {shown && (
          <IntlProvider locale={shown} timeZone={timeZone} messages={LOADED[shown] ?? en} defaultLocale="en">
            {children}
          </IntlProvider>
        )}
      </DirectionProvider>
    </PreferencesContext.Provider>
  );
}

function DirectionSync({ dir }: { dir: "ltr" | "rtl" }) {
  const { setDirection } = useDirection();
  useEffect(() => setDirection(dir), [dir, setDirection]);
  return null;
}
