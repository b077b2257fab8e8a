import { createFileRoute } from "@tanstack/react-router";
import { DealBoardScreen } from "../../../features/crm/routes/DealBoardScreen";
import { WithMessages } from "../../../components/WithMessages";
import { crmMessages } from "../../../features/crm/messages";
import { quotesMessages } from "../../../features/quotes/messages";

export const Route = createFileRoute("/_app/deals")({
  validateSearch: (s: Record<string, unknown>): { q?: string } => ({ q: typeof s.q === "string" && s.q !== "" ? s.q : undefined }),
  component: () => (
    <WithMessages messages={[crmMessages, quotesMessages]}>
      <DealBoardScreen />
    </WithMessages>
  ),
});
