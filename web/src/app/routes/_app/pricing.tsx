import { createFileRoute } from "@tanstack/react-router";
import { PricingScreen } from "../../../features/quotes/routes/PricingScreen";
import { WithMessages } from "../../../components/WithMessages";
import { crmMessages } from "../../../features/crm/messages";
import { quotesMessages } from "../../../features/quotes/messages";

export const Route = createFileRoute("/_app/pricing")({
  component: () => (
    <WithMessages messages={[crmMessages, quotesMessages]}>
      <PricingScreen />
    </WithMessages>
  ),
});
