import { createFileRoute } from "@tanstack/react-router";
import { SubHireDetailScreen } from "../../../../features/subhire/routes/SubHireDetailScreen";

export const Route = createFileRoute("/_app/subhires/$negotiationId")({ component: SubHireDetailScreen });
