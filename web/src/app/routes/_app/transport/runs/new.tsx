import { createFileRoute } from "@tanstack/react-router";
import { NewRunScreen } from "../../../../../features/transport/routes/RunEditorScreen";
import { WithMessages } from "../../../../../components/WithMessages";
import { transportMessages } from "../../../../../features/transport/messages";

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export const Route = createFileRoute("/_app/transport/runs/new")({
  validateSearch: (s: Record<string, unknown>): { eventId?: string } => ({ eventId: str(s.eventId) }),
  component: () => (
    <WithMessages messages={transportMessages}>
      <NewRunScreen />
    </WithMessages>
  ),
});
