import { createFileRoute } from "@tanstack/react-router";
import { ReturnReportScreen } from "../../../../features/scanning/routes/ReturnReportScreen";

export const Route = createFileRoute("/_app/events/$eventId_/returns")({ component: ReturnReportScreen });
