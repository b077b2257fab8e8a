import { createFileRoute } from "@tanstack/react-router";
import { ShortagesScreen } from "../../../../features/events/routes/ShortagesScreen";
import { SHORTAGE_WINDOWS } from "../../../../features/events/api/windows";

export const Route = createFileRoute("/_app/availability/shortages")({
  validateSearch: (s: Record<string, unknown>): { days?: number } => {
    const d = Number(s.days);
    return { days: (SHORTAGE_WINDOWS as readonly number[]).includes(d) ? d : undefined };
  },
  component: ShortagesScreen,
});
