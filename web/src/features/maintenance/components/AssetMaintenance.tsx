import { Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { AnchorLink } from "../../../components/AnchorLink";
import { ButtonLink } from "../../../components/ButtonLink";
import { QueryState } from "../../../components/QueryState";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { useCan } from "../../../lib/session";
import { useInspectionDueOf, useOpenRepairsOf } from "../api/maintenance";
import { DueBadge } from "./DueBadge";
import { RepairStageBadge } from "./RepairStageBadge";

/**
 * The asset page's maintenance section: its tickets not closed yet and its next inspection, with
 * links; "Report a fault" (Inventory write, no ticket open) opens the repair form for this unit.
 */
export function AssetMaintenance({ assetId, barcode }: { assetId: string; barcode: string }) {
  const intl = useIntl();
  const canWrite = useCan(Permission.INVENTORY_WRITE);
  const repairs = useOpenRepairsOf(assetId);
  const due = useInspectionDueOf(assetId);
  const open = repairs.data?.tickets ?? [];
  const next = due.data?.units[0];
  const fmt = (d: Date) => intl.formatDate(d, { dateStyle: "medium" });
  return (
    <Stack gap="xs" component="section" aria-labelledby="asset-maintenance-title" data-testid="asset-maintenance">
      <Group justify="space-between" gap="sm">
        <Title order={3} id="asset-maintenance-title">
          <FormattedMessage id="asset.maintenance" />
        </Title>
        {canWrite && repairs.isSuccess && open.length === 0 && (
          <ButtonLink
            to="/maintenance/repairs"
            search={{ report: barcode }}
            variant="default"
            size="xs"
            data-testid="asset-report-fault"
          >
            <FormattedMessage id="asset.reportFault" />
          </ButtonLink>
        )}
      </Group>
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
              {next?.dueAt ? (
                <Group gap="xs">
                  <Text>{fmt(timestampDate(next.dueAt))}</Text>
                  <DueBadge dueAt={timestampDate(next.dueAt)} overdue={next.overdue} />
                </Group>
              ) : (
                <Text c="dimmed" size="sm">
                  <FormattedMessage id="asset.inspectionNone" />
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
