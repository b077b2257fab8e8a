import { createFileRoute } from "@tanstack/react-router";
import { TruckPackScreen } from "../../../../features/transport/routes/TruckPackScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { transportMessages } from "../../../../features/transport/messages";

export const Route = createFileRoute("/_app/events/$eventId_/truck")({
  component: () => (
    <WithMessages messages={transportMessages}>
      <TruckPackScreen />
    </WithMessages>
  ),
});
