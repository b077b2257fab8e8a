import { createFileRoute } from "@tanstack/react-router";
import { ForgotPasswordScreen } from "../../features/auth/routes/ForgotPasswordScreen";

export const Route = createFileRoute("/forgot-password")({
  component: ForgotPasswordScreen,
});
