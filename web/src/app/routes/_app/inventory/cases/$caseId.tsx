import { createFileRoute } from "@tanstack/react-router";
import { CaseDetailScreen } from "../../../../../features/inventory/routes/CaseDetailScreen";

export const Route = createFileRoute("/_app/inventory/cases/$caseId")({ component: CaseDetailScreen });
