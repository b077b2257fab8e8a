import { createFileRoute } from "@tanstack/react-router";
import { TimesheetsScreen } from "../../../../features/crew/routes/TimesheetsScreen";
import { WithMessages } from "../../../../components/WithMessages";
import { crewMessages } from "../../../../features/crew/messages";

export interface TimesheetsSearch {
  status?: "SUBMITTED" | "APPROVED" | "REJECTED";
  page?: string;
  /** The payroll period (YYYY-MM-DD, both days included). */
  from?: string;
  to?: string;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export const Route = createFileRoute("/_app/crew/timesheets")({
  validateSearch: (s: Record<string, unknown>): TimesheetsSearch => ({
    status: s.status === "APPROVED" || s.status === "REJECTED" || s.status === "SUBMITTED" ? s.status : undefined,
    page: str(s.page),
    from: str(s.from),
    to: str(s.to),
  }),
  component: () => (
    <WithMessages messages={crewMessages}>
      <TimesheetsScreen />
    </WithMessages>
  ),
});
