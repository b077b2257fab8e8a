import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { transportMessages } from "../messages";
import { CapacityBar } from "./CapacityBar";

function renderIn(node: React.ReactNode, locale: "en" | "de" = "en") {
  return render(
    <IntlProvider locale={locale} messages={transportMessages[locale]}>
      <MantineProvider>{node}</MantineProvider>
    </IntlProvider>,
  );
}

describe("CapacityBar", () => {
  it("says the level in words as well as in colour", () => {
    renderIn(<CapacityBar kind="weight" used={1_000_000n} capacity={3_500_000n} testId="w" />);
    expect(screen.getByTestId("w").getAttribute("data-level")).toBe("ok");
    expect(screen.getByText("OK")).toBeTruthy();
    expect(screen.getByText("1,000 of 3,500 kg · 29%")).toBeTruthy();
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe(String((1000 / 3500) * 100));
  });

  it("is nearly full from 90 % and says how far over past 100 %", () => {
    renderIn(<CapacityBar kind="volume" used={17_000_000n} capacity={18_000_000n} testId="v" />);
    expect(screen.getByTestId("v").getAttribute("data-level")).toBe("near");
    expect(screen.getByText("Nearly full")).toBeTruthy();
    renderIn(<CapacityBar kind="weight" used={3_700_000n} capacity={3_500_000n} testId="o" />);
    expect(screen.getByTestId("o").getAttribute("data-level")).toBe("over");
    expect(screen.getByText("Over by 200 kg")).toBeTruthy();
    expect(screen.getByTestId("o").querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow")).toBe("100");
  });

  it("speaks German", () => {
    renderIn(<CapacityBar kind="weight" used={3_700_000n} capacity={3_500_000n} />, "de");
    expect(screen.getByText("200 kg zu viel")).toBeTruthy();
  });
});
