import { createFileRoute } from "@tanstack/react-router";
import { WithMessages } from "../../../../components/WithMessages";
import { ReportsScreen } from "../../../../features/reports/routes/ReportsScreen";
import { reportsMessages } from "../../../../features/reports/messages";
import type { ReportSearch } from "../../../../features/reports/lib/search";
import { FindPartnersButton } from "../../../../features/subhire/components/PartnerAvailability";

/** The report builder; a shortage row offers sub-hire's "Find partners" (features meet here). */
function ReportsPage() {
  return (
    <WithMessages messages={reportsMessages}>
      <ReportsScreen
        rowActions={{
          shortages: (r) =>
            r.ref?.eventId && r.ref.productId ? (
              <FindPartnersButton
                line={{ eventId: r.ref.eventId, productId: r.ref.productId, productName: r.ref.productName, shortfall: r.ref.shortfall ?? 0 }}
              />
            ) : null,
        }}
      />
    </WithMessages>
  );
}

export const Route = createFileRoute("/_app/reports/")({
  // Route options stay in the first bundle, so this only keeps text; the screen checks each
  // parameter (parseReportSearch) with the rest of its code.
  validateSearch: (s: Record<string, unknown>): ReportSearch => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(s)) if ((typeof v === "string" && v !== "") || typeof v === "number") out[k] = String(v);
    return out as ReportSearch;
  },
  component: ReportsPage,
});
