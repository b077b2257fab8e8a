import { useIntl } from "react-intl";
import { QuoteService } from "../../../gen/eventkit/v1/quotes_pb";
import { client } from "../../../lib/transport";
import { PdfDocument } from "../../../components/PdfDocument";

/** A version's PDF (0: a preview of the draft) from RenderQuotePdf. */
export function PdfPreview({ quoteId, version }: { quoteId: string; version: number }) {
  const intl = useIntl();
  return (
    <PdfDocument
      docKey={`${quoteId}/${version}`}
      load={() => client(QuoteService).renderQuotePdf({ quoteId, version })}
      fallbackName="quote.pdf"
      renderingId="quotes.pdf.rendering"
      downloadId="quotes.pdf.download"
      frameTitle={(name) => intl.formatMessage({ id: "quotes.pdf.frame" }, { name })}
      testId="pdf"
    />
  );
}
