/**
 * The proto field paths a form's fields answer to: each form field `f` for proto field `p` matches
 * `p` and `<prefix>.p` (CreateProductRequest reports "product.name", a flat request "name").
 */
export function fieldMap(fields: Record<string, string>, prefix?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [proto, form] of Object.entries(fields)) {
    out[proto] = form;
    if (prefix) out[`${prefix}.${proto}`] = form;
  }
  return out;
}
