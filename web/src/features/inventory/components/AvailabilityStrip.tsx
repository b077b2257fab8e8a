import { Box, SimpleGrid, Text, Tooltip } from "@mantine/core";
import { useIntl } from "react-intl";
import { verdict, type Day } from "../../../lib/availability";

export { toDays, verdict, type Day } from "../../../lib/availability";

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
