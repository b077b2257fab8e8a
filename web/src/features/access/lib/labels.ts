import type { IntlShape } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { Role } from "../../../gen/eventkit/v1/auth_pb";

/** The built-in roles, in the enum's order (what the forms offer). */
export const BUILT_IN_ROLES: readonly Role[] = Object.values(Role).filter((r): r is Role => typeof r === "number" && r !== Role.UNSPECIFIED);

/** A built-in role's name (messages/labels.ts). */
export function roleLabel(intl: IntlShape, role: Role): string {
  return intl.formatMessage({ id: `access.role.${Role[role] ?? "UNSPECIFIED"}` });
}

/** A permission's name; a value newer than this build shows as its number. */
export function permissionLabel(intl: IntlShape, p: Permission): string {
  return Permission[p] ? intl.formatMessage({ id: `access.perm.${Permission[p]}` }) : `#${p}`;
}
