import { useState } from "react";
import { Alert, Card, Stack, Text } from "@mantine/core";
import { useQueries } from "@tanstack/react-query";
import { FormattedMessage, useIntl } from "react-intl";
import { AssetSource, ResolutionStatus, type AssetClaim } from "../../../gen/eventkit/v1/federation_query_pb";
import { AssetStatus } from "../../../gen/eventkit/v1/inventory_pb";
import { NegotiationState, SubHireRole, SubHireService } from "../../../gen/eventkit/v1/subhire_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { BarcodeLookup } from "../../../components/BarcodeLookup";
import { QueryState } from "../../../components/QueryState";
import { client } from "../../../lib/transport";
import { useQuery } from "@connectrpc/connect-query";
import { usePartnerNames, useResolveAsset } from "../api/subhire";

/** States in which the borrower keeps a manifest for resolution (§17.6). */
const WITH_MANIFEST = [NegotiationState.DISPATCHED, NegotiationState.ON_HIRE, NegotiationState.RETURNED, NegotiationState.CANCEL_REQUESTED];

/**
 * "Whose is this barcode?" (AssetResolutionService.ResolveAsset): our own asset, a partner's asset
 * on hire here (with the sub-hire it came with), or a partner's that answered; not found says why
 * it may be provisional.
 */
export function ResolveAssetBox({ initial }: { initial?: string }) {
  const intl = useIntl();
  const [barcode, setBarcode] = useState(initial ?? "");
  const q = useResolveAsset(barcode);
  const r = q.data;
  return (
    <Card withBorder padding="sm" component="section" aria-label={intl.formatMessage({ id: "subhire.resolveTitle" })}>
      <Stack gap="xs">
        <BarcodeLookup
          label={intl.formatMessage({ id: "subhire.partnerBarcode" })}
          buttonLabel={intl.formatMessage({ id: "subhire.lookUp" })}
          onLookup={(b) => (b === barcode ? void q.refetch() : setBarcode(b))}
          pending={q.isFetching}
          initial={initial}
          testId="resolve-asset"
        />
        {barcode && (
          <QueryState isPending={q.isPending} error={q.error} onRetry={() => void q.refetch()}>
            {r && (
              <Stack gap="xs" data-testid="resolve-result" data-status={ResolutionStatus[r.status]}>
                {r.status === ResolutionStatus.NOT_FOUND && (
                  <Alert color="gray" role="status" data-testid="resolve-not-found">
                    <FormattedMessage id="subhire.resolveNotFound" values={{ barcode: r.barcode }} />
                    {r.unansweredPartnerNodeIds.length > 0 && (
                      <Text size="sm">
                        <FormattedMessage id="subhire.resolveUnanswered" values={{ partners: r.unansweredPartnerNodeIds.join(", ") }} />
                      </Text>
                    )}
                  </Alert>
                )}
                {r.status === ResolutionStatus.AMBIGUOUS && (
                  <Alert color="orange" role="status">
                    <FormattedMessage id="subhire.resolveAmbiguous" values={{ count: r.claims.length }} />
                  </Alert>
                )}
                {r.claims.map((c, i) => (
                  <Claim key={i} claim={c} barcode={r.barcode} />
                ))}
              </Stack>
            )}
          </QueryState>
        )}
      </Stack>
    </Card>
  );
}

function Claim({ claim, barcode }: { claim: AssetClaim; barcode: string }) {
  const intl = useIntl();
  const source = AssetSource[claim.source] ?? "UNSPECIFIED";
  const names = usePartnerNames();
  const name = names.get(claim.ownerNodeId);
  const owner = name && name !== claim.ownerNodeId ? `${name} (${claim.ownerNodeId})` : claim.ownerNodeId;
  const model = [claim.product?.manufacturer, claim.product?.model].filter(Boolean).join(" ");
  return (
    <Card withBorder padding="xs" data-testid="resolve-claim" data-source={source}>
      {claim.source === AssetSource.MANIFEST ? (
        <SubHireOf owner={claim.ownerNodeId} barcode={barcode} />
      ) : (
        <Text size="sm" fw={600}>
          <FormattedMessage id={`subhire.source.${source}`} values={{ owner }} />
        </Text>
      )}
      <Text size="sm">
        {claim.product?.name || "—"}
        {model && ` (${model})`}
        {claim.assetStatus !== AssetStatus.UNSPECIFIED && ` · ${intl.formatMessage({ id: `asset.status.${AssetStatus[claim.assetStatus] ?? "UNSPECIFIED"}` })}`}
      </Text>
      <Text size="xs" style={{ overflowWrap: "anywhere" }}>
        {claim.assetRef}
      </Text>
      {claim.source === AssetSource.LOCAL && claim.assetId && (
        <AnchorLink to="/inventory/assets/$assetId" params={{ assetId: claim.assetId }} size="sm">
          <FormattedMessage id="subhire.openAsset" />
        </AnchorLink>
      )}
    </Card>
  );
}

/** The outgoing sub-hire whose manifest lists this barcode (the borrower keeps those manifests). */
function SubHireOf({ owner: owner_, barcode }: { owner: string; barcode: string }) {
  const list = useQuery(SubHireService.method.listSubHires, {
    role: SubHireRole.BORROWER,
    partnerNodeId: owner_,
    states: WITH_MANIFEST,
    page: { pageSize: 20 },
  });
  const ids = (list.data?.subHires ?? []).map((s) => s.negotiationId);
  const details = useQueries({
    queries: ids.map((id) => ({
      queryKey: ["subhire-manifest", id],
      queryFn: () => client(SubHireService).getSubHire({ negotiationId: id }),
      staleTime: 30_000,
    })),
  });
  const hit = details.map((d) => d.data).find((s) => s?.manifest.some((m) => m.barcode === barcode));
  const owner = hit?.partnerName && hit.partnerName !== owner_ ? `${hit.partnerName} (${owner_})` : owner_;
  return (
    <>
      <Text size="sm" fw={600} data-testid="resolve-owner">
        <FormattedMessage id="subhire.source.MANIFEST" values={{ owner }} />
      </Text>
      {hit && (
        <AnchorLink to="/subhires/$negotiationId" params={{ negotiationId: hit.negotiationId }} size="sm" data-testid="resolve-subhire">
          <FormattedMessage id="subhire.onSubHire" values={{ event: hit.eventName || hit.negotiationId }} />
        </AnchorLink>
      )}
    </>
  );
}
