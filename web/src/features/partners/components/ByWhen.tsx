import { useIntl } from "react-intl";
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";

/** "{by}, {at}" short, the full date on hover; "—" when not decided. */
export function ByWhen({ by, at }: { by: string; at?: Timestamp }) {
  const intl = useIntl();
  if (!at) return <>—</>;
  const d = timestampDate(at);
  return (
    <span title={intl.formatDate(d, { dateStyle: "full", timeStyle: "short" })}>
      {intl.formatMessage({ id: "partners.byAt" }, { by: by || "—", at: intl.formatDate(d, { dateStyle: "medium", timeStyle: "short" }) })}
    </span>
  );
}
