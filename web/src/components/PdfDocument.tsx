import { useEffect, useRef, useState } from "react";
import { Alert, Button, Center, Group, Loader, Stack, Text } from "@mantine/core";
import { FormattedMessage } from "react-intl";
import { toUiError } from "../lib/errors";

export interface RenderedPdf {
  pdf: Uint8Array;
  fileName: string;
}

/**
 * A PDF the node renders, shown in an iframe from a blob: URL (revoked when it unmounts or
 * `docKey` changes) with a download link of the node's file name, a spinner while it renders and a
 * retry on error. `load` is called again only when `docKey` changes.
 */
export function PdfDocument({
  docKey,
  load,
  fallbackName,
  renderingId,
  downloadId,
  frameTitle,
  testId,
}: {
  docKey: string;
  load: () => Promise<RenderedPdf>;
  fallbackName: string;
  /** Message IDs: "rendering…" and "Download {name}". */
  renderingId: string;
  downloadId: string;
  frameTitle: (name: string) => string;
  /** data-testid prefix: `<testId>-download`, `<testId>-frame`. */
  testId: string;
}) {
  const [doc, setDoc] = useState<{ url: string; name: string } | null>(null);
  const [error, setError] = useState("");
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let url = "";
    let live = true;
    setDoc(null);
    setError("");
    loadRef
      .current()
      .then((r) => {
        if (!live) return;
        url = URL.createObjectURL(new Blob([r.pdf as BlobPart], { type: "application/pdf" }));
        setDoc({ url, name: r.fileName || fallbackName });
      })
      .catch((e) => live && setError(toUiError(e).message));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [docKey, attempt, fallbackName]);
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
          <FormattedMessage id={renderingId} />
        </Text>
      </Center>
    );
  return (
    <Stack gap="xs">
      <Group justify="end">
        <Button component="a" href={doc.url} download={doc.name} variant="default" size="xs" data-testid={`${testId}-download`}>
          <FormattedMessage id={downloadId} values={{ name: doc.name }} />
        </Button>
      </Group>
      <iframe src={doc.url} title={frameTitle(doc.name)} style={{ width: "100%", height: "75vh", border: 0 }} data-testid={`${testId}-frame`} />
    </Stack>
  );
}
