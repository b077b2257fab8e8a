import { createFileRoute } from "@tanstack/react-router";
import { PartnersScreen } from "../../../features/partners/routes/PartnersScreen";

export const Route = createFileRoute("/_app/partners")({ component: PartnersScreen });
