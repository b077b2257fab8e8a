import { createFileRoute } from "@tanstack/react-router";
import { EventDetailScreen } from "../../../../features/events/routes/EventDetailScreen";

export const Route = createFileRoute("/_app/events/$eventId")({ component: EventDetailScreen });
