import { createFileRoute } from "@tanstack/react-router";
import { StocktakeListScreen } from "../../../../../features/stocktake/routes/StocktakeListScreen";

export const Route = createFileRoute("/_app/inventory/stocktakes/")({ component: StocktakeListScreen });
