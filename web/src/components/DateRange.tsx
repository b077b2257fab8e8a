import { Text } from "@mantine/core";
import { useIntl } from "react-intl";
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { HoverTooltip } from "./HoverTooltip";

/**
 * A period as short dates in the user's time zone ("Tue 8 Dec – Thu 10 Dec"), with the full dates
 * and times on hover (ux-brief). Times are stored in UTC; the IntlProvider carries the time zone.
 */
export function DateRange({ start, end }: { start?: Timestamp; end?: Timestamp }) {
  const intl = useIntl();
  if (!start || !end) return <Text span>–</Text>;
  const s = timestampDate(start);
  const e = timestampDate(end);
  const short = (d: Date) => intl.formatDate(d, { weekday: "short", day: "numeric", month: "short" });
  const full = (d: Date) => intl.formatDate(d, { dateStyle: "full", timeStyle: "short" });
  return (
    <HoverTooltip label={`${full(s)} – ${full(e)}`} openDelay={300}>
      <Text span size="sm" style={{ whiteSpace: "nowrap" }} tabIndex={0}>
        {short(s)} – {short(e)}
      </Text>
    </HoverTooltip>
  );
}
