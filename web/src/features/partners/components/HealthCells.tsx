import { useEffect, useState } from "react";
import { Badge, Text, Tooltip } from "@mantine/core";
import { useIntl } from "react-intl";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { PartnerHealth } from "../../../gen/eventkit/v1/trust_pb";
import { dateOf, formatMs, formatOffset, relative } from "../lib/partners";

/** "3 minutes ago" with the full date on hover; "—" when never. */
export function When({ at, now, testId }: { at?: Timestamp; now: Date; testId?: string }) {
  const intl = useIntl();
  const d = dateOf(at);
  if (!d) return <span data-testid={testId}>—</span>;
  const r = relative(d, now);
  return (
    <span title={intl.formatDate(d, { dateStyle: "full", timeStyle: "medium" })} data-testid={testId}>
      {intl.formatRelativeTime(r.value, r.unit, { numeric: "auto" })}
    </span>
  );
}

export function Latency({ h }: { h?: PartnerHealth }) {
  if (!h || (h.latencyP50Ms === 0 && h.latencyP99Ms === 0)) return <span data-testid="partner-latency">—</span>;
  return (
    <span data-testid="partner-latency">
      {formatMs(h.latencyP50Ms)} / {formatMs(h.latencyP99Ms)}
    </span>
  );
}

export function ErrorRate({ h }: { h?: PartnerHealth }) {
  const intl = useIntl();
  if (!h || h.errorRate === undefined) return <span data-testid="partner-error-rate">—</span>;
  const pct = intl.formatNumber(h.errorRate, { style: "percent", maximumFractionDigits: 1 });
  const text = intl.formatMessage({ id: "partners.health.errorRateOf" }, { rate: pct, calls: Number(h.recentCalls) });
  return (
    <Text span size="sm" c={h.errorRate > 0.1 ? "red.9" : undefined} fw={h.errorRate > 0.1 ? 700 : undefined} data-testid="partner-error-rate">
      {text}
    </Text>
  );
}

export function ClockOffset({ h }: { h?: PartnerHealth }) {
  const intl = useIntl();
  if (!h || h.clockOffsetMs === undefined) return <span data-testid="partner-clock">—</span>;
  return (
    <span data-testid="partner-clock">
      {formatOffset(h.clockOffsetMs)}{" "}
      {h.clockOffsetWarning && (
        <Tooltip label={intl.formatMessage({ id: "partners.health.clockWarnHint" })}>
          <Badge color="orange" variant="light" c="dark.8" data-testid="partner-clock-warning">
            {intl.formatMessage({ id: "partners.health.clockWarn" })}
          </Badge>
        </Tooltip>
      )}
    </span>
  );
}

/** A date, short, with the full one on hover. */
export function DateCell({ at, testId, withTime }: { at?: Timestamp; testId?: string; withTime?: boolean }) {
  const intl = useIntl();
  const d = dateOf(at);
  if (!d) return <span data-testid={testId}>—</span>;
  return (
    <span title={intl.formatDate(d, { dateStyle: "full", timeStyle: "short" })} data-testid={testId}>
      {intl.formatDate(d, withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" })}
    </span>
  );
}

/** The current time, re-read every `ms` so relative times move on between polls. */
export function useNow(ms = 10_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
