import { createFileRoute } from "@tanstack/react-router";
import { SsoCallbackScreen } from "../../features/auth/routes/SsoCallbackScreen";

export const Route = createFileRoute("/sso")({
  validateSearch: (s: Record<string, unknown>): { state?: string; code?: string } => ({
    state: typeof s.state === "string" ? s.state : undefined,
    code: typeof s.code === "string" ? s.code : undefined,
  }),
  component: SsoCallbackScreen,
});
