import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { Code, ConnectError } from "@connectrpc/connect";
import { LoginForm } from "./LoginForm";
import { en } from "../../../app/messages/en";
import { de } from "../../../app/messages/de";

function renderForm(onSubmit: (email: string, password: string) => Promise<void>, locale = "en") {
  return render(
    <IntlProvider locale={locale} messages={locale === "de" ? de : en}>
      <MantineProvider>
        <LoginForm onSubmit={onSubmit} />
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
});
