import { createFileRoute } from "@tanstack/react-router";
import { CrewMemberScreen } from "../../../../features/crew/routes/CrewMemberScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { crewMessages } from "../../../../features/crew/messages";

export const Route = createFileRoute("/_app/crew/$memberId")({
  component: () => (
    <WithMessages messages={crewMessages}>
      <CrewMemberScreen />
    </WithMessages>
  ),
});
