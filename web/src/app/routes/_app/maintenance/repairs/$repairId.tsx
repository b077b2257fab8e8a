import { createFileRoute } from "@tanstack/react-router";
import { RepairDetailScreen } from "../../../../../features/maintenance/routes/RepairDetailScreen";

// The ticket loads by its ID (GetRepair); the `?asset=` older links carry is ignored.
export const Route = createFileRoute("/_app/maintenance/repairs/$repairId")({ component: RepairDetailScreen });
