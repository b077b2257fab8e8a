import { createFileRoute } from "@tanstack/react-router";
import { TimelineScreen } from "../../../../features/availability/routes/TimelineScreen";
import { EventTable } from "../../../../features/events/components/EventTable";

export interface TimelineSearch {
  /** First day, YYYY-MM-DD; default today. */
  from?: string;
  days?: number;
  category?: string;
  /** "categories": one row per category (its products summed); default one per product. */
  rows?: "categories";
}

/** The timeline; a day's drill-down lists its events in events' table (features meet here, not in each other). */
function TimelinePage() {
  return <TimelineScreen events={(events, testId) => <EventTable events={events} testId={testId} />} />;
}

export const Route = createFileRoute("/_app/availability/timeline")({
  validateSearch: (s: Record<string, unknown>): TimelineSearch => ({
    from: typeof s.from === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s.from) ? s.from : undefined,
    days: s.days === 14 || s.days === 28 || s.days === 56 || s.days === "14" || s.days === "56" || s.days === "28" ? Number(s.days) : undefined,
    category: typeof s.category === "string" && s.category !== "" ? s.category : undefined,
    rows: s.rows === "categories" ? "categories" : undefined,
  }),
  component: TimelinePage,
});
