import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { DateRange } from "./DateRange";

const start = timestampFromDate(new Date("2026-12-08T09:00:00Z"));
const end = timestampFromDate(new Date("2026-12-10T23:30:00Z"));

function show(timeZone: string) {
  return render(
    <MantineProvider>
      <IntlProvider locale="en-GB" timeZone={timeZone} onError={() => undefined}>
        <DateRange start={start} end={end} />
      </IntlProvider>
    </MantineProvider>,
  );
}

describe("DateRange", () => {
  it("shows short dates in the user's time zone, and the full dates and times on focus", () => {
    show("Asia/Tokyo");
    // 23:30 UTC on the 10th is the 11th in Tokyo.
    const target = screen.getByText("Tue 8 Dec – Fri 11 Dec");
    fireEvent.focus(target);
    expect(screen.getByRole("tooltip").textContent).toMatch(/^Tuesday, 8 December 2026 at 18:00 – Friday, 11 December 2026 at 08:30$/);
  });

  it("falls back to the browser's time zone when the kept one is unknown, instead of failing the table", () => {
    show("Not/AZone");
    expect(screen.getByText(/8 Dec/)).toBeTruthy();
  });
});
