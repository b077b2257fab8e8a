import { describe, expect, it } from "vitest";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { byteSize, DEFAULT_MAX_BYTES, downloadHref, errorDetail, LINK_REFRESH_AGE_MS, PERMISSIONS, refetchDelay, typeLabel, uploadFailureOf, uploadUrl } from "./files";

describe("files lib", () => {
  it("builds the upload URL with the owner in the path and the name (and caption) in the query", () => {
    expect(uploadUrl("product", "p1", "stage plot.pdf")).toBe("/files/product/p1?name=stage+plot.pdf");
    expect(uploadUrl("repair", "r/1", "dent #2.jpg", "left side & top")).toBe("/files/repair/r%2F1?name=dent+%232.jpg&caption=left+side+%26+top");
  });

  it("writes a repair's files with SCAN and a quote's with QUOTES_WRITE", () => {
    expect(PERMISSIONS.repair).toEqual({ read: Permission.INVENTORY_READ, write: Permission.SCAN });
    expect(PERMISSIONS.quote.write).toBe(Permission.QUOTES_WRITE);
    expect(PERMISSIONS.event.read).toBe(Permission.PLANNING_READ);
  });

  it("labels a file by its extension, else its type", () => {
    expect(typeLabel("rider.PDF", "application/pdf")).toBe("PDF");
    expect(typeLabel("budget.xlsx", "")).toBe("XLSX");
    expect(typeLabel("README", "text/plain")).toBe("PLAIN");
    expect(typeLabel("noext", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).toBe("FILE");
  });

  it("reads the list again when its oldest link is 10 minutes old, never sooner than 30 s", () => {
    const now = 1_000_000_000;
    // Links expiring in 15 minutes: refresh in 10.
    expect(refetchDelay([new Date(now + 15 * 60_000)], now, now)).toBe(10 * 60_000);
    // One link is older (expires in 7 minutes): refresh in 2.
    expect(refetchDelay([new Date(now + 15 * 60_000), new Date(now + 7 * 60_000)], now, now)).toBe(2 * 60_000);
    // Already past due (or a clock far off): 30 s, not a loop.
    expect(refetchDelay([new Date(now - 60_000)], now, now)).toBe(30_000);
    // No expiry given: 10 minutes after it was read.
    expect(refetchDelay([undefined], now - 60_000, now)).toBe(LINK_REFRESH_AGE_MS - 60_000);
  });

  it("counts sizes in steps of 1024, as the node's limit", () => {
    expect(byteSize(1023)).toEqual({ value: 1023, unit: "byte" });
    expect(byteSize(1536)).toEqual({ value: 1.5, unit: "kilobyte" });
    expect(byteSize(DEFAULT_MAX_BYTES)).toEqual({ value: 25, unit: "megabyte" });
  });

  it("asks for a download with download=1", () => {
    expect(downloadHref("/files/a1?expires=1&signature=x")).toBe("/files/a1?expires=1&signature=x&download=1");
    expect(downloadHref("/files/a1")).toBe("/files/a1?download=1");
  });

  it("maps statuses and keeps the node's words", () => {
    expect([401, 403, 404, 413, 507, 415, 400, 409, 500].map(uploadFailureOf)).toEqual(["unauthenticated", "forbidden", "notFound", "tooLarge", "quotaFull", "unsupported", "badRequest", "badRequest", "server"]);
    expect(errorDetail('{"code":"resource_exhausted","message":"at most 25 MB"}')).toBe("at most 25 MB");
    expect(errorDetail('{"code":"not_found"}')).toBe("not_found");
    expect(errorDetail("plain reason\n")).toBe("plain reason");
    expect(errorDetail("<html><body>502</body></html>")).toBe("");
    expect(errorDetail("")).toBe("");
  });
});
