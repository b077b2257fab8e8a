import { createFileRoute } from "@tanstack/react-router";
import { AssetDetailScreen } from "../../../../../features/inventory/routes/AssetDetailScreen";
import { AssetMaintenance } from "../../../../../features/maintenance/components/AssetMaintenance";

/** The asset page, with maintenance's section about the unit (features meet here, not in each other). */
function AssetPage() {
  return <AssetDetailScreen extra={(a) => <AssetMaintenance assetId={a.id} barcode={a.barcode} />} />;
}

export const Route = createFileRoute("/_app/inventory/assets/$assetId")({ component: AssetPage });
