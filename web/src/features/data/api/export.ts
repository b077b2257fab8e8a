import { auth } from "../../../lib/transport";
import { tenantHeaders } from "../../../lib/tenant";
import { dispositionFilename, ExportError, failureOf, fallbackFilename, type ExportFormat } from "../lib/download";

/** The node's export download (docs/data.md): not an RPC, an HTTP GET with the API's bearer credential. */
export const EXPORT_PATH = "/data/export";

export interface Downloaded {
  blob: Blob;
  filename: string;
  bytes: number;
}

async function get(url: string, signal: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { ...tenantHeaders() };
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
  try {
    return await fetch(url, { headers, signal, cache: "no-store" });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new ExportError("network", "");
  }
}

/**
 * Downloads a full export into memory, reporting the bytes received as they arrive. Uses the
 * session's in-memory access token (after a reload, the refresh first); an expired one is
 * refreshed once and the download retried, as the API's interceptor does for RPCs. Rejects with
 * an ExportError (the node's plain-text reason kept), or an AbortError when `signal` aborts.
 */
export async function downloadExport(format: ExportFormat, onProgress: (bytes: number) => void, signal: AbortSignal): Promise<Downloaded> {
  if (auth.token === null) await auth.resume().catch(() => false);
  const url = `${EXPORT_PATH}?format=${format}`;
  const sent = auth.token;
  let res = await get(url, signal);
  if (res.status === 401 && sent !== null) {
    const fresh = auth.token !== sent || (await auth.refresh().catch(() => false));
    if (fresh && auth.token) res = await get(url, signal);
  }
  if (!res.ok) {
    const detail = (await res.text().catch(() => "")).trim();
    throw new ExportError(failureOf(res.status), detail, res.status);
  }
  const filename = dispositionFilename(res.headers.get("Content-Disposition"), fallbackFilename(format));
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  if (res.body) {
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value as Uint8Array<ArrayBuffer>);
        bytes += value.byteLength;
        onProgress(bytes);
      }
    } catch (e) {
      if (signal.aborted) throw e;
      // The node sent the status already and failed mid-way: what came is a truncated zip.
      throw new ExportError("interrupted", "");
    }
  } else {
    const b = new Uint8Array(await res.arrayBuffer());
    parts.push(b);
    bytes = b.byteLength;
    onProgress(bytes);
  }
  return { blob: new Blob(parts, { type: "application/zip" }), filename, bytes };
}

/** Hands a blob to the browser as a file download under `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser has taken the file once the click's task has run.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
