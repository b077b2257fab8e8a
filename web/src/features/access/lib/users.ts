import { UserStatus, type User } from "../../../gen/eventkit/v1/auth_pb";
import { chosenTenant } from "../../../lib/tenant";

export function statusBadge(status: UserStatus): { key: string; color: string } {
  switch (status) {
    case UserStatus.ACTIVE:
      return { key: "users.status.active", color: "green" };
    case UserStatus.DISABLED:
      return { key: "users.status.disabled", color: "gray" };
    case UserStatus.LOCKED:
      return { key: "users.status.locked", color: "orange" };
    default:
      return { key: "users.status.unknown", color: "gray" };
  }
}

/** How a user signs in ("password", "ldap", "oidc:<provider>"), as a text key and the provider. */
export function signInMethod(u: User): { key: string; provider?: string } {
  if (u.authSource.startsWith("oidc:")) return { key: "users.source.sso", provider: u.authSource.slice("oidc:".length) };
  if (u.authSource === "ldap") return { key: "users.source.ldap" };
  return { key: u.hasPassword ? "users.source.password" : "users.source.noPassword" };
}

/** Users whose name or address holds every word of `query` (case-insensitive), in the list's order. */
export function filterUsers(users: readonly User[], query: string): User[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...users];
  return users.filter((u) => {
    const text = `${u.displayName} ${u.email}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * The set-password link for a token handed over by hand: the web app's reset page on this origin,
 * the token in the fragment (never sent to a server), and the company account when this browser
 * addresses one (a shared deployment's own address), so that the link reaches the same company.
 */
export function resetLink(origin: string, token: string): string {
  const tenant = chosenTenant();
  return `${origin}/reset-password#token=${encodeURIComponent(token)}${tenant ? `&tenant=${tenant}` : ""}`;
}
