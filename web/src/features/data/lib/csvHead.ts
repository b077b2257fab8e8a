/**
 * What the import wizard reads of a CSV file in the browser: its header line (and the first record,
 * as a sample), to offer the file's columns for the mapping. The node reads the whole file again
 * with commons-csv and decides; this mirrors its detection (Importer.decode, detectDelimiter) so the
 * columns shown are the ones the node will see.
 */

/** The node's limit for one file (Importer.MAX_BYTES: the 4 MiB message limit less room for the rest of the request). */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024 - 4096;

/** How much of the file is read for the header and the sample. */
export const HEAD_BYTES = 64 * 1024;

export type Delimiter = "," | ";" | "\t";
export type EncodingChoice = "auto" | "utf8" | "windows1252";
export type EncodingUsed = "UTF-8" | "UTF-8 (BOM)" | "windows-1252";

export interface FileHead {
  /** The header's column names, surrounding spaces removed (the node compares them so), in file order. */
  headers: string[];
  /** The first record's values by column index, when the file has one. */
  sample: string[];
  encoding: EncodingUsed;
  delimiter: Delimiter;
}

export type HeadResult = { ok: true; head: FileHead } | { ok: false; reason: "empty" | "notUtf8" | "noHeader" };

// Windows-1252's 0x80–0x9F (the five undefined ones kept as C1 controls); the rest is Latin-1.
// Written out because some runtimes' TextDecoder("windows-1252") is plain Latin-1.
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** Decodes the start of a file as the node would decode all of it. */
export function decodeHead(bytes: Uint8Array, choice: EncodingChoice): { text: string; encoding: EncodingUsed } | "notUtf8" {
  if (choice === "windows1252") return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    // stream: a multi-byte character cut at the end of the slice is not an error.
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body, { stream: true });
    return { text, encoding: bom ? "UTF-8 (BOM)" : "UTF-8" };
  } catch {
    if (choice === "utf8") return "notUtf8";
    return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  }
}

/** The most frequent of comma, semicolon and tab in the first line; ties go to the comma, then the semicolon (as the node). */
export function detectDelimiter(text: string): Delimiter {
  const end = text.indexOf("\n");
  const first = end < 0 ? text : text.slice(0, end);
  const count = (c: string) => first.split(c).length - 1;
  const commas = count(",");
  const semis = count(";");
  const tabs = count("\t");
  if (tabs > commas && tabs > semis) return "\t";
  return semis > commas ? ";" : ",";
}

/**
 * The first `max` complete records of RFC 4180 text (quotes, doubled quotes, line breaks inside
 * quotes, CRLF or LF). `complete` says the text is the whole file, so a last record without a line
 * break counts; otherwise a record cut off by the end of the slice is left out. Blank lines are
 * skipped, as the node skips them.
 */
export function firstRecords(text: string, delimiter: Delimiter, max: number, complete: boolean): string[][] {
  const out: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    if (!(record.length === 1 && record[0] === "")) out.push(record);
    record = [];
    field = "";
  };
  while (i < text.length && out.length < max) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
    } else field += c;
    i++;
  }
  if (complete && out.length < max && !quoted && (field !== "" || record.length > 0)) endRecord();
  return out;
}

/** Reads the header (and a sample record) from the start of a file. */
export function readHead(bytes: Uint8Array, complete: boolean, choice: EncodingChoice, chosenDelimiter?: Delimiter): HeadResult {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  const decoded = decodeHead(bytes, choice);
  if (decoded === "notUtf8") return { ok: false, reason: "notUtf8" };
  const delimiter = chosenDelimiter ?? detectDelimiter(decoded.text);
  const [header, sample] = firstRecords(decoded.text, delimiter, 2, complete);
  const headers = (header ?? []).map((h) => h.trim());
  if (headers.every((h) => h === "")) return { ok: false, reason: "noHeader" };
  return { ok: true, head: { headers, sample: sample ?? [], encoding: decoded.encoding, delimiter } };
}

/** Reads the start of a File (browser) and its header. */
export async function readFileHead(file: Blob, choice: EncodingChoice, delimiter?: Delimiter): Promise<HeadResult> {
  const slice = file.slice(0, HEAD_BYTES);
  const bytes = new Uint8Array(await slice.arrayBuffer());
  return readHead(bytes, file.size <= HEAD_BYTES, choice, delimiter);
}

/** A number of bytes in the unit a person reads best (decimal units, as file managers show them). */
export function byteSize(bytes: number): { value: number; unit: "byte" | "kilobyte" | "megabyte" | "gigabyte" } {
  if (bytes < 1000) return { value: bytes, unit: "byte" };
  if (bytes < 1_000_000) return { value: bytes / 1000, unit: "kilobyte" };
  if (bytes < 1_000_000_000) return { value: bytes / 1_000_000, unit: "megabyte" };
  return { value: bytes / 1_000_000_000, unit: "gigabyte" };
}
