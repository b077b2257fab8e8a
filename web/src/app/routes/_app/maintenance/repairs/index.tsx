import { createFileRoute } from "@tanstack/react-router";
import { RepairListScreen } from "../../../../../features/maintenance/routes/RepairListScreen";
import { statusFilter, type StatusFilter } from "../../../../../features/maintenance/lib/filters";

export interface RepairListSearch {
  status?: StatusFilter;
  /** One unit's tickets, by its barcode. */
  barcode?: string;
  page?: string;
  /** Opens the "Open repair" form with this barcode filled in (the asset page's "Report a fault"). */
  report?: string;
}

export const Route = createFileRoute("/_app/maintenance/repairs/")({
  validateSearch: (s: Record<string, unknown>): RepairListSearch => ({
    status: statusFilter(s.status),
    barcode: typeof s.barcode === "string" && s.barcode.trim() !== "" ? s.barcode.trim() : undefined,
    page: typeof s.page === "string" && s.page !== "" ? s.page : undefined,
    report: typeof s.report === "string" && s.report.trim() !== "" ? s.report.trim() : undefined,
  }),
  component: RepairListScreen,
});
