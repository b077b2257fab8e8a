import { createFileRoute } from "@tanstack/react-router";
import { StocktakeReviewScreen } from "../../../../../features/stocktake/routes/StocktakeReviewScreen";

export const Route = createFileRoute("/_app/inventory/stocktakes/$stocktakeId_/review")({ component: StocktakeReviewScreen });
