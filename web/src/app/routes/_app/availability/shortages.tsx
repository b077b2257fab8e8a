import { createFileRoute } from "@tanstack/react-router";
import { SHORTAGE_WINDOWS, ShortagesScreen } from "../../../../features/events/routes/ShortagesScreen";

export const Route = createFileRoute("/_app/availability/shortages")({
  validateSearch: (s: Record<string, unknown>): { days?: number } => {
    const d = Number(s.days);
    return { days: (SHORTAGE_WINDOWS as readonly number[]).includes(d) ? d : undefined };
  },
  component: ShortagesScreen,
});
