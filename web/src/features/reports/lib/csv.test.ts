import { describe, expect, it } from "vitest";
import { csvField, csvFileName, toCsv } from "./csv";

describe("CSV", () => {
  it("quotes only what needs it, doubling quotes (RFC 4180)", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("Hall 7, Messe")).toBe('"Hall 7, Messe"');
    expect(csvField('12" speaker')).toBe('"12"" speaker"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField("")).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(null)).toBe("");
  });

  it("writes numbers as numbers with a dot, whatever the locale", () => {
    expect(csvField(1234.5)).toBe("1234.5");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(0)).toBe("0");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(12n)).toBe("12");
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvField("=SUM(A1:A9)")).toBe("'=SUM(A1:A9)");
    expect(csvField("+49 30 1234")).toBe("'+49 30 1234");
    expect(csvField("-minus")).toBe("'-minus");
    expect(csvField("@cmd")).toBe("'@cmd");
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });

  it("joins a header and rows with CRLF, one line per row", () => {
    const csv = toCsv(["Month", "Revenue", "Client"], [
      ["2026-03", 1250.5, "Messe Berlin, Halle 7"],
      ["2026-04", 0, 'Club "Nord"'],
    ]);
    expect(csv).toBe('Month,Revenue,Client\r\n2026-03,1250.5,"Messe Berlin, Halle 7"\r\n2026-04,0,"Club ""Nord"""\r\n');
    expect(toCsv(["A"], [])).toBe("A\r\n");
  });

  it("names the file after the title and the day", () => {
    expect(csvFileName("Revenue by month", "2026-12-05")).toBe("revenue-by-month-2026-12-05.csv");
    expect(csvFileName("Umsatz für Köln", "2026-12-05")).toBe("umsatz-fur-koln-2026-12-05.csv");
    expect(csvFileName("الإيرادات", "2026-12-05")).toBe("الإيرادات-2026-12-05.csv");
    expect(csvFileName("***", "2026-12-05")).toBe("report-2026-12-05.csv");
  });
});
