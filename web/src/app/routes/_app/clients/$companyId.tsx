import { createFileRoute } from "@tanstack/react-router";
import { CompanyDetailScreen } from "../../../../features/crm/routes/CompanyDetailScreen";
import { ClientEvents } from "../../../../features/events/components/ClientEvents";
import { CompanyQuotes } from "../../../../features/quotes/components/CompanyQuotes";
import { WithMessages } from "../../../../components/WithMessages";
import { crmMessages } from "../../../../features/crm/messages";
import { quotesMessages } from "../../../../features/quotes/messages";

/** A client company, with planning's events for it and its quotes (features meet here). */
function CompanyPage() {
  return (
    <WithMessages messages={[crmMessages, quotesMessages]}>
      <CompanyPageInner />
    </WithMessages>
  );
}

function CompanyPageInner() {
  return (
    <CompanyDetailScreen
      events={(companyId) => <ClientEvents companyId={companyId} />}
      quotes={(companyId, companyName) => <CompanyQuotes companyId={companyId} companyName={companyName} />}
    />
  );
}

export const Route = createFileRoute("/_app/clients/$companyId")({ component: CompanyPage });
