import { Group } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { ButtonLink } from "../../../components/ButtonLink";

/** Vehicles, their availability and the runs: one row of links over the transport screens. */
export function TransportTabs({ active }: { active: "vehicles" | "availability" | "runs" }) {
  const intl = useIntl();
  const tab = (key: typeof active, to: "/transport/vehicles" | "/transport/availability" | "/transport/runs") => (
    <ButtonLink
      to={to}
      size="xs"
      variant={active === key ? "filled" : "default"}
      aria-current={active === key ? "page" : undefined}
      data-testid={`transport-tab-${key}`}
    >
      <FormattedMessage id={`transport.tab.${key}`} />
    </ButtonLink>
  );
  return (
    <Group gap="xs" component="nav" aria-label={intl.formatMessage({ id: "transport.tabs" })}>
      {tab("vehicles", "/transport/vehicles")}
      {tab("availability", "/transport/availability")}
      {tab("runs", "/transport/runs")}
    </Group>
  );
}
