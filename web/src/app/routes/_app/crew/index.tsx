import { createFileRoute } from "@tanstack/react-router";
import { CrewListScreen } from "../../../../features/crew/routes/CrewListScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { crewMessages } from "../../../../features/crew/messages";

export interface CrewListSearch {
  q?: string;
  skill?: string;
  archived?: boolean;
  page?: string;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export const Route = createFileRoute("/_app/crew/")({
  validateSearch: (s: Record<string, unknown>): CrewListSearch => ({
    q: str(s.q),
    skill: str(s.skill),
    archived: s.archived === true || s.archived === "true" ? true : undefined,
    page: str(s.page),
  }),
  component: () => (
    <WithMessages messages={crewMessages}>
      <CrewListScreen />
    </WithMessages>
  ),
});
