import { createFileRoute } from "@tanstack/react-router";
import { DealBoardScreen } from "../../../features/crm/routes/DealBoardScreen";

export const Route = createFileRoute("/_app/deals")({
  validateSearch: (s: Record<string, unknown>): { q?: string } => ({ q: typeof s.q === "string" && s.q !== "" ? s.q : undefined }),
  component: DealBoardScreen,
});
