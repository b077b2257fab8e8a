import { useQuery } from "@connectrpc/connect-query";
import { FormattedMessage } from "react-intl";
import { PlanningService } from "../../../gen/eventkit/v1/planning_pb";
import { QueryState } from "../../../components/QueryState";
import { EventTable } from "./EventTable";

/** A CRM company's events (ListEvents by client), for the company page. */
export function ClientEvents({ companyId }: { companyId: string }) {
  const q = useQuery(PlanningService.method.listEvents, { clientCompanyId: companyId, page: { pageSize: 50 } }, { retry: false });
  return (
    <QueryState isPending={q.isPending} error={q.error} onRetry={() => void q.refetch()} isEmpty={(q.data?.events.length ?? 0) === 0} empty={<FormattedMessage id="events.clientNone" />}>
      <EventTable events={q.data?.events ?? []} testId="client-events" />
    </QueryState>
  );
}
