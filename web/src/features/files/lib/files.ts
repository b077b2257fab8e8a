import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { AttachmentOwner } from "../../../gen/eventkit/v1/files_pb";

/**
 * The pure parts of attachments (files.proto, docs/files.md): what owns them and who may do what,
 * sizes, the link's freshness and what a refused upload tells a person.
 */

/** What a file is kept with, as the upload path names it: POST /files/<owner>/<owner_id>. */
export type OwnerKind = "product" | "asset" | "event" | "quote" | "repair";

export const OWNER: Record<OwnerKind, AttachmentOwner> = {
  product: AttachmentOwner.PRODUCT,
  asset: AttachmentOwner.ASSET,
  event: AttachmentOwner.EVENT,
  quote: AttachmentOwner.QUOTE,
  repair: AttachmentOwner.REPAIR,
};

/**
 * Reading needs the owner's read permission, uploading, changing and deleting its write
 * permission; a repair's attachments are written with SCAN so the warehouse can add damage photos.
 * The node decides either way: these only choose what the panel offers.
 */
export const PERMISSIONS: Record<OwnerKind, { read: Permission; write: Permission }> = {
  product: { read: Permission.INVENTORY_READ, write: Permission.INVENTORY_WRITE },
  asset: { read: Permission.INVENTORY_READ, write: Permission.INVENTORY_WRITE },
  repair: { read: Permission.INVENTORY_READ, write: Permission.SCAN },
  event: { read: Permission.PLANNING_READ, write: Permission.PLANNING_WRITE },
  quote: { read: Permission.QUOTES_READ, write: Permission.QUOTES_WRITE },
};

/** The upload's URL: the owner and its ID in the path, the file name (and caption) in the query. */
export function uploadUrl(owner: OwnerKind, ownerId: string, name: string, caption?: string): string {
  const q = new URLSearchParams({ name });
  if (caption) q.set("caption", caption);
  return `/files/${owner}/${encodeURIComponent(ownerId)}?${q.toString()}`;
}

/**
 * What the file pickers offer (the node looks at the bytes, not at this): pictures, PDF, text and
 * CSV, and Office documents.
 */
export const ACCEPT = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/gif",
  "application/pdf",
  "text/plain",
  "text/csv",
  ".jpg",
  ".jpeg",
  ".png",
  ".webp",
  ".gif",
  ".pdf",
  ".txt",
  ".csv",
  ".docx",
  ".xlsx",
  ".pptx",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
].join(",");

/**
 * The node's default largest file (files.maxBytes, 25 MiB). Not enforced here (an administrator
 * may change the limit and the node says so with a 413); only used to explain an upload the node
 * cut off: it may close the connection on a file over its limit before the browser sees its answer.
 */
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/**
 * A size in the largest unit under which it stays at least 1, in steps of 1024 as the node counts
 * its limit ("larger than the limit of 25 MB" is 25 × 1024 × 1024 bytes), so the two agree.
 */
export function byteSize(bytes: number): { value: number; unit: "byte" | "kilobyte" | "megabyte" | "gigabyte" } {
  const K = 1024;
  if (bytes < K) return { value: bytes, unit: "byte" };
  if (bytes < K * K) return { value: bytes / K, unit: "kilobyte" };
  if (bytes < K * K * K) return { value: bytes / (K * K), unit: "megabyte" };
  return { value: bytes / (K * K * K), unit: "gigabyte" };
}

/** The short label a non-picture file shows in place of a thumbnail: "PDF", "XLSX", "CSV". */
export function typeLabel(fileName: string, contentType: string): string {
  const dot = fileName.lastIndexOf(".");
  const ext = dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot + 1) : "";
  if (ext && ext.length <= 5 && /^[a-z0-9]+$/i.test(ext)) return ext.toUpperCase();
  const sub = contentType.split(";")[0].split("/")[1] ?? "";
  return sub && sub.length <= 5 ? sub.toUpperCase() : "FILE";
}

/** The colour of that label by kind of document. */
export function typeColor(label: string): string {
  if (label === "PDF") return "red";
  if (label === "XLSX" || label === "CSV") return "green";
  if (label === "DOCX" || label === "TXT") return "blue";
  if (label === "PPTX") return "orange";
  return "gray";
}

/** How long a download link is valid (files.proto), and how old one may get before the list is read again. */
export const LINK_VALID_MS = 15 * 60_000;
export const LINK_REFRESH_AGE_MS = 10 * 60_000;
const MIN_REFETCH_MS = 30_000;

/**
 * When the list must be read again for fresh links: when its oldest link is about 10 minutes old
 * (5 minutes before the first one expires), counted from the links' own expiry when the node sent
 * it, else from when the list was read. Never sooner than 30 s (a clock far off must not loop).
 */
export function refetchDelay(expiries: (Date | undefined)[], readAt: number, now: number): number {
  const margin = LINK_VALID_MS - LINK_REFRESH_AGE_MS;
  let due = readAt + LINK_REFRESH_AGE_MS;
  for (const e of expiries) if (e) due = Math.min(due, e.getTime() - margin);
  return Math.max(MIN_REFETCH_MS, Math.min(LINK_REFRESH_AGE_MS, due - now));
}

/** The link that saves the file instead of showing it (files.proto: `&download=1`). */
export function downloadHref(url: string): string {
  if (!url) return url;
  return `${url}${url.includes("?") ? "&" : "?"}download=1`;
}

/** Which message a refused upload shows (texts in messages.ts: files.upload.error.<kind>), besides the node's own words. */
export type UploadFailure = "unauthenticated" | "forbidden" | "notFound" | "tooLarge" | "quotaFull" | "unsupported" | "badRequest" | "server" | "network";

export function uploadFailureOf(status: number): UploadFailure {
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status === 404) return "notFound";
  if (status === 413) return "tooLarge";
  // 507 Insufficient Storage: the company's files have used up their storage quota (files.quotaBytes).
  if (status === 507) return "quotaFull";
  if (status === 415) return "unsupported";
  if (status >= 400 && status < 500) return "badRequest";
  return "server";
}

export class UploadError extends Error {
  constructor(
    readonly kind: UploadFailure,
    /** The node's own words (the `message` of its JSON error, or its plain-text answer), when it gave any. */
    readonly detail: string,
    readonly status = 0,
  ) {
    super(detail || kind);
  }
}

/** The node's message from an error body: `{"code","message"}`, or plain text, or nothing useful (an HTML page from a proxy). */
export function errorDetail(body: string): string {
  const text = body.trim();
  if (!text) return "";
  if (text.startsWith("{")) {
    try {
      const j = JSON.parse(text) as { message?: unknown; code?: unknown };
      if (typeof j.message === "string" && j.message.trim()) return j.message.trim();
      if (typeof j.code === "string") return j.code;
    } catch {
      // Not JSON after all: the text itself, below.
    }
  }
  if (text.startsWith("<")) return "";
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
