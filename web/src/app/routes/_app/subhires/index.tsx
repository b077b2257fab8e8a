import { createFileRoute } from "@tanstack/react-router";
import { SubHireInboxScreen } from "../../../../features/subhire/routes/SubHireInboxScreen";
import { stateFilter, type StateFilter } from "../../../../features/subhire/lib/filters";

export interface SubHireInboxSearch {
  /** Outgoing (we borrow, the default) or incoming (a partner borrows from us). */
  side?: "incoming";
  /** open (the default), all or done. */
  show?: StateFilter;
  page?: string;
}

export const Route = createFileRoute("/_app/subhires/")({
  validateSearch: (s: Record<string, unknown>): SubHireInboxSearch => {
    const show = stateFilter(s.show);
    return {
      side: s.side === "incoming" ? "incoming" : undefined,
      show: show === "open" ? undefined : show,
      page: typeof s.page === "string" && s.page !== "" ? s.page : undefined,
    };
  },
  component: SubHireInboxScreen,
});
