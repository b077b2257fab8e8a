import { Code } from "@connectrpc/connect";
import { toUiError, type UiError } from "../../../lib/errors";

/**
 * Like toUiError, but an ALREADY_EXISTS answer (a code or barcode someone else has) is shown next to
 * the field that must change instead of above the form.
 */
export function toFormError(e: unknown, formFields: Record<string, string>, alreadyExistsField?: string): UiError {
  const ui = toUiError(e, formFields);
  if (ui.code === Code.AlreadyExists && alreadyExistsField && ui.message) {
    return { ...ui, fields: { ...ui.fields, [alreadyExistsField]: ui.message }, message: "" };
  }
  return ui;
}

/**
 * The optional fields of an update that differ from what is stored: absent ones stay unchanged on
 * the server (proto3 `optional`), so an untouched field is never sent.
 */
export function changedFields<T extends Record<string, string>>(before: T, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (after[k] !== before[k]) out[k] = after[k];
  }
  return out;
}
