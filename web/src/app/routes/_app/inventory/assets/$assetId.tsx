import { createFileRoute } from "@tanstack/react-router";
import { AssetDetailScreen } from "../../../../../features/inventory/routes/AssetDetailScreen";
import { AssetEvents } from "../../../../../features/events/components/ProductEvents";
import { AssetTrips } from "../../../../../features/scanning/components/AssetTrips";
import { AssetMaintenance } from "../../../../../features/maintenance/components/AssetMaintenance";
import { AttachmentsPanel } from "../../../../../features/files/components/AttachmentsPanel";

/**
 * The asset page, with events' bookings of the unit, scanning's trips, maintenance's section
 * about it and its attachments (features meet here, not in each other).
 */
function AssetPage() {
  return (
    <AssetDetailScreen
      extra={(a) => (
        <>
          <AssetEvents assetId={a.id} />
          <AssetTrips assetId={a.id} />
          <AssetMaintenance assetId={a.id} barcode={a.barcode} />
          <AttachmentsPanel owner="asset" ownerId={a.id} />
        </>
      )}
    />
  );
}

export const Route = createFileRoute("/_app/inventory/assets/$assetId")({ component: AssetPage });
