import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { Code, ConnectError } from "@connectrpc/connect";
import { en } from "../app/messages/en";
import { QueryState } from "./QueryState";

function show(error: unknown, invalidIsNotFound = false) {
  return render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <QueryState isPending={false} error={error} invalidIsNotFound={invalidIsNotFound} notFound={<p data-testid="gone">gone</p>}>
          <p data-testid="content">content</p>
        </QueryState>
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("QueryState notFound", () => {
  it("shows the screen's not-found text for NOT_FOUND, the API's message otherwise", () => {
    show(new ConnectError("no such thing", Code.NotFound));
    expect(screen.getByTestId("gone")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("treats INVALID_ARGUMENT as not found only when asked to", () => {
    const { unmount } = show(new ConnectError("id: not a UUID", Code.InvalidArgument));
    expect(screen.queryByTestId("gone")).toBeNull();
    expect(screen.getByRole("alert").textContent).toContain("id: not a UUID");
    unmount();
    show(new ConnectError("id: not a UUID", Code.InvalidArgument), true);
    expect(screen.getByTestId("gone")).toBeTruthy();
  });

  it("shows the content without an error", () => {
    show(null);
    expect(screen.getByTestId("content")).toBeTruthy();
  });
});
