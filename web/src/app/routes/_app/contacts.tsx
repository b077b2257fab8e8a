import { createFileRoute } from "@tanstack/react-router";
import { ContactListScreen } from "../../../features/crm/routes/ContactListScreen";
import { WithMessages } from "../../../components/WithMessages";
import { crmMessages } from "../../../features/crm/messages";
import { quotesMessages } from "../../../features/quotes/messages";

export const Route = createFileRoute("/_app/contacts")({
  validateSearch: (s: Record<string, unknown>): { q?: string; page?: string; archived?: boolean } => ({
    q: typeof s.q === "string" && s.q !== "" ? s.q : undefined,
    page: typeof s.page === "string" && s.page !== "" ? s.page : undefined,
    archived: s.archived === true || s.archived === "true" ? true : undefined,
  }),
  component: () => (
    <WithMessages messages={[crmMessages, quotesMessages]}>
      <ContactListScreen />
    </WithMessages>
  ),
});
