import { createFileRoute } from "@tanstack/react-router";
import { WithMessages } from "../../../components/WithMessages";
import { WebhooksScreen } from "../../../features/webhooks/routes/WebhooksScreen";
import { webhooksMessages } from "../../../features/webhooks/messages";

/** Webhook subscriptions (WEBHOOKS_ADMIN); `?webhook=<id>` opens one's delivery log. */
export const Route = createFileRoute("/_app/settings_/webhooks")({
  validateSearch: (s: Record<string, unknown>): { webhook?: string } =>
    typeof s.webhook === "string" && s.webhook !== "" ? { webhook: s.webhook } : {},
  component: () => (
    <WithMessages messages={webhooksMessages}>
      <WebhooksScreen />
    </WithMessages>
  ),
});
