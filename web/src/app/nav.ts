import { Permission } from "../gen/eventkit/v1/access_pb";
import { can } from "../lib/session";

/**
 * The main navigation; an entry shows only to callers holding its permission (WhoAmI). `sub`
 * entries are indented under the one before.
 */
export const NAV = [
  { to: "/", label: "nav.dashboard", permission: Permission.SELF },
  { to: "/inventory/products", label: "nav.inventory", permission: Permission.INVENTORY_READ },
  { to: "/inventory/cases", label: "nav.cases", permission: Permission.INVENTORY_READ, sub: true },
  { to: "/inventory/locations", label: "nav.locations", permission: Permission.INVENTORY_READ, sub: true },
  { to: "/inventory/stocktakes", label: "nav.stocktakes", permission: Permission.INVENTORY_READ, sub: true },
  { to: "/maintenance/repairs", label: "nav.repairs", permission: Permission.INVENTORY_READ, sub: true },
  { to: "/maintenance/inspections", label: "nav.inspections", permission: Permission.INVENTORY_READ, sub: true },
  { to: "/events", label: "nav.events", permission: Permission.PLANNING_READ },
  { to: "/events/calendar", label: "nav.calendar", permission: Permission.PLANNING_READ, sub: true },
  { to: "/availability/timeline", label: "nav.timeline", permission: Permission.INVENTORY_READ },
  { to: "/availability/shortages", label: "nav.shortages", permission: Permission.PLANNING_READ },
  { to: "/clients", label: "nav.clients", permission: Permission.CRM_READ },
  { to: "/contacts", label: "nav.contacts", permission: Permission.CRM_READ, sub: true },
  { to: "/deals", label: "nav.deals", permission: Permission.CRM_READ },
  { to: "/quotes", label: "nav.quotes", permission: Permission.QUOTES_READ },
  { to: "/pricing", label: "nav.pricing", permission: Permission.QUOTES_READ, sub: true },
  { to: "/my-work", label: "nav.myWork", permission: Permission.CREW_RESPOND },
  { to: "/crew", label: "nav.crew", permission: Permission.CREW_WRITE },
  { to: "/crew/availability", label: "nav.crewAvailability", permission: Permission.CREW_WRITE, sub: true },
  { to: "/crew/timesheets", label: "nav.crewTimesheets", permission: Permission.CREW_MANAGE, sub: true },
  { to: "/crew/policy", label: "nav.crewPolicy", permission: Permission.CREW_MANAGE, sub: true },
  { to: "/transport/vehicles", label: "nav.transport", permission: Permission.TRANSPORT_READ },
  { to: "/transport/availability", label: "nav.vehicleAvailability", permission: Permission.TRANSPORT_READ, sub: true },
  { to: "/transport/runs", label: "nav.runs", permission: Permission.TRANSPORT_READ, sub: true },
  { to: "/subhires", label: "nav.subhires", permission: Permission.SUBHIRE_READ },
  { to: "/partners", label: "nav.partners", permission: Permission.TRUST_READ },
  { to: "/reports", label: "nav.reports", permission: Permission.REPORTS_READ },
  { to: "/data/import", label: "nav.dataImport", permission: Permission.DATA_IMPORT },
  { to: "/data", label: "nav.dataExport", permission: Permission.DATA_EXPORT },
  { to: "/settings", label: "nav.settings", permission: Permission.USERS_ADMIN },
  { to: "/settings/webhooks", label: "nav.webhooks", permission: Permission.WEBHOOKS_ADMIN, sub: true },
] as const;

/** The entries a caller holding `permissions` is offered, in order. */
export function navFor(permissions: readonly Permission[] | undefined) {
  return NAV.filter((n) => can(permissions, n.permission));
}

/** The entry a path belongs to: the longest `to` that is the path or a parent of it. */
export function activeNav(pathname: string): string | undefined {
  let best: string | undefined;
  for (const n of NAV) {
    const hit = n.to === "/" ? pathname === "/" : pathname === n.to || pathname.startsWith(n.to + "/");
    if (hit && (!best || n.to.length > best.length)) best = n.to;
  }
  // An asset belongs with the products.
  if (!best && pathname.startsWith("/inventory/assets/")) return "/inventory/products";
  return best;
}
