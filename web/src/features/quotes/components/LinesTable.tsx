import { useState } from "react";
import { ActionIcon, Badge, Button, Group, Popover, Select, Stack, Table, Text, TextInput, Tooltip, UnstyledButton } from "@mantine/core";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { fromLocalInput, toLocalInput } from "../../../lib/dates";
import { useDebouncedValue } from "@mantine/hooks";
import { FormattedMessage, useIntl } from "react-intl";
import { QuoteLineKind, type Quote, type QuoteLine, type TaxRate } from "../../../gen/eventkit/v1/quotes_pb";
import { DateRange } from "../../../components/DateRange";
import { formatMoney, fromMinorUnits } from "../../../lib/money";
import { useProductSearch } from "../api/quotes";
import type { DraftChange } from "../api/quotes";
import { basisPointsText, parseBasisPoints, parseMoney, parseQuantity } from "../lib/amounts";
import { EditableCell } from "./EditableCell";

type Change = DraftChange;

const KIND_NAME: Record<number, "RENTAL" | "SERVICE" | "SALE"> = { [QuoteLineKind.RENTAL]: "RENTAL", [QuoteLineKind.SERVICE]: "SERVICE", [QuoteLineKind.SALE]: "SALE" };

/**
 * The draft's lines: each field edited in place (committed on Enter or leaving it), reordered,
 * removed; a rental's price comes from the rate card unless typed (and can go back to it). The
 * figures are the node's, recomputed on every change.
 */
