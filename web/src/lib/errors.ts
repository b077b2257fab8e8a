import { Code, ConnectError } from "@connectrpc/connect";

/** How the UI shows a failed call: next to form fields, or as one message (a toast or a banner). */
export interface UiError {
  /** Field name (as the form knows it) → the API's description of the problem. */
  fields: Record<string, string>;
  /** What is left to say once field errors are placed; may be empty when all went to fields. */
  message: string;
  code: Code;
}

const INVALID_REQUEST = "invalid request: ";

/**
 * Maps a Connect error onto a form. The node reports every field violation of a request in one
 * INVALID_ARGUMENT message, "invalid request: <field> <problem>; <field> <problem>", with proto
 * field names (snake_case); `formFields` maps those names to the form's fields. Violations of
 * fields the form doesn't show, and every other error, stay in `message` with the API's text.
 */
export function toUiError(e: unknown, formFields: Record<string, string> = {}): UiError {
  const err = ConnectError.from(e);
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const raw = err.rawMessage;
  if (err.code === Code.InvalidArgument && raw.startsWith(INVALID_REQUEST)) {
    for (const part of raw.slice(INVALID_REQUEST.length).split("; ")) {
      const space = part.indexOf(" ");
      const protoField = space > 0 ? part.slice(0, space) : "";
      const formField = formFields[protoField];
      if (formField && !fields[formField]) {
        fields[formField] = part.slice(space + 1);
      } else {
        rest.push(part);
      }
    }
    return { fields, message: rest.length ? INVALID_REQUEST + rest.join("; ") : "", code: err.code };
  }
  return { fields, message: raw || err.message, code: err.code };
}

/** True when a call failed because the RPC does not exist on this node (yet). */
export function isUnimplemented(e: unknown): boolean {
  return e instanceof ConnectError && e.code === Code.Unimplemented;
}

/**
 * Whether a public call (a login, its options, a password reset) was refused for the company account
 * it was addressed to (lib/tenant.ts): none by that ID (NOT_FOUND), suspended (PERMISSION_DENIED), or
 * an `EventKit-Tenant` header that is no ID (INVALID_ARGUMENT naming it). Not for calls with a
 * credential: those answer the same codes for reasons of their own.
 */
export function isTenantRefusal(e: UiError): boolean {
  if (e.code === Code.NotFound || e.code === Code.PermissionDenied) return true;
  return e.code === Code.InvalidArgument && e.message.includes("EventKit-Tenant");
}

/** A form's error with a refusal of its company account moved from the message onto that field. */
export function withTenantField(e: UiError, field: string): UiError {
  if (!isTenantRefusal(e) || !e.message) return e;
  return { fields: { ...e.fields, [field]: e.message }, message: "", code: e.code };
}
