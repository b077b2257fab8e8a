import { Badge, Button, Group, Modal, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import {
  type ReportItem,
} from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { FulfilmentBadge } from "../../../components/FulfilmentBadge";
import { QueryState } from "../../../components/QueryState";
import { DateRange } from "../../../components/DateRange";
import { useCan } from "../../../lib/session";
import { toastError, toastInfo } from "../../../lib/notify";
import { invalidateAfterScans, markMissing, useReturnReport } from "../api/scanning";
import { Condition, When } from "../components/TripParts";

const route = getRouteApi("/_app/events/$eventId_/returns");


/** What went out to an event, what came back and what is still out (and who has it). */
export function ReturnReportScreen() {
  const intl = useIntl();
  const { eventId } = route.useParams();
  const report = useReturnReport(eventId);
  const canScan = useCan(Permission.SCAN);
  const queryClient = useQueryClient();
  const [missing, setMissing] = useState<ReportItem | null>(null);
  const [note, setNote] = useState("");
  const [saving, setSaving] = useState(false);
  const r = report.data;

  const submitMissing = () => {
    if (!missing || !note.trim()) return;
    setSaving(true);
    markMissing(eventId, missing.assetId, note.trim())
      .then(() => {
        toastInfo(intl.formatMessage({ id: "returns.markedMissing" }, { code: missing.barcode }));
        setMissing(null);
        return invalidateAfterScans(queryClient);
      })
      .catch(toastError)
      .finally(() => setSaving(false));
  };

  return (
    <Stack>
      <Group gap="md">
        <AnchorLink to="/events/$eventId" params={{ eventId }} size="sm">
          ← {r?.eventName || intl.formatMessage({ id: "events.title" })}
        </AnchorLink>
        {canScan && (
          <AnchorLink to="/events/$eventId/scan" params={{ eventId }} size="sm" data-testid="returns-scan-link">
            <FormattedMessage id="scan.open" />
          </AnchorLink>
        )}
      </Group>
      <QueryState isPending={report.isPending} error={report.error} onRetry={() => void report.refetch()}>
        {r && (
          <>
            <Stack gap={4}>
              <Title order={2}>
                <FormattedMessage id="returns.heading" values={{ name: r.eventName }} />
              </Title>
              <Group gap="sm">
                <FulfilmentBadge state={r.state} size="lg" testId="returns-state" />
                {r.overdue && (
                  <Badge color="red" variant="filled" size="lg" data-testid="returns-overdue">
                    <FormattedMessage id="returns.overdue" />
                  </Badge>
                )}
                <DateRange start={r.period?.start} end={r.period?.end} />
              </Group>
            </Stack>

            <Title order={3}>
              <FormattedMessage id="returns.products" />
            </Title>
            {r.products.length === 0 ? (
              <Text c="dimmed">
                <FormattedMessage id="returns.noProducts" />
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table striped data-testid="returns-products">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>
                        <FormattedMessage id="returns.product" />
                      </Table.Th>
                      {(["booked", "out", "returned", "damaged", "missing", "outstanding"] as const).map((k) => (
                        <Table.Th key={k} ta="end">
                          <FormattedMessage id={`returns.${k}`} />
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.products.map((p) => (
                      <Table.Tr key={p.productId} data-product={p.productId}>
                        <Table.Td>{p.productName}</Table.Td>
                        <Table.Td ta="end">{p.booked}</Table.Td>
                        <Table.Td ta="end">{p.out}</Table.Td>
                        <Table.Td ta="end">{p.returned}</Table.Td>
                        <Table.Td ta="end">{p.damaged}</Table.Td>
                        <Table.Td ta="end">{p.missing}</Table.Td>
                        <Table.Td ta="end" fw={p.outstanding > 0 ? 700 : undefined}>
                          {p.outstanding}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}

            <Title order={3}>
              <FormattedMessage id="returns.items" />
            </Title>
            {r.items.length === 0 ? (
              <Text c="dimmed">
                <FormattedMessage id="returns.noItems" />
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={880}>
                <Table striped data-testid="returns-items">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>
                        <FormattedMessage id="returns.barcode" />
                      </Table.Th>
                      <Table.Th>
                        <FormattedMessage id="returns.product" />
                      </Table.Th>
                      <Table.Th>
                        <FormattedMessage id="returns.outBy" />
                      </Table.Th>
                      <Table.Th>
                        <FormattedMessage id="returns.outAt" />
                      </Table.Th>
                      <Table.Th>
                        <FormattedMessage id="returns.backAt" />
                      </Table.Th>
                      <Table.Th>
                        <FormattedMessage id="returns.condition" />
                      </Table.Th>
                      <Table.Th>
                        <FormattedMessage id="returns.note" />
                      </Table.Th>
                      {canScan && (
                        <Table.Th>
                          <FormattedMessage id="returns.actions" />
                        </Table.Th>
                      )}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.items.map((i) => (
                      <Table.Tr
                        key={(i.assetId || i.assetRef) + (i.outAt?.seconds ?? "")}
                        data-barcode={i.barcode}
                        data-testid="returns-item"
                      >
                        <Table.Td>
                          {i.assetId ? (
                            <AnchorLink to="/inventory/assets/$assetId" params={{ assetId: i.assetId }}>
                              {i.barcode}
                            </AnchorLink>
                          ) : (
                            <>
                              {i.barcode}{" "}
                              <Badge size="xs" variant="outline" color="gray" title={i.assetRef} data-testid="returns-partner">
                                <FormattedMessage
                                  id="returns.partnerUnit"
                                  values={{ owner: i.assetRef.slice(0, i.assetRef.indexOf("/")) }}
                                />
                              </Badge>
                            </>
                          )}
                        </Table.Td>
                        <Table.Td>{i.productName}</Table.Td>
                        <Table.Td>{i.outBy}</Table.Td>
                        <Table.Td>
                          <When ts={i.outAt} />
                        </Table.Td>
                        <Table.Td>
                          <When ts={i.closedAt} />
                          {i.late && (
                            <Badge ms="xs" color="red" variant="light" size="sm">
                              <FormattedMessage id="returns.late" />
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Condition item={i} />
                        </Table.Td>
                        <Table.Td style={{ overflowWrap: "anywhere" }}>{i.note || i.overrideReason}</Table.Td>
                        {canScan && (
                          <Table.Td>
                            {!i.closedAt && i.assetId && (
                              <Button
                                size="xs"
                                variant="default"
                                onClick={() => {
                                  setNote("");
                                  setMissing(i);
                                }}
                                data-testid="returns-mark-missing"
                              >
                                <FormattedMessage id="returns.markMissing" />
                              </Button>
                            )}
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
      </QueryState>
      <Modal
        opened={missing !== null}
        onClose={() => setMissing(null)}
        title={intl.formatMessage({ id: "returns.markMissingTitle" }, { code: missing?.barcode ?? "" })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submitMissing();
          }}
        >
          <Stack>
            <Textarea
              data-autofocus
              required
              maxLength={500}
              label={intl.formatMessage({ id: "returns.markMissingNote" })}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              data-testid="returns-missing-note"
            />
            <Group justify="end">
              <Button variant="default" onClick={() => setMissing(null)}>
                <FormattedMessage id="newEvent.cancel" />
              </Button>
              <Button type="submit" color="red.9" loading={saving} disabled={!note.trim()} data-testid="returns-missing-submit">
                <FormattedMessage id="returns.markMissing" />
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
