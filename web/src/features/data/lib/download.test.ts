import { describe, expect, it } from "vitest";
import { dispositionFilename, failureOf, fallbackFilename } from "./download";

describe("dispositionFilename", () => {
  it("reads the node's header", () => {
    expect(dispositionFilename('attachment; filename="eventkit-export-20261205T073000Z-csv.zip"', "x.zip")).toBe(
      "eventkit-export-20261205T073000Z-csv.zip",
    );
  });

  it("prefers filename*, reads a bare token, and strips any path", () => {
    expect(dispositionFilename("attachment; filename=\"a.zip\"; filename*=UTF-8''M%C3%A4rz%20export.zip", "x")).toBe("März export.zip");
    expect(dispositionFilename("attachment; filename=plain.zip", "x")).toBe("plain.zip");
    expect(dispositionFilename('attachment; filename="../../etc/passwd"', "x")).toBe("passwd");
  });

  it("falls back without a usable name", () => {
    expect(dispositionFilename(null, fallbackFilename("ndjson"))).toBe("eventkit-export-ndjson.zip");
    expect(dispositionFilename("attachment", "f.zip")).toBe("f.zip");
    expect(dispositionFilename('attachment; filename=""', "f.zip")).toBe("f.zip");
  });
});

describe("failureOf", () => {
  it("maps the node's answers to what the person can do", () => {
    expect(failureOf(401)).toBe("unauthenticated");
    expect(failureOf(403)).toBe("forbidden");
    expect(failureOf(400)).toBe("badRequest");
    expect(failureOf(500)).toBe("server");
    expect(failureOf(503)).toBe("server");
  });
});
