import { Badge } from "@mantine/core";
import { useIntl } from "react-intl";
import { EventStatus } from "../../../gen/eventkit/v1/planning_pb";

/**
 * The status ladder's one visual language (ux-brief): the same colour and label everywhere.
 * Pencilled holds look tentative (outlined), firm holds solid, closed events muted.
 */
export const STATUS_STYLE: Record<EventStatus, { color: string; variant: "filled" | "light" | "outline" | "dot" }> = {
  [EventStatus.UNSPECIFIED]: { color: "gray", variant: "outline" },
  [EventStatus.ENQUIRY]: { color: "gray", variant: "light" },
  [EventStatus.QUOTE]: { color: "violet", variant: "light" },
  [EventStatus.PROVISIONAL]: { color: "yellow", variant: "outline" },
  [EventStatus.RESERVED]: { color: "orange", variant: "filled" },
  [EventStatus.CONFIRMED]: { color: "green", variant: "filled" },
  [EventStatus.COMPLETED]: { color: "blue", variant: "light" },
  [EventStatus.CANCELLED]: { color: "red", variant: "outline" },
  [EventStatus.LOST]: { color: "dark", variant: "outline" },
};

// The ladder lives with the requests (no Mantine there), so the first bundle can use it too.
export { STATUS_LADDER } from "../api/requests";

export function statusLabelId(s: EventStatus): string {
  return `status.${EventStatus[s] ?? "UNSPECIFIED"}`;
}

export function StatusBadge({ status }: { status: EventStatus }) {
  const intl = useIntl();
  const style = STATUS_STYLE[status] ?? STATUS_STYLE[EventStatus.UNSPECIFIED];
  return (
    <Badge color={style.color} variant={style.variant} miw="max-content" data-status={EventStatus[status]}>
      {intl.formatMessage({ id: statusLabelId(status) })}
    </Badge>
  );
}
