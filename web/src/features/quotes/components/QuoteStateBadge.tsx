import { Badge } from "@mantine/core";
import { useIntl } from "react-intl";
import { QuoteState } from "../../../gen/eventkit/v1/quotes_pb";

const COLOR: Record<number, string> = {
  [QuoteState.DRAFT]: "gray",
  [QuoteState.SENT]: "blue",
  [QuoteState.ACCEPTED]: "teal",
  [QuoteState.DECLINED]: "red",
  [QuoteState.EXPIRED]: "orange",
};

export function QuoteStateBadge({ state }: { state: QuoteState }) {
  const intl = useIntl();
  return (
    <Badge color={COLOR[state] ?? "gray"} variant="light" data-testid="quote-state" data-state={QuoteState[state]}>
      {intl.formatMessage({ id: `quotes.state.${QuoteState[state] ?? "UNSPECIFIED"}` })}
    </Badge>
  );
}