export function LinesTable({ quote, editable, change, taxRates, pending }: { quote: Quote; editable: boolean; change: Change; taxRates: TaxRate[]; pending: boolean }) {
  const intl = useIntl();
  const t = (id: string, v?: Record<string, string | number>) => intl.formatMessage({ id }, v);
  const cur = quote.currency;
  const upd = (line: QuoteLine, patch: Record<string, unknown>) => void change((svc, rev) => svc.updateQuoteLine({ quoteId: quote.id, expectedRevision: rev, lineId: line.id, ...patch }));
  const taxOptions = [{ value: "-", label: t("quotes.noTax") }, ...taxRates.map((r) => ({ value: r.code, label: `${r.code} (${basisPointsText(r.rateBp)} %)` }))];
  const bad = (id: string) => ({ ok: false as const, error: t(id) });
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={editable ? 1040 : 760}>
        <Table verticalSpacing={4} data-testid="quote-lines" style={{ opacity: pending ? 0.85 : 1 }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("quotes.line.kind")}</Table.Th>
              <Table.Th>{t("quotes.line.description")}</Table.Th>
              <Table.Th>{t("quotes.line.qty")}</Table.Th>
              <Table.Th>{t("quotes.line.unitOrPeriod")}</Table.Th>
              <Table.Th>{t("quotes.line.unitPrice")}</Table.Th>
              <Table.Th>{t("quotes.line.discount")}</Table.Th>
              <Table.Th>{t("quotes.line.tax")}</Table.Th>
              <Table.Th style={{ textAlign: "end" }}>{t("quotes.line.net")}</Table.Th>
              {editable && <Table.Th>{t("quotes.line.actions")}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {quote.lines.map((l, i) => {
              const kind = KIND_NAME[l.kind] ?? "SERVICE";
              const rental = l.kind === QuoteLineKind.RENTAL;
              const desc = l.description;
              return (
                <Table.Tr key={l.id} data-testid="quote-line" data-kind={kind}>
                  <Table.Td>
                    <Badge size="xs" variant="light" miw="max-content" color={rental ? "indigo" : kind === "SALE" ? "grape" : "cyan"}>
                      {t(`quotes.kind.${kind}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td miw={200}>
                    {editable ? (
                      <EditableCell value={desc} label={t("quotes.line.descriptionOf", { n: i + 1 })} parse={(x) => (x.trim() ? { ok: true, value: x.trim() } : bad("quotes.bad.description"))} onCommit={(v) => upd(l, { description: v })} />
                    ) : (
                      <Text size="sm">{desc}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {editable ? (
                      <EditableCell value={l.quantity} width={70} align="end" label={t("quotes.line.qtyOf", { line: desc })} parse={(x) => { const q = parseQuantity(x, rental); return q ? { ok: true, value: q } : bad(rental ? "quotes.bad.wholeQty" : "quotes.bad.qty"); }} onCommit={(v) => upd(l, { quantity: v })} testId="quote-line-qty" />
                    ) : (
                      <Text size="sm">{l.quantity}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {rental ? (
                      <Stack gap={0}>
                        {editable ? <PeriodEdit line={l} label={t("quotes.line.periodOf", { line: desc })} onSave={(period) => upd(l, { period })} /> : <DateRange start={l.period?.start} end={l.period?.end} />}
                        <Text size="xs" c="dimmed">
                          {l.rateDetail || t("quotes.line.days", { days: l.days, charged: l.chargedDays })}
                        </Text>
                      </Stack>
                    ) : editable ? (
                      <EditableCell value={l.unit} width={80} label={t("quotes.line.unitOf", { line: desc })} parse={(x) => ({ ok: true, value: x.trim() })} onCommit={(v) => upd(l, { unit: v })} />
                    ) : (
                      <Text size="sm">{l.unit}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {editable ? (
                        <EditableCell value={l.unitPrice ? fromMinorUnits(l.unitPrice.minorUnits, cur) : ""} width={100} align="end" label={t("quotes.line.unitPriceOf", { line: desc })} parse={(x) => { const p = parseMoney(x, cur); return p ? { ok: true, value: p } : bad("quotes.bad.amount"); }} onCommit={(v) => upd(l, { unitPrice: v })} testId="quote-line-price" />
                      ) : (
                        <Text size="sm">{formatMoney(intl, l.unitPrice)}</Text>
                      )}
                      {rental && (
                        <Tooltip label={t(l.priceOverridden ? "quotes.line.typedHint" : "quotes.line.rateCardHint")}>
                          <Badge size="xs" variant="outline" miw="max-content" color={l.priceOverridden ? "orange" : "gray"} data-testid="quote-line-price-source">
                            {t(l.priceOverridden ? "quotes.line.typed" : "quotes.line.rateCard")}
                          </Badge>
                        </Tooltip>
                      )}
                      {rental && l.priceOverridden && editable && (
                        <ActionIcon size="sm" variant="subtle" aria-label={t("quotes.line.backToRateCard", { line: desc })} onClick={() => upd(l, { clearUnitPrice: true })}>
                          ↺
                        </ActionIcon>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {editable ? (
                      <EditableCell value={basisPointsText(l.discountBp)} width={64} align="end" label={t("quotes.line.discountOf", { line: desc })} parse={(x) => { const bp = parseBasisPoints(x); return bp === null ? bad("quotes.bad.percent") : { ok: true, value: bp }; }} onCommit={(v) => upd(l, { discountBp: v })} testId="quote-line-discount" />
                    ) : (
                      <Text size="sm">{basisPointsText(l.discountBp)} %</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {editable ? (
                      <Select size="xs" w={130} aria-label={t("quotes.line.taxOf", { line: desc })} allowDeselect={false} value={l.taxCode || "-"} data={taxOptions.some((o) => o.value === (l.taxCode || "-")) ? taxOptions : [...taxOptions, { value: l.taxCode, label: l.taxCode }]} onChange={(v) => v && upd(l, { taxCode: v })} />
                    ) : (
                      <Text size="sm">{l.taxCode ? `${l.taxCode} (${basisPointsText(l.taxRateBp)} %)` : t("quotes.noTax")}</Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ textAlign: "end", whiteSpace: "nowrap" }}>
                    <Text size="sm" data-testid="quote-line-net">
                      {formatMoney(intl, l.net)}
                    </Text>
                  </Table.Td>
                  {editable && (
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon size="sm" variant="default" disabled={i === 0} aria-label={t("quotes.line.up", { line: desc })} onClick={() => upd(l, { position: i - 1 })}>
                          ↑
                        </ActionIcon>
                        <ActionIcon size="sm" variant="default" disabled={i === quote.lines.length - 1} aria-label={t("quotes.line.down", { line: desc })} onClick={() => upd(l, { position: i + 1 })}>
                          ↓
                        </ActionIcon>
                        <ActionIcon size="sm" variant="default" color="red" aria-label={t("quotes.line.remove", { line: desc })} onClick={() => void change((svc, rev) => svc.removeQuoteLine({ quoteId: quote.id, expectedRevision: rev, lineId: l.id }))} data-testid="quote-line-remove">
                          ✕
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {quote.lines.length === 0 && (
        <Text c="dimmed">
          <FormattedMessage id="quotes.noLines" />
        </Text>
      )}
      {editable && <AddLine quote={quote} change={change} />}
    </Stack>
  );
}

/** A rental's hire period: the dates as a button that opens two date-time fields. */
function PeriodEdit({ line, label, onSave }: { line: QuoteLine; label: string; onSave(p: { start: ReturnType<typeof timestampFromDate>; end: ReturnType<typeof timestampFromDate> }): void }) {
  const intl = useIntl();
  const [opened, setOpened] = useState(false);
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [error, setError] = useState("");
  const open = () => {
    setStart(line.period?.start ? toLocalInput(timestampDate(line.period.start)) : "");
    setEnd(line.period?.end ? toLocalInput(timestampDate(line.period.end)) : "");
    setError("");
    setOpened(true);
  };
  const save = () => {
    const s = fromLocalInput(start);
    const e = fromLocalInput(end);
    if (!s || !e || e <= s) return setError(intl.formatMessage({ id: "quotes.bad.period" }));
    setOpened(false);
    onSave({ start: timestampFromDate(s), end: timestampFromDate(e) });
  };
  return (
    <Popover opened={opened} onChange={setOpened} trapFocus withinPortal position="bottom-start">
      <Popover.Target>
        <UnstyledButton onClick={() => (opened ? setOpened(false) : open())} title={label} style={{ textDecoration: "underline dotted" }}>
          <DateRange start={line.period?.start} end={line.period?.end} />
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <TextInput type="datetime-local" size="xs" label={intl.formatMessage({ id: "newEvent.start" })} value={start} onChange={(e) => setStart(e.currentTarget.value)} />
          <TextInput type="datetime-local" size="xs" label={intl.formatMessage({ id: "newEvent.end" })} value={end} onChange={(e) => setEnd(e.currentTarget.value)} error={error} />
          <Button size="xs" onClick={save}>
            <FormattedMessage id="quotes.save" />
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function AddLine({ quote, change }: { quote: Quote; change: Change }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const [kind, setKind] = useState<"RENTAL" | "SERVICE" | "SALE">("SERVICE");
  const [productText, setProductText] = useState("");
  const [productId, setProductId] = useState<string | null>(null);
  const [q] = useDebouncedValue(productText.trim(), 200);
  const products = useProductSearch(kind === "RENTAL" ? q : "");
  const [desc, setDesc] = useState("");
  const [qty, setQty] = useState("1");
  const [unit, setUnit] = useState("");
  const [price, setPrice] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError("");
    const rental = kind === "RENTAL";
    const quantity = parseQuantity(qty, rental);
    if (!quantity) return setError(t(rental ? "quotes.bad.wholeQty" : "quotes.bad.qty"));
    if (rental && !productId) return setError(t("quotes.bad.product"));
    if (!rental && !desc.trim()) return setError(t("quotes.bad.description"));
    const unitPrice = price.trim() ? parseMoney(price, quote.currency) : undefined;
    if (unitPrice === null) return setError(t("quotes.bad.amount"));
    if (!rental && !unitPrice) return setError(t("quotes.bad.priceNeeded"));
    const r = await change((svc, rev) =>
      svc.addQuoteLine({ quoteId: quote.id, expectedRevision: rev, kind: QuoteLineKind[kind], productId: productId ?? "", description: desc.trim(), quantity, unit: unit.trim(), unitPrice }),
    );
    if (r.ok) {
      setDesc("");
      setPrice("");
      setQty("1");
      setProductId(null);
      setProductText("");
    }
  };
  const productOptions = (products.data?.hits ?? []).flatMap((h) => (h.item.case === "product" ? [{ value: h.item.value.id, label: h.item.value.name }] : []));
  return (
    <form onSubmit={submit} noValidate data-testid="quote-add-line">
      <Group align="end" gap="xs" wrap="wrap">
        <Select label={t("quotes.line.kind")} w={120} allowDeselect={false} value={kind} onChange={(v) => setKind((v as typeof kind) ?? "SERVICE")} data={(["RENTAL", "SERVICE", "SALE"] as const).map((k) => ({ value: k, label: t(`quotes.kind.${k}`) }))} data-testid="quote-add-kind" />
        {kind === "RENTAL" ? (
          <Select label={t("quotes.line.product")} w={240} searchable searchValue={productText} onSearchChange={setProductText} filter={({ options }) => options} value={productId} onChange={setProductId} data={productOptions} data-testid="quote-add-product" />
        ) : (
          <TextInput label={t("quotes.line.description")} w={240} value={desc} onChange={(e) => setDesc(e.currentTarget.value)} data-testid="quote-add-description" />
        )}
        <TextInput label={t("quotes.line.qty")} w={70} value={qty} onChange={(e) => setQty(e.currentTarget.value)} data-testid="quote-add-qty" />
        {kind !== "RENTAL" && <TextInput label={t("quotes.line.unit")} placeholder={t("quotes.line.unitHint")} w={90} value={unit} onChange={(e) => setUnit(e.currentTarget.value)} />}
        <TextInput label={`${t("quotes.line.unitPrice")} (${quote.currency})`} placeholder={kind === "RENTAL" ? t("quotes.line.rateCard") : ""} w={130} value={price} onChange={(e) => setPrice(e.currentTarget.value)} data-testid="quote-add-price" />
        <Button type="submit" variant="default" data-testid="quote-add-submit">
          <FormattedMessage id={`quotes.add.${kind}`} />
        </Button>
      </Group>
      {error && (
        <Text c="red" size="sm" role="alert" mt={4}>
          {error}
        </Text>
      )}
    </form>
  );
}
