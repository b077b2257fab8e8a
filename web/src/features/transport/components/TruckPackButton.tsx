import { FormattedMessage } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { ButtonLink } from "../../../components/ButtonLink";
import { useCan } from "../../../lib/session";

/** On the event's page: its truck pack, and a new run for it (for those who may plan one). */
export function TruckPackButton({ eventId }: { eventId: string }) {
  const read = useCan(Permission.TRANSPORT_READ);
  const write = useCan(Permission.TRANSPORT_WRITE);
  if (!read) return null;
  return (
    <>
      <ButtonLink to="/events/$eventId/truck" params={{ eventId }} variant="default" data-testid="event-truck-pack">
        <FormattedMessage id="transport.pack.open" />
      </ButtonLink>
      {write && (
        <ButtonLink to="/transport/runs/new" search={{ eventId }} variant="default" data-testid="event-new-run">
          <FormattedMessage id="transport.run.newForEvent" />
        </ButtonLink>
      )}
    </>
  );
}
