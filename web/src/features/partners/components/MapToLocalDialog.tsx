import { useRef, useState } from "react";
import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { MappingDecision } from "../../../gen/eventkit/v1/federation_query_pb";
import type { SharedProduct } from "../../../gen/eventkit/v1/federation_pb";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useDecideMapping, useLocalProducts } from "../api/partners";

/**
 * OVERRIDE from the partner's side: one of its shared products stands for one of ours, chosen from
 * this node's products (the first 500, narrowed by a filter: ListProducts has no search).
 */
export function MapToLocalDialog({ nodeId, theirs, onClose }: { nodeId: string; theirs: SharedProduct | null; onClose(): void }) {
  const intl = useIntl();
  // The title keeps the product while the dialog fades out after closing.
  const shown = useRef(theirs);
  if (theirs) shown.current = theirs;
  const decide = useDecideMapping();
  const products = useLocalProducts(!!theirs);
  const [filter, setFilter] = useState("");
  const [choice, setChoice] = useState("");
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const f = filter.trim().toLowerCase();
  const options = (products.data?.products ?? []).filter(
    (p) => !f || [p.name, p.manufacturer, p.model, p.gtin].some((s) => s.toLowerCase().includes(f)),
  );
  const close = () => {
    if (decide.isPending) return;
    setFilter("");
    setChoice("");
    setChoiceError(null);
    setError(null);
    onClose();
  };
  const submit = async () => {
    setError(null);
    if (!theirs) return;
    if (!choice) {
      setChoiceError(intl.formatMessage({ id: "partners.toLocal.needChoice" }));
      return;
    }
    try {
      await decide.mutateAsync({ partnerNodeId: nodeId, productId: choice, partnerProductId: theirs.id, decision: MappingDecision.OVERRIDE });
      toastInfo(intl.formatMessage({ id: "partners.toLocal.done" }, { product: theirs.name }));
      close();
    } catch (err) {
      setError(toUiError(err).message);
    }
  };
  return (
    <Modal
      opened={!!theirs}
      onClose={close}
      title={intl.formatMessage({ id: "partners.toLocal.title" }, { product: shown.current?.name ?? "" })}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
    >
      <Stack>
        <QueryState isPending={products.isPending} error={products.error} onRetry={() => void products.refetch()}>
          <TextInput
            label={intl.formatMessage({ id: "partners.toLocal.filter" })}
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value)}
            data-testid="to-local-filter"
          />
          <NativeSelect
            label={intl.formatMessage({ id: "partners.toLocal.product" })}
            value={choice}
            onChange={(e) => {
              setChoice(e.currentTarget.value);
              setChoiceError(null);
            }}
            error={choiceError}
            data={[
              { value: "", label: intl.formatMessage({ id: "partners.override.choose" }, { count: options.length }) },
              ...options.map((p) => ({ value: p.id, label: p.manufacturer || p.model ? `${p.name} (${p.manufacturer} ${p.model})` : p.name })),
            ]}
            data-testid="to-local-product"
          />
        </QueryState>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={decide.isPending}>
            <FormattedMessage id="partners.cancel" />
          </Button>
          <Button onClick={() => void submit()} loading={decide.isPending} disabled={decide.isPending || products.isPending} data-testid="to-local-submit">
            <FormattedMessage id="partners.override.submit" />
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
