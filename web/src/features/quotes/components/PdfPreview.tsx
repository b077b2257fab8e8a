import { useEffect, useState } from "react";
import { Alert, Button, Center, Group, Loader, Stack, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { QuoteService } from "../../../gen/eventkit/v1/quotes_pb";
import { client } from "../../../lib/transport";
import { toUiError } from "../../../lib/errors";

/**
 * A version's PDF (0: a preview of the draft) from RenderQuotePdf, shown in an iframe from a blob:
 * URL (revoked when closed) with a download link of the node's file name.
 */
export function PdfPreview({ quoteId, version }: { quoteId: string; version: number }) {
  const intl = useIntl();
  const [doc, setDoc] = useState<{ url: string; name: string } | null>(null);
  const [error, setError] = useState("");
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let url = "";
    let live = true;
    setDoc(null);
    setError("");
    client(QuoteService)
      .renderQuotePdf({ quoteId, version })
      .then((r) => {
        if (!live) return;
        url = URL.createObjectURL(new Blob([r.pdf as BlobPart], { type: "application/pdf" }));
        setDoc({ url, name: r.fileName || "quote.pdf" });
      })
      .catch((e) => live && setError(toUiError(e).message));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [quoteId, version, attempt]);
  if (error)
    return (
      <Alert color="red" role="alert">
        <FormattedMessage id="state.error" values={{ message: error }} />
        <Button size="xs" variant="light" color="red" ms="md" onClick={() => setAttempt(attempt + 1)}>
          <FormattedMessage id="state.retry" />
        </Button>
      </Alert>
    );
  if (!doc)
    return (
      <Center p="xl" role="status">
        <Loader size="sm" me="sm" />
        <Text>
          <FormattedMessage id="quotes.pdf.rendering" />
        </Text>
      </Center>
    );
  return (
    <Stack gap="xs">
      <Group justify="end">
        <Button component="a" href={doc.url} download={doc.name} variant="default" size="xs" data-testid="pdf-download">
          <FormattedMessage id="quotes.pdf.download" values={{ name: doc.name }} />
        </Button>
      </Group>
      <iframe src={doc.url} title={intl.formatMessage({ id: "quotes.pdf.frame" }, { name: doc.name })} style={{ width: "100%", height: "75vh", border: 0 }} data-testid="pdf-frame" />
    </Stack>
  );
}
