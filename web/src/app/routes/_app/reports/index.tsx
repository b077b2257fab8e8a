import { createFileRoute } from "@tanstack/react-router";
import { WithMessages } from "../../../../components/WithMessages";
import { ReportsScreen } from "../../../../features/reports/routes/ReportsScreen";
import { reportsMessages } from "../../../../features/reports/messages";
import { parseReportSearch } from "../../../../features/reports/lib/spec";
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
  validateSearch: parseReportSearch,
  component: ReportsPage,
});
