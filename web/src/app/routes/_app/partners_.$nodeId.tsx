import { createFileRoute } from "@tanstack/react-router";
import { PartnerDetailScreen } from "../../../features/partners/routes/PartnerDetailScreen";

export const Route = createFileRoute("/_app/partners_/$nodeId")({ component: PartnerDetailScreen });
