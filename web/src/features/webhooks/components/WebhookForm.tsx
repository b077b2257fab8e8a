import { useMemo, useState } from "react";
import { Alert, Button, Group, Modal, MultiSelect, Stack, TextInput, Textarea } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import type { EventType, Webhook } from "../../../gen/eventkit/v1/notifications_pb";
import { toUiError } from "../../../lib/errors";
import { normalisePatterns, patternOptions, selectedTypes } from "../lib/eventTypes";
import { urlProblem } from "../lib/webhook";

export interface WebhookDraft {
  url: string;
  description: string;
  eventTypes: string[];
}

/**
 * Create or edit a subscription: URL, description, event types (types, `group.*`, `*`). The
 * parent saves; an API error is shown here, on the field it names when it names one.
 */
export function WebhookForm(props: {
  opened: boolean;
  webhook?: Webhook;
  catalogue: readonly EventType[];
  saving: boolean;
  onSave(d: WebhookDraft): Promise<unknown>;
  onClose(): void;
}) {
  const intl = useIntl();
  const [d, setD] = useState<WebhookDraft>(() => ({
    url: props.webhook?.url ?? "",
    description: props.webhook?.description ?? "",
    eventTypes: [...(props.webhook?.eventTypes ?? [])],
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const names = useMemo(() => props.catalogue.map((t) => t.name), [props.catalogue]);
  const described = useMemo(() => new Map(props.catalogue.map((t) => [t.name, t.description])), [props.catalogue]);
  const options = useMemo(
    () =>
      patternOptions(names).map((g) => ({
        group: g.group === "*" ? intl.formatMessage({ id: "webhooks.eventTypes.all" }) : g.group,
        items: [
          ...g.items.map((p) => ({
            value: p,
            label:
              p === "*"
                ? intl.formatMessage({ id: "webhooks.eventTypes.all" })
                : p.endsWith(".*")
                  ? intl.formatMessage({ id: "webhooks.eventTypes.group" }, { group: g.group, pattern: p })
                  : p,
          })),
          // A pattern already saved that the catalogue no longer offers stays choosable.
          ...d.eventTypes.filter((p) => p.startsWith(g.group + ".") && !g.items.includes(p)).map((p) => ({ value: p, label: p })),
        ],
      })),
    [names, intl, d.eventTypes],
  );
  const matched = selectedTypes(d.eventTypes, names).length;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const u = urlProblem(d.url);
    if (u) problems.url = intl.formatMessage({ id: `webhooks.url.${u}` });
    if (d.eventTypes.length === 0) problems.eventTypes = intl.formatMessage({ id: "webhooks.eventTypes.required" });
    setErrors(problems);
    setMessage("");
    if (Object.keys(problems).length > 0) return;
    try {
      await props.onSave({ url: d.url.trim(), description: d.description.trim(), eventTypes: normalisePatterns(d.eventTypes) });
    } catch (err) {
      const ui = toUiError(err, { url: "url", description: "description", event_types: "eventTypes" });
      setErrors(ui.fields);
      setMessage(ui.message);
    }
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={intl.formatMessage({ id: props.webhook ? "webhooks.editTitle" : "webhooks.new" })}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "webhooks.cancel" }) }}
      size="lg"
    >
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="webhook-form">
        <Stack>
          {message && (
            <Alert color="red" role="alert" data-testid="webhook-form-error">
              {message}
            </Alert>
          )}
          <TextInput
            label={intl.formatMessage({ id: "webhooks.url" })}
            description={intl.formatMessage({ id: "webhooks.urlHint" })}
            required
            type="url"
            inputMode="url"
            value={d.url}
            onChange={(e) => setD({ ...d, url: e.currentTarget.value })}
            error={errors.url}
            data-testid="webhook-url"
            data-autofocus
          />
          <Textarea
            label={intl.formatMessage({ id: "webhooks.description" })}
            autosize
            minRows={1}
            maxRows={4}
            value={d.description}
            onChange={(e) => setD({ ...d, description: e.currentTarget.value })}
            error={errors.description}
            data-testid="webhook-description"
          />
          <MultiSelect
            label={intl.formatMessage({ id: "webhooks.eventTypes" })}
            description={
              d.eventTypes.length > 0
                ? intl.formatMessage({ id: "webhooks.eventTypes.matches" }, { count: matched })
                : intl.formatMessage({ id: "webhooks.eventTypesHint" })
            }
            required
            searchable
            data={options}
            value={d.eventTypes}
            onChange={(v) => setD({ ...d, eventTypes: v })}
            renderOption={({ option }) => (
              <div>
                <div>{option.label}</div>
                {described.get(option.value) && <div style={{ fontSize: "var(--mantine-font-size-xs)", opacity: 0.8 }}>{described.get(option.value)}</div>}
              </div>
            )}
            error={errors.eventTypes}
            comboboxProps={{ withinPortal: true }}
            data-testid="webhook-event-types"
          />
          <Group justify="end">
            <Button variant="default" onClick={props.onClose}>
              <FormattedMessage id="webhooks.cancel" />
            </Button>
            <Button type="submit" loading={props.saving} data-testid="webhook-save">
              <FormattedMessage id={props.webhook ? "webhooks.save" : "webhooks.create"} />
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
