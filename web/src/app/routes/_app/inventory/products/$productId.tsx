import { createFileRoute } from "@tanstack/react-router";
import { ProductDetailScreen } from "../../../../../features/inventory/routes/ProductDetailScreen";

export const Route = createFileRoute("/_app/inventory/products/$productId")({ component: ProductDetailScreen });
