import { createFileRoute } from "@tanstack/react-router";
import { Tracking } from "../../../../../gen/eventkit/v1/inventory_pb";
import { ProductDetailScreen } from "../../../../../features/inventory/routes/ProductDetailScreen";
import { ProductEvents } from "../../../../../features/events/components/ProductEvents";
import { InspectionInterval } from "../../../../../features/maintenance/components/InspectionInterval";
import { ProductPartnerAvailability } from "../../../../../features/subhire/components/PartnerAvailability";
import { RateCardSection } from "../../../../../features/quotes/components/RateCardSection";
import { AttachmentsPanel } from "../../../../../features/files/components/AttachmentsPanel";
import { WithMessages } from "../../../../../components/WithMessages";
import { crmMessages } from "../../../../../features/crm/messages";
import { quotesMessages } from "../../../../../features/quotes/messages";

/**
 * The product page, with events' bookings of the product, maintenance's inspection interval for
 * serialised products (units are inspected), sub-hire's availability at partners and quotes' rate
 * card, and its attachments (images, manuals; features meet here, not in each other).
 */
function ProductPage() {
  return (
    <WithMessages messages={[crmMessages, quotesMessages]}>
      <ProductPageInner />
    </WithMessages>
  );
}

function ProductPageInner() {
  return (
    <ProductDetailScreen
      events={(p) => <ProductEvents productId={p.id} />}
      extra={(p) => (
        <>
          {p.tracking === Tracking.SERIALISED ? <InspectionInterval productId={p.id} /> : null}
          <ProductPartnerAvailability productId={p.id} productName={p.name} />
          <RateCardSection productId={p.id} />
          <AttachmentsPanel owner="product" ownerId={p.id} />
        </>
      )}
    />
  );
}

export const Route = createFileRoute("/_app/inventory/products/$productId")({ component: ProductPage });
