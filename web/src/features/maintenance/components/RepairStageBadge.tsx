import { Badge } from "@mantine/core";
import { useIntl } from "react-intl";
import type { RepairTicket } from "../../../gen/eventkit/v1/scanning_pb";
import { repairStage, type RepairStage } from "../lib/maintenance";

const COLOR: Record<RepairStage, string> = {
  OPEN: "red",
  IN_PROGRESS: "orange",
  REPAIRED: "green",
  RETIRED: "gray",
  UNSPECIFIED: "gray",
};

/** A ticket's stage in words (the colour only repeats it); data-stage for tests. */
export function RepairStageBadge({ ticket }: { ticket: Pick<RepairTicket, "status"> }) {
  const intl = useIntl();
  const stage = repairStage(ticket.status);
  return (
    <Badge color={COLOR[stage]} variant="light" data-testid="repair-stage" data-stage={stage} style={{ flexShrink: 0 }}>
      {intl.formatMessage({ id: `repair.stage.${stage}` })}
    </Badge>
  );
}

/** Where a ticket came from, in words (RETURN, INSPECTION, MANUAL; anything newer as the API says it). */
export function useSourceLabel() {
  const intl = useIntl();
  return (source: string) =>
    ["RETURN", "INSPECTION", "MANUAL"].includes(source) ? intl.formatMessage({ id: `repair.source.${source}` }) : source;
}
