import type { ReactNode } from "react";

/** What another feature's client picker edits (the route passes one in: CRM's companies and contacts). */
export interface EventClientValue {
  companyId: string;
  companyName: string;
  contactId: string;
}

/** Renders a client picker for the value; absent when the user can't read CRM. */
export type ClientPickerSlot = (value: EventClientValue, onChange: (v: EventClientValue) => void) => ReactNode;
