import { Text } from "@mantine/core";
import { useIntl } from "react-intl";
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { HoverTooltip } from "./HoverTooltip";

const SHORT: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short" };
const FULL: Intl.DateTimeFormatOptions = { dateStyle: "full", timeStyle: "short" };
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per locale, time zone and style, shared by every row: tables show a DateRange per
 * row, and react-intl's formatDate builds its cache key from its arguments on each call.
 */
function formatter(locale: string, timeZone: string | undefined, style: "short" | "full"): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ""}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options = style === "short" ? SHORT : FULL;
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      // A time zone this browser doesn't know (kept from another one): its own, as react-intl
      // would fall back, rather than no table at all.
      f = new Intl.DateTimeFormat(locale, options);
    }
    formatters.set(key, f);
  }
  return f;
}

/**
 * A period as short dates in the user's time zone ("Tue 8 Dec – Thu 10 Dec"), with the full dates
 * and times on hover (ux-brief). Times are stored in UTC; the IntlProvider carries the time zone.
 */
export function DateRange({ start, end }: { start?: Timestamp; end?: Timestamp }) {
  const { locale, timeZone } = useIntl();
  if (!start || !end) return <Text span>–</Text>;
  const s = timestampDate(start);
  const e = timestampDate(end);
  const short = formatter(locale, timeZone, "short");
  return (
    // The full dates are worked out when the tooltip first opens, not for every row drawn.
    <HoverTooltip label={() => `${formatter(locale, timeZone, "full").format(s)} – ${formatter(locale, timeZone, "full").format(e)}`} openDelay={300}>
      <Text span size="sm" style={{ whiteSpace: "nowrap" }} tabIndex={0}>
        {short.format(s)} – {short.format(e)}
      </Text>
    </HoverTooltip>
  );
}
