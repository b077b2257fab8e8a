import { Badge, Button, Group, Loader, Modal, Stack, Table, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { CaseKind } from "../../../gen/eventkit/v1/inventory_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { Pager } from "../../../components/Pager";
import { useCan } from "../../../lib/session";
import { useShortcut } from "../../../lib/shortcuts";
import { useCasePage } from "../api/inventory";
import { useAllLocations } from "../../../lib/locations";
import { CaseForm } from "../components/CaseForm";
import { ListSearch } from "../../../components/ListSearch";

const route = getRouteApi("/_app/inventory/cases/");

export function caseKindId(k: CaseKind): string {
  return `cases.kind.${k === CaseKind.TEMPORARY ? "TEMPORARY" : "PERMANENT"}`;
}

/** Cases and kits with what they hold, filtered by barcode or name; `n` creates one (with INVENTORY_WRITE). */
export function CaseListScreen() {
  const intl = useIntl();
  const { page, q } = route.useSearch();
  const navigate = route.useNavigate();
  const go = useNavigate();
  const canEdit = useCan(Permission.INVENTORY_WRITE);
  const [creating, { open, close }] = useDisclosure(false);
  useShortcut("n", open, canEdit);
  const cases = useCasePage(page, q);
  const locations = useAllLocations();

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="cases.title" />
        </Title>
        <Group>
          {cases.isFetching && !cases.isPending && <Loader size="xs" />}
          {canEdit && (
            <Button onClick={open} data-testid="case-new">
              <FormattedMessage id="cases.new" />
            </Button>
          )}
        </Group>
      </Group>
      <Modal opened={creating} onClose={close} title={intl.formatMessage({ id: "cases.new.title" })}>
        <CaseForm
          locations={locations.locations}
          onCancel={close}
          onDone={(c) => {
            close();
            void go({ to: "/inventory/cases/$caseId", params: { caseId: c.id } });
          }}
        />
      </Modal>
      <ListSearch
        q={q}
        onQuery={(text) => void navigate({ search: { q: text }, replace: true })}
        label={intl.formatMessage({ id: "cases.search" })}
        testId="case-search"
      />
      <QueryState
        isPending={cases.isPending}
        error={cases.error}
        onRetry={() => void cases.refetch()}
        isEmpty={cases.data?.cases.length === 0}
        empty={<FormattedMessage id={q ? "cases.noMatch" : "cases.empty"} />}
      >
        <Table.ScrollContainer minWidth={480}>
          <Table striped highlightOnHover verticalSpacing={4} data-testid="case-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "asset.barcode" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "cases.name" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "cases.kind" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "asset.location" })}</Table.Th>
                <Table.Th ta="end">{intl.formatMessage({ id: "cases.contents" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(cases.data?.cases ?? []).map((c) => (
                <Table.Tr key={c.id} data-barcode={c.barcode}>
                  <Table.Td>
                    <AnchorLink to="/inventory/cases/$caseId" params={{ caseId: c.id }} size="sm">
                      {c.barcode}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>
                    <Badge variant={c.kind === CaseKind.TEMPORARY ? "outline" : "light"}>{intl.formatMessage({ id: caseKindId(c.kind) })}</Badge>
                  </Table.Td>
                  <Table.Td>{locations.byId.get(c.locationId)?.code ?? "—"}</Table.Td>
                  <Table.Td ta="end">
                    {intl.formatMessage(
                      { id: "cases.count" },
                      { assets: c.assetIds.length, bulk: c.bulk.reduce((n, b) => n + b.quantity, 0), cases: c.childCaseIds.length },
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
      <Pager page={page} next={cases.data?.page?.nextPageToken} onPage={(p) => void navigate({ search: { page: p, q } })} />
    </Stack>
  );
}
