import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { en } from "../app/messages/en";

import { CategorySelect, type CategoriesQuery } from "./CategorySelect";

function renderSelect(categories: CategoriesQuery, value: string | undefined, onChange = vi.fn()) {
  render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <CategorySelect categories={categories} value={value} onChange={onChange} testId="cat" />
      </MantineProvider>
    </IntlProvider>,
  );
  return onChange;
}

describe("CategorySelect", () => {
  it("offers the node's categories with their product counts and reports the pick", async () => {
    const onChange = renderSelect({ isPending: false, isError: false, data: { categories: [{ name: "Audio", productCount: 12 }, { name: "Lighting", productCount: 3 }] } }, undefined);
    fireEvent.click(screen.getByTestId("cat"));
    fireEvent.click(await screen.findByRole("option", { name: "Lighting (3)" }));
    expect(onChange).toHaveBeenCalledWith("Lighting");
  });

  it("keeps a category from the URL that no product has any more, and clears to all", () => {
    const onChange = renderSelect({ isPending: false, isError: false, data: { categories: [{ name: "Audio", productCount: 12 }] } }, "Gone");
    expect((screen.getByTestId("cat") as HTMLInputElement).value).toBe("Gone");
    const clear = screen.getByTestId("cat-clear");
    expect(clear.getAttribute("aria-label")).toBe("Show all categories");
    fireEvent.click(clear);
    expect(onChange).toHaveBeenCalledWith(undefined);
  });

  it("says so when the categories cannot be loaded", () => {
    renderSelect({ isPending: false, isError: true, data: undefined }, undefined);
    expect(screen.getByPlaceholderText("Categories could not be loaded")).toBeTruthy();
  });
});
