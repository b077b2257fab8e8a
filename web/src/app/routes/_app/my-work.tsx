import { createFileRoute } from "@tanstack/react-router";
import { MyWorkScreen } from "../../../features/crew/routes/MyWorkScreen";
import { WithMessages } from "../../../components/WithMessages";
import { crewMessages } from "../../../features/crew/messages";

export interface MyWorkSearch {
  tab?: "availability" | "timesheets";
}

export const Route = createFileRoute("/_app/my-work")({
  validateSearch: (s: Record<string, unknown>): MyWorkSearch => ({
    tab: s.tab === "availability" || s.tab === "timesheets" ? s.tab : undefined,
  }),
  component: () => (
    <WithMessages messages={crewMessages}>
      <MyWorkScreen />
    </WithMessages>
  ),
});
