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
  customRoles: string[];
  permissions: Permission[];
}

/** How long WhoAmI's answer is reused (the shell's loader prefetches it with the same). */
export const WHOAMI_STALE_MS = 60_000;

/**
 * The signed-in caller (AuthService/WhoAmI): name, roles and the effective permissions the node
 * computed (the union over all roles). The API decides either way: they only choose what the app offers.
 */
export function useWhoAmI() {
  return useQuery(AuthService.method.whoAmI, {}, { staleTime: WHOAMI_STALE_MS, select: toMe });
}

export function toMe(r: WhoAmIResponse): Me {
  const stored = typeof window === "undefined" ? null : window.localStorage.getItem(DISPLAY_NAME_KEY);
  return {
    principalId: r.principalId,
    name: stored || r.name,
    roles: r.roles.length > 0 ? r.roles : [r.role],
    customRoles: [...r.customRoles],
    permissions: [...r.permissions],
  };
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

/**
 * Where "/" takes the caller: a user whose only role is Crew (no other built-in or custom role)
 * lands on My work; everyone else on the dashboard.
 */
export function homeFor(me: Pick<Me, "roles" | "customRoles">): "/" | "/my-work" {
  const crewOnly = me.roles.length > 0 && me.roles.every((r) => r === Role.CREW) && me.customRoles.length === 0;
  return crewOnly ? "/my-work" : "/";
}
