import { useEffect, useState } from "react";
import { Alert, Button, Center, Group, Loader, Stack, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { toUiError } from "../../../lib/errors";
import { renderLoadList } from "../api/transport";

/**
 * One vehicle's load list (RenderLoadList) shown in an iframe from a blob: URL, revoked when the
 * dialog closes, with a download link of the node's file name.
 */
export function LoadListPreview({ eventId, vehicleId }: { eventId: string; vehicleId: string }) {
  const intl = useIntl();
  const [doc, setDoc] = useState<{ url: string; name: string } | null>(null);
  const [error, setError] = useState("");
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let url = "";
    let live = true;
    setDoc(null);
    setError("");
    renderLoadList(eventId, vehicleId)
      .then((r) => {
        if (!live) return;
        url = URL.createObjectURL(new Blob([r.pdf as BlobPart], { type: "application/pdf" }));
        setDoc({ url, name: r.fileName || "load-list.pdf" });
      })
      .catch((e) => live && setError(toUiError(e).message));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [eventId, vehicleId, attempt]);
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
          <FormattedMessage id="transport.pack.rendering" />
        </Text>
      </Center>
    );
  return (
    <Stack gap="xs">
      <Group justify="end">
        <Button component="a" href={doc.url} download={doc.name} variant="default" size="xs" data-testid="load-list-download">
          <FormattedMessage id="transport.pack.download" values={{ name: doc.name }} />
        </Button>
      </Group>
      <iframe src={doc.url} title={doc.name} style={{ width: "100%", height: "75vh", border: 0 }} data-testid="load-list-frame" aria-label={intl.formatMessage({ id: "transport.pack.loadList" })} />
    </Stack>
  );
}
