import { createFileRoute } from "@tanstack/react-router";
import { QuoteListScreen } from "../../../../features/quotes/routes/QuoteListScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { crmMessages } from "../../../../features/crm/messages";
import { quotesMessages } from "../../../../features/quotes/messages";

export interface QuoteListSearch {
  q?: string;
  /** Comma-separated QuoteState names (DRAFT,SENT…). */
  state?: string;
  page?: string;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export const Route = createFileRoute("/_app/quotes/")({
  validateSearch: (s: Record<string, unknown>): QuoteListSearch => ({ q: str(s.q), state: str(s.state), page: str(s.page) }),
  component: () => (
    <WithMessages messages={[crmMessages, quotesMessages]}>
      <QuoteListScreen />
    </WithMessages>
  ),
});
