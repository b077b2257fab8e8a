import { useState } from "react";
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { StocktakeStatus, type StocktakeLine } from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useAllLocations } from "../../../lib/locations";
import { useApproveStocktake, useRejectStocktake, useStocktake } from "../api/stocktakes";
import { approvalSummary, groupLines } from "../lib/review";
import { StatusBadge } from "./StocktakeListScreen";

const route = getRouteApi("/_app/inventory/stocktakes/$stocktakeId_/review");

const KIND_COLOR: Record<string, string> = {
  MISSING: "red",
  UNEXPECTED: "yellow",
  SHORT: "orange",
  OVER: "grape",
  OK: "green",
  NOT_COUNTED: "gray",
  COUNTED: "blue",
  OTHER: "gray",
};

/**
 * A stocktake's differences against the books, grouped by kind. Book figures are left out when the
 * node withholds them (a blind count seen by a counter). With STOCKTAKE_APPROVE and while OPEN:
 * approve (after a confirmation that says what changes) or reject (a note is required).
 */
export function StocktakeReviewScreen() {
  const intl = useIntl();
  const { stocktakeId } = route.useParams();
  const review = useStocktake(stocktakeId);
  const canDecide = useCan(Permission.STOCKTAKE_APPROVE);
  const locations = useAllLocations();
  const [dialog, setDialog] = useState<"approve" | "reject" | null>(null);
  const r = review.data;
  const s = r?.stocktake;
  const books = r?.booksShown ?? false;
  const groups = groupLines(r?.lines ?? []);
  return (
    <Stack>
      <Group gap="md">
        <AnchorLink to="/inventory/stocktakes" size="sm">
          ← <FormattedMessage id="stocktake.back" />
        </AnchorLink>
        {s?.status === StocktakeStatus.OPEN && (
          <AnchorLink to="/inventory/stocktakes/$stocktakeId" params={{ stocktakeId }} size="sm" data-testid="stocktake-count-link">
            <FormattedMessage id="stocktake.count" />
          </AnchorLink>
        )}
      </Group>
      <QueryState isPending={review.isPending} error={review.error} onRetry={() => void review.refetch()}>
        {r && s && (
          <>
            <Group justify="space-between" align="center">
              <Group gap="sm">
                <Title order={2}>
                  <FormattedMessage id="stocktake.reviewTitle" values={{ name: s.name }} />
                </Title>
                <StatusBadge status={s.status} />
                <Badge variant="outline" color="gray" tt="none">
                  {s.locationCode}
                </Badge>
              </Group>
              {canDecide && s.status === StocktakeStatus.OPEN && (
                <Group>
                  <Button color="green" onClick={() => setDialog("approve")} data-testid="stocktake-approve">
                    <FormattedMessage id="stocktake.approve" />
                  </Button>
                  <Button color="red" variant="light" onClick={() => setDialog("reject")} data-testid="stocktake-reject">
                    <FormattedMessage id="stocktake.reject" />
                  </Button>
                </Group>
              )}
            </Group>
            <Text data-testid="stocktake-totals">
              {books ? (
                <FormattedMessage id="stocktake.totals" values={{ counted: r.countedUnits, expected: r.expectedUnits }} />
              ) : (
                <FormattedMessage id="stocktake.totalsBlind" values={{ counted: r.countedUnits }} />
              )}
            </Text>
            {!books && (
              <Alert color="blue" role="note" data-testid="stocktake-blind-note">
                <FormattedMessage id="stocktake.blindNote" />
              </Alert>
            )}
            {s.status !== StocktakeStatus.OPEN && (
              <Alert color={s.status === StocktakeStatus.APPROVED ? "green" : "gray"} role="status" data-testid="stocktake-decision">
                <FormattedMessage
                  id="stocktake.decided"
                  values={{
                    status: intl.formatMessage({ id: `stocktake.status.${StocktakeStatus[s.status]}` }),
                    by: s.decidedBy,
                    note: s.decisionNote || "—",
                  }}
                />
              </Alert>
            )}
            {groups.length === 0 ? (
              books && (
                <Text c="dimmed">
                  <FormattedMessage id="stocktake.noLines" />
                </Text>
              )
            ) : (
              groups.map((g) => (
                <LineGroup key={g.kind} kind={g.kind} lines={g.lines} books={books} bookCode={(id) => locations.byId.get(id)?.code} />
              ))
            )}
            <Decide
              stocktakeId={stocktakeId}
              dialog={dialog}
              onClose={() => setDialog(null)}
              summary={approvalSummary(r.lines)}
            />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

/** Lines shown at first per group; the rest on request (a warehouse may miss hundreds). */
const GROUP_PREVIEW = 50;

function LineGroup({ kind, lines, books, bookCode }: { kind: string; lines: StocktakeLine[]; books: boolean; bookCode(id: string): string | undefined }) {
  const intl = useIntl();
  const [all, setAll] = useState(false);
  const shown = all ? lines : lines.slice(0, GROUP_PREVIEW);
  return (
    <Stack gap="xs" data-testid="stocktake-group" data-kind={kind}>
      <Title order={3} size="h4">
        <Badge component="span" color={KIND_COLOR[kind]} variant="light" size="lg">
          {intl.formatMessage({ id: `stocktake.kind.${kind}` })}
        </Badge>{" "}
        <Text span c="dimmed" size="sm">
          {intl.formatNumber(lines.length)}
        </Text>
      </Title>
      <Table.ScrollContainer minWidth={480}>
        <Table striped verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{intl.formatMessage({ id: "stocktake.item" })}</Table.Th>
              {books && <Table.Th ta="end">{intl.formatMessage({ id: "stocktake.expected" })}</Table.Th>}
              <Table.Th ta="end">{intl.formatMessage({ id: "stocktake.countedCol" })}</Table.Th>
              {books && <Table.Th ta="end">{intl.formatMessage({ id: "stocktake.difference" })}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((l, i) => (
              <LineRow key={`${l.assetId || l.productId}-${l.locationId}-${i}`} line={l} books={books} bookCode={bookCode(l.bookLocationId)} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {lines.length > shown.length && (
        <Button variant="subtle" onClick={() => setAll(true)} style={{ alignSelf: "start" }} data-testid="stocktake-show-all">
          <FormattedMessage id="stocktake.showAll" values={{ count: lines.length }} />
        </Button>
      )}
    </Stack>
  );
}

function LineRow({ line, books, bookCode }: { line: StocktakeLine; books: boolean; bookCode?: string }) {
  const intl = useIntl();
  return (
    <Table.Tr data-testid="stocktake-line" data-kind={line.kind} data-barcode={line.barcode || undefined}>
      <Table.Td>
        <Stack gap={0}>
          <Text size="sm">{line.productName}</Text>
          {(line.barcode || (line.kind === "UNEXPECTED" && bookCode)) && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {line.barcode}
              {line.kind === "UNEXPECTED" && bookCode && <> · <FormattedMessage id="stocktake.bookedAt" values={{ code: bookCode }} /></>}
            </Text>
          )}
        </Stack>
      </Table.Td>
      {books && <Table.Td ta="end">{intl.formatNumber(line.expected)}</Table.Td>}
      <Table.Td ta="end">{intl.formatNumber(line.counted)}</Table.Td>
      {books && (
        <Table.Td ta="end" fw={line.difference !== 0 ? 700 : undefined}>
          {line.difference > 0 ? "+" : ""}
          {intl.formatNumber(line.difference)}
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function Decide({
  stocktakeId,
  dialog,
  onClose,
  summary,
}: {
  stocktakeId: string;
  dialog: "approve" | "reject" | null;
  onClose(): void;
  summary: { lost: number; moved: number; bulk: number };
}) {
  const intl = useIntl();
  const approve = useApproveStocktake();
  const reject = useRejectStocktake();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const rejecting = dialog === "reject";
  const close = () => {
    setNote("");
    setError(null);
    onClose();
  };
  const submit = async () => {
    setError(null);
    try {
      if (rejecting) await reject.mutateAsync({ id: stocktakeId, note: note.trim() });
      else await approve.mutateAsync({ id: stocktakeId, note: note.trim() });
      toastInfo(intl.formatMessage({ id: rejecting ? "stocktake.status.REJECTED" : "stocktake.status.APPROVED" }));
      close();
    } catch (err) {
      setError(toUiError(err).message);
    }
  };
  return (
    <Modal
      opened={dialog !== null}
      onClose={close}
      title={intl.formatMessage({ id: rejecting ? "stocktake.rejectTitle" : "stocktake.approveTitle" })}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text data-testid="stocktake-decide-body">
            {rejecting ? (
              <FormattedMessage id="stocktake.rejectBody" />
            ) : (
              <FormattedMessage id="stocktake.approveBody" values={summary} />
            )}
          </Text>
          <Textarea
            data-autofocus
            required={rejecting}
            maxLength={2000}
            label={intl.formatMessage({ id: rejecting ? "stocktake.noteRequired" : "stocktake.noteOptional" })}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-testid="stocktake-decide-note"
          />
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="end">
            <Button variant="default" onClick={close}>
              <FormattedMessage id="form.cancel" />
            </Button>
            <Button
              type="submit"
              color={rejecting ? "red" : "green"}
              disabled={rejecting && !note.trim()}
              loading={approve.isPending || reject.isPending}
              data-testid="stocktake-decide-submit"
            >
              <FormattedMessage id={rejecting ? "stocktake.reject" : "stocktake.approve"} />
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
