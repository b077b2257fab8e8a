import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { HoverTooltip } from "./HoverTooltip";

function show(openDelay?: number, onFocus?: () => void) {
  return render(
    <MantineProvider>
      <HoverTooltip label="Tuesday 8 December 2026 at 09:00" openDelay={openDelay}>
        <span tabIndex={0} data-testid="target" onFocus={onFocus}>
          Tue 8 Dec
        </span>
      </HoverTooltip>
    </MantineProvider>,
  );
}

describe("HoverTooltip", () => {
  it("mounts no tooltip until the target is hovered, then shows it after the delay", () => {
    vi.useFakeTimers();
    try {
      show(300);
      expect(screen.queryByRole("tooltip")).toBeNull();
      fireEvent.mouseEnter(screen.getByTestId("target"));
      act(() => vi.advanceTimersByTime(299));
      expect(screen.queryByRole("tooltip")).toBeNull();
      act(() => vi.advanceTimersByTime(1));
      expect(screen.getByRole("tooltip").textContent).toBe("Tuesday 8 December 2026 at 09:00");
    } finally {
      vi.useRealTimers();
    }
  });

  it("a hover that leaves before the delay shows nothing", () => {
    vi.useFakeTimers();
    try {
      show(300);
      fireEvent.mouseEnter(screen.getByTestId("target"));
      fireEvent.mouseLeave(screen.getByTestId("target"));
      act(() => vi.advanceTimersByTime(1000));
      expect(screen.queryByRole("tooltip")).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("opens on keyboard focus at once, and keeps the target's own handler", () => {
    const onFocus = vi.fn();
    show(300, onFocus);
    fireEvent.focus(screen.getByTestId("target"));
    expect(onFocus).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("tooltip").textContent).toBe("Tuesday 8 December 2026 at 09:00");
  });
});
