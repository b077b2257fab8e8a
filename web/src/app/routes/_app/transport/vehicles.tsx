import { createFileRoute } from "@tanstack/react-router";
import { VehicleListScreen } from "../../../../features/transport/routes/VehicleListScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { transportMessages } from "../../../../features/transport/messages";

export interface VehicleListSearch {
  q?: string;
  retired?: boolean;
  page?: string;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export const Route = createFileRoute("/_app/transport/vehicles")({
  validateSearch: (s: Record<string, unknown>): VehicleListSearch => ({
    q: str(s.q),
    retired: s.retired === true || s.retired === "true" ? true : undefined,
    page: str(s.page),
  }),
  component: () => (
    <WithMessages messages={transportMessages}>
      <VehicleListScreen />
    </WithMessages>
  ),
});
