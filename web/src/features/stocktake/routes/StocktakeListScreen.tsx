import { useState, type FormEvent } from "react";
import { Badge, Button, Group, Modal, Select, Stack, Switch, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { useNavigate } from "@tanstack/react-router";
import { keepPreviousData } from "@tanstack/react-query";
import { useQuery } from "@connectrpc/connect-query";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { InventoryService } from "../../../gen/eventkit/v1/inventory_pb";
import { StocktakeStatus, type Stocktake } from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { useCan } from "../../../lib/session";
import { useStartStocktake, useStocktakes } from "../api/stocktakes";

export const STATUS_COLOR: Record<StocktakeStatus, string> = {
  [StocktakeStatus.UNSPECIFIED]: "gray",
  [StocktakeStatus.OPEN]: "blue",
  [StocktakeStatus.APPROVED]: "green",
  [StocktakeStatus.REJECTED]: "gray",
};

export function StatusBadge({ status }: { status: StocktakeStatus }) {
  const intl = useIntl();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-testid="stocktake-status" data-status={StocktakeStatus[status]}>
      {intl.formatMessage({ id: `stocktake.status.${StocktakeStatus[status] ?? "UNSPECIFIED"}` })}
    </Badge>
  );
}

/** Stocktakes, newest first; "New stocktake" (with the Scan permission) picks a location and starts one. */
export function StocktakeListScreen() {
  const intl = useIntl();
  const list = useStocktakes();
  const canStart = useCan(Permission.SCAN);
  const [opened, dialog] = useDisclosure(false);
  const rows = list.data?.stocktakes ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="stocktake.title" />
        </Title>
        {canStart && (
          <Button onClick={dialog.open} data-testid="stocktake-new">
            <FormattedMessage id="stocktake.new" />
          </Button>
        )}
      </Group>
      <QueryState
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        isEmpty={rows.length === 0}
        empty={<FormattedMessage id="stocktake.none" />}
      >
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="stocktake-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "stocktake.location" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "stocktake.name" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "stocktake.status" })}</Table.Th>
                <Table.Th ta="end">{intl.formatMessage({ id: "stocktake.counted" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "stocktake.created" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "stocktake.actions" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((s) => (
                <Row key={s.id} s={s} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
      <Modal
        opened={opened}
        onClose={dialog.close}
        title={intl.formatMessage({ id: "stocktake.newTitle" })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
      >
        {opened && <NewStocktake onCancel={dialog.close} />}
      </Modal>
    </Stack>
  );
}

function Row({ s }: { s: Stocktake }) {
  const intl = useIntl();
  const at = s.createdAt ? timestampDate(s.createdAt) : null;
  return (
    <Table.Tr data-testid="stocktake-row" data-id={s.id}>
      <Table.Td>{s.locationCode}</Table.Td>
      <Table.Td>
        {s.name}
        {s.blind && (
          <Badge ms="xs" variant="outline" color="gray">
            <FormattedMessage id="stocktake.blind" />
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <StatusBadge status={s.status} />
      </Table.Td>
      <Table.Td ta="end">{intl.formatNumber(s.countedUnits)}</Table.Td>
      <Table.Td>
        <FormattedMessage
          id="stocktake.createdBy"
          values={{ by: s.createdBy, at: at ? intl.formatDate(at, { dateStyle: "medium", timeStyle: "short" }) : "—" }}
        />
      </Table.Td>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          {s.status === StocktakeStatus.OPEN && (
            <AnchorLink to="/inventory/stocktakes/$stocktakeId" params={{ stocktakeId: s.id }} size="sm" data-testid="stocktake-count-link">
              <FormattedMessage id="stocktake.count" />
            </AnchorLink>
          )}
          <AnchorLink to="/inventory/stocktakes/$stocktakeId/review" params={{ stocktakeId: s.id }} size="sm" data-testid="stocktake-review-link">
            <FormattedMessage id="stocktake.review" />
          </AnchorLink>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function NewStocktake({ onCancel }: { onCancel(): void }) {
  const intl = useIntl();
  const go = useNavigate();
  const start = useStartStocktake();
  const [query, setQuery] = useState("");
  const [locationId, setLocationId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [blind, setBlind] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<{ value: string; label: string } | null>(null);
  // Once picked, the field shows the option's label: that is no search.
  const [debounced] = useDebouncedValue(query === selected?.label ? "" : query.trim(), 200);
  const locations = useQuery(
    InventoryService.method.listLocations,
    { query: debounced.slice(0, 100), page: { pageSize: 30 } },
    { placeholderData: keepPreviousData },
  );
  const found = (locations.data?.locations ?? []).map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }));
  const options = selected && !found.some((o) => o.value === selected.value) ? [selected, ...found] : found;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!locationId) return setError(intl.formatMessage({ id: "stocktake.pickLocation" }));
    if (!name.trim()) return setError(intl.formatMessage({ id: "stocktake.needName" }));
    try {
      const s = await start.mutateAsync({ locationId, name: name.trim(), blind });
      void go({ to: "/inventory/stocktakes/$stocktakeId", params: { stocktakeId: s.id } });
    } catch (err) {
      setError(toUiError(err).message);
    }
  };

  return (
    <form onSubmit={submit} data-testid="stocktake-new-form">
      <Stack>
        <Select
          data-autofocus
          label={intl.formatMessage({ id: "stocktake.location" })}
          placeholder={intl.formatMessage({ id: "stocktake.locationHint" })}
          searchable
          searchValue={query}
          onSearchChange={setQuery}
          filter={({ options: o }) => o}
          data={options}
          value={locationId}
          onChange={(v, option) => {
            setLocationId(v);
            setSelected(v ? { value: v, label: option.label } : null);
          }}
          nothingFoundMessage={locations.isFetching ? "…" : intl.formatMessage({ id: "search.none" })}
          data-testid="stocktake-location"
        />
        <TextInput
          label={intl.formatMessage({ id: "stocktake.name" })}
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="stocktake-name"
        />
        <Switch
          label={intl.formatMessage({ id: "stocktake.blind" })}
          description={intl.formatMessage({ id: "stocktake.blindHint" })}
          checked={blind}
          onChange={(e) => setBlind(e.currentTarget.checked)}
          data-testid="stocktake-blind"
        />
        {error && (
          <Text c="red" size="sm" role="alert" data-testid="stocktake-new-error">
            {error}
          </Text>
        )}
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button type="submit" loading={start.isPending} data-testid="stocktake-start">
            <FormattedMessage id="stocktake.start" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
