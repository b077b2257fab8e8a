import { Badge } from "@mantine/core";
import { useIntl } from "react-intl";
import { AssetStatus } from "../../../gen/eventkit/v1/inventory_pb";

const COLOR: Record<AssetStatus, string> = {
  [AssetStatus.UNSPECIFIED]: "gray",
  [AssetStatus.AVAILABLE]: "green",
  [AssetStatus.IN_REPAIR]: "orange",
  [AssetStatus.QUARANTINE]: "yellow",
  [AssetStatus.LOST]: "red",
  [AssetStatus.RETIRED]: "dark",
};

export const ASSET_STATUSES = [
  AssetStatus.AVAILABLE,
  AssetStatus.IN_REPAIR,
  AssetStatus.QUARANTINE,
  AssetStatus.LOST,
  AssetStatus.RETIRED,
] as const;

export function assetStatusLabelId(s: AssetStatus): string {
  return `asset.status.${AssetStatus[s] ?? "UNSPECIFIED"}`;
}

export function AssetStatusBadge({ status }: { status: AssetStatus }) {
  const intl = useIntl();
  return (
    <Badge color={COLOR[status] ?? "gray"} variant="light" miw="max-content" data-asset-status={AssetStatus[status]}>
      {intl.formatMessage({ id: assetStatusLabelId(status) })}
    </Badge>
  );
}
