/** The export download's pure parts: the file name the node sends, and what a failed answer tells a person. */

export type ExportFormat = "ndjson" | "csv";

/**
 * The file name of a Content-Disposition header (`filename*=UTF-8''…` preferred, then
 * `filename="…"` or a bare token), reduced to a plain file name; `fallback` when there is none.
 */
export function dispositionFilename(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  let name: string | undefined;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      name = decodeURIComponent(star[2].trim().replace(/^"|"$/g, ""));
    } catch {
      name = undefined;
    }
  }
  if (!name) {
    const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
    const bare = /filename\s*=\s*([^;"\s]+)/i.exec(header);
    name = quoted ? quoted[1].replace(/\\(.)/g, "$1") : bare?.[1];
  }
  // A name, not a path.
  const clean = name?.split(/[\\/]/).pop()?.trim();
  return clean ? clean : fallback;
}

export function fallbackFilename(format: ExportFormat): string {
  return `eventkit-export-${format}.zip`;
}

/** Which message a failed download shows (texts in messages.ts: data.export.error.<kind>). */
export type ExportFailure = "unauthenticated" | "forbidden" | "badRequest" | "server" | "network" | "interrupted";

export function failureOf(status: number): ExportFailure {
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status >= 400 && status < 500) return "badRequest";
  return "server";
}

export class ExportError extends Error {
  constructor(
    readonly kind: ExportFailure,
    /** The node's own words (its plain-text answer), when it gave any. */
    readonly detail: string,
    readonly status = 0,
  ) {
    super(detail || kind);
  }
}
