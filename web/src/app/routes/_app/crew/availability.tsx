import { createFileRoute } from "@tanstack/react-router";
import { AvailabilityScreen } from "../../../../features/crew/routes/AvailabilityScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { crewMessages } from "../../../../features/crew/messages";

export interface CrewGridSearch {
  /** First day shown (YYYY-MM-DD); today when absent. */
  from?: string;
  q?: string;
  skill?: string;
  page?: string;
  /** The event a click on an empty cell offers. */
  event?: string;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export const Route = createFileRoute("/_app/crew/availability")({
  validateSearch: (s: Record<string, unknown>): CrewGridSearch => ({
    from: str(s.from),
    q: str(s.q),
    skill: str(s.skill),
    page: str(s.page),
    event: str(s.event),
  }),
  component: () => (
    <WithMessages messages={crewMessages}>
      <AvailabilityScreen />
    </WithMessages>
  ),
});
