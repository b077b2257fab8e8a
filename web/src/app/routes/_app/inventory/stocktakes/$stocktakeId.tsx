import { createFileRoute } from "@tanstack/react-router";
import { StocktakeCountScreen } from "../../../../../features/stocktake/routes/StocktakeCountScreen";

export const Route = createFileRoute("/_app/inventory/stocktakes/$stocktakeId")({ component: StocktakeCountScreen });
