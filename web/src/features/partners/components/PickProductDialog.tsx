import { useRef, useState } from "react";
import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { matchesFilter } from "../lib/partners";

export interface PickableProduct {
  id: string;
  name: string;
  manufacturer: string;
  model: string;
  gtin: string;
}

/**
 * A dialog that narrows a list of products by a typed filter, picks one and sends it (onPick); the
 * error of a failed send stays inline, a success closes it. `subject` is what the dialog is about
 * (null = closed); the title keeps it while the dialog fades out after closing.
 */
export function PickProductDialog<S, P extends PickableProduct>(props: {
  subject: S | null;
  title(subject: S | null): string;
  products: { isPending: boolean; error: unknown; refetch(): unknown; items: readonly P[] };
  labelOf(p: P): string;
  text: { filter: string; product: string; needChoice: string };
  testId: string;
  pending: boolean;
  onPick(subject: S, productId: string): Promise<void>;
  onClose(): void;
}) {
  const { subject, products, pending } = props;
  const intl = useIntl();
  const shown = useRef(subject);
  if (subject) shown.current = subject;
  const [filter, setFilter] = useState("");
  const [choice, setChoice] = useState("");
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const options = products.items.filter((p) => matchesFilter(filter, [p.name, p.manufacturer, p.model, p.gtin]));
  const close = () => {
    if (pending) return;
    setFilter("");
    setChoice("");
    setChoiceError(null);
    setError(null);
    props.onClose();
  };
  const submit = async () => {
    setError(null);
    if (!subject) return;
    if (!choice) {
      setChoiceError(props.text.needChoice);
      return;
    }
    try {
      await props.onPick(subject, choice);
      close();
    } catch (err) {
      setError(toUiError(err).message);
    }
  };
  return (
    <Modal
      opened={!!subject}
      onClose={close}
      title={props.title(shown.current)}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
    >
      <Stack>
        <QueryState isPending={products.isPending} error={products.error} onRetry={() => void products.refetch()}>
          <TextInput label={props.text.filter} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} data-testid={`${props.testId}-filter`} />
          <NativeSelect
            label={props.text.product}
            value={choice}
            onChange={(e) => {
              setChoice(e.currentTarget.value);
              setChoiceError(null);
            }}
            error={choiceError}
            data={[
              { value: "", label: intl.formatMessage({ id: "partners.override.choose" }, { count: options.length }) },
              ...options.map((p) => ({ value: p.id, label: props.labelOf(p) })),
            ]}
            data-testid={`${props.testId}-product`}
          />
        </QueryState>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={pending}>
            <FormattedMessage id="partners.cancel" />
          </Button>
          <Button onClick={() => void submit()} loading={pending} disabled={pending || products.isPending} data-testid={`${props.testId}-submit`}>
            <FormattedMessage id="partners.override.submit" />
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
