import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";

/** "{by}, {at}" with the date short and the full date on hover; "—" when not yet. */
export function ByAt({ by, at }: { by: string; at?: Timestamp }) {
  const intl = useIntl();
  if (!at) return <>—</>;
  const d = timestampDate(at);
  return (
    <span title={intl.formatDate(d, { dateStyle: "full", timeStyle: "short" })}>
      <FormattedMessage id="repair.byAt" values={{ by: by || "—", at: intl.formatDate(d, { dateStyle: "medium", timeStyle: "short" }) }} />
    </span>
  );
}
