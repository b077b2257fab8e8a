import { createFileRoute } from "@tanstack/react-router";
import { ShortagesScreen } from "../../../../features/events/routes/ShortagesScreen";
import { SHORTAGE_WINDOWS } from "../../../../features/events/api/windows";
import { FindPartnersButton } from "../../../../features/subhire/components/PartnerAvailability";

/** The shortages, each with sub-hire's "Find partners" (features meet here, not in each other). */
function ShortagesPage() {
  return (
    <ShortagesScreen
      lineExtra={(s, productName) => (
        <FindPartnersButton line={{ eventId: s.eventId, productId: s.productId, productName, shortfall: s.shortfall }} />
      )}
    />
  );
}

export const Route = createFileRoute("/_app/availability/shortages")({
  validateSearch: (s: Record<string, unknown>): { days?: number } => {
    const d = Number(s.days);
    return { days: (SHORTAGE_WINDOWS as readonly number[]).includes(d) ? d : undefined };
  },
  component: ShortagesPage,
});
