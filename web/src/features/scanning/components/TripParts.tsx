import { Badge } from "@mantine/core";
import { FormattedDate, useIntl } from "react-intl";
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { ItemCondition, type ReportItem } from "../../../gen/eventkit/v1/scanning_pb";

/** A timestamp in the user's locale, or a dash. */
export function When({ ts }: { ts: Timestamp | undefined }) {
  if (!ts) return <>—</>;
  return <FormattedDate value={timestampDate(ts)} dateStyle="short" timeStyle="short" />;
}

/** Still out (yellow), or how it came back. */
export function Condition({ item }: { item: ReportItem }) {
  const intl = useIntl();
  if (!item.closedAt || item.condition === ItemCondition.UNSPECIFIED) {
    return (
      <Badge color="yellow" variant="light" data-testid="returns-still-out">
        {intl.formatMessage({ id: "returns.stillOut" })}
      </Badge>
    );
  }
  const color = item.condition === ItemCondition.OK ? "green" : "red";
  return (
    <Badge color={color} variant="light">
      {intl.formatMessage({ id: `returns.condition.${ItemCondition[item.condition]}` })}
    </Badge>
  );
}
