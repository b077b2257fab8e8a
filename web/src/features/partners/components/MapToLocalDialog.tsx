import { useIntl } from "react-intl";
import { MappingDecision } from "../../../gen/eventkit/v1/federation_query_pb";
import type { SharedProduct } from "../../../gen/eventkit/v1/federation_pb";
import { toastInfo } from "../../../lib/notify";
import { useDecideMapping, useLocalProducts } from "../api/partners";
import { PickProductDialog } from "./PickProductDialog";

/**
 * OVERRIDE from the partner's side: one of its shared products stands for one of ours, chosen from
 * this node's products (the first 500, narrowed by a filter: ListProducts has no search).
 */
export function MapToLocalDialog({ nodeId, theirs, onClose }: { nodeId: string; theirs: SharedProduct | null; onClose(): void }) {
  const intl = useIntl();
  const decide = useDecideMapping();
  const products = useLocalProducts(!!theirs);
  return (
    <PickProductDialog
      subject={theirs}
      title={(t) => intl.formatMessage({ id: "partners.toLocal.title" }, { product: t?.name ?? "" })}
      products={{ isPending: products.isPending, error: products.error, refetch: products.refetch, items: products.data?.products ?? [] }}
      labelOf={(p) => (p.manufacturer || p.model ? `${p.name} (${p.manufacturer} ${p.model})` : p.name)}
      text={{
        filter: intl.formatMessage({ id: "partners.toLocal.filter" }),
        product: intl.formatMessage({ id: "partners.toLocal.product" }),
        needChoice: intl.formatMessage({ id: "partners.toLocal.needChoice" }),
      }}
      testId="to-local"
      pending={decide.isPending}
      onPick={async (t, productId) => {
        await decide.mutateAsync({ partnerNodeId: nodeId, productId, partnerProductId: t.id, decision: MappingDecision.OVERRIDE });
        toastInfo(intl.formatMessage({ id: "partners.toLocal.done" }, { product: t.name }));
      }}
      onClose={onClose}
    />
  );
}
