import { useState } from "react";
import { Alert, Button, Card, Drawer, Group, Loader, NumberInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { create } from "@bufbuild/protobuf";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { PeriodSchema, type Period } from "../../../gen/eventkit/v1/common_pb";
import { DateRange } from "../../../components/DateRange";
import { QueryState } from "../../../components/QueryState";
import { addDays, formatDay, parseDay, startOfDay } from "../../../lib/dates";
import { useLazyDisclosure } from "../../../lib/dialog";
import { useCan } from "../../../lib/session";
import { usePartnerAvailability, usePartnerNames, useSuppliersForShortages } from "../api/subhire";
import { rowsFromAvailability, rowsFromShortages, type PartnerRow } from "../lib/partners";
import { PartnerTable } from "./PartnerTable";
import { RequestSubHireDialog, type SubHireDraft } from "./RequestSubHireDialog";

interface Wanted {
  productId: string;
  productName: string;
  quantity: number;
  period: Period;
  eventName?: string;
  eventReference?: string;
}

/** The table plus the one-click request dialog for a chosen partner. */
function PartnersWithRequest({ rows, wanted }: { rows: PartnerRow[]; wanted: Wanted }) {
  const [draft, setDraft] = useState<SubHireDraft | null>(null);
  const names = usePartnerNames();
  return (
    <>
      <PartnerTable
        rows={rows}
        quantity={wanted.quantity}
        onRequest={(r) =>
          r.product &&
          setDraft({
            supplierNodeId: r.partnerNodeId,
            supplierName: names.get(r.partnerNodeId) || r.partnerName,
            suggestedUnitPrice: r.dailyRate,
            supplierProduct: r.product,
            localProductId: wanted.productId,
            localProductName: wanted.productName,
            quantity: wanted.quantity,
            period: wanted.period,
            eventName: wanted.eventName,
            eventReference: wanted.eventReference,
          })
        }
      />
      {draft && <RequestSubHireDialog draft={draft} onClose={() => setDraft(null)} />}
    </>
  );
}

/**
 * Which partners could lend `quantity` of our product over `period` (QueryPartnerAvailability, one
 * fan-out): every partner with its status, and "Request sub-hire" where one has enough.
 */
export function PartnerAvailability(props: Wanted) {
  const q = usePartnerAvailability(props.productId, props.quantity, props.period);
  const rows = rowsFromAvailability(q.data);
  return (
    <QueryState
      isPending={q.isPending}
      error={q.error}
      onRetry={() => void q.refetch()}
      isEmpty={rows.length === 0}
      empty={<FormattedMessage id="subhire.noPartners" />}
    >
      <PartnersWithRequest rows={rows} wanted={props} />
    </QueryState>
  );
}

/**
 * The product page's section: partner availability for a quantity over a period (default: the
 * next 7 days), both editable.
 */
export function ProductPartnerAvailability({ productId, productName }: { productId: string; productName: string }) {
  const intl = useIntl();
  const canRead = useCan(Permission.SUBHIRE_READ);
  const today = startOfDay(new Date());
  const [from, setFrom] = useState(formatDay(today));
  const [to, setTo] = useState(formatDay(addDays(today, 7)));
  const [quantity, setQuantity] = useState<number | string>(1);
  if (!canRead) return null;
  const start = parseDay(from);
  const end = parseDay(to);
  const q = Number(quantity);
  const periodOk = !!start && !!end && end > start;
  const period = periodOk ? create(PeriodSchema, { start: timestampFromDate(start), end: timestampFromDate(end) }) : undefined;
  return (
    <Card withBorder component="section" aria-labelledby="partner-availability-title" data-testid="product-partner-availability">
      <Stack gap="sm">
        <Title order={3} id="partner-availability-title">
          <FormattedMessage id="subhire.atPartners" />
        </Title>
        <Group align="start" gap="sm">
          <NumberInput
            label={intl.formatMessage({ id: "subhire.quantity" })}
            min={1}
            max={1000000}
            allowDecimal={false}
            allowNegative={false}
            value={quantity}
            onChange={setQuantity}
            w={120}
            data-testid="partner-quantity"
          />
          <TextInput type="date" label={intl.formatMessage({ id: "subhire.from" })} value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="partner-from" />
          <TextInput
            type="date"
            label={intl.formatMessage({ id: "subhire.to" })}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={!periodOk ? intl.formatMessage({ id: "subhire.badPeriod" }) : undefined}
            data-testid="partner-to"
          />
        </Group>
        {period && Number.isInteger(q) && q > 0 ? (
          <PartnerAvailability productId={productId} productName={productName} quantity={q} period={period} />
        ) : (
          <Text size="sm">
            <FormattedMessage id="subhire.fillInSearch" />
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** What an event's short line hands to the partner search. */
export interface ShortLineInfo {
  eventId: string;
  productId: string;
  productName?: string;
  shortfall: number;
}

/**
 * "Find partners" on a short line (pull list, shortages): a drawer with the partners that could
 * cover the shortfall over the event's period. FindSuppliersForShortages asks every partner once for
 * all the event's short lines, so the drawers of one event share one fan-out.
 */
export function FindPartnersButton({ line }: { line: ShortLineInfo }) {
  const intl = useIntl();
  const canRead = useCan(Permission.SUBHIRE_READ);
  // Drawn from the first click on: a closed Drawer on each of a shortage table's rows was a good
  // part of drawing it.
  const drawer = useLazyDisclosure();
  if (!canRead || line.shortfall <= 0) return null;
  return (
    <>
      <Button
        size="compact-xs"
        variant="default"
        onClick={drawer.open}
        data-testid="find-partners"
      >
        {intl.formatMessage({ id: "subhire.findPartners" })}
      </Button>
      {drawer.mounted && (
      <Drawer
        opened={drawer.opened}
        onClose={drawer.close}
        position="right"
        size="xl"
        title={intl.formatMessage({ id: "subhire.findPartnersTitle" }, { product: line.productName ?? "" })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
      >
        {drawer.opened && <EventLinePartners line={line} />}
      </Drawer>
      )}
    </>
  );
}

function EventLinePartners({ line }: { line: ShortLineInfo }) {
  const q = useSuppliersForShortages(line.eventId);
  const r = q.data;
  const short = r?.lines.find((l) => l.productId === line.productId);
  return (
    <QueryState isPending={q.isPending} error={q.error} onRetry={() => void q.refetch()}>
      {r && r.period && (
        <Stack gap="sm" data-testid="find-partners-result">
          <Text size="sm">
            <FormattedMessage
              id="subhire.shortOn"
              values={{ short: short?.shortfall ?? line.shortfall, product: short?.productName || line.productName || "", event: r.eventName }}
            />{" "}
            <DateRange start={r.period.start} end={r.period.end} />
            {q.isFetching && <Loader size="xs" ms="xs" />}
          </Text>
          {short ? (
            <PartnersWithRequest
              rows={rowsFromShortages(r, line.productId)}
              wanted={{
                productId: line.productId,
                productName: short.productName || line.productName || "",
                quantity: short.shortfall,
                period: r.period,
                eventName: r.eventName,
                eventReference: r.eventId,
              }}
            />
          ) : (
            <>
              <Alert color="gray" role="status">
                <FormattedMessage id="subhire.notShortNow" />
              </Alert>
              <PartnerAvailability
                productId={line.productId}
                productName={line.productName ?? ""}
                quantity={line.shortfall}
                period={r.period}
                eventName={r.eventName}
                eventReference={r.eventId}
              />
            </>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
