import { useState } from "react";
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { Code } from "@connectrpc/connect";
import { ReportDisplay, type ReportSpec, type SavedReport } from "../../../gen/eventkit/v1/reports_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { CategorySelect } from "../../../components/CategorySelect";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { useAllLocations } from "../../../lib/locations";
import { useCan } from "../../../lib/session";
import { useCategories, useCompanyOptions, usePartnerOptions } from "../api/options";
import {
  useCreateSavedReport,
  useDeleteSavedReport,
  useReport,
  useSavedReports,
  useUpdateSavedReport,
} from "../api/reports";
import { ReportResult, type RowActions } from "../components/ReportDashboard";
import {
  DEFAULT_PERIOD,
  OUT_OF_SERVICE_STATUSES,
  parseReportSearch,
  RELATIVE_PERIODS,
  REPORT_FILTERS,
  REPORT_KINDS,
  reportPermission,
  searchFromSpec,
  specFromSearch,
  type ReportKind,
  type ReportSearch,
} from "../lib/spec";

const route = getRouteApi("/_app/reports/");

/** Rows per page in the builder. */
export const REPORT_PAGE_SIZE = 50;

/** The report builder: a report and its filters (all in the URL), its chart and table, CSV, and the saved reports. */
export function ReportsScreen({ rowActions }: { rowActions?: RowActions }) {
  const intl = useIntl();
  const search = parseReportSearch(route.useSearch());
  const navigate = route.useNavigate();
  const canFinance = useCan(Permission.REPORTS_FINANCE);
  const kinds = REPORT_KINDS.filter((k) => reportPermission(k) !== Permission.REPORTS_FINANCE || canFinance);
  const kind: ReportKind = search.report && kinds.includes(search.report) ? search.report : "utilisation";
  const spec = specFromSearch({ ...search, report: kind }, REPORT_PAGE_SIZE);
  const title = intl.formatMessage({ id: `report.kind.${kind}` });
  const [saving, setSaving] = useState(false);
  const saved = useSavedReports();
  const openedSaved = saved.data?.reports.find((r) => r.id === search.saved);
  // The report goes into the URL with the first filter, so the link names it even when it is the default.
  const setSearch = (patch: Partial<ReportSearch>) =>
    void navigate({ search: (s: ReportSearch) => ({ ...s, report: kind, ...patch, page: undefined }) as ReportSearch, replace: true });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{intl.formatMessage({ id: "report.title" })}</Title>
      </Group>
      <Card withBorder padding="sm">
        <Stack gap="sm">
          <Group align="end" wrap="wrap">
            <Select
              label={intl.formatMessage({ id: "report.report" })}
              value={kind}
              allowDeselect={false}
              w={240}
              onChange={(v) => v && void navigate({ search: { report: v as ReportKind } })}
              data={kinds.map((k) => ({ value: k, label: intl.formatMessage({ id: `report.kind.${k}` }) }))}
              data-testid="report-kind"
            />
            <Filters kind={kind} search={search} setSearch={setSearch} />
          </Group>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {openedSaved
                ? intl.formatMessage({ id: "report.openedSaved" }, { name: openedSaved.name, owner: openedSaved.owner })
                : intl.formatMessage({ id: `report.about.${kind}` })}
            </Text>
            <Button size="xs" variant="light" onClick={() => setSaving(true)} data-testid="report-save">
              {openedSaved?.mine ? intl.formatMessage({ id: "report.saveChanges" }) : intl.formatMessage({ id: "report.save" })}
            </Button>
          </Group>
        </Stack>
      </Card>
      <Card withBorder padding="sm" data-testid="report-result">
        <Title order={3} size="h4" mb="xs">
          {openedSaved?.name ?? title}
        </Title>
        <ReportResult spec={spec} display={ReportDisplay.UNSPECIFIED} title={openedSaved?.name ?? title} rowActions={rowActions} showTotals testId="report-view" />
        <ReportPager kind={kind} search={search} onPage={(page) => void navigate({ search: (s: ReportSearch) => ({ ...s, page }) })} />
      </Card>
      <SavedReports list={saved} current={search.saved} />
      <SaveDialog opened={saving} onClose={() => setSaving(false)} search={{ ...search, report: kind }} existing={openedSaved?.mine ? openedSaved : undefined} />
    </Stack>
  );
}

