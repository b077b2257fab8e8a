import { FormattedMessage, useIntl } from "react-intl";
import type { Case } from "../../../gen/eventkit/v1/inventory_pb";
import { useAsset, useCase } from "../api/inventory";
import { useProduct } from "../api/products";
import "./manifest.css";

/**
 * A printable content manifest of a case (barcode, name, what it holds). Invisible on screen; its
 * print CSS hides everything else, so `window.print()` prints just this.
 */
export function CaseManifest({ kase, locationCode }: { kase: Case; locationCode?: string }) {
  const intl = useIntl();
  const count = kase.assetIds.length + kase.bulk.length + kase.childCaseIds.length;
  return (
    <section className="ek-manifest" data-testid="case-manifest" aria-hidden="true">
      <h1 style={{ fontSize: 22, margin: "0 0 4px" }}>
        <FormattedMessage id="pack.manifest" />: {kase.name}
      </h1>
      <p style={{ fontSize: 28, fontFamily: "monospace", margin: "0 0 4px" }}>{kase.barcode}</p>
      <p style={{ margin: "0 0 12px" }}>
        {locationCode ? `${locationCode} · ` : ""}
        <FormattedMessage id="pack.manifestItems" values={{ count }} /> · {intl.formatDate(new Date(), { dateStyle: "medium", timeStyle: "short" })}
      </p>
      <table>
        <thead>
          <tr>
            <th>{intl.formatMessage({ id: "cases.item" })}</th>
            <th>{intl.formatMessage({ id: "asset.product" })}</th>
            <th>{intl.formatMessage({ id: "stock.quantity" })}</th>
          </tr>
        </thead>
        <tbody>
          {kase.assetIds.map((id) => (
            <AssetLine key={id} assetId={id} />
          ))}
          {kase.bulk.map((b) => (
            <BulkLine key={b.productId} productId={b.productId} quantity={b.quantity} />
          ))}
          {kase.childCaseIds.map((id) => (
            <CaseLine key={id} caseId={id} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AssetLine({ assetId }: { assetId: string }) {
  const asset = useAsset(assetId);
  const product = useProduct(asset.data?.productId ?? "");
  return (
    <tr>
      <td>{asset.data?.barcode ?? "…"}</td>
      <td>{product.data?.name ?? "…"}</td>
      <td>1</td>
    </tr>
  );
}

function BulkLine({ productId, quantity }: { productId: string; quantity: number }) {
  const product = useProduct(productId);
  return (
    <tr>
      <td>
        <FormattedMessage id="cases.bulk" />
      </td>
      <td>{product.data?.name ?? "…"}</td>
      <td>{quantity}</td>
    </tr>
  );
}

function CaseLine({ caseId }: { caseId: string }) {
  const child = useCase(caseId);
  return (
    <tr>
      <td>{child.data?.barcode ?? "…"}</td>
      <td>{child.data?.name ?? "…"}</td>
      <td>1</td>
    </tr>
  );
}
