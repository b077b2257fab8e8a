import { ImportEntity } from "../../../gen/eventkit/v1/data_pb";
import type { EntityKey } from "./mapping";

/** What the import takes, in the order to import them (locations and products before assets, companies before contacts). */
/** The list screen an entity's records show on after an import. */
export type EntityList = "/inventory/locations" | "/inventory/products" | "/clients" | "/contacts";

export const ENTITIES: { key: EntityKey; entity: ImportEntity; list: EntityList }[] = [
  { key: "location", entity: ImportEntity.LOCATION, list: "/inventory/locations" },
  { key: "product", entity: ImportEntity.PRODUCT, list: "/inventory/products" },
  { key: "asset", entity: ImportEntity.ASSET, list: "/inventory/products" },
  { key: "bulkStock", entity: ImportEntity.BULK_STOCK, list: "/inventory/products" },
  { key: "company", entity: ImportEntity.COMPANY, list: "/clients" },
  { key: "contact", entity: ImportEntity.CONTACT, list: "/contacts" },
];

export function entityByKey(key: string | undefined): (typeof ENTITIES)[number] | undefined {
  return ENTITIES.find((e) => e.key === key);
}
