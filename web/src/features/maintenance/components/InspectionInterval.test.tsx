import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";

const current = vi.fn<() => number>();
const set = vi.fn();
const canWrite = vi.fn(() => true);
vi.mock("../../../lib/session", () => ({ useCan: () => canWrite() }));
vi.mock("../../../lib/notify", () => ({ toastInfo: () => {} }));
vi.mock("../api/maintenance", () => ({
  useInspectionInterval: (productId: string) => ({
    isPending: false,
    error: null,
    data: { productId, intervalDays: current() },
    refetch: () => {},
  }),
  useSetInspectionInterval: () => ({ mutateAsync: set, isPending: false }),
}));

const { InspectionInterval } = await import("./InspectionInterval");

function show() {
  return render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <InspectionInterval productId="p1" />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("InspectionInterval", () => {
  it("shows the current interval, starts the form from it and replaces it", async () => {
    current.mockReturnValue(365);
    set.mockResolvedValue({ productId: "p1", intervalDays: 180 });
    show();
    expect(screen.getByTestId("interval-current").textContent).toBe("Units must pass an inspection every 365 days");
    expect((screen.getByTestId("interval-days") as HTMLInputElement).value).toBe("365");
    fireEvent.change(screen.getByTestId("interval-days"), { target: { value: "1.5" } });
    fireEvent.click(screen.getByTestId("interval-save"));
    expect(screen.getByText("Enter whole days from 0 to 3650")).toBeTruthy();
    expect(set).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("interval-days"), { target: { value: "180" } });
    fireEvent.click(screen.getByTestId("interval-save"));
    await waitFor(() => expect(set).toHaveBeenCalledWith({ productId: "p1", intervalDays: 180 }));
  });

  it("says when there is no interval, and shows it without the form to readers", () => {
    current.mockReturnValue(0);
    const { unmount } = show();
    expect(screen.getByTestId("interval-current").textContent).toBe("No inspection interval: units of this product are not inspected");
    expect((screen.getByTestId("interval-days") as HTMLInputElement).value).toBe("");
    unmount();
    canWrite.mockReturnValue(false);
    current.mockReturnValue(30);
    show();
    expect(screen.getByTestId("interval-current").textContent).toBe("Units must pass an inspection every 30 days");
    expect(screen.queryByTestId("interval-days")).toBeNull();
  });
});
