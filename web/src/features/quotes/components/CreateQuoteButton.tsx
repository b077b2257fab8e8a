import { Button, Tooltip } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { useCan } from "../../../lib/session";
import { toastError } from "../../../lib/notify";
import { useCreateQuote, useQuotes } from "../api/quotes";

/**
 * "Create quote" on an event (QUOTES_WRITE): a draft from the event's lines for its client, then
 * the editor. An event that already has quotes offers the latest one too.
 */
export function CreateQuoteButton({ eventId, hasClient }: { eventId: string; hasClient: boolean }) {
  const intl = useIntl();
  const canWrite = useCan(Permission.QUOTES_WRITE);
  const canRead = useCan(Permission.QUOTES_READ);
  const existing = useQuotes({ eventId }, canRead);
  const create = useCreateQuote();
  const navigate = useNavigate();
  const latest = existing.data?.quotes[0];
  return (
    <>
      {latest && (
        <Button variant="default" onClick={() => void navigate({ to: "/quotes/$quoteId", params: { quoteId: latest.id } })} data-testid="event-quote-open">
          <FormattedMessage id="quotes.openQuote" values={{ number: latest.number }} />
        </Button>
      )}
      {canWrite && (
        <Tooltip label={intl.formatMessage({ id: "quotes.needClient" })} disabled={hasClient}>
          <Button
            variant="default"
            disabled={!hasClient}
            loading={create.isPending}
            onClick={() => create.mutate({ eventId }, { onSuccess: (q) => void navigate({ to: "/quotes/$quoteId", params: { quoteId: q.id } }), onError: toastError })}
            data-testid="event-quote-create"
          >
            <FormattedMessage id="quotes.createFromEvent" />
          </Button>
        </Tooltip>
      )}
    </>
  );
}
