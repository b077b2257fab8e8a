import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import type { ComponentProps } from "react";
import { Code, ConnectError } from "@connectrpc/connect";
import { LoginForm } from "./LoginForm";
import { en } from "../../../app/messages/en";
import { de } from "../../../app/messages/de";

function renderForm(
  onSubmit: (email: string, password: string, tenant?: string) => Promise<void>,
  locale = "en",
  props: Omit<ComponentProps<typeof LoginForm>, "onSubmit"> = {},
) {
  return render(
    <IntlProvider locale={locale} messages={locale === "de" ? de : en}>
      <MantineProvider>
        <LoginForm onSubmit={onSubmit} {...props} />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("LoginForm", () => {
  it("submits the trimmed email and the password", async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderForm(onSubmit);
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: "  ada@example.com " } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "a long passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith("ada@example.com", "a long passphrase"));
  });

  it("shows the API's refusal above the form and keeps what was typed", async () => {
    renderForm(() => Promise.reject(new ConnectError("email or password is wrong", Code.Unauthenticated)));
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: "ada@example.com" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "Sign-in failed: email or password is wrong");
    expect((screen.getByLabelText(/Email/) as HTMLInputElement).value).toBe("ada@example.com");
  });

  it("puts a field violation next to its field", async () => {
    renderForm(() => Promise.reject(new ConnectError("invalid request: email is required", Code.InvalidArgument)));
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("is required")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("speaks German", () => {
    renderForm(() => Promise.resolve(), "de");
    expect(screen.getByRole("button", { name: "Anmelden" })).toBeTruthy();
    expect(screen.getByLabelText(/Passwort/)).toBeTruthy();
  });

  it("asks for no company account unless the node says so (a self-hosted node looks as before)", () => {
    renderForm(() => Promise.resolve());
    expect(screen.queryByLabelText(/Company account/)).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText(/Email/));
  });

  it("asks for the company account when the node needs it, prefilled with the last choice, and sends it normalised", async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderForm(onSubmit, "en", { tenantRequired: true, tenant: "acme" });
    const field = screen.getByLabelText(/Company account/) as HTMLInputElement;
    expect(field.value).toBe("acme");
    expect(field.required).toBe(true);
    fireEvent.change(field, { target: { value: "  Beta-Events " } });
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: "ada@example.com" } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "a long passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith("ada@example.com", "a long passphrase", "beta-events"));
    expect(field.value).toBe("beta-events");
  });

  it("starts on an empty company account field", () => {
    renderForm(() => Promise.resolve(), "en", { tenantRequired: true });
    expect(document.activeElement).toBe(screen.getByLabelText(/Company account/));
  });

  it("checks the company account's ID before calling the node", async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderForm(onSubmit, "en", { tenantRequired: true });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Enter your company account ID")).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Company account/), { target: { value: "acme_events" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText(/has 1 to 63 characters/)).toBeTruthy();
    expect(screen.getByLabelText(/Company account/).getAttribute("aria-invalid")).toBe("true");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("puts the node's refusal of the company account (unknown, suspended) on its field", async () => {
    renderForm(
      () => Promise.reject(new ConnectError("there is no company account 'acme' on this service: check the ID or address", Code.NotFound)),
      "en",
      { tenantRequired: true, tenant: "acme" },
    );
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("there is no company account 'acme' on this service: check the ID or address")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    // Typing another ID takes the refusal of the old one off the field.
    fireEvent.change(screen.getByLabelText(/Company account/), { target: { value: "acme-av" } });
    expect(screen.queryByText(/there is no company account 'acme'/)).toBeNull();
    expect(screen.getByLabelText(/Company account/).getAttribute("aria-invalid")).not.toBe("true");
  });

  it("shows a refusal the screen had before any submit on the field, and reports a new ID when the field is left", () => {
    const onTenantChange = vi.fn();
    renderForm(() => Promise.resolve(), "en", {
      tenantRequired: true,
      tenant: "acme",
      onTenantChange,
      tenantError: "the company account 'acme' is suspended: its administrators can ask the service's operator why",
    });
    expect(screen.getByText(/is suspended/)).toBeTruthy();
    const field = screen.getByLabelText(/Company account/);
    fireEvent.blur(field);
    fireEvent.change(field, { target: { value: "not an id" } });
    fireEvent.blur(field);
    expect(onTenantChange).not.toHaveBeenCalled();
    fireEvent.change(field, { target: { value: "Beta" } });
    fireEvent.blur(field);
    expect(onTenantChange).toHaveBeenCalledWith("beta");
  });

  it("asks for the company account in German", () => {
    renderForm(() => Promise.resolve(), "de", { tenantRequired: true });
    expect(screen.getByLabelText(/Firmenkonto/)).toBeTruthy();
  });
});
