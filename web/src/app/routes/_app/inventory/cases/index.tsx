import { createFileRoute } from "@tanstack/react-router";
import { CaseListScreen } from "../../../../../features/inventory/routes/CaseListScreen";

export const Route = createFileRoute("/_app/inventory/cases/")({
  validateSearch: (s: Record<string, unknown>): { page?: string; q?: string } => ({
    page: typeof s.page === "string" && s.page !== "" ? s.page : undefined,
    q: typeof s.q === "string" && s.q !== "" ? s.q.slice(0, 100) : undefined,
  }),
  component: CaseListScreen,
});
