import { Badge } from "@mantine/core";
import { useIntl } from "react-intl";

/**
 * "Can I?" in one glance (ux-brief): green enough, amber enough only by counting pencilled holds,
 * red short with the number short.
 */
export function AvailabilityBadge(props: { requested: number; available: number; shortfall: number; tentative: number }) {
  const intl = useIntl();
  if (props.shortfall > 0) {
    return (
      <Badge color="red" variant="filled" data-availability="short">
        {intl.formatMessage({ id: "avail.short" }, { count: props.shortfall })}
      </Badge>
    );
  }
  if (props.tentative > 0) {
    return (
      <Badge color="yellow" variant="light" data-availability="tentative">
        {intl.formatMessage({ id: "avail.tentative" }, { count: props.tentative })}
      </Badge>
    );
  }
  return (
    <Badge color="green" variant="light" data-availability="ok">
      {intl.formatMessage({ id: "avail.ok" })}
    </Badge>
  );
}
