import { useIntl } from "react-intl";
import { formatMoney } from "../../../lib/money";

/** A deal value, or a dash. */
export function Money({ value }: { value?: { currencyCode: string; minorUnits: bigint } }) {
  const intl = useIntl();
  return <>{formatMoney(intl, value)}</>;
}
