import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { changedFields, toFormError } from "./formErrors";

describe("toFormError", () => {
  it("puts an ALREADY_EXISTS message next to the named field", () => {
    const e = new ConnectError("location code LDN is already used by location 42", Code.AlreadyExists);
    expect(toFormError(e, { code: "code" }, "code")).toEqual({
      fields: { code: "location code LDN is already used by location 42" },
      message: "",
      code: Code.AlreadyExists,
    });
  });

  it("keeps field violations of INVALID_ARGUMENT on their fields", () => {
    const e = new ConnectError("invalid request: name is required; kind is required", Code.InvalidArgument);
    const ui = toFormError(e, { name: "name" }, "code");
    expect(ui.fields).toEqual({ name: "is required" });
    expect(ui.message).toBe("invalid request: kind is required");
  });

  it("leaves other refusals as the form's message", () => {
    const e = new ConnectError("location LDN is still in use: 2 bin(s) inside it", Code.FailedPrecondition);
    const ui = toFormError(e, {}, "code");
    expect(ui.fields).toEqual({});
    expect(ui.message).toContain("still in use");
  });
});

describe("changedFields", () => {
  it("returns only what differs", () => {
    expect(changedFields({ serial: "A", barcode: "B", home: "H" }, { serial: "A2", barcode: "B", home: "H" })).toEqual({ serial: "A2" });
    expect(changedFields({ serial: "A" }, { serial: "A" })).toEqual({});
  });
});
