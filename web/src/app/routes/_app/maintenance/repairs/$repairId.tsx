import { createFileRoute } from "@tanstack/react-router";
import { RepairDetailScreen } from "../../../../../features/maintenance/routes/RepairDetailScreen";

export interface RepairSearch {
  /** The ticket's asset: the API finds tickets by asset (it has no GetRepair). */
  asset?: string;
}

export const Route = createFileRoute("/_app/maintenance/repairs/$repairId")({
  validateSearch: (s: Record<string, unknown>): RepairSearch => ({
    asset: typeof s.asset === "string" && s.asset !== "" ? s.asset : undefined,
  }),
  component: RepairDetailScreen,
});
