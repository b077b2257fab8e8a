import { createFileRoute } from "@tanstack/react-router";
import { QuoteEditorScreen } from "../../../../features/quotes/routes/QuoteEditorScreen";
import { AttachmentsPanel } from "../../../../features/files/components/AttachmentsPanel";
import { WithMessages } from "../../../../components/WithMessages";
import { crmMessages } from "../../../../features/crm/messages";
import { quotesMessages } from "../../../../features/quotes/messages";

/** The quote editor, with the quote's attachments (e.g. the signed PDF; features meet here). */
export const Route = createFileRoute("/_app/quotes/$quoteId")({
  component: () => (
    <WithMessages messages={[crmMessages, quotesMessages]}>
      <QuoteEditorScreen sections={(q) => <AttachmentsPanel owner="quote" ownerId={q.id} />} />
    </WithMessages>
  ),
});
