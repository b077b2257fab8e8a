import { Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { ASSET_DUE_LOOKUP, useInspectionsDue, useOpenRepairsOf } from "../api/maintenance";
import { findDue } from "../lib/maintenance";
import { DueBadge } from "./DueBadge";
import { RepairStageBadge } from "./RepairStageBadge";

/** The asset page's maintenance section: its open repair tickets and its next inspection, with links. */
export function AssetMaintenance({ assetId, barcode }: { assetId: string; barcode: string }) {
  const intl = useIntl();
  const repairs = useOpenRepairsOf(assetId);
  const due = useInspectionsDue(365, undefined, ASSET_DUE_LOOKUP);
  const open = repairs.data?.tickets ?? [];
  const next = due.data ? findDue(due.data.units, due.data.page?.nextPageToken ?? "", assetId) : null;
  const fmt = (d: Date) => intl.formatDate(d, { dateStyle: "medium" });
  return (
    <Stack gap="xs" component="section" aria-labelledby="asset-maintenance-title" data-testid="asset-maintenance">
      <Title order={3} id="asset-maintenance-title">
        <FormattedMessage id="asset.maintenance" />
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder padding="xs">
          <Text size="xs" c="dimmed">
            <FormattedMessage id="asset.openRepairs" />
          </Text>
          <QueryState
            isPending={repairs.isPending}
            error={repairs.error}
            onRetry={() => void repairs.refetch()}
            isEmpty={open.length === 0}
            empty={<FormattedMessage id="asset.noOpenRepairs" />}
          >
            <Stack gap={4} data-testid="asset-open-repairs">
              {open.map((t) => (
                <Group key={t.id} gap="xs" wrap="nowrap" align="start">
                  <RepairStageBadge ticket={t} />
                  <AnchorLink
                    to="/maintenance/repairs/$repairId"
                    params={{ repairId: t.id }}
                    search={{ asset: t.assetId }}
                    style={{ overflowWrap: "anywhere" }}
                    data-testid="asset-repair-link"
                  >
                    {t.description}
                  </AnchorLink>
                </Group>
              ))}
            </Stack>
          </QueryState>
          <AnchorLink to="/maintenance/repairs" search={{ barcode }} size="sm" data-testid="asset-all-repairs">
            <FormattedMessage id="asset.allRepairs" />
          </AnchorLink>
        </Card>
        <Card withBorder padding="xs">
          <Text size="xs" c="dimmed">
            <FormattedMessage id="asset.nextInspection" />
          </Text>
          <QueryState isPending={due.isPending} error={due.error} onRetry={() => void due.refetch()}>
            <div data-testid="asset-next-inspection">
              {next?.kind === "due" && next.unit.dueAt && (
                <Group gap="xs">
                  <Text>{fmt(timestampDate(next.unit.dueAt))}</Text>
                  <DueBadge dueAt={timestampDate(next.unit.dueAt)} overdue={next.unit.overdue} />
                </Group>
              )}
              {next?.kind === "none" && (
                <Text c="dimmed" size="sm">
                  <FormattedMessage id="asset.inspectionNone" />
                </Text>
              )}
              {next?.kind === "unknown" && (
                <Text c="dimmed" size="sm">
                  <FormattedMessage id="asset.inspectionUnknown" />
                </Text>
              )}
            </div>
          </QueryState>
          <AnchorLink to="/maintenance/inspections" size="sm">
            <FormattedMessage id="asset.inspectionsLink" />
          </AnchorLink>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
