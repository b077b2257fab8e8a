import { createFileRoute } from "@tanstack/react-router";
import { CalendarScreen, type CalendarView } from "../../../../features/events/routes/CalendarScreen";

export interface CalendarSearch {
  view?: CalendarView;
  /** A day in the month or week shown, YYYY-MM-DD; default today. */
  date?: string;
}

export const Route = createFileRoute("/_app/events/calendar")({
  validateSearch: (s: Record<string, unknown>): CalendarSearch => ({
    view: s.view === "week" || s.view === "month" ? s.view : undefined,
    date: typeof s.date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s.date) ? s.date : undefined,
  }),
  component: CalendarScreen,
});
