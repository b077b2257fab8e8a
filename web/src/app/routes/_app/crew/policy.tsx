import { createFileRoute } from "@tanstack/react-router";
import { CrewPolicyScreen } from "../../../../features/crew/routes/CrewPolicyScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { crewMessages } from "../../../../features/crew/messages";

export const Route = createFileRoute("/_app/crew/policy")({
  component: () => (
    <WithMessages messages={crewMessages}>
      <CrewPolicyScreen />
    </WithMessages>
  ),
});
