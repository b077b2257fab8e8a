import { useRef, useState, type FormEvent } from "react";
import { Alert, Badge, Button, Group, Stack, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { InventoryService } from "../../../gen/eventkit/v1/inventory_pb";
import { VerdictSeverity } from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { useCan } from "../../../lib/session";
import { client } from "../../../lib/transport";
import { ScanInput, useWedgeFocus } from "../../../components/ScanInput";
import { VerdictPanel } from "../../../components/VerdictPanel";
import { signal } from "../../../lib/signal";
import { useAddToCase, useCase } from "../api/inventory";
import { useAllLocations } from "../../../lib/locations";
import { CaseContents } from "../components/CaseContents";
import { CaseManifest } from "../components/CaseManifest";

const route = getRouteApi("/_app/inventory/cases/$caseId_/pack");

type Last = { ok: true; code: string } | { ok: false; code: string; message: string };

/**
 * Packing a case: each scanned barcode (a unit, or a case to nest) is resolved and put in; the
 * contents update live, each can be taken out again, and a content manifest prints on its own.
 */
export function CasePackScreen() {
  const intl = useIntl();
  const { caseId } = route.useParams();
  const kase = useCase(caseId);
  const locations = useAllLocations();
  const canEdit = useCan(Permission.INVENTORY_WRITE);
  const add = useAddToCase();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<Last | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const focus = useWedgeFocus(input);
  const c = kase.data;

  const onScan = async (e: FormEvent) => {
    e.preventDefault();
    const barcode = code.trim();
    if (!barcode) return;
    setCode("");
    setBusy(true);
    try {
      const r = await client(InventoryService).resolveBarcode({ barcode });
      const item =
        r.item.case === "asset"
          ? ({ case: "assetId", value: r.item.value.id } as const)
          : r.item.case === "case"
            ? ({ case: "childCaseId", value: r.item.value.id } as const)
            : null;
      if (!item) {
        setLast({ ok: false, code: barcode, message: intl.formatMessage({ id: "pack.notAnAsset" }) });
        signal(VerdictSeverity.ERROR);
      } else {
        await add.mutateAsync({ caseId, item });
        setLast({ ok: true, code: barcode });
        signal(VerdictSeverity.OK);
      }
    } catch (err) {
      setLast({ ok: false, code: barcode, message: toUiError(err).message });
      signal(VerdictSeverity.ERROR);
    } finally {
      setBusy(false);
      focus();
    }
  };

  return (
    <Stack maw={820}>
      <AnchorLink to="/inventory/cases/$caseId" params={{ caseId }} size="sm">
        ← {c?.name ?? intl.formatMessage({ id: "cases.title" })}
      </AnchorLink>
      <QueryState isPending={kase.isPending} error={kase.error} onRetry={() => void kase.refetch()}>
        {c && (
          <>
            <Group justify="space-between" align="center">
              <Group gap="sm">
                <Title order={2}>
                  <FormattedMessage id="pack.title" values={{ name: c.name }} />
                </Title>
                <Badge variant="outline" color="gray" tt="none">
                  {c.barcode}
                </Badge>
              </Group>
              <Button variant="default" onClick={() => window.print()} data-testid="pack-print">
                <FormattedMessage id="pack.print" />
              </Button>
            </Group>
            {!canEdit ? (
              <Alert color="yellow" role="status">
                <FormattedMessage id="pack.noPermission" />
              </Alert>
            ) : (
              <form onSubmit={onScan}>
                <Group align="end" gap="sm" wrap="wrap">
                  <div style={{ flex: 1, minWidth: 220 }}>
                    <ScanInput
                      inputRef={input}
                      label={intl.formatMessage({ id: "pack.code" })}
                      placeholder={intl.formatMessage({ id: "pack.codeHint" })}
                      value={code}
                      onChange={setCode}
                    />
                  </div>
                  <Button type="submit" size="xl" loading={busy} data-testid="scan-submit">
                    <FormattedMessage id="pack.submit" />
                  </Button>
                </Group>
              </form>
            )}
            <div aria-live="polite" role="status" data-testid="scan-status">
              {last &&
                (last.ok ? (
                  <VerdictPanel color="green" severity="OK">
                    <Text fz={28} fw={700}>
                      <FormattedMessage id="pack.added" values={{ code: last.code }} />
                    </Text>
                  </VerdictPanel>
                ) : (
                  <VerdictPanel color="red" severity="ERROR">
                    <Text fz={28} fw={700}>
                      <FormattedMessage id="pack.refused" values={{ code: last.code }} />
                    </Text>
                    <Text>{last.message}</Text>
                  </VerdictPanel>
                ))}
            </div>
            <CaseContents kase={c} canEdit={canEdit} />
            <CaseManifest kase={c} locationCode={locations.byId.get(c.locationId)?.code} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
