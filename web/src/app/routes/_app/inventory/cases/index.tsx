import { createFileRoute } from "@tanstack/react-router";
import { CaseListScreen } from "../../../../../features/inventory/routes/CaseListScreen";

export const Route = createFileRoute("/_app/inventory/cases/")({
  validateSearch: (s: Record<string, unknown>): { page?: string } => ({
    page: typeof s.page === "string" && s.page !== "" ? s.page : undefined,
  }),
  component: CaseListScreen,
});
