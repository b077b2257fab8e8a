import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { EventStatus } from "../../../gen/eventkit/v1/planning_pb";
import { en } from "../../../app/messages/en";
import { ar } from "../../../app/messages/ar";
import { AvailabilityBadge } from "./AvailabilityBadge";
import { StatusBadge, STATUS_LADDER, STATUS_STYLE } from "./StatusBadge";

function renderIn(node: React.ReactNode, locale: "en" | "ar" = "en") {
  return render(
    <IntlProvider locale={locale} messages={locale === "ar" ? ar : en}>
      <MantineProvider>{node}</MantineProvider>
    </IntlProvider>,
  );
}

describe("AvailabilityBadge", () => {
  it("is red with the number short when the event cannot be supplied", () => {
    renderIn(<AvailabilityBadge requested={10} available={7} shortfall={3} tentative={2} />);
    expect(screen.getByText("Short 3").closest("[data-availability]")?.getAttribute("data-availability")).toBe("short");
  });

  it("is amber when pencilled holds compete, green otherwise", () => {
    renderIn(<AvailabilityBadge requested={4} available={4} shortfall={0} tentative={2} />);
    expect(screen.getByText("Available; 2 pencilled")).toBeTruthy();
    renderIn(<AvailabilityBadge requested={4} available={4} shortfall={0} tentative={0} />);
    expect(screen.getByText("Available").closest("[data-availability]")?.getAttribute("data-availability")).toBe("ok");
  });
});

describe("StatusBadge", () => {
  it("labels every status on the ladder, in English and Arabic", () => {
    for (const s of STATUS_LADDER) {
      const { unmount } = renderIn(<StatusBadge status={s} />);
      expect(document.querySelector(`[data-status="${EventStatus[s]}"]`)?.textContent).not.toMatch(/^status\./);
      unmount();
    }
    renderIn(<StatusBadge status={EventStatus.CONFIRMED} />, "ar");
    expect(screen.getByText("مؤكد")).toBeTruthy();
  });

  it("draws pencilled holds outlined and firm holds solid", () => {
    expect(STATUS_STYLE[EventStatus.PROVISIONAL].variant).toBe("outline");
    expect(STATUS_STYLE[EventStatus.RESERVED].variant).toBe("filled");
    expect(STATUS_STYLE[EventStatus.CONFIRMED].variant).toBe("filled");
  });
});
