import { Badge } from "@mantine/core";
import { useIntl } from "react-intl";
import { daysUntil } from "../lib/maintenance";

/**
 * "Overdue by 3 days" (red, with a warning sign) or "Due in 12 days": the words say it, the colour
 * and the sign only repeat it.
 */
export function DueBadge({ dueAt, overdue, now = new Date() }: { dueAt: Date; overdue: boolean; now?: Date }) {
  const intl = useIntl();
  const days = daysUntil(dueAt, now);
  return overdue ? (
    <Badge color="red" variant="light" data-testid="due-state" data-overdue="true" style={{ flexShrink: 0 }}>
      <span aria-hidden="true">⚠ </span>
      {intl.formatMessage({ id: "inspection.overdue" }, { days: Math.max(1, -days) })}
    </Badge>
  ) : (
    <Badge color="blue" variant="outline" data-testid="due-state" data-overdue="false" style={{ flexShrink: 0 }}>
      {intl.formatMessage({ id: "inspection.dueIn" }, { days: Math.max(0, days) })}
    </Badge>
  );
}
