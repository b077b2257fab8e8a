import { createFileRoute } from "@tanstack/react-router";
import { InspectionsDueScreen } from "../../../../../features/maintenance/routes/InspectionsDueScreen";
import { horizon } from "../../../../../features/maintenance/lib/filters";

export interface InspectionsSearch {
  /** Days ahead (0: overdue only); absent: the default 30. */
  within?: number;
  page?: string;
}

export const Route = createFileRoute("/_app/maintenance/inspections/")({
  validateSearch: (s: Record<string, unknown>): InspectionsSearch => ({
    within: horizon(s.within),
    page: typeof s.page === "string" && s.page !== "" ? s.page : undefined,
  }),
  component: InspectionsDueScreen,
});
