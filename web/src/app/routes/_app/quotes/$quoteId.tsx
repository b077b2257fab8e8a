import { createFileRoute } from "@tanstack/react-router";
import { QuoteEditorScreen } from "../../../../features/quotes/routes/QuoteEditorScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { crmMessages } from "../../../../features/crm/messages";
import { quotesMessages } from "../../../../features/quotes/messages";

export const Route = createFileRoute("/_app/quotes/$quoteId")({
  component: () => (
    <WithMessages messages={[crmMessages, quotesMessages]}>
      <QuoteEditorScreen />
    </WithMessages>
  ),
});
