import { createFileRoute } from "@tanstack/react-router";
import { Tracking } from "../../../../../gen/eventkit/v1/inventory_pb";
import { ProductDetailScreen } from "../../../../../features/inventory/routes/ProductDetailScreen";
import { InspectionInterval } from "../../../../../features/maintenance/components/InspectionInterval";

/** The product page, with maintenance's inspection interval for serialised products (units are inspected). */
function ProductPage() {
  return <ProductDetailScreen extra={(p) => (p.tracking === Tracking.SERIALISED ? <InspectionInterval productId={p.id} /> : null)} />;
}

export const Route = createFileRoute("/_app/inventory/products/$productId")({ component: ProductPage });
