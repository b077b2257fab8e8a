import { createFileRoute } from "@tanstack/react-router";
import { DashboardScreen } from "../../shell/DashboardScreen";

export const Route = createFileRoute("/_app/")({ component: DashboardScreen });
