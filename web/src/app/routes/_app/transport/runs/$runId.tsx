import { createFileRoute } from "@tanstack/react-router";
import { RunEditorScreen } from "../../../../../features/transport/routes/RunEditorScreen";
import { WithMessages } from "../../../../../components/WithMessages";
import { transportMessages } from "../../../../../features/transport/messages";

function RunPage() {
  const { runId } = Route.useParams();
  return (
    <WithMessages messages={transportMessages}>
      <RunEditorScreen runId={runId} />
    </WithMessages>
  );
}

export const Route = createFileRoute("/_app/transport/runs/$runId")({ component: RunPage });
