import { useSyncExternalStore } from "react";
import { useQuery } from "@connectrpc/connect-query";
import { AuthService } from "../gen/eventkit/v1/auth_pb";
import { Permission } from "../gen/eventkit/v1/access_pb";
import { auth } from "./transport";

/** Re-renders when the session starts or ends. */
export function useHasSession(): boolean {
  return useSyncExternalStore(
    (cb) => auth.subscribe(cb),
    () => auth.hasSession,
  );
}

/** The signed-in caller (AuthService/WhoAmI): name, roles and effective permissions. */
export function useWhoAmI() {
  return useQuery(AuthService.method.whoAmI, {}, { staleTime: 60_000 });
}

export function can(permissions: readonly Permission[] | undefined, needed: Permission): boolean {
  if (needed === Permission.PUBLIC || needed === Permission.SELF) return true;
  return permissions?.includes(needed) ?? false;
}
