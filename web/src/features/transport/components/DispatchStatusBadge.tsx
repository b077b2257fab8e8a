import { Badge } from "@mantine/core";
import { useIntl } from "react-intl";
import { DispatchStatus } from "../../../gen/eventkit/v1/transport_pb";

export const DISPATCH_STATUSES = [DispatchStatus.PLANNED, DispatchStatus.DISPATCHED, DispatchStatus.COMPLETED, DispatchStatus.CANCELLED] as const;

const COLOR: Record<DispatchStatus, string> = {
  [DispatchStatus.UNSPECIFIED]: "gray",
  [DispatchStatus.PLANNED]: "blue",
  [DispatchStatus.DISPATCHED]: "orange",
  [DispatchStatus.COMPLETED]: "green",
  [DispatchStatus.CANCELLED]: "gray",
};

export const statusName = (s: DispatchStatus) => DispatchStatus[s] ?? "UNSPECIFIED";

/** A run's status in words; the colour only repeats it. */
export function DispatchStatusBadge({ status, testId = "run-status" }: { status: DispatchStatus; testId?: string }) {
  const intl = useIntl();
  return (
    <Badge color={COLOR[status] ?? "gray"} variant="light" miw="max-content" data-testid={testId} data-status={statusName(status)}>
      {intl.formatMessage({ id: `transport.run.status.${statusName(status)}` })}
    </Badge>
  );
}
