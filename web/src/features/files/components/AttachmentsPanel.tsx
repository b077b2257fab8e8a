import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { Alert, Anchor, Badge, Box, Button, Card, CloseButton, FileButton, Group, Loader, Modal, Paper, Stack, Text, TextInput, Textarea, Title, VisuallyHidden } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import type { Attachment } from "../../../gen/eventkit/v1/files_pb";
import { QueryState } from "../../../components/QueryState";
import { WithMessages } from "../../../components/WithMessages";
import { toUiError, type UiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { attachmentsOf, useAttachments, useDeleteAttachment, useInvalidateAttachments, useUpdateAttachment } from "../api/files";
import { uploadAttachment } from "../api/upload";
import { ACCEPT, byteSize, DEFAULT_MAX_BYTES, downloadHref, PERMISSIONS, typeColor, typeLabel, UploadError, type OwnerKind } from "../lib/files";
import { filesMessages } from "../messages";

const THUMB = 72;

export interface AttachmentsPanelProps {
  /** What the files are kept with (the upload path's owner). */
  owner: OwnerKind;
  ownerId: string;
  /**
   * Whether to offer adding, editing and deleting files; by default the owner's write permission
   * (lib/files PERMISSIONS). The node checks either way.
   */
  canWrite?: boolean;
}

/**
 * The files kept with a product, an asset, an event, a quote or a repair ticket (files.proto), as a
 * section of its detail screen: pictures as thumbnails, other files with their type, each with its
 * size, who added it and when, a download, and for writers edit (name, caption) and delete (after a
 * confirmation). Files are added with the file picker, by dropping them on the section, or on a
 * phone with the camera. Shown only to callers who may read the owner; brings its own texts.
 */
export function AttachmentsPanel(props: AttachmentsPanelProps) {
  return (
    <WithMessages messages={filesMessages}>
      <Panel {...props} />
    </WithMessages>
  );
}

interface Pending {
  key: number;
  name: string;
  size: number;
}

interface Failure {
  key: number;
  name: string;
  message: string;
}

/** "12.3 kB": a size in the user's language. */
function useBytes() {
  const intl = useIntl();
  return (bytes: number) => {
    const { value, unit } = byteSize(bytes);
    // "70 bytes" (the short form says "70 byte"), "1.5 MB".
    return intl.formatNumber(value, { style: "unit", unit, unitDisplay: unit === "byte" ? "long" : "short", maximumFractionDigits: unit === "byte" ? 0 : 1 });
  };
}

function Panel({ owner, ownerId, canWrite }: AttachmentsPanelProps) {
  const intl = useIntl();
  const bytes = useBytes();
  const perms = PERMISSIONS[owner];
  const canRead = useCan(perms.read);
  const mayWrite = useCan(perms.write);
  const writable = canWrite ?? mayWrite;
  const list = useAttachments(owner, ownerId, canRead);
  const invalidate = useInvalidateAttachments();
  const phone = useMediaQuery("(pointer: coarse)");
  const [pending, setPending] = useState<Pending[]>([]);
  const [failures, setFailures] = useState<Failure[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const [over, setOver] = useState(false);
  const [editing, setEditing] = useState<Attachment | null>(null);
  const [deleting, setDeleting] = useState<Attachment | null>(null);
  const depth = useRef(0);
  const seq = useRef(0);
  const pickerReset = useRef<() => void>(null);
  const cameraReset = useRef<() => void>(null);

  if (!canRead) return null;

  const items = attachmentsOf(list.data);
  const titleId = `attachments-${owner}-title`;

  const failureText = (e: unknown, file: File): string => {
    if (e instanceof UploadError && e.kind === "network" && file.size > DEFAULT_MAX_BYTES) {
      return intl.formatMessage({ id: "files.upload.error.networkLarge" }, { size: bytes(file.size), max: bytes(DEFAULT_MAX_BYTES) });
    }
    if (e instanceof UploadError) {
      const ours = intl.formatMessage({ id: `files.upload.error.${e.kind}` }, { status: e.status });
      // The node's words are the truth, except where they cannot tell a person what to do.
      return e.kind === "unauthenticated" || e.kind === "network" || !e.detail ? ours : e.detail;
    }
    return toUiError(e).message;
  };

  const add = async (files: File[]) => {
    pickerReset.current?.();
    cameraReset.current?.();
    if (!writable || files.length === 0) return;
    setFailures([]);
    const queued = files.map((file) => ({ file, key: ++seq.current }));
    setPending((p) => [...p, ...queued.map(({ file, key }) => ({ key, name: file.name, size: file.size }))]);
    setAnnouncement("");
    let added = 0;
    for (const { file, key } of queued) {
      try {
        await uploadAttachment(owner, ownerId, file);
        added++;
      } catch (e) {
        const message = failureText(e, file);
        setFailures((f) => [...f, { key, name: file.name, message }]);
      } finally {
        setPending((p) => p.filter((x) => x.key !== key));
      }
    }
    if (added > 0) {
      await invalidate();
      const text = intl.formatMessage({ id: "files.uploaded" }, { count: added });
      setAnnouncement(text);
      toastInfo(text);
    }
  };

  // Drops: only for writers (otherwise the browser's own handling stays). A counter, because
  // dragleave fires each time the pointer crosses into a child.
  const dropHandlers = writable
    ? {
        onDragEnter: (e: DragEvent) => {
          if (!e.dataTransfer.types.includes("Files")) return;
          e.preventDefault();
          depth.current++;
          setOver(true);
        },
        onDragOver: (e: DragEvent) => {
          if (!e.dataTransfer.types.includes("Files")) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
        },
        onDragLeave: () => {
          depth.current = Math.max(0, depth.current - 1);
          if (depth.current === 0) setOver(false);
        },
        onDrop: (e: DragEvent) => {
          e.preventDefault();
          depth.current = 0;
          setOver(false);
          void add(Array.from(e.dataTransfer.files ?? []));
        },
      }
    : {};

  // A thumbnail whose link has expired (the tab slept past the refresh): read the list again, once
  // in a while, not in a loop for a picture that is broken for good.
  const onBrokenImage = () => {
    if (Date.now() - list.dataUpdatedAt > 30_000 && !list.isFetching) void list.refetch();
  };

  return (
    <Card
      withBorder
      padding="sm"
      component="section"
      aria-labelledby={titleId}
      data-testid="attachments"
      data-owner={owner}
      data-over={over || undefined}
      {...dropHandlers}
      style={over ? { outline: "2px dashed var(--mantine-color-blue-filled)", outlineOffset: -2, background: "var(--mantine-color-blue-light)" } : undefined}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={3} id={titleId}>
              <FormattedMessage id="files.title" />
            </Title>
            {list.data && !list.hasNextPage && items.length > 0 && (
              <Badge variant="light" color="gray" data-testid="attachments-count">
                <FormattedMessage id="files.count" values={{ count: items.length }} />
              </Badge>
            )}
          </Group>
          {writable && (
            <Group gap="xs" wrap="wrap">
              {phone && (
                <FileButton resetRef={cameraReset} onChange={(f: File | null) => void add(f ? [f] : [])} accept="image/*" capture="environment" inputProps={{ "data-testid": "attachments-camera-input" } as object}>
                  {(p) => (
                    <Button {...p} variant="light" data-testid="attachments-camera">
                      <FormattedMessage id="files.camera" />
                    </Button>
                  )}
                </FileButton>
              )}
              <FileButton resetRef={pickerReset} multiple onChange={(f: File[]) => void add(f)} accept={ACCEPT} inputProps={{ "data-testid": "attachments-input" } as object}>
                {(p) => (
                  <Button {...p} variant={phone ? "default" : "light"} data-testid="attachments-choose">
                    <FormattedMessage id="files.choose" />
                  </Button>
                )}
              </FileButton>
            </Group>
          )}
        </Group>
        {writable && !phone && (
          <Text size="sm" c="dimmed" data-testid="attachments-drop">
            <FormattedMessage id={over ? "files.dropHere" : "files.drop"} /> · <FormattedMessage id="files.accepted" />
          </Text>
        )}
        <VisuallyHidden role="status" aria-live="polite" data-testid="attachments-announce">
          {announcement}
        </VisuallyHidden>
        {pending.length > 0 && (
          <Stack gap={4} data-testid="attachments-uploading">
            {pending.map((p) => (
              <Group key={p.key} gap="xs" wrap="nowrap">
                <Loader size="xs" />
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  <FormattedMessage id="files.uploading" values={{ name: <bdi>{p.name}</bdi>, size: bytes(p.size) }} />
                </Text>
              </Group>
            ))}
          </Stack>
        )}
        {failures.length > 0 && (
          <Alert color="red" role="alert" data-testid="attachments-failure">
            <Group justify="space-between" wrap="nowrap" align="start">
              <Stack gap={4}>
                {failures.map((f) => (
                  <Text key={f.key} size="sm" style={{ overflowWrap: "anywhere" }}>
                    <FormattedMessage id="files.failed" values={{ name: <bdi>{f.name}</bdi>, message: <bdi>{f.message}</bdi> }} />
                  </Text>
                ))}
              </Stack>
              <CloseButton size="sm" aria-label={intl.formatMessage({ id: "files.dismiss" })} onClick={() => setFailures([])} />
            </Group>
          </Alert>
        )}
        <QueryState
          isPending={list.isPending}
          error={list.data ? null : list.error}
          onRetry={() => void list.refetch()}
          isEmpty={items.length === 0}
          empty={<FormattedMessage id={writable ? "files.emptyWrite" : "files.empty"} />}
        >
          <Stack component="ul" gap="xs" aria-label={intl.formatMessage({ id: "files.list" })} style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="attachments-list">
            {items.map((a) => (
              <AttachmentRow key={a.id} a={a} writable={writable} onEdit={() => setEditing(a)} onDelete={() => setDeleting(a)} onBrokenImage={onBrokenImage} />
            ))}
          </Stack>
          {list.hasNextPage && (
            <Group justify="center">
              <Button variant="subtle" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()} data-testid="attachments-more">
                <FormattedMessage id="files.more" />
              </Button>
            </Group>
          )}
        </QueryState>
      </Stack>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={intl.formatMessage({ id: "files.edit.title" })} closeButtonProps={{ "aria-label": intl.formatMessage({ id: "files.close" }) }}>
        {editing && <EditForm key={editing.id} a={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <DeleteDialog a={deleting} onClose={() => setDeleting(null)} />
    </Card>
  );
}

function AttachmentRow({ a, writable, onEdit, onDelete, onBrokenImage }: { a: Attachment; writable: boolean; onEdit(): void; onDelete(): void; onBrokenImage(): void }) {
  const intl = useIntl();
  const bytes = useBytes();
  const at = a.uploadedAt ? timestampDate(a.uploadedAt) : undefined;
  const name = a.fileName;
  const label = typeLabel(a.fileName, a.contentType);
  return (
    <Paper component="li" withBorder p="xs" data-testid="attachment" data-id={a.id} data-name={name} data-image={a.image || undefined}>
      <Group wrap="nowrap" align="start" gap="sm">
        {a.image ? (
          <Anchor href={a.downloadUrl} target="_blank" rel="noopener" aria-label={intl.formatMessage({ id: "files.open" }, { name })} style={{ flex: "none", lineHeight: 0 }} data-testid="attachment-thumb">
            <img
              src={a.downloadUrl}
              alt={a.caption || name}
              width={THUMB}
              height={THUMB}
              loading="lazy"
              decoding="async"
              onError={onBrokenImage}
              style={{ objectFit: "cover", borderRadius: 4, background: "var(--mantine-color-gray-1)" }}
            />
          </Anchor>
        ) : (
          <Box
            aria-hidden="true"
            w={THUMB}
            h={THUMB}
            style={{ flex: "none", display: "flex", alignItems: "center", justifyContent: "center", borderRadius: 4, background: `var(--mantine-color-${typeColor(label)}-light)` }}
            data-testid="attachment-icon"
          >
            <Text fw={700} size="sm" c={`${typeColor(label)}.9`}>
              {label}
            </Text>
          </Box>
        )}
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Anchor href={a.downloadUrl} target="_blank" rel="noopener" fw={600} style={{ overflowWrap: "anywhere" }} data-testid="attachment-name">
            {name}
          </Anchor>
          {a.caption && (
            <Text size="sm" style={{ overflowWrap: "anywhere" }} data-testid="attachment-caption">
              {a.caption}
            </Text>
          )}
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }} title={at ? intl.formatDate(at, { dateStyle: "full", timeStyle: "long" }) : undefined} data-testid="attachment-meta">
            <FormattedMessage
              id="files.meta"
              values={{
                size: bytes(Number(a.sizeBytes)),
                // Isolated: a Latin login next to an Arabic date must not reorder them.
                by: <bdi>{a.uploadedBy || intl.formatMessage({ id: "files.unknownUploader" })}</bdi>,
                at: <bdi>{at ? intl.formatDate(at, { dateStyle: "medium", timeStyle: "short" }) : "—"}</bdi>,
              }}
            />
          </Text>
          <Group gap="xs" mt={4} wrap="wrap">
            <Button
              component="a"
              href={downloadHref(a.downloadUrl)}
              download={name}
              size="compact-sm"
              variant="default"
              aria-label={intl.formatMessage({ id: "files.downloadName" }, { name })}
              data-testid="attachment-download"
            >
              <FormattedMessage id="files.download" />
            </Button>
            {writable && (
              <>
                <Button size="compact-sm" variant="default" onClick={onEdit} aria-label={intl.formatMessage({ id: "files.editName" }, { name })} data-testid="attachment-edit">
                  <FormattedMessage id="files.edit" />
                </Button>
                <Button size="compact-sm" variant="default" color="red" onClick={onDelete} aria-label={intl.formatMessage({ id: "files.deleteName" }, { name })} data-testid="attachment-delete">
                  <FormattedMessage id="files.delete" />
                </Button>
              </>
            )}
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

/** Rename and caption (UpdateAttachment): the name only when changed, the caption always (so it can be cleared). */
function EditForm({ a, onDone }: { a: Attachment; onDone(): void }) {
  const intl = useIntl();
  const update = useUpdateAttachment();
  const [fileName, setFileName] = useState(a.fileName);
  const [caption, setCaption] = useState(a.caption);
  const [error, setError] = useState<UiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = fileName.trim();
    if (!name) {
      setError({ fields: { fileName: intl.formatMessage({ id: "files.edit.fileNameRequired" }) }, message: "", code: Code.InvalidArgument });
      return;
    }
    setError(null);
    try {
      await update.mutateAsync({ id: a.id, fileName: name === a.fileName ? "" : name, caption: caption.trim(), updateCaption: caption.trim() !== a.caption });
      toastInfo(intl.formatMessage({ id: "files.saved" }));
      onDone();
    } catch (err) {
      setError(toUiError(err, { file_name: "fileName", caption: "caption" }));
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="attachment-edit-form">
      <Stack gap="sm">
        {error?.message && (
          <Alert color="red" role="alert" data-testid="attachment-edit-error">
            {error.message}
          </Alert>
        )}
        <TextInput
          label={intl.formatMessage({ id: "files.edit.fileName" })}
          description={intl.formatMessage({ id: "files.edit.fileNameHint" })}
          required
          maxLength={255}
          value={fileName}
          onChange={(e) => setFileName(e.currentTarget.value)}
          error={error?.fields.fileName}
          data-autofocus
          data-testid="attachment-edit-name"
        />
        <Textarea
          label={intl.formatMessage({ id: "files.edit.caption" })}
          description={intl.formatMessage({ id: "files.edit.captionHint" })}
          autosize
          minRows={2}
          maxLength={1000}
          value={caption}
          onChange={(e) => setCaption(e.currentTarget.value)}
          error={error?.fields.caption}
          data-testid="attachment-edit-caption"
        />
        <Group justify="end">
          <Button variant="default" onClick={onDone}>
            <FormattedMessage id="files.cancel" />
          </Button>
          <Button type="submit" loading={update.isPending} data-testid="attachment-edit-save">
            <FormattedMessage id="files.edit.save" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Delete x?" with Cancel focused first; a refusal stays in the dialog with the node's message. */
function DeleteDialog({ a, onClose }: { a: Attachment | null; onClose(): void }) {
  const intl = useIntl();
  const remove = useDeleteAttachment();
  const [error, setError] = useState<string | null>(null);
  // What a closing dialog keeps showing while it fades out.
  const last = useRef<Attachment | null>(null);
  if (a) last.current = a;
  const shown = a ?? last.current;
  const close = () => {
    setError(null);
    onClose();
  };
  const confirm = async () => {
    if (!a) return;
    setError(null);
    try {
      await remove.mutateAsync({ id: a.id });
      toastInfo(intl.formatMessage({ id: "files.deleted" }, { name: a.fileName }));
      onClose();
    } catch (err) {
      setError(toUiError(err).message);
    }
  };
  return (
    <Modal opened={a !== null} onClose={close} title={intl.formatMessage({ id: "files.delete.title" })} closeButtonProps={{ "aria-label": intl.formatMessage({ id: "files.close" }) }}>
      <Stack data-testid="attachment-delete-dialog">
        <Text style={{ overflowWrap: "anywhere" }}>
          <FormattedMessage id="files.delete.body" values={{ name: <bdi>{shown?.fileName ?? ""}</bdi> }} />
        </Text>
        {error && (
          <Alert color="red" role="alert" data-testid="attachment-delete-error">
            {error}
          </Alert>
        )}
        <Group justify="end">
          <Button variant="default" onClick={close} data-autofocus>
            <FormattedMessage id="files.cancel" />
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => void confirm()} data-testid="attachment-delete-confirm">
            <FormattedMessage id="files.delete" />
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
