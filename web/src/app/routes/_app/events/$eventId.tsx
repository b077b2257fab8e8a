import { createFileRoute } from "@tanstack/react-router";
import { EventDetailScreen } from "../../../../features/events/routes/EventDetailScreen";
import { FindPartnersButton } from "../../../../features/subhire/components/PartnerAvailability";
import { ClientPicker } from "../../../../features/crm/components/ClientPicker";
import { CreateQuoteButton } from "../../../../features/quotes/components/CreateQuoteButton";
import { Permission } from "../../../../gen/eventkit/v1/access_pb";
import { useCan } from "../../../../lib/session";
import { WithMessages } from "../../../../components/WithMessages";
import { crmMessages } from "../../../../features/crm/messages";
import { quotesMessages } from "../../../../features/quotes/messages";
import { EventCrew } from "../../../../features/crew/components/EventCrew";
import { crewMessages } from "../../../../features/crew/messages";
import { TruckPackButton } from "../../../../features/transport/components/TruckPackButton";
import { transportMessages } from "../../../../features/transport/messages";
import { AttachmentsPanel } from "../../../../features/files/components/AttachmentsPanel";

/**
 * The event, with sub-hire's "Find partners" on each short line of its pull list, CRM's client
 * picker in its edit form (for users who read CRM), quotes' "Create quote", transport's truck pack,
 * crew's section and its attachments (riders, stage plots, site plans; features meet here).
 */
function EventPage() {
  return (
    <WithMessages messages={[crmMessages, quotesMessages, crewMessages, transportMessages]}>
      <EventPageInner />
    </WithMessages>
  );
}

function EventPageInner() {
  const crm = useCan(Permission.CRM_READ);
  return (
    <EventDetailScreen
      lineExtra={(eventId, item, productName) => (
        <FindPartnersButton line={{ eventId, productId: item.productId, productName, shortfall: item.shortfall }} />
      )}
      clientPicker={crm ? (value, onChange) => <ClientPicker value={value} onChange={onChange} /> : undefined}
      actions={(event) => (
        <>
          <CreateQuoteButton eventId={event.id} hasClient={!!event.client?.companyId} />
          <TruckPackButton eventId={event.id} />
        </>
      )}
      sections={(event) => (
        <>
          <EventCrew event={event} />
          <AttachmentsPanel owner="event" ownerId={event.id} />
        </>
      )}
    />
  );
}

export const Route = createFileRoute("/_app/events/$eventId")({ component: EventPage });
