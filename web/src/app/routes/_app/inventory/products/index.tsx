import { createFileRoute } from "@tanstack/react-router";
import { ProductListScreen } from "../../../../../features/inventory/routes/ProductListScreen";

export interface ProductSearch {
  q?: string;
  page?: string;
  category?: string;
}

export const Route = createFileRoute("/_app/inventory/products/")({
  validateSearch: (s: Record<string, unknown>): ProductSearch => ({
    q: typeof s.q === "string" && s.q !== "" ? s.q : undefined,
    page: typeof s.page === "string" && s.page !== "" ? s.page : undefined,
    category: typeof s.category === "string" && s.category !== "" ? s.category : undefined,
  }),
  component: ProductListScreen,
});
