import { createFileRoute } from "@tanstack/react-router";
import { ForgotPasswordScreen } from "../../features/auth/routes/ForgotPasswordScreen";

export const Route = createFileRoute("/forgot-password")({
  // The company account to ask in (a spent reset link's), prefilled on a shared deployment.
  validateSearch: (s: Record<string, unknown>): { tenant?: string } =>
    typeof s.tenant === "string" ? { tenant: s.tenant } : {},
  component: ForgotPasswordScreen,
});
