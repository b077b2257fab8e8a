import { useRef, useState, type DragEvent } from "react";
import { Alert, Button, FileButton, Group, Paper, Stack, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { byteSize, MAX_IMPORT_BYTES } from "../lib/csvHead";

/** "12.3 kB": a size in the user's language. */
export function useBytes() {
  const intl = useIntl();
  return (bytes: number) => {
    const { value, unit } = byteSize(bytes);
    return intl.formatNumber(value, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: unit === "byte" ? 0 : 1 });
  };
}

/**
 * Where the CSV file comes in: dropped on the zone or chosen with the button (the keyboard's way).
 * A file over the node's limit is refused here, with the advice to split it.
 */
export function FileDrop({ file, onFile }: { file: File | null; onFile(file: File | null): void }) {
  const bytes = useBytes();
  const [over, setOver] = useState(false);
  const [tooBig, setTooBig] = useState<File | null>(null);
  // Cleared after each choice, so choosing the same (corrected) file again is a change too.
  const reset = useRef<() => void>(null);

  const take = (f: File | null) => {
    reset.current?.();
    if (f && f.size > MAX_IMPORT_BYTES) {
      setTooBig(f);
      onFile(null);
      return;
    }
    setTooBig(null);
    onFile(f);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files?.[0];
    if (f) take(f);
  };

  return (
    <Stack gap="xs">
      <Paper
        withBorder
        p="lg"
        radius="md"
        data-testid="import-dropzone"
        data-over={over || undefined}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        style={{
          borderStyle: "dashed",
          borderWidth: 2,
          background: over ? "var(--mantine-color-blue-light)" : undefined,
        }}
      >
        <Stack align="center" gap="xs">
          <Text ta="center">
            <FormattedMessage id="data.import.file.drop" />
          </Text>
          <FileButton resetRef={reset} onChange={take} accept=".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values">
            {(props) => (
              <Button {...props} variant="light" data-testid="import-choose">
                <FormattedMessage id={file ? "data.import.file.chooseOther" : "data.import.file.choose"} />
              </Button>
            )}
          </FileButton>
          {file && (
            <Group gap="xs" justify="center" data-testid="import-file" data-name={file.name} data-size={file.size}>
              <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                {file.name}
              </Text>
              <Text c="dimmed">{bytes(file.size)}</Text>
            </Group>
          )}
          <Text size="sm" c="dimmed" ta="center">
            <FormattedMessage id="data.import.file.limit" values={{ max: bytes(MAX_IMPORT_BYTES) }} />
          </Text>
        </Stack>
      </Paper>
      {tooBig && (
        <Alert color="red" role="alert" data-testid="import-too-big">
          <FormattedMessage
            id="data.import.file.tooBig"
            values={{ name: tooBig.name, size: bytes(tooBig.size), max: bytes(MAX_IMPORT_BYTES) }}
          />
        </Alert>
      )}
    </Stack>
  );
}
