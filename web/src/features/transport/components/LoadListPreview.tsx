import { useIntl } from "react-intl";
import { renderLoadList } from "../api/transport";
import { PdfDocument } from "../../../components/PdfDocument";

/** One vehicle's load list (RenderLoadList). */
export function LoadListPreview({ eventId, vehicleId }: { eventId: string; vehicleId: string }) {
  const intl = useIntl();
  return (
    <PdfDocument
      docKey={`${eventId}/${vehicleId}`}
      load={() => renderLoadList(eventId, vehicleId)}
      fallbackName="load-list.pdf"
      renderingId="transport.pack.rendering"
      downloadId="transport.pack.download"
      frameTitle={(name) => `${intl.formatMessage({ id: "transport.pack.loadList" })}: ${name}`}
      testId="load-list"
    />
  );
}
