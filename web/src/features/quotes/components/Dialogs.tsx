import { useState } from "react";
import { Alert, Button, Group, Stack, Switch, Text, TextInput, Textarea } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import type { AcceptQuoteResponse, Quote, QuoteVersion } from "../../../gen/eventkit/v1/quotes_pb";
import { toUiError } from "../../../lib/errors";
import { client } from "../../../lib/transport";
import { QuoteService } from "../../../gen/eventkit/v1/quotes_pb";
import type { DraftChange } from "../api/quotes";

/** Send: freezes the draft as the next version, optionally emailing its PDF. */
export function SendDialog({ quote, change, onSent, onCancel }: { quote: Quote; change: DraftChange; onSent(v: QuoteVersion | undefined): void; onCancel(): void }) {
  const intl = useIntl();
  const [email, setEmail] = useState(!!quote.contactEmail);
  const [to, setTo] = useState(quote.contactEmail);
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError("");
    setBusy(true);
    let version: QuoteVersion | undefined;
    const r = await change(async (svc, rev) => {
      const res = await svc.sendQuote({ quoteId: quote.id, expectedRevision: rev, email, emailTo: email ? to.trim() : "", message });
      version = res.version;
      return res.quote!;
    });
    setBusy(false);
    if (r.ok) onSent(version);
    else setError(r.conflict ? intl.formatMessage({ id: "quotes.conflict" }) : toUiError(r.error).message);
  };
  return (
    <form onSubmit={submit} noValidate data-testid="send-dialog">
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Text size="sm">
          <FormattedMessage id="quotes.send.hint" values={{ version: quote.versions.length + 1 }} />
        </Text>
        <Switch label={intl.formatMessage({ id: "quotes.send.email" })} checked={email} onChange={(e) => setEmail(e.currentTarget.checked)} data-testid="send-email" />
        {email && (
          <>
            <TextInput label={intl.formatMessage({ id: "quotes.send.to" })} type="email" value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="send-to" />
            <Textarea label={intl.formatMessage({ id: "quotes.send.message" })} autosize minRows={3} maxLength={2000} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
          </>
        )}
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="quotes.cancel" />
          </Button>
          <Button type="submit" loading={busy} data-testid="send-submit">
            <FormattedMessage id="quotes.send.submit" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Accept (the latest sent version, with how the client said yes) — the node confirms the event. */
export function AcceptDialog({ quote, onDone, onCancel }: { quote: Quote; onDone(r: AcceptQuoteResponse): void; onCancel(): void }) {
  const intl = useIntl();
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const latest = quote.versions.reduce((n, v) => Math.max(n, v.version), 0);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      onDone(await client(QuoteService).acceptQuote({ quoteId: quote.id, version: latest, note: note.trim() }));
    } catch (err) {
      setError(toUiError(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="accept-dialog">
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Text size="sm">
          <FormattedMessage id={quote.eventId ? "quotes.accept.hintEvent" : "quotes.accept.hint"} values={{ version: latest, event: quote.eventName }} />
        </Text>
        <Textarea label={intl.formatMessage({ id: "quotes.accept.note" })} placeholder={intl.formatMessage({ id: "quotes.accept.notePlaceholder" })} maxLength={500} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="accept-note" />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="quotes.cancel" />
          </Button>
          <Button type="submit" color="teal.9" loading={busy} data-testid="accept-submit">
            <FormattedMessage id="quotes.accept" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Decline, with the client's reason. */
export function DeclineDialog({ quote, onDone, onCancel }: { quote: Quote; onDone(q: Quote): void; onCancel(): void }) {
  const intl = useIntl();
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(intl.formatMessage({ id: "quotes.decline.needReason" }));
      return;
    }
    setBusy(true);
    try {
      onDone(await client(QuoteService).declineQuote({ quoteId: quote.id, reason: reason.trim() }));
    } catch (err) {
      setError(toUiError(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="decline-dialog">
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Textarea label={intl.formatMessage({ id: "quotes.decline.reason" })} required maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="decline-reason" />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="quotes.cancel" />
          </Button>
          <Button type="submit" color="red.9" loading={busy} data-testid="decline-submit">
            <FormattedMessage id="quotes.decline" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
