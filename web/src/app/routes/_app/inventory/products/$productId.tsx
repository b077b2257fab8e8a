import { createFileRoute } from "@tanstack/react-router";
import { Tracking } from "../../../../../gen/eventkit/v1/inventory_pb";
import { ProductDetailScreen } from "../../../../../features/inventory/routes/ProductDetailScreen";
import { InspectionInterval } from "../../../../../features/maintenance/components/InspectionInterval";
import { ProductPartnerAvailability } from "../../../../../features/subhire/components/PartnerAvailability";

/**
 * The product page, with maintenance's inspection interval for serialised products (units are
 * inspected) and sub-hire's availability at partners.
 */
function ProductPage() {
  return (
    <ProductDetailScreen
      extra={(p) => (
        <>
          {p.tracking === Tracking.SERIALISED ? <InspectionInterval productId={p.id} /> : null}
          <ProductPartnerAvailability productId={p.id} productName={p.name} />
        </>
      )}
    />
  );
}

export const Route = createFileRoute("/_app/inventory/products/$productId")({ component: ProductPage });
