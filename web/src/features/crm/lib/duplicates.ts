import { DuplicateMatch_Reason, type DuplicateMatch } from "../../../gen/eventkit/v1/crm_pb";

/**
 * What the create form asks FindDuplicates while the person types: only fields worth comparing
 * (a name of 3+ characters, something that looks like an email or a domain); null when there is
 * nothing to ask yet.
 */
export function duplicateQuery(v: { name?: string; email?: string; website?: string }): { name: string; email: string; website: string } | null {
  const name = (v.name ?? "").trim();
  const email = (v.email ?? "").trim();
  const website = (v.website ?? "").trim();
  const q = {
    name: name.length >= 3 ? name : "",
    email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? email : "",
    website: /^[^\s]+\.[^\s.]{2,}/.test(website) ? website : "",
  };
  return q.name || q.email || q.website ? q : null;
}

export interface DuplicateRow {
  kind: "company" | "contact";
  id: string;
  /** The company to open (the contact's company for a contact). */
  companyId: string;
  label: string;
  reason: "name" | "email" | "domain" | "other";
  archived: boolean;
}

const REASONS: Record<number, DuplicateRow["reason"]> = {
  [DuplicateMatch_Reason.NAME]: "name",
  [DuplicateMatch_Reason.EMAIL]: "email",
  [DuplicateMatch_Reason.DOMAIN]: "domain",
};

/** The matches as rows to show, one per company or contact (the first reason wins). */
export function duplicateRows(matches: DuplicateMatch[]): DuplicateRow[] {
  const seen = new Set<string>();
  const rows: DuplicateRow[] = [];
  for (const m of matches) {
    const reason = REASONS[m.reason] ?? "other";
    if (m.company) {
      if (seen.has(`c:${m.company.id}`)) continue;
      seen.add(`c:${m.company.id}`);
      rows.push({ kind: "company", id: m.company.id, companyId: m.company.id, label: m.company.name, reason, archived: m.company.archived });
    } else if (m.contact) {
      if (seen.has(`p:${m.contact.id}`)) continue;
      seen.add(`p:${m.contact.id}`);
      const name = [m.contact.firstName, m.contact.lastName].filter(Boolean).join(" ");
      rows.push({
        kind: "contact",
        id: m.contact.id,
        companyId: m.contact.companyId,
        label: m.contact.companyName ? `${name} (${m.contact.companyName})` : name,
        reason,
        archived: m.contact.archived,
      });
    }
  }
  return rows;
}

/** "Ada Lovelace" from a contact's first and last name. */
export function contactName(c: { firstName: string; lastName: string }): string {
  return [c.firstName, c.lastName].filter(Boolean).join(" ");
}
