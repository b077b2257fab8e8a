import { useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useInfiniteQuery, useMutation } from "@connectrpc/connect-query";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FileService, type Attachment, type ListAttachmentsResponse } from "../../../gen/eventkit/v1/files_pb";
import { OWNER, refetchDelay, type OwnerKind } from "../lib/files";

const f = FileService.method;

export const ATTACHMENT_PAGE_SIZE = 50;

/** Every download link in the pages read so far, for when they expire. */
function expiries(pages: ListAttachmentsResponse[] | undefined): (Date | undefined)[] {
  return (pages ?? []).flatMap((p) => p.attachments.map((a) => (a.downloadUrlExpiresAt ? timestampDate(a.downloadUrlExpiresAt) : undefined)));
}

/**
 * An owner's attachments, newest first, 50 at a time ("Show more" reads the next page). The
 * download links are signed for 15 minutes: the list is read again when its oldest link is about
 * 10 minutes old (not while the tab is hidden) and when the window gets the focus back after a
 * minute, so a thumbnail or a download never uses an expired link.
 */
export function useAttachments(owner: OwnerKind, ownerId: string, enabled = true) {
  return useInfiniteQuery(
    f.listAttachments,
    { owner: OWNER[owner], ownerId, page: { pageSize: ATTACHMENT_PAGE_SIZE, pageToken: "" } },
    {
      pageParamKey: "page",
      getNextPageParam: (last) => (last.page?.nextPageToken ? { pageSize: ATTACHMENT_PAGE_SIZE, pageToken: last.page.nextPageToken } : undefined),
      enabled: enabled && ownerId !== "",
      staleTime: 60_000,
      refetchOnWindowFocus: true,
      refetchIntervalInBackground: false,
      refetchInterval: (q) => (q.state.data ? refetchDelay(expiries(q.state.data.pages), q.state.dataUpdatedAt, Date.now()) : false),
    },
  );
}

/** The attachments of all pages read, in order. */
export function attachmentsOf(data: { pages: ListAttachmentsResponse[] } | undefined): Attachment[] {
  return (data?.pages ?? []).flatMap((p) => p.attachments);
}

/** After an upload, a change or a delete: every attachments list reads again (one owner's is among them). */
export function useInvalidateAttachments() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: f.listAttachments, cardinality: undefined }) });
}

/** Renames an attachment or changes its caption. */
export function useUpdateAttachment() {
  const invalidate = useInvalidateAttachments();
  return useMutation(f.updateAttachment, { onSuccess: () => void invalidate() });
}

export function useDeleteAttachment() {
  const invalidate = useInvalidateAttachments();
  return useMutation(f.deleteAttachment, { onSuccess: () => void invalidate() });
}
