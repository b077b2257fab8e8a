import { Badge, type BadgeProps } from "@mantine/core";
import { useIntl } from "react-intl";
import { FulfilmentState } from "../gen/eventkit/v1/planning_pb";

/** Where an event's gear is, in one colour per state wherever it shows (list, event, returns). */
export const FULFILMENT_COLOR: Record<FulfilmentState, string> = {
  [FulfilmentState.UNSPECIFIED]: "gray",
  [FulfilmentState.NOT_STARTED]: "gray",
  [FulfilmentState.PREPPING]: "yellow",
  [FulfilmentState.OUT]: "blue",
  [FulfilmentState.RETURNING]: "orange",
  [FulfilmentState.RETURNED]: "green",
};

/** The label is always written out: the colour only repeats it. */
export function FulfilmentBadge({
  state,
  size = "sm",
  testId = "fulfilment",
}: {
  state: FulfilmentState;
  size?: BadgeProps["size"];
  testId?: string;
}) {
  const intl = useIntl();
  const name = FulfilmentState[state] ?? "UNSPECIFIED";
  return (
    <Badge
      color={FULFILMENT_COLOR[state] ?? "gray"}
      variant="light"
      size={size}
      miw="max-content"
      data-testid={testId}
      data-state={name}
    >
      {intl.formatMessage({ id: `returns.state.${name}` })}
    </Badge>
  );
}
