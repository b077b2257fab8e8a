import { useState, type ReactNode } from "react";
import { Alert, Button, Card, Group, List, Modal, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Textarea, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { QuoteState, type AcceptQuoteResponse, type Quote, type QuoteVersion } from "../../../gen/eventkit/v1/quotes_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { ButtonLink } from "../../../components/ButtonLink";
import { QueryState } from "../../../components/QueryState";
import { DateRange } from "../../../components/DateRange";
import { useCan } from "../../../lib/session";
import { useLastOpen } from "../../../lib/dialog";
import { toastError, toastInfo, toastWarning } from "../../../lib/notify";

import { useClientCompany, useDraftChanges, usePriceLists, useQuote, useTaxRates, type DraftChange } from "../api/quotes";
import { basisPointsText, parseBasisPoints, parseRate } from "../lib/amounts";
import { LinesTable } from "../components/LinesTable";
import { TotalsPanel } from "../components/TotalsPanel";
import { QuoteStateBadge } from "../components/QuoteStateBadge";
import { AcceptDialog, DeclineDialog, SendDialog } from "../components/Dialogs";
import { PdfPreview } from "../components/PdfPreview";
import { EmailStatus, VersionHistory } from "../components/Versions";
import { EditableCell } from "../components/EditableCell";

const route = getRouteApi("/_app/quotes/$quoteId");

type Dialog = "send" | "accept" | "decline" | { pdf: number } | null;

/**
 * The quote editor: the header, the draft's lines edited in place with the node's totals after
 * each change (sent with the revision last read; someone else's change meanwhile reloads the quote
 * and says so), approval, send (a frozen version, optionally emailed), versions with their diff,
 * the PDF, and the client's answer — accepted (the event confirmed, or its shortages to cover) or
 * declined. `sections` renders other features' sections below the versions (the route composes
 * them: the quote's attachments).
 */
export function QuoteEditorScreen({ sections }: { sections?: (quote: Quote) => ReactNode } = {}) {
  const intl = useIntl();
  const { quoteId } = route.useParams();
  const q = useQuote(quoteId);
  const quote = q.data;
  const drafts = useDraftChanges(quoteId, quote);
  const canWrite = useCan(Permission.QUOTES_WRITE);
  const canApprove = useCan(Permission.QUOTES_APPROVE);
  const taxRates = useTaxRates(!!quote);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [sent, setSent] = useState<QuoteVersion | undefined>();
  const [accepted, setAccepted] = useState<AcceptQuoteResponse | undefined>();
  const closeLabel = { "aria-label": intl.formatMessage({ id: "dialog.close" }) };
  const close = () => setDialog(null);
  const shown = useLastOpen(dialog);

  /** A change with a toast on failure: the conflict text for ABORTED, the node's message otherwise. */
  const change: DraftChange = async (call) => {
    const r = await drafts.change(call);
    if (!r.ok) {
      if (r.conflict) toastWarning(intl.formatMessage({ id: "quotes.conflict" }));
      else toastError(r.error);
    }
    return r;
  };

  return (
    <Stack>
      <AnchorLink to="/quotes" size="sm">
        ← <FormattedMessage id="quotes.title" />
      </AnchorLink>
      <QueryState isPending={q.isPending} error={q.error} onRetry={() => void q.refetch()} notFound={<Text>{intl.formatMessage({ id: "quotes.notFound" })}</Text>} invalidIsNotFound>
        {quote && (
          <Editor
            quote={quote}
            change={change}
            pending={drafts.pending > 0}
            canWrite={canWrite}
            canApprove={canApprove}
            taxRates={taxRates.data?.taxRates ?? []}
            onDialog={setDialog}
            sent={sent}
            accepted={accepted}
          />
        )}
        {quote && sections?.(quote)}
      </QueryState>
      {quote && (
        <>
          <Modal opened={dialog === "send"} onClose={close} title={intl.formatMessage({ id: "quotes.send" })} closeButtonProps={closeLabel}>
            {shown === "send" && (
              <SendDialog
                quote={quote}
                change={drafts.change}
                onCancel={close}
                onSent={(v) => {
                  close();
                  setSent(v);
                  toastInfo(intl.formatMessage({ id: "quotes.sent" }, { version: v?.version ?? "" }));
                }}
              />
            )}
          </Modal>
          <Modal opened={dialog === "accept"} onClose={close} title={intl.formatMessage({ id: "quotes.accept" })} closeButtonProps={closeLabel}>
            {shown === "accept" && (
              <AcceptDialog
                quote={quote}
                onCancel={close}
                onDone={(r) => {
                  close();
                  if (r.quote) drafts.put(r.quote);
                  setAccepted(r);
                }}
              />
            )}
          </Modal>
          <Modal opened={dialog === "decline"} onClose={close} title={intl.formatMessage({ id: "quotes.decline" })} closeButtonProps={closeLabel}>
            {shown === "decline" && (
              <DeclineDialog
                quote={quote}
                onCancel={close}
                onDone={(x) => {
                  close();
                  drafts.put(x);
                }}
              />
            )}
          </Modal>
          <Modal opened={typeof dialog === "object" && dialog !== null} onClose={close} size="80%" title={typeof shown === "object" && shown ? (shown.pdf === 0 ? intl.formatMessage({ id: "quotes.pdf.draft" }) : `${quote.number} v${shown.pdf}`) : ""} closeButtonProps={closeLabel}>
            {typeof dialog === "object" && dialog !== null && <PdfPreview quoteId={quote.id} version={dialog.pdf} />}
          </Modal>
        </>
      )}
    </Stack>
  );
}

function Editor({ quote, change, pending, canWrite, canApprove, taxRates, onDialog, sent, accepted }: {
  quote: Quote;
  change: DraftChange;
  pending: boolean;
  canWrite: boolean;
  canApprove: boolean;
  taxRates: Parameters<typeof LinesTable>[0]["taxRates"];
  onDialog(d: Dialog): void;
  sent?: QuoteVersion;
  accepted?: AcceptQuoteResponse;
}) {
  const intl = useIntl();
  const t = (id: string, v?: Record<string, string | number>) => intl.formatMessage({ id }, v);
  const closed = quote.state === QuoteState.ACCEPTED || quote.state === QuoteState.DECLINED;
  const editable = canWrite && !closed;
  const latest = quote.versions.reduce((n, v) => Math.max(n, v.version), 0);
  const needsApproval = !!quote.approval?.required && !quote.approval.approved;
  const latestVersion = quote.versions.find((v) => v.version === latest);
  return (
    <Stack>
      <Group justify="space-between" align="start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2} data-testid="quote-number">
              {quote.number}
            </Title>
            <QuoteStateBadge state={quote.state} />
            {quote.hasUnsentChanges && latest > 0 && !closed && (
              <Text size="xs" c="orange">
                <FormattedMessage id="quotes.unsentChanges" />
              </Text>
            )}
          </Group>
          {editable ? (
            <EditableCell value={quote.title} width={360} label={t("quotes.titleField")} parse={(x) => (x.trim() ? { ok: true, value: x.trim() } : { ok: false, error: t("quotes.bad.title") })} onCommit={(v) => void change((svc, rev) => svc.updateQuote({ id: quote.id, expectedRevision: rev, title: v }))} />
          ) : (
            <Text>{quote.title}</Text>
          )}
        </Stack>
        <Group gap="xs">
          <Button variant="default" onClick={() => onDialog({ pdf: 0 })} data-testid="quote-pdf-preview">
            <FormattedMessage id="quotes.pdf.preview" />
          </Button>
          {editable && quote.eventId && (
            <Button variant="default" loading={pending} onClick={() => void change((svc, rev) => svc.syncQuoteFromEvent({ quoteId: quote.id, expectedRevision: rev }))} data-testid="quote-sync">
              <FormattedMessage id="quotes.sync" />
            </Button>
          )}
          {editable && (
            <Button onClick={() => onDialog("send")} disabled={needsApproval || quote.lines.length === 0 || pending} data-testid="quote-send">
              <FormattedMessage id={latest > 0 ? "quotes.sendAgain" : "quotes.send"} />
            </Button>
          )}
          {canWrite && quote.state === QuoteState.SENT && (
            <>
              <Button color="teal.9" onClick={() => onDialog("accept")} data-testid="quote-accept">
                <FormattedMessage id="quotes.accept" />
              </Button>
              <Button variant="default" color="red" onClick={() => onDialog("decline")} data-testid="quote-decline">
                <FormattedMessage id="quotes.decline" />
              </Button>
            </>
          )}
        </Group>
      </Group>

      {needsApproval && (
        <Alert color="yellow" role="status" data-testid="approval-banner">
          <Group justify="space-between">
            <Text size="sm">
              <FormattedMessage id="quotes.approval.needed" values={{ discount: basisPointsText(quote.approval!.maxDiscountBp) }} />
            </Text>
            {canApprove && (
              <Button size="xs" onClick={() => void change((svc, rev) => svc.approveQuote({ quoteId: quote.id, expectedRevision: rev }))} data-testid="quote-approve">
                <FormattedMessage id="quotes.approve" />
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {quote.approval?.required && quote.approval.approved && (
        <Text size="sm" c="teal">
          <FormattedMessage id="quotes.approval.done" values={{ by: quote.approval.approvedBy }} />
        </Text>
      )}
      {sent && (
        <Alert color="blue" role="status" data-testid="quote-sent">
          <FormattedMessage id="quotes.sentVersion" values={{ version: sent.version }} />
          {sent.emails.map((e) => (
            <EmailStatus key={e.id} quoteId={quote.id} version={sent.version} email={latestVersion?.emails.find((x) => x.id === e.id) ?? e} canRetry={canWrite} />
          ))}
        </Alert>
      )}
      {accepted && <AcceptResult r={accepted} quote={quote} />}
      {quote.state === QuoteState.DECLINED && quote.declineReason && (
        <Alert color="red" role="status">
          <FormattedMessage id="quotes.declinedBecause" values={{ reason: quote.declineReason }} />
        </Alert>
      )}

      <Header quote={quote} editable={editable} change={change} />

      <Title order={3}>
        <FormattedMessage id="quotes.lines" />
      </Title>
      <LinesTable quote={quote} editable={editable} change={change} taxRates={taxRates} pending={pending} />
      <Group justify="end">
        <div style={{ minWidth: 320 }}>
          <TotalsPanel totals={quote.totals} pending={pending} />
        </div>
      </Group>
      <Tabs defaultValue="versions">
        <Tabs.List>
          <Tabs.Tab value="versions">
            <FormattedMessage id="quotes.versions" values={{ count: quote.versions.length }} />
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="versions" pt="sm">
          <VersionHistory quote={quote} canWrite={canWrite} onPdf={(v) => onDialog({ pdf: v })} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function AcceptResult({ r, quote }: { r: AcceptQuoteResponse; quote: Quote }) {
  return (
    <Alert color={r.eventConfirmed && r.shortages.length === 0 ? "teal" : "orange"} role="status" data-testid="accept-result">
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          <FormattedMessage id={!quote.eventId ? "quotes.accepted.noEvent" : r.eventConfirmed ? "quotes.accepted.confirmed" : "quotes.accepted.notConfirmed"} values={{ event: quote.eventName }} />
        </Text>
        {r.shortages.length > 0 && (
          <List size="sm" data-testid="accept-shortages">
            {r.shortages.map((s) => (
              <List.Item key={`${s.productId}-${s.period?.start?.seconds}`}>
                <FormattedMessage id="quotes.shortage" values={{ product: s.productName, requested: s.requested, available: s.available }} /> <DateRange start={s.period?.start} end={s.period?.end} />
              </List.Item>
            ))}
          </List>
        )}
        {r.warnings.map((w) => (
          <Text key={w} size="xs">
            {w}
          </Text>
        ))}
        {quote.eventId && (
          <Group gap="xs">
            <ButtonLink to="/events/$eventId" params={{ eventId: quote.eventId }} size="xs" variant="default" data-testid="accept-open-event">
              <FormattedMessage id={r.shortages.length > 0 ? "quotes.accepted.findPartners" : "quotes.accepted.openEvent"} />
            </ButtonLink>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

function Header({ quote, editable, change }: { quote: Quote; editable: boolean; change: DraftChange }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const company = useClientCompany(quote.companyId);
  const priceLists = usePriceLists(editable);
  const upd = (patch: Record<string, unknown>) => void change((svc, rev) => svc.updateQuote({ id: quote.id, expectedRevision: rev, ...patch }));
  const valid = quote.validUntil ? timestampDate(quote.validUntil).toISOString().slice(0, 10) : "";
  const [notes, setNotes] = useState(quote.notes);
  return (
    <Card withBorder padding="sm">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t("quotes.client")}
          </Text>
          {quote.companyId ? (
            <AnchorLink to="/clients/$companyId" params={{ companyId: quote.companyId }} size="sm">
              {quote.companyName}
            </AnchorLink>
          ) : (
            <Text size="sm">{quote.companyName}</Text>
          )}
          {quote.eventId && (
            <Text size="sm">
              {t("quotes.event")}:{" "}
              <AnchorLink to="/events/$eventId" params={{ eventId: quote.eventId }} size="sm" data-testid="quote-event-link">
                {quote.eventName}
              </AnchorLink>
            </Text>
          )}
        </Stack>
        <Select
          label={t("quotes.contact")}
          disabled={!editable}
          value={quote.contactId || null}
          clearable
          onChange={(v) => upd({ contactId: v ?? "" })}
          data={(company.data?.contacts ?? []).map((c) => ({ value: c.id, label: [c.firstName, c.lastName].filter(Boolean).join(" ") })).concat(quote.contactId && !company.data ? [{ value: quote.contactId, label: quote.contactName }] : [])}
        />
        <Group gap="xs" align="end" wrap="nowrap">
          <div>
            <Text size="xs" c="dimmed" mb={2}>
              {t("quotes.currency")}
            </Text>
            <EditableCell value={quote.currency} width={70} label={t("quotes.currency")} disabled={!editable} parse={(x) => (/^[A-Za-z]{3}$/.test(x.trim()) ? { ok: true, value: x.trim().toUpperCase() } : { ok: false, error: t("quotes.bad.currency") })} onCommit={(v) => upd({ currency: v })} testId="quote-currency" />
          </div>
          <div>
            <Text size="xs" c="dimmed" mb={2}>
              {t("quotes.exchangeRate")}
            </Text>
            <EditableCell value={quote.exchangeRate} width={110} label={t("quotes.exchangeRate")} disabled={!editable} parse={(x) => { const r = parseRate(x); return r ? { ok: true, value: r } : { ok: false, error: t("quotes.bad.rate") }; }} onCommit={(v) => upd({ exchangeRate: v })} />
          </div>
        </Group>
        <TextInput type="date" label={t("quotes.validUntil")} disabled={!editable} defaultValue={valid} key={valid} onBlur={(e) => e.currentTarget.value && e.currentTarget.value !== valid && upd({ validUntil: timestampFromDate(new Date(`${e.currentTarget.value}T23:59:59Z`)) })} />
        <div>
          <Text size="xs" c="dimmed" mb={2}>
            {t("quotes.discount")}
          </Text>
          <EditableCell value={basisPointsText(quote.discountBp)} width={90} label={t("quotes.discount")} disabled={!editable} parse={(x) => { const bp = parseBasisPoints(x); return bp === null ? { ok: false, error: t("quotes.bad.percent") } : { ok: true, value: bp }; }} onCommit={(v) => upd({ discountBp: v })} testId="quote-discount" />
        </div>
        <Select
          label={t("quotes.priceList")}
          disabled={!editable}
          clearable
          value={quote.priceListId || null}
          onChange={(v) => upd({ priceListId: v ?? "" })}
          data={(priceLists.data?.priceLists ?? []).map((p) => ({ value: p.id, label: p.name })).concat(quote.priceListId && !priceLists.data ? [{ value: quote.priceListId, label: quote.priceListId }] : [])}
        />
        <Select label={t("quotes.language")} disabled={!editable} allowDeselect={false} value={quote.language || "en"} onChange={(v) => v && upd({ language: v })} data={[{ value: "en", label: "English" }, { value: "de", label: "Deutsch" }, { value: "ar", label: "العربية" }].concat(["en", "de", "ar"].includes(quote.language || "en") ? [] : [{ value: quote.language, label: quote.language }])} />
      </SimpleGrid>
      <Textarea mt="sm" label={t("quotes.notes")} disabled={!editable} autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} onBlur={() => notes !== quote.notes && upd({ notes })} />
    </Card>
  );
}

