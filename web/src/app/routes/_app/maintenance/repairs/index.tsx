import { createFileRoute } from "@tanstack/react-router";
import { RepairListScreen } from "../../../../../features/maintenance/routes/RepairListScreen";
import { statusFilter, type StatusFilter } from "../../../../../features/maintenance/lib/maintenance";

export interface RepairListSearch {
  status?: StatusFilter;
  /** One unit's tickets, by its barcode. */
  barcode?: string;
  page?: string;
}

export const Route = createFileRoute("/_app/maintenance/repairs/")({
  validateSearch: (s: Record<string, unknown>): RepairListSearch => ({
    status: statusFilter(s.status),
    barcode: typeof s.barcode === "string" && s.barcode.trim() !== "" ? s.barcode.trim() : undefined,
    page: typeof s.page === "string" && s.page !== "" ? s.page : undefined,
  }),
  component: RepairListScreen,
});
