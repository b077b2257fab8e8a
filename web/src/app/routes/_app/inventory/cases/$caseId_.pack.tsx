import { createFileRoute } from "@tanstack/react-router";
import { CasePackScreen } from "../../../../../features/inventory/routes/CasePackScreen";

export const Route = createFileRoute("/_app/inventory/cases/$caseId_/pack")({ component: CasePackScreen });
