import { createFileRoute } from "@tanstack/react-router";
import { RunScreen } from "../../../../../features/transport/routes/RunEditorScreen";
import { WithMessages } from "../../../../../components/WithMessages";
import { transportMessages } from "../../../../../features/transport/messages";

export const Route = createFileRoute("/_app/transport/runs/$runId")({
  component: () => (
    <WithMessages messages={transportMessages}>
      <RunScreen />
    </WithMessages>
  ),
});
