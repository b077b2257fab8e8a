import { createFileRoute } from "@tanstack/react-router";
import { PricingScreen } from "../../../features/quotes/routes/PricingScreen";

export const Route = createFileRoute("/_app/pricing")({ component: PricingScreen });
