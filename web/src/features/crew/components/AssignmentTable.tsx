import type { ReactNode } from "react";
import { Group, Table, Text, Tooltip } from "@mantine/core";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl, type IntlShape } from "react-intl";
import { RateUnit, TimesheetStatus, type Assignment } from "../../../gen/eventkit/v1/crew_pb";
import { formatMoney } from "../../../lib/money";
import { AssignmentStatusBadge, TimesheetStatusBadge } from "./badges";

/** "Tue 8 Dec, 14:00 – 23:00" in the event's zone (the user's own zone on hover when it differs). */
export function formatCall(intl: IntlShape, a: Pick<Assignment, "call" | "timeZone">): { text: string; hint?: string } {
  if (!a.call?.start || !a.call?.end) return { text: "—" };
  const s = timestampDate(a.call.start);
  const e = timestampDate(a.call.end);
  const zone = a.timeZone || undefined;
  const fmt = (d: Date, tz: string | undefined, withDay: boolean) =>
    intl.formatDate(d, { timeZone: tz, ...(withDay ? { weekday: "short", day: "numeric", month: "short" } : {}), hour: "2-digit", minute: "2-digit" });
  const sameDay = fmt(s, zone, true).split(",")[0] === fmt(e, zone, true).split(",")[0];
  const text = `${fmt(s, zone, true)} – ${fmt(e, zone, !sameDay)}`;
  const own = intl.timeZone;
  const hint = zone && own && zone !== own ? `${fmt(s, own, true)} – ${fmt(e, own, true)} (${own})` : undefined;
  return { text, hint };
}

export function formatRate(intl: IntlShape, a: Pick<Assignment, "rate" | "rateUnit">): string {
  const unit = RateUnit[a.rateUnit] && a.rateUnit !== RateUnit.UNSPECIFIED ? intl.formatMessage({ id: `crew.rateUnit.${RateUnit[a.rateUnit]}` }) : "";
  return `${formatMoney(intl, a.rate)}${unit ? ` ${unit}` : ""}`;
}

export function CallTimes({ a }: { a: Pick<Assignment, "call" | "timeZone"> }) {
  const intl = useIntl();
  const c = formatCall(intl, a);
  const body = (
    <Text size="sm" span tabIndex={c.hint ? 0 : undefined} style={{ whiteSpace: "nowrap" }} data-testid="assignment-call">
      {c.text}
    </Text>
  );
  return c.hint ? (
    <Tooltip label={c.hint} openDelay={200}>
      {body}
    </Tooltip>
  ) : (
    body
  );
}

/**
 * An event's or a person's assignments: who (or which event), function, call in the event's zone,
 * rate, status and timesheet status; `actions` renders the row's buttons.
 */
export function AssignmentTable({ assignments, show, actions, testId }: { assignments: Assignment[]; show: "member" | "event"; actions?: (a: Assignment) => ReactNode; testId: string }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing={4} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(show === "member" ? "crew.member" : "crew.event")}</Table.Th>
            <Table.Th>{t("crew.function")}</Table.Th>
            <Table.Th>{t("crew.call")}</Table.Th>
            <Table.Th>{t("crew.rate")}</Table.Th>
            <Table.Th>{t("crew.status")}</Table.Th>
            <Table.Th>{t("crew.timesheet")}</Table.Th>
            {actions && <Table.Th>{t("crew.actions")}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {assignments.map((a) => (
            <Table.Tr key={a.id} data-testid="assignment-row" data-assignment={a.id} data-member={a.crewMemberId}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {show === "member" ? a.crewMemberName : a.eventName}
                </Text>
                {a.overrideReason && (
                  <Tooltip label={a.overriddenConflicts.map((c) => c.message).join("; ")} openDelay={200}>
                    <Text size="xs" tabIndex={0} data-testid="assignment-override">
                      ⚠ <FormattedMessage id="crew.overridden" values={{ reason: a.overrideReason }} />
                    </Text>
                  </Tooltip>
                )}
                {a.declineReason && (
                  <Text size="xs" c="red">
                    <FormattedMessage id="crew.declinedBecause" values={{ reason: a.declineReason }} />
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.function}</Text>
              </Table.Td>
              <Table.Td>
                <CallTimes a={a} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                  {formatRate(intl, a)}
                </Text>
              </Table.Td>
              <Table.Td>
                <AssignmentStatusBadge status={a.status} />
              </Table.Td>
              <Table.Td>
                {a.timesheetStatus === TimesheetStatus.UNSPECIFIED ? (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                ) : (
                  <TimesheetStatusBadge status={a.timesheetStatus} />
                )}
              </Table.Td>
              {actions && (
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {actions(a)}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
