import { createFileRoute } from "@tanstack/react-router";
import { ScanScreen } from "../../../../features/scanning/routes/ScanScreen";

export const Route = createFileRoute("/_app/events/$eventId_/scan")({ component: ScanScreen });
