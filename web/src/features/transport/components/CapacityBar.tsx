import { Badge, Group, Progress, Stack, Text } from "@mantine/core";
import { useIntl } from "react-intl";
import { barValue, capacityLevel, capacityPercent, LEVEL_COLOR } from "../lib/capacity";
import { kg, m3 } from "../../../lib/units";

/**
 * Used against capacity for weight (grams) or volume (cm³): a bar coloured by level and the same
 * in words ("1,234 of 3,500 kg · 35 %", "Nearly full", "Over by 200 kg"), so colour is never the
 * only signal.
 */
export function CapacityBar({ kind, used, capacity, testId }: { kind: "weight" | "volume"; used: bigint; capacity: bigint; testId?: string }) {
  const intl = useIntl();
  const level = capacityLevel(used, capacity);
  const pct = capacityPercent(used, capacity);
  const toUnit = kind === "weight" ? kg : m3;
  const digits = kind === "weight" ? 1 : 2;
  const fmt = (v: bigint) => intl.formatNumber(toUnit(v), { maximumFractionDigits: digits });
  const unit = intl.formatMessage({ id: kind === "weight" ? "transport.unit.kg" : "transport.unit.m3" });
  const label = intl.formatMessage({ id: kind === "weight" ? "transport.capacity.weight" : "transport.capacity.volume" });
  const pctText = Number.isFinite(pct) ? intl.formatNumber(pct / 100, { style: "percent", maximumFractionDigits: 0 }) : "—";
  const levelText =
    level === "over"
      ? intl.formatMessage({ id: "transport.capacity.over" }, { amount: `${fmt(used - capacity)} ${unit}` })
      : intl.formatMessage({ id: level === "near" ? "transport.capacity.near" : "transport.capacity.ok" });
  const summary = intl.formatMessage({ id: "transport.capacity.of" }, { used: fmt(used), capacity: fmt(capacity), unit, percent: pctText });
  return (
    <Stack gap={2} data-testid={testId} data-level={level} data-percent={Number.isFinite(pct) ? Math.round(pct) : "inf"}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Badge color={LEVEL_COLOR[level]} variant="light" size="sm" miw="max-content" data-testid={testId && `${testId}-level`}>
          {levelText}
        </Badge>
      </Group>
      <Progress.Root size="lg">
        <Progress.Section value={barValue(used, capacity)} color={LEVEL_COLOR[level]} aria-label={`${label}: ${summary}`} />
      </Progress.Root>
      <Text size="xs">{summary}</Text>
    </Stack>
  );
}
