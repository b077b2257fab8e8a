import { useQuery } from "@connectrpc/connect-query";
import { InventoryService } from "../gen/eventkit/v1/inventory_pb";

/**
 * Every location (up to 500), for pickers and to name a location ID; cached for a minute. Shared:
 * inventory's screens and stocktakes both name locations.
 */
export function useAllLocations() {
  const q = useQuery(InventoryService.method.listLocations, { page: { pageSize: 500 } }, { staleTime: 60_000 });
  const byId = new Map((q.data?.locations ?? []).map((l) => [l.id, l]));
  return { ...q, locations: q.data?.locations ?? [], byId };
}
