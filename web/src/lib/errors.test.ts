import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { toUiError, withTenantField } from "./errors";

describe("toUiError", () => {
  it("puts the node's field violations next to the form's fields, in the API's words", () => {
    const e = new ConnectError(
      "invalid request: new_password must be 12 to 256 characters; current_password is required",
      Code.InvalidArgument,
    );
    const ui = toUiError(e, { new_password: "next", current_password: "current" });
    expect(ui.fields).toEqual({ next: "must be 12 to 256 characters", current: "is required" });
    expect(ui.message).toBe("");
  });

  it("keeps violations of fields the form does not show in the message", () => {
    const e = new ConnectError("invalid request: email is required; tenant is unknown", Code.InvalidArgument);
    const ui = toUiError(e, { email: "email" });
    expect(ui.fields).toEqual({ email: "is required" });
    expect(ui.message).toBe("invalid request: tenant is unknown");
  });

  it("shows any other error's message without the code prefix", () => {
    const ui = toUiError(new ConnectError("email or password is wrong", Code.Unauthenticated));
    expect(ui).toEqual({ fields: {}, message: "email or password is wrong", code: Code.Unauthenticated });
  });

  it("turns a non-Connect failure (fetch) into one message", () => {
    const ui = toUiError(new TypeError("Failed to fetch"));
    expect(ui.fields).toEqual({});
    expect(ui.message).toContain("Failed to fetch");
  });
});

describe("withTenantField", () => {
  it("puts the node's refusal of the company account (unknown, suspended, no ID) on its field, in the API's words", () => {
    const unknown = withTenantField(toUiError(new ConnectError("there is no company account 'acme' on this service: check the ID or address", Code.NotFound)), "tenant");
    expect(unknown).toEqual({ fields: { tenant: "there is no company account 'acme' on this service: check the ID or address" }, message: "", code: Code.NotFound });
    const suspended = withTenantField(toUiError(new ConnectError("the company account 'acme' is suspended: its administrators can ask the service's operator why", Code.PermissionDenied)), "tenant");
    expect(suspended.fields.tenant).toContain("is suspended");
    expect(suspended.message).toBe("");
    const malformed = withTenantField(toUiError(new ConnectError("the EventKit-Tenant header must be a company account ID (1-63 characters of a-z, 0-9 and '-'), got 'A B'", Code.InvalidArgument)), "tenant");
    expect(malformed.fields.tenant).toContain("EventKit-Tenant");
  });

  it("leaves every other error where it was", () => {
    const wrong = toUiError(new ConnectError("email or password is wrong", Code.Unauthenticated));
    expect(withTenantField(wrong, "tenant")).toBe(wrong);
    const invalid = toUiError(new ConnectError("invalid request: email is required", Code.InvalidArgument), { email: "email" });
    expect(withTenantField(invalid, "tenant")).toBe(invalid);
  });
});
