import type { Interceptor } from "@connectrpc/connect";

/**
 * The company account (tenant) the app addresses on a shared (SaaS) deployment whose host name
 * names none: the login screen asks for it (GetLoginOptions' `tenant_required`), a reset link may
 * carry it (`#token=…&tenant=acme`), and every call then names it in the `EventKit-Tenant` header.
 * Kept in localStorage, so a reload, the refresh, the SSO callback and a second tab address the same
 * company; logging out keeps it (the login screen offers it again, editable). Nothing chosen (a
 * self-hosted node, or a company host name): no header, the node decides as before.
 */
export const TENANT_HEADER = "EventKit-Tenant";

/** Where the choice is kept (index.html's early refresh reads it too: earlyRefresh.ts). */
export const TENANT_KEY = "eventkit.tenant";

/** A company account ID, as the node checks it: 1–63 of a–z, 0–9 and '-', starting with a letter or digit. */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** What a person typed, as the node reads it (it ignores case and surrounding spaces). */
export function normalizeTenant(typed: string): string {
  return typed.trim().toLowerCase();
}

export function isValidTenant(id: string): boolean {
  return TENANT_PATTERN.test(id);
}

function store(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** The company account chosen in this browser, or null (also for a stored value that is not an ID). */
export function chosenTenant(): string | null {
  const id = store()?.getItem(TENANT_KEY) ?? null;
  return id !== null && isValidTenant(id) ? id : null;
}

/** Chooses the company account every later call names; an empty or malformed ID forgets the choice. */
export function chooseTenant(id: string | null): void {
  const s = store();
  if (!s) return;
  const normalized = id === null ? "" : normalizeTenant(id);
  if (isValidTenant(normalized)) s.setItem(TENANT_KEY, normalized);
  else s.removeItem(TENANT_KEY);
}

/** The header naming the chosen company account, for requests that are not Connect calls (uploads, the export). */
export function tenantHeaders(): Record<string, string> {
  const id = chosenTenant();
  return id ? { [TENANT_HEADER]: id } : {};
}

/**
 * Names the chosen company account on every Connect call, read at each call (a choice made in another
 * tab applies at once). A call that names one itself (the login screen asking for a company's
 * options before choosing it) keeps its own.
 */
export const tenantInterceptor: Interceptor = (next) => (req) => {
  const id = chosenTenant();
  if (id && !req.header.has(TENANT_HEADER)) req.header.set(TENANT_HEADER, id);
  return next(req);
};
