import { createFileRoute } from "@tanstack/react-router";
import { LoginScreen } from "../../features/auth/routes/LoginScreen";

export const Route = createFileRoute("/login")({
  validateSearch: (s: Record<string, unknown>): { redirect?: string } =>
    typeof s.redirect === "string" ? { redirect: s.redirect } : {},
  component: LoginScreen,
});
