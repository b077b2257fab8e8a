/** A CSV cell: text, a number (written with a dot, no grouping), or nothing. */
export type CsvCell = string | number | bigint | boolean | null | undefined;

/**
 * One field per RFC 4180: quoted when it holds a comma, a quote, a line break or surrounding
 * spaces, quotes doubled. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at
 * the start) gets a leading apostrophe first (OWASP's CSV injection advice); numbers stay numbers.
 */
export function csvField(v: CsvCell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "bigint" || typeof v === "boolean") return String(v);
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header and rows as CSV text: CRLF line ends, one line per row, no trailing empty line. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** A file name from a title: letters, digits and dashes, plus the date (report-2026-12-05.csv). */
export function csvFileName(title: string, day: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .normalize("NFC");
  return `${base || "report"}-${day}.csv`;
}

/** Saves CSV text as a download (UTF-8 with a BOM, so spreadsheet programs read the accents). */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
