import { describe, expect, it } from "vitest";
import { byteSize, decodeHead, detectDelimiter, firstRecords, MAX_IMPORT_BYTES, readHead } from "./csvHead";

const utf8 = (s: string) => new TextEncoder().encode(s);
const withBom = (s: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(s)]);
/** Windows-1252 bytes of Latin-1 text (the same code points below 0x100, except 0x80–0x9f). */
const cp1252 = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));

describe("decodeHead", () => {
  it("reads UTF-8 with and without a BOM, and names which", () => {
    expect(decodeHead(utf8("Größe;Preis"), "auto")).toEqual({ text: "Größe;Preis", encoding: "UTF-8" });
    expect(decodeHead(withBom("Größe;Preis"), "auto")).toEqual({ text: "Größe;Preis", encoding: "UTF-8 (BOM)" });
  });

  it("falls back to Windows-1252 for bytes that are not UTF-8, unless UTF-8 was chosen", () => {
    const bytes = cp1252("Größe;Preis X");
    bytes[bytes.length - 1] = 0x80; // € in Windows-1252
    expect(decodeHead(bytes, "auto")).toEqual({ text: "Größe;Preis €", encoding: "windows-1252" });
    expect(decodeHead(bytes, "utf8")).toBe("notUtf8");
    expect(decodeHead(utf8("Größe"), "windows1252")).toEqual({ text: "GrÃ¶ÃŸe", encoding: "windows-1252" });
    expect(decodeHead(new Uint8Array([0x93, 0x61, 0x94, 0x9f, 0x81]), "windows1252")).toMatchObject({ text: "\u201ca\u201d\u0178\u0081" });
  });

  it("does not take a multi-byte character cut by the end of the slice for bad UTF-8", () => {
    const bytes = utf8("name,Größe");
    expect(decodeHead(bytes.subarray(0, bytes.length - 2), "utf8")).toMatchObject({ encoding: "UTF-8" });
  });
});

describe("detectDelimiter", () => {
  it("takes the most frequent of comma, semicolon and tab in the first line, like the node", () => {
    expect(detectDelimiter("a;b;c\n1,2,3,4,5")).toBe(";");
    expect(detectDelimiter("a,b;c,d")).toBe(",");
    expect(detectDelimiter("a\tb\tc,d")).toBe("\t");
    expect(detectDelimiter("a;b,c")).toBe(","); // a tie goes to the comma
    expect(detectDelimiter("a\tb;c")).toBe(";"); // tab must win outright
    expect(detectDelimiter("single")).toBe(",");
  });
});

describe("firstRecords", () => {
  it("reads quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF and blank lines", () => {
    const text = 'name,"note, with comma","say ""hi"""\r\n\r\nA,"two\nlines",x\r\nB,c,d';
    expect(firstRecords(text, ",", 5, true)).toEqual([
      ["name", "note, with comma", 'say "hi"'],
      ["A", "two\nlines", "x"],
      ["B", "c", "d"],
    ]);
  });

  it("leaves out a record cut off by the end of a slice, keeps it at the end of the whole file", () => {
    expect(firstRecords("a;b\n1;2", ";", 5, false)).toEqual([["a", "b"]]);
    expect(firstRecords("a;b\n1;2", ";", 5, true)).toEqual([["a", "b"], ["1", "2"]]);
    expect(firstRecords('a;b\n"1;2', ";", 5, true)).toEqual([["a", "b"]]);
  });

  it("stops after max records", () => {
    expect(firstRecords("a\n1\n2\n3\n", ",", 2, true)).toEqual([["a"], ["1"]]);
  });
});

describe("readHead", () => {
  it("gives the header (trimmed), the first record, the encoding and the delimiter", () => {
    const r = readHead(withBom(" Asset Tag ;Model Name;Serial\r\nA-1;LX-200;S9\r\n"), true, "auto");
    expect(r).toEqual({
      ok: true,
      head: { headers: ["Asset Tag", "Model Name", "Serial"], sample: ["A-1", "LX-200", "S9"], encoding: "UTF-8 (BOM)", delimiter: ";" },
    });
  });

  it("uses a chosen delimiter over the detected one", () => {
    const r = readHead(utf8("a;b,c\n"), true, "auto", ";");
    expect(r.ok && r.head.headers).toEqual(["a", "b,c"]);
  });

  it("names what is wrong with a file it cannot use", () => {
    expect(readHead(new Uint8Array(), true, "auto")).toEqual({ ok: false, reason: "empty" });
    expect(readHead(utf8("\n\n"), true, "auto")).toEqual({ ok: false, reason: "noHeader" });
    expect(readHead(new Uint8Array([0x61, 0xe9, 0x0a]), true, "utf8")).toEqual({ ok: false, reason: "notUtf8" });
    const header = readHead(utf8("only,a,header"), true, "auto");
    expect(header.ok && header.head).toMatchObject({ headers: ["only", "a", "header"], sample: [] });
  });
});

describe("limits and sizes", () => {
  it("is the node's limit: 4 MiB less 4 KiB for the rest of the request", () => {
    expect(MAX_IMPORT_BYTES).toBe(4_190_208);
  });

  it("says a size in the unit a person reads best", () => {
    expect(byteSize(999)).toEqual({ value: 999, unit: "byte" });
    expect(byteSize(12_300)).toEqual({ value: 12.3, unit: "kilobyte" });
    expect(byteSize(4_190_208)).toEqual({ value: 4.190208, unit: "megabyte" });
    expect(byteSize(2_500_000_000)).toEqual({ value: 2.5, unit: "gigabyte" });
  });
});
