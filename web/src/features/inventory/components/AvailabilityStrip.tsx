import { Box, SimpleGrid, Text, Tooltip } from "@mantine/core";
import { useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { AvailabilityInterval } from "../../../gen/eventkit/v1/inventory_pb";

export interface Day {
  start: Date;
  available: number;
  held: number;
  tentative: number;
}

/** Per day, the worst moment: the lowest `available` (and the most held) among the intervals that touch it. */
export function toDays(intervals: AvailabilityInterval[], from: Date, days: number): Day[] {
  const out: Day[] = [];
  for (let i = 0; i < days; i++) {
    const start = new Date(from);
    start.setDate(start.getDate() + i);
    const end = new Date(start);
    end.setDate(end.getDate() + 1);
    let day: Day | null = null;
    for (const iv of intervals) {
      if (!iv.period?.start || !iv.period.end) continue;
      const s = timestampDate(iv.period.start);
      const e = timestampDate(iv.period.end);
      if (s >= end || e <= start) continue;
      day = day
        ? {
            start,
            available: Math.min(day.available, iv.available),
            held: Math.max(day.held, iv.held),
            tentative: Math.max(day.tentative, iv.tentative),
          }
        : { start, available: iv.available, held: iv.held, tentative: iv.tentative };
    }
    if (day) out.push(day);
  }
  return out;
}

/** Colours of "can I?" (ux-brief): red short or none left, amber when pencilled holds compete, green enough. */
export function verdict(d: Day): "short" | "tentative" | "ok" {
  if (d.available <= 0) return "short";
  if (d.tentative > 0) return "tentative";
  return "ok";
}

const COLOR = { short: "red", tentative: "yellow", ok: "green" } as const;

/** One cell per day with the number available; the full counts on hover or focus. */
export function AvailabilityStrip({ days }: { days: Day[] }) {
  const intl = useIntl();
  return (
    <SimpleGrid cols={{ base: 7, sm: 10, md: 15 }} spacing={4} data-testid="availability-strip">
      {days.map((d) => {
        const v = verdict(d);
        const label = intl.formatMessage(
          { id: "product.dayDetail" },
          { day: intl.formatDate(d.start, { dateStyle: "full" }), available: d.available, held: d.held, tentative: d.tentative },
        );
        return (
          <Tooltip key={d.start.toISOString()} label={label}>
            <Box
              tabIndex={0}
              aria-label={label}
              data-verdict={v}
              p={4}
              ta="center"
              bg={`var(--mantine-color-${COLOR[v]}-light)`}
              c={COLOR[v]}
              style={{ borderRadius: 4 }}
            >
              <Text size="xs">{intl.formatDate(d.start, { weekday: "short", day: "numeric" })}</Text>
              <Text fw={700}>{intl.formatNumber(d.available)}</Text>
            </Box>
          </Tooltip>
        );
      })}
    </SimpleGrid>
  );
}