/** Next/first page of the report's list, from the answer's cursor. */
function ReportPager({ kind, search, onPage }: { kind: ReportKind; search: ReportSearch; onPage(t: string | undefined): void }) {
  const spec = specFromSearch({ ...search, report: kind }, REPORT_PAGE_SIZE);
  const result = useReportPage(spec);
  if (kind === "operations") return null;
  return <Pager page={search.page} next={result} onPage={onPage} />;
}

function useReportPage(spec: ReportSpec): string | undefined {
  const r = useReport(spec);
  const page = (r.data as { page?: { nextPageToken: string } } | undefined)?.page;
  return page?.nextPageToken || undefined;
}

/** The filters the chosen report takes. */
function Filters({ kind, search, setSearch }: { kind: ReportKind; search: ReportSearch; setSearch(p: Partial<ReportSearch>): void }) {
  const intl = useIntl();
  const f = REPORT_FILTERS[kind];
  const canCrm = useCan(Permission.CRM_READ);
  const canTrust = useCan(Permission.TRUST_READ);
  const categories = useCategories();
  const locations = useAllLocations();
  const companies = useCompanyOptions(f.client && canCrm);
  const partners = usePartnerOptions(f.partner && canTrust);
  const custom = !!(search.from && search.to);
  const periodValue = custom ? "custom" : (search.period ?? DEFAULT_PERIOD[kind] ?? "last_30_days");
  return (
    <>
      {f.period && (
        <Select
          label={intl.formatMessage({ id: "report.period" })}
          value={periodValue}
          allowDeselect={false}
          w={200}
          onChange={(v) => {
            if (v === "custom") {
              const today = new Date().toISOString().slice(0, 10);
              setSearch({ from: search.from ?? today, to: search.to ?? today, period: undefined });
            } else setSearch({ period: v as ReportSearch["period"], from: undefined, to: undefined });
          }}
          data={[
            ...RELATIVE_PERIODS.map((p) => ({ value: p, label: intl.formatMessage({ id: `report.period.${p}` }) })),
            { value: "custom", label: intl.formatMessage({ id: "report.period.custom" }) },
          ]}
          data-testid="report-period"
        />
      )}
      {f.period && custom && (
        <>
          <TextInput type="date" label={intl.formatMessage({ id: "report.from" })} value={search.from} onChange={(e) => setSearch({ from: e.currentTarget.value || undefined })} data-testid="report-from" />
          <TextInput type="date" label={intl.formatMessage({ id: "report.to" })} value={search.to} onChange={(e) => setSearch({ to: e.currentTarget.value || undefined })} data-testid="report-to" />
        </>
      )}
      {f.groups.length > 0 && (
        <Select
          label={intl.formatMessage({ id: "report.groupBy" })}
          value={search.group && f.groups.includes(search.group) ? search.group : f.groups[0]}
          allowDeselect={false}
          w={160}
          onChange={(v) => setSearch({ group: v ?? undefined })}
          data={f.groups.map((g) => ({ value: g, label: intl.formatMessage({ id: `report.group.${g}` }) }))}
          data-testid="report-group"
        />
      )}
      {f.order && (
        <Select
          label={intl.formatMessage({ id: "report.order" })}
          value={search.order ?? "highest"}
          allowDeselect={false}
          w={160}
          onChange={(v) => setSearch({ order: (v ?? undefined) as ReportSearch["order"] })}
          data={(["highest", "lowest", "name"] as const).map((o) => ({ value: o, label: intl.formatMessage({ id: `report.order.${o}` }) }))}
          data-testid="report-order"
        />
      )}
      {f.category && <CategorySelect categories={categories} value={search.category} onChange={(category) => setSearch({ category })} testId="report-category" />}
      {f.location && (
        <Select
          label={intl.formatMessage({ id: "report.location" })}
          placeholder={intl.formatMessage({ id: "report.any" })}
          clearable
          searchable
          w={200}
          value={search.location ?? null}
          onChange={(v) => setSearch({ location: v ?? undefined })}
          data={locations.locations.map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }))}
          data-testid="report-location"
        />
      )}
      {f.client && canCrm && (
        <Select
          label={intl.formatMessage({ id: "report.client" })}
          placeholder={intl.formatMessage({ id: "report.any" })}
          clearable
          searchable
          w={220}
          value={search.client ?? null}
          onChange={(v) => setSearch({ client: v ?? undefined })}
          data={(companies.data?.companies ?? []).map((c) => ({ value: c.id, label: c.name }))}
          data-testid="report-client"
        />
      )}
      {f.partner && canTrust && (
        <Select
          label={intl.formatMessage({ id: "report.partner" })}
          placeholder={intl.formatMessage({ id: "report.any" })}
          clearable
          searchable
          w={220}
          value={search.partner ?? null}
          onChange={(v) => setSearch({ partner: v ?? undefined })}
          data={(partners.data?.partners ?? []).map((p) => ({ value: p.nodeId, label: p.displayName || p.nodeId }))}
          data-testid="report-partner"
        />
      )}
      {f.statuses && (
        <MultiSelect
          label={intl.formatMessage({ id: "report.statuses" })}
          placeholder={search.status ? undefined : intl.formatMessage({ id: "report.any" })}
          clearable
          w={300}
          value={search.status ? search.status.split(",") : []}
          onChange={(v) => setSearch({ status: v.join(",") || undefined })}
          data={OUT_OF_SERVICE_STATUSES.map((s) => ({ value: s, label: intl.formatMessage({ id: `report.status.${s}` }) }))}
          data-testid="report-statuses"
        />
      )}
    </>
  );
}

