import { Permission } from "../gen/eventkit/v1/access_pb";

/** The main navigation; an entry shows only to callers holding its permission (WhoAmI). */
export const NAV = [
  { to: "/", label: "nav.dashboard", permission: Permission.SELF },
  { to: "/inventory/products", label: "nav.inventory", permission: Permission.INVENTORY_READ },
  { to: "/events", label: "nav.events", permission: Permission.PLANNING_READ },
  { to: "/availability/shortages", label: "nav.shortages", permission: Permission.PLANNING_READ },
  { to: "/partners", label: "nav.partners", permission: Permission.TRUST_READ },
  { to: "/settings", label: "nav.settings", permission: Permission.USERS_ADMIN },
] as const;
