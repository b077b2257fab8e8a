import { createFileRoute } from "@tanstack/react-router";
import { InspectScreen } from "../../../../../features/maintenance/routes/InspectScreen";

export const Route = createFileRoute("/_app/maintenance/inspections/scan")({ component: InspectScreen });
