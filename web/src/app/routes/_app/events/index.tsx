import { createFileRoute } from "@tanstack/react-router";
import { EventListScreen, type EventsWhen } from "../../../../features/events/routes/EventListScreen";
import { ClientPicker } from "../../../../features/crm/components/ClientPicker";
import { Permission } from "../../../../gen/eventkit/v1/access_pb";
import { useCan } from "../../../../lib/session";
import { WithMessages } from "../../../../components/WithMessages";
import { crmMessages } from "../../../../features/crm/messages";
import { quotesMessages } from "../../../../features/quotes/messages";

/** The events list; users who can read CRM pick the new event's client from it. */
function EventListPage() {
  return (
    <WithMessages messages={[crmMessages, quotesMessages]}>
      <EventListPageInner />
    </WithMessages>
  );
}

function EventListPageInner() {
  const crm = useCan(Permission.CRM_READ);
  return <EventListScreen clientPicker={crm ? (value, onChange) => <ClientPicker value={value} onChange={onChange} /> : undefined} />;
}

export interface EventListSearch {
  when?: EventsWhen;
  status?: string;
  /** A FulfilmentState name, or ANY_OUT (prepping, out or returning). */
  gear?: string;
  page?: string;
}

export const Route = createFileRoute("/_app/events/")({
  validateSearch: (s: Record<string, unknown>): EventListSearch => ({
    when: s.when === "past" || s.when === "all" || s.when === "upcoming" ? s.when : undefined,
    status: typeof s.status === "string" && s.status !== "" ? s.status : undefined,
    gear: typeof s.gear === "string" && s.gear !== "" ? s.gear : undefined,
    page: typeof s.page === "string" && s.page !== "" ? s.page : undefined,
  }),
  // The list's page starts with the route's code (on hover, with the router's intent preload).
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => {
    // A failed import (offline, code not cached) only loses the head start: the screen fetches.
    void import("../../../prefetch/events")
      .then((m) => m.prefetchEventList(context.queryClient, deps))
      .catch(() => undefined);
  },
  component: EventListPage,
});
