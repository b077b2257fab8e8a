import { createFileRoute } from "@tanstack/react-router";
import { CompanyListScreen } from "../../../../features/crm/routes/CompanyListScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { crmMessages } from "../../../../features/crm/messages";
import { quotesMessages } from "../../../../features/quotes/messages";

export interface CompanyListSearch {
  q?: string;
  tag?: string;
  archived?: boolean;
  page?: string;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export const Route = createFileRoute("/_app/clients/")({
  validateSearch: (s: Record<string, unknown>): CompanyListSearch => ({
    q: str(s.q),
    tag: str(s.tag),
    archived: s.archived === true || s.archived === "true" ? true : undefined,
    page: str(s.page),
  }),
  component: () => (
    <WithMessages messages={[crmMessages, quotesMessages]}>
      <CompanyListScreen />
    </WithMessages>
  ),
});
