import { createFileRoute } from "@tanstack/react-router";
import { AssetDetailScreen } from "../../../../../features/inventory/routes/AssetDetailScreen";

export const Route = createFileRoute("/_app/inventory/assets/$assetId")({ component: AssetDetailScreen });
