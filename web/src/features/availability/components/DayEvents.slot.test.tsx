import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { ProductSchema } from "../../../gen/eventkit/v1/inventory_pb";
import { EventSchema, type Event } from "../../../gen/eventkit/v1/planning_pb";

const asked = vi.fn();
vi.mock("../../../components/AnchorLink", () => ({
  AnchorLink: (p: { children: unknown; "data-testid"?: string }) => (
    <a href="#" data-testid={p["data-testid"]}>
      {p.children as string}
    </a>
  ),
}));
vi.mock("@connectrpc/connect-query", () => ({
  useQuery: (_method: unknown, input: unknown) => {
    asked(input);
    return {
      isPending: false,
      error: null,
      refetch: () => {},
      data: { events: [create(EventSchema, { id: "e1", name: "Harbour Festival" })], page: { nextPageToken: "" } },
    };
  },
}));

const { DayEvents } = await import("./DayEvents");

describe("DayEvents", () => {
  it("shows the day's events through the slot the route hands in, under the drill-down's test ID", () => {
    const shown = vi.fn((events: Event[], testId: string) => (
      <ul data-testid={testId}>
        {events.map((e) => (
          <li key={e.id}>{e.name}</li>
        ))}
      </ul>
    ));
    const product = create(ProductSchema, { id: "p1", name: "Robe Spiider" });
    render(
      <IntlProvider locale="en" messages={en}>
        <MantineProvider>
          <DayEvents cell={{ product, day: new Date(2027, 2, 10), available: 4 }} onClose={() => {}} events={shown} />
        </MantineProvider>
      </IntlProvider>,
    );
    expect(asked).toHaveBeenCalledWith(expect.objectContaining({ productId: "p1" }));
    expect(shown).toHaveBeenCalledWith([expect.objectContaining({ id: "e1" })], "timeline-day-events");
    expect(screen.getByTestId("timeline-day-events").textContent).toBe("Harbour Festival");
  });
});
