import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { Code, ConnectError } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";

const mutateAsync = vi.fn();
vi.mock("../api/events", async (orig) => ({
  ...(await orig<typeof import("../api/events")>()),
  useCreateEvent: () => ({ mutateAsync, isPending: false }),
}));
vi.mock("../../../app/i18n", () => ({ usePreferences: () => ({ timeZone: "Europe/Berlin" }) }));

const { NewEventForm } = await import("./NewEventForm");

function renderForm(onCreated = vi.fn()) {
  render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <NewEventForm onCreated={onCreated} onCancel={() => {}} />
      </MantineProvider>
    </IntlProvider>,
  );
  return onCreated;
}

describe("NewEventForm", () => {
  it("puts the API's field errors by their fields and keeps what was typed", async () => {
    mutateAsync.mockRejectedValueOnce(
      new ConnectError("invalid request: name is required; period.end must be after period.start", Code.InvalidArgument),
    );
    renderForm();
    fireEvent.change(screen.getByLabelText(/^Venue$/), { target: { value: "Hall 9" } });
    fireEvent.click(screen.getByRole("button", { name: "Create event" }));
    await screen.findByText("is required");
    expect(screen.getByText("must be after period.start")).toBeTruthy();
    expect((screen.getByLabelText(/^Venue$/) as HTMLInputElement).value).toBe("Hall 9");
    fireEvent.change(screen.getByLabelText(/^Event/), { target: { value: "Gala" } });
    expect(screen.queryByText("is required")).toBeNull();
  });

  it("sends the trimmed fields and a period, then hands over the new event's ID", async () => {
    mutateAsync.mockResolvedValueOnce({ id: "e-1" });
    const onCreated = renderForm();
    fireEvent.change(screen.getByLabelText(/^Event/), { target: { value: "  Gala  " } });
    fireEvent.click(screen.getByRole("button", { name: "Create event" }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith("e-1"));
    const sent = mutateAsync.mock.calls.at(-1)![0];
    expect(sent.name).toBe("Gala");
    expect(sent.timeZone).toBe("Europe/Berlin");
    expect(Number(sent.period.end.seconds) > Number(sent.period.start.seconds)).toBe(true);
  });
});
