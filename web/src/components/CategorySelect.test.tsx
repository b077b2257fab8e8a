import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { en } from "../app/messages/en";

const categories = vi.fn();
vi.mock("@connectrpc/connect-query", () => ({ useQuery: () => categories() }));

const { CategorySelect } = await import("./CategorySelect");

function renderSelect(value: string | undefined, onChange = vi.fn()) {
  render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <CategorySelect value={value} onChange={onChange} testId="cat" />
      </MantineProvider>
    </IntlProvider>,
  );
  return onChange;
}

describe("CategorySelect", () => {
  it("offers the node's categories with their product counts and reports the pick", async () => {
    categories.mockReturnValue({ isPending: false, isError: false, data: { categories: [{ name: "Audio", productCount: 12 }, { name: "Lighting", productCount: 3 }] } });
    const onChange = renderSelect(undefined);
    fireEvent.click(screen.getByTestId("cat"));
    fireEvent.click(await screen.findByRole("option", { name: "Lighting (3)" }));
    expect(onChange).toHaveBeenCalledWith("Lighting");
  });

  it("keeps a category from the URL that no product has any more, and clears to all", () => {
    categories.mockReturnValue({ isPending: false, isError: false, data: { categories: [{ name: "Audio", productCount: 12 }] } });
    const onChange = renderSelect("Gone");
    expect((screen.getByTestId("cat") as HTMLInputElement).value).toBe("Gone");
    const clear = screen.getByTestId("cat-clear");
    expect(clear.getAttribute("aria-label")).toBe("Show all categories");
    fireEvent.click(clear);
    expect(onChange).toHaveBeenCalledWith(undefined);
  });

  it("says so when the categories cannot be loaded", () => {
    categories.mockReturnValue({ isPending: false, isError: true, data: undefined });
    renderSelect(undefined);
    expect(screen.getByPlaceholderText("Categories could not be loaded")).toBeTruthy();
  });
});
