import { useSyncExternalStore } from "react";
import { useQuery } from "@connectrpc/connect-query";
import { AuthService, Role, type WhoAmIResponse } from "../gen/eventkit/v1/auth_pb";
import { Permission } from "../gen/eventkit/v1/access_pb";
import { auth } from "./transport";

/** Re-renders when the session starts or ends. */
export function useHasSession(): boolean {
  return useSyncExternalStore(
    (cb) => auth.subscribe(cb),
    () => auth.hasSession,
  );
}

const DISPLAY_NAME_KEY = "eventkit.displayName";

/** Remembers the user's display name from Login/Refresh (WhoAmI answers the login name only). */
export function rememberDisplayName(name: string | undefined): void {
  if (typeof window === "undefined") return;
  if (name) window.localStorage.setItem(DISPLAY_NAME_KEY, name);
  else window.localStorage.removeItem(DISPLAY_NAME_KEY);
}

export interface Me {
  principalId: string;
  /** The display name when known, else the login name. */
  name: string;
  roles: Role[];
  permissions: Permission[];
}

/** The signed-in caller (AuthService/WhoAmI): name, roles and effective permissions. */
export function useWhoAmI() {
  return useQuery(AuthService.method.whoAmI, {}, { staleTime: 60_000, select: toMe });
}

export function toMe(r: WhoAmIResponse): Me {
  const stored = typeof window === "undefined" ? null : window.localStorage.getItem(DISPLAY_NAME_KEY);
  return {
    principalId: r.principalId,
    name: stored || r.name,
    roles: r.roles.length > 0 ? r.roles : [r.role],
    permissions: effectivePermissions(r),
  };
}

const P = Permission;
const READS = [P.SELF, P.INVENTORY_READ, P.PLANNING_READ, P.SUBHIRE_READ];
/**
 * The node's built-in role table (node identity/RolePermissions.java, docs/access.md), used only
 * when a node's WhoAmI does not list the caller's permissions yet. The API decides either way:
 * this only chooses what the app offers.
 */
const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  [Role.UNSPECIFIED]: [],
  [Role.ADMIN]: Object.values(P).filter(
    (p): p is Permission => typeof p === "number" && p !== P.UNSPECIFIED && p !== P.PUBLIC,
  ),
  [Role.MANAGER]: [...READS, P.INVENTORY_WRITE, P.PLANNING_WRITE, P.SUBHIRE_WRITE, P.TRUST_READ, P.AUDIT_READ],
  [Role.PLANNER]: [...READS, P.PLANNING_WRITE, P.SUBHIRE_WRITE],
  [Role.WAREHOUSE]: [...READS, P.INVENTORY_WRITE],
  [Role.SALES]: [...READS, P.PLANNING_WRITE],
  [Role.CREW]: [P.SELF, P.INVENTORY_READ, P.PLANNING_READ],
  [Role.READ_ONLY]: READS,
};

export function effectivePermissions(r: Pick<WhoAmIResponse, "permissions" | "roles" | "role">): Permission[] {
  if (r.permissions.length > 0) return [...r.permissions];
  const roles = r.roles.length > 0 ? r.roles : [r.role];
  return [...new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role] ?? []))];
}

export function can(permissions: readonly Permission[] | undefined, needed: Permission): boolean {
  if (needed === Permission.PUBLIC || needed === Permission.SELF) return true;
  return permissions?.includes(needed) ?? false;
}

/** Whether the signed-in caller holds `needed` (false while WhoAmI loads). */
export function useCan(needed: Permission): boolean {
  const me = useWhoAmI();
  return can(me.data?.permissions, needed);
}
