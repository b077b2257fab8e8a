import { Button, Group, Stack, Title } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { FormattedMessage } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { QueryState } from "../../../components/QueryState";
import { useCan } from "../../../lib/session";
import { toastError } from "../../../lib/notify";
import { useCreateQuote, useQuotes } from "../api/quotes";
import { QuoteTable } from "./QuoteTable";

/** A client's quotes (for the company page), with "New quote" for QUOTES_WRITE; nothing without QUOTES_READ. */
export function CompanyQuotes({ companyId }: { companyId: string; companyName: string }) {
  const canRead = useCan(Permission.QUOTES_READ);
  const canWrite = useCan(Permission.QUOTES_WRITE);
  const list = useQuotes({ companyId }, canRead);
  const create = useCreateQuote();
  const navigate = useNavigate();
  if (!canRead) return null;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>
          <FormattedMessage id="quotes.title" />
        </Title>
        {canWrite && (
          <Button
            size="xs"
            variant="default"
            loading={create.isPending}
            onClick={() =>
              create.mutate({ companyId }, { onSuccess: (q) => void navigate({ to: "/quotes/$quoteId", params: { quoteId: q.id } }), onError: toastError })
            }
            data-testid="company-quote-new"
          >
            <FormattedMessage id="quotes.new" />
          </Button>
        )}
      </Group>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={(list.data?.quotes.length ?? 0) === 0} empty={<FormattedMessage id="quotes.noneForClient" />}>
        <QuoteTable quotes={list.data?.quotes ?? []} showClient={false} testId="company-quotes" />
      </QueryState>
    </Stack>
  );
}