/** Save the report as it stands: a new saved report, or the changes to the caller's own one. */
function SaveDialog({ opened, onClose, search, existing }: { opened: boolean; onClose(): void; search: ReportSearch; existing?: SavedReport }) {
  const intl = useIntl();
  const navigate = route.useNavigate();
  const create = useCreateSavedReport();
  const update = useUpdateSavedReport();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [shared, setShared] = useState(false);
  const [pinned, setPinned] = useState(true);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [asNew, setAsNew] = useState(false);
  const [loadedFor, setLoadedFor] = useState<string | undefined>();
  if (opened && existing && loadedFor !== existing.id) {
    setLoadedFor(existing.id);
    setName(existing.name);
    setDescription(existing.description);
    setShared(existing.shared);
    setPinned(existing.pinned);
  }
  const editing = !!existing && !asNew;
  const spec = specFromSearch({ ...search, page: undefined }, REPORT_PAGE_SIZE);
  const submit = async () => {
    if (!name.trim()) {
      setError({ message: intl.formatMessage({ id: "report.saveDialog.nameRequired" }), field: "name" });
      return;
    }
    setError(null);
    try {
      const body = { name: name.trim(), description, spec, display: ReportDisplay.UNSPECIFIED, shared, pinned };
      const r = editing ? await update.mutateAsync({ ...body, id: existing.id, revision: existing.revision }) : await create.mutateAsync(body);
      onClose();
      setAsNew(false);
      void navigate({ search: { ...searchFromSpec(r.spec ?? spec), saved: r.id } });
    } catch (e) {
      const ui = toUiError(e, { name: "name" });
      // A name already taken (ALREADY_EXISTS) belongs next to the name too.
      if (ui.fields.name || ui.code === Code.AlreadyExists) setError({ message: ui.fields.name ?? ui.message, field: "name" });
      else setError({ message: ui.message });
    }
  };
  const busy = create.isPending || update.isPending;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={intl.formatMessage({ id: editing ? "report.saveDialog.editTitle" : "report.saveDialog.title" })}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "report.close" }) }}
    >
      <Stack gap="sm" data-testid="save-dialog">
        <TextInput
          label={intl.formatMessage({ id: "report.saveDialog.name" })}
          value={name}
          maxLength={120}
          required
          error={error?.field === "name" ? error.message : undefined}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="save-name"
          data-autofocus
        />
        <Textarea label={intl.formatMessage({ id: "report.saveDialog.description" })} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} />
        <Checkbox label={intl.formatMessage({ id: "report.saveDialog.pinned" })} checked={pinned} onChange={(e) => setPinned(e.currentTarget.checked)} data-testid="save-pinned" />
        <Checkbox label={intl.formatMessage({ id: "report.saveDialog.shared" })} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} data-testid="save-shared" />
        {error && error.field !== "name" && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group justify="space-between">
          {existing ? (
            <Checkbox label={intl.formatMessage({ id: "report.saveDialog.asNew" })} checked={asNew} onChange={(e) => setAsNew(e.currentTarget.checked)} />
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {intl.formatMessage({ id: "report.cancel" })}
            </Button>
            <Button onClick={() => void submit()} loading={busy} data-testid="save-submit">
              {intl.formatMessage({ id: "report.saveDialog.submit" })}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The caller's own saved reports and the shared ones: open (run), and for the owner delete. */
function SavedReports({ list, current }: { list: ReturnType<typeof useSavedReports>; current?: string }) {
  const intl = useIntl();
  const del = useDeleteSavedReport();
  const [deleting, setDeleting] = useState<SavedReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const navigate = route.useNavigate();
  const reports = list.data?.reports ?? [];
  return (
    <Card withBorder padding="sm" data-testid="saved-reports">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          {intl.formatMessage({ id: "report.saved.title" })}
        </Title>
        {list.isFetching && !list.isPending && <Loader size="xs" aria-label={intl.formatMessage({ id: "report.refreshing" })} />}
      </Group>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={reports.length === 0} empty={intl.formatMessage({ id: "report.saved.empty" })}>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} striped data-testid="saved-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "report.saveDialog.name" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "report.report" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "report.saved.owner" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "report.saved.flags" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "report.actions" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reports.map((r) => (
                <Table.Tr key={r.id} data-testid="saved-row" data-name={r.name} aria-current={r.id === current ? "true" : undefined}>
                  <Table.Td>
                    <AnchorLink to="/reports" search={{ ...(r.spec ? searchFromSpec(r.spec) : {}), saved: r.id }} fw={r.id === current ? 700 : 500} data-testid="saved-open">
                      {r.name}
                    </AnchorLink>
                    {r.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {r.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{r.spec?.report.case ? intl.formatMessage({ id: `report.kind.${r.spec.report.case}` }) : "—"}</Table.Td>
                  <Table.Td>{r.mine ? intl.formatMessage({ id: "report.saved.me" }) : r.owner}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {r.pinned && r.mine && <Badge variant="light">{intl.formatMessage({ id: "report.saved.pinned" })}</Badge>}
                      {r.shared && <Badge variant="light" color="gray">{intl.formatMessage({ id: "report.saved.shared" })}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {r.mine && (
                      <Button size="compact-xs" variant="light" color="red" onClick={() => setDeleting(r)} aria-label={intl.formatMessage({ id: "report.saved.deleteNamed" }, { name: r.name })} data-testid="saved-delete">
                        {intl.formatMessage({ id: "report.saved.delete" })}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
      <Modal
        opened={!!deleting}
        onClose={() => setDeleting(null)}
        title={intl.formatMessage({ id: "report.saved.deleteTitle" })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "report.close" }) }}
      >
        <Stack gap="sm">
          <Text>{intl.formatMessage({ id: "report.saved.deleteConfirm" }, { name: deleting?.name ?? "" })}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              {intl.formatMessage({ id: "report.cancel" })}
            </Button>
            <Button
              color="red"
              loading={del.isPending}
              data-testid="saved-delete-confirm"
              onClick={() =>
                deleting &&
                del.mutate(
                  { id: deleting.id },
                  {
                    onSuccess: () => {
                      if (deleting.id === current) void navigate({ search: (s: ReportSearch) => ({ ...s, saved: undefined }) });
                      setDeleting(null);
                      setError(null);
                    },
                    onError: (e) => setError(toUiError(e).message),
                  },
                )
              }
            >
              {intl.formatMessage({ id: "report.saved.delete" })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
