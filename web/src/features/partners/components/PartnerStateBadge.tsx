import { Badge, Group } from "@mantine/core";
import { useIntl } from "react-intl";
import { PartnerState } from "../../../gen/eventkit/v1/trust_pb";
import { stateKey } from "../lib/partners";

const COLOR: Record<PartnerState, string> = {
  [PartnerState.UNSPECIFIED]: "gray",
  [PartnerState.INVITED]: "blue",
  [PartnerState.PENDING]: "yellow",
  [PartnerState.ACTIVE]: "green",
  [PartnerState.SUSPENDED]: "orange",
  [PartnerState.REVOKED]: "red",
  [PartnerState.REVOKED_BY_PARTNER]: "red",
};

/** The partner's state, plus "Certificate expired" when our client certificate at it is past its expiry. */
export function PartnerStateBadge({ state, expired }: { state: PartnerState; expired?: boolean }) {
  const intl = useIntl();
  return (
    <Group gap={4} wrap="nowrap">
      {/* Dark text on light fills keeps the contrast axe wants. */}
      <Badge color={COLOR[state]} variant="light" c="dark.8" style={{ flexShrink: 0, minWidth: "max-content" }} data-testid="partner-state" data-state={stateKey(state)}>
        {intl.formatMessage({ id: `partners.state.${stateKey(state)}` })}
      </Badge>
      {expired && (
        <Badge color="red" variant="outline" c="red.9" style={{ flexShrink: 0, minWidth: "max-content" }} data-testid="partner-expired">
          {intl.formatMessage({ id: "partners.expired" })}
        </Badge>
      )}
    </Group>
  );
}
