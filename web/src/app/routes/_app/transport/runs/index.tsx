import { createFileRoute } from "@tanstack/react-router";
import { RunListScreen } from "../../../../../features/transport/routes/RunListScreen";
import { WithMessages } from "../../../../../components/WithMessages";
import { transportMessages } from "../../../../../features/transport/messages";

export interface RunListSearch {
  from?: string;
  to?: string;
  vehicle?: string;
  driver?: string;
  /** Comma-separated DispatchStatus names (PLANNED,DISPATCHED…). */
  status?: string;
  page?: string;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export const Route = createFileRoute("/_app/transport/runs/")({
  validateSearch: (s: Record<string, unknown>): RunListSearch => ({
    from: str(s.from),
    to: str(s.to),
    vehicle: str(s.vehicle),
    driver: str(s.driver),
    status: str(s.status),
    page: str(s.page),
  }),
  component: () => (
    <WithMessages messages={transportMessages}>
      <RunListScreen />
    </WithMessages>
  ),
});
