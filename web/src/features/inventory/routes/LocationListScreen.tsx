import { useState } from "react";
import { Badge, Button, Group, Loader, Modal, Stack, Table, Title, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { LocationKind, type Location } from "../../../gen/eventkit/v1/inventory_pb";
import { QueryState } from "../../../components/QueryState";
import { Pager } from "../../../components/Pager";
import { useCan } from "../../../lib/session";
import { useShortcut } from "../../../lib/shortcuts";
import { toastInfo } from "../../../lib/notify";
import { useDeleteLocation, useLocationPage } from "../api/inventory";
import { useAllLocations } from "../../../lib/locations";
import { ConfirmDelete } from "../components/ConfirmDelete";
import { ListSearch } from "../../../components/ListSearch";
import { LocationForm } from "../components/LocationForm";

const route = getRouteApi("/_app/inventory/locations");

/**
 * Warehouses and their bins, by code, filtered by code or name; `n` creates one, and each row can
 * be edited or deleted (with INVENTORY_WRITE; the node refuses to delete one still in use and says
 * what uses it).
 */
export function LocationListScreen() {
  const intl = useIntl();
  const { page, q } = route.useSearch();
  const navigate = route.useNavigate();
  const canEdit = useCan(Permission.INVENTORY_WRITE);
  const [creating, { open, close }] = useDisclosure(false);
  useShortcut("n", open, canEdit);
  const locations = useLocationPage(page, q);
  const [editing, setEditing] = useState<Location | null>(null);
  const [deleting, setDeleting] = useState<Location | null>(null);
  const remove = useDeleteLocation();
  const all = useAllLocations();
  const warehouses = all.locations.filter((l) => l.kind === LocationKind.WAREHOUSE);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="locations.title" />
        </Title>
        <Group>
          {locations.isFetching && !locations.isPending && <Loader size="xs" />}
          {canEdit && (
            <Button onClick={open} data-testid="location-new">
              <FormattedMessage id="locations.new" />
            </Button>
          )}
        </Group>
      </Group>
      <Modal opened={creating} onClose={close} title={intl.formatMessage({ id: "locations.new.title" })} closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
        <LocationForm
          warehouses={warehouses}
          onCancel={close}
          onDone={(l) => {
            close();
            toastInfo(intl.formatMessage({ id: "locations.created" }, { code: l.code }));
          }}
        />
      </Modal>
      <Modal opened={!!editing} onClose={() => setEditing(null)} title={intl.formatMessage({ id: "locations.edit.title" })} closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
        {editing && (
          <LocationForm
            warehouses={warehouses}
            location={editing}
            onCancel={() => setEditing(null)}
            onDone={() => {
              setEditing(null);
              toastInfo(intl.formatMessage({ id: "form.saved" }));
            }}
          />
        )}
      </Modal>
      <ConfirmDelete
        opened={!!deleting}
        onClose={() => setDeleting(null)}
        title={intl.formatMessage({ id: "locations.delete.title" })}
        body={<FormattedMessage id="locations.delete.body" values={{ code: deleting?.code ?? "" }} />}
        pending={remove.isPending}
        onConfirm={async () => {
          const code = deleting?.code ?? "";
          await remove.mutateAsync({ id: deleting?.id ?? "" });
          setDeleting(null);
          toastInfo(intl.formatMessage({ id: "locations.deleted" }, { code }));
        }}
        testId="location-delete"
      />
      <ListSearch
        q={q}
        onQuery={(text) => void navigate({ search: { q: text }, replace: true })}
        label={intl.formatMessage({ id: "locations.search" })}
        testId="location-search"
      />
      <QueryState
        isPending={locations.isPending}
        error={locations.error}
        onRetry={() => void locations.refetch()}
        isEmpty={locations.data?.locations.length === 0}
        empty={<FormattedMessage id={q ? "locations.noMatch" : "locations.empty"} />}
      >
        <Table.ScrollContainer minWidth={480}>
          <Table striped verticalSpacing={4} data-testid="location-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "locations.code" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "locations.name" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "locations.kind" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "locations.parent" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "locations.address" })}</Table.Th>
                {canEdit && (
                  <Table.Th>
                    <VisuallyHidden>{intl.formatMessage({ id: "locations.actions" })}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(locations.data?.locations ?? []).map((l) => (
                <Table.Tr key={l.id} data-code={l.code}>
                  <Table.Td fw={600}>{l.code}</Table.Td>
                  <Table.Td>{l.name}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={l.kind === LocationKind.BIN ? "gray" : "blue"}>
                      {intl.formatMessage({ id: `locations.kind.${l.kind === LocationKind.BIN ? "BIN" : "WAREHOUSE"}` })}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{l.parentId ? (all.byId.get(l.parentId)?.code ?? "…") : "—"}</Table.Td>
                  <Table.Td>{l.address || "—"}</Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="end">
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => setEditing(l)}
                          aria-label={intl.formatMessage({ id: "locations.edit" }, { code: l.code })}
                          data-testid="location-edit"
                        >
                          <FormattedMessage id="form.edit" />
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="light"
                          color="red"
                          onClick={() => setDeleting(l)}
                          aria-label={intl.formatMessage({ id: "locations.delete" }, { code: l.code })}
                          data-testid="location-delete"
                        >
                          <FormattedMessage id="form.delete" />
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
      <Pager page={page} next={locations.data?.page?.nextPageToken} onPage={(p) => void navigate({ search: { page: p, q } })} />
    </Stack>
  );
}
