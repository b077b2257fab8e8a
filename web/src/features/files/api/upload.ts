import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { AttachmentSchema, type Attachment } from "../../../gen/eventkit/v1/files_pb";
import { auth } from "../../../lib/transport";
import { tenantHeaders } from "../../../lib/tenant";
import { errorDetail, UploadError, uploadFailureOf, uploadUrl, type OwnerKind } from "../lib/files";

async function post(url: string, file: File, signal: AbortSignal | undefined): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": file.type || "application/octet-stream", ...tenantHeaders() };
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
  try {
    return await fetch(url, { method: "POST", headers, body: file, signal, cache: "no-store" });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new UploadError("network", "");
  }
}

/**
 * Uploads one file to an owner (files.proto: POST /files/<owner>/<owner_id>?name=…, the bytes as
 * the body) with the session's in-memory access token (after a reload, the refresh first); an
 * expired one is refreshed once and the upload sent again, as the API's interceptor does for RPCs.
 * Resolves the node's Attachment (null when its answer could not be read: stored all the same, the
 * list shows it once read again); rejects with an UploadError that keeps the node's message (a
 * 413 for a file over the limit, a 415 for a type not accepted…), or an AbortError.
 */
export async function uploadAttachment(owner: OwnerKind, ownerId: string, file: File, caption?: string, signal?: AbortSignal): Promise<Attachment | null> {
  if (auth.token === null) await auth.resume().catch(() => false);
  const url = uploadUrl(owner, ownerId, file.name, caption);
  const sent = auth.token;
  let res = await post(url, file, signal);
  if (res.status === 401 && sent !== null) {
    const fresh = auth.token !== sent || (await auth.refresh().catch(() => false));
    if (fresh && auth.token) res = await post(url, file, signal);
  }
  const body = await res.text().catch(() => "");
  if (!res.ok) throw new UploadError(uploadFailureOf(res.status), errorDetail(body), res.status);
  try {
    return fromJson(AttachmentSchema, JSON.parse(body) as JsonValue, { ignoreUnknownFields: true });
  } catch {
    return null;
  }
}
