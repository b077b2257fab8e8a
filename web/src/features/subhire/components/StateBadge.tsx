import { Badge } from "@mantine/core";
import { useIntl } from "react-intl";
import type { NegotiationState } from "../../../gen/eventkit/v1/subhire_pb";
import { STATE_COLOR, stateName } from "../lib/subhire";

/** A negotiation's state in words on its colour (tinted background, text in the page's colour for contrast). */
export function StateBadge({ state, testId }: { state: NegotiationState; testId?: string }) {
  const intl = useIntl();
  const name = stateName(state);
  return (
    <Badge
      color={STATE_COLOR[state] ?? "gray"}
      variant="light"
      c="var(--mantine-color-text)"
      miw="max-content"
      data-state={name}
      data-testid={testId ?? "subhire-state"}
    >
      {intl.formatMessage({ id: `subhire.state.${name}` })}
    </Badge>
  );
}
