import { createFileRoute } from "@tanstack/react-router";
import { EventDetailScreen } from "../../../../features/events/routes/EventDetailScreen";
import { FindPartnersButton } from "../../../../features/subhire/components/PartnerAvailability";

/** The event, with sub-hire's "Find partners" on each short line of its pull list. */
function EventPage() {
  return (
    <EventDetailScreen
      lineExtra={(eventId, item, productName) => (
        <FindPartnersButton line={{ eventId, productId: item.productId, productName, shortfall: item.shortfall }} />
      )}
    />
  );
}

export const Route = createFileRoute("/_app/events/$eventId")({ component: EventPage });
