import { createFileRoute } from "@tanstack/react-router";
import { VehicleAvailabilityScreen } from "../../../../features/transport/routes/VehicleAvailabilityScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { transportMessages } from "../../../../features/transport/messages";

export interface VehicleGridSearch {
  /** The first day shown, YYYY-MM-DD (default today). */
  from?: string;
  page?: string;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export const Route = createFileRoute("/_app/transport/availability")({
  validateSearch: (s: Record<string, unknown>): VehicleGridSearch => ({ from: str(s.from), page: str(s.page) }),
  component: () => (
    <WithMessages messages={transportMessages}>
      <VehicleAvailabilityScreen />
    </WithMessages>
  ),
});
